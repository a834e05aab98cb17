"""``caitien frameworks``: list the criteria catalogues."""

from __future__ import annotations

import argparse
from typing import Any

from ..domain import Framework


def register(sub: Any) -> None:
    """Add the sub-command."""
    p = sub.add_parser("frameworks", help="Liệt kê các bộ tiêu chí (khung đánh giá) đã cài.")
    p.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")
    p.set_defaults(handler=run)


def describe(f: Framework) -> dict[str, Any]:
    """The stable JSON shape of one framework."""
    return {
        "id": f.id,
        "name": f.name,
        "generation": f.generation.value,
        "school_types": [t.value for t in f.school_types],
        "standards": len(f.standards),
        "criteria": len(f.criteria),
        "mandatory": len(f.mandatory_codes),
        "levels": list(f.levels),
        "level4_items": len(f.level4),
    }


def run(args: argparse.Namespace) -> int:
    """Print one line (or one JSON object) per framework."""
    from ..services import get_catalog
    from . import emit_json

    frameworks = get_catalog().frameworks
    if args.json:
        emit_json({"frameworks": [describe(f) for f in frameworks]})
        return 0
    for f in frameworks:
        d = describe(f)
        print(
            f"{d['id']:<22} {f.name:<26} loại trường: {', '.join(d['school_types']):<18} "
            f"tiêu chuẩn: {d['standards']}  tiêu chí: {d['criteria']}  bắt buộc: {d['mandatory']}"
        )
    return 0
