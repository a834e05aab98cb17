"""``caitien parse-plan FILE [--json]``: read a Kế hoạch cải tiến chất lượng into header and rows.

The JSON shape is kept stable for scripts::

    {"header": {...}, "rows": [{"criterion": "3.4", "band": "1-3", "target": "...", "actions": [...],
      "owners": "...", "timeline": "...", "budget": "...", "support": "...", "note": "...",
      "confidence": 1.0}], "warnings": [...]}
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..domain import PlanRow
from ..errors import InputError
from ..plans import ParsedPlan


def register(sub: Any) -> None:
    """Add the sub-command."""
    p = sub.add_parser("parse-plan", help="Đọc một kế hoạch cải tiến chất lượng (.docx, .pdf, .txt).")
    p.add_argument("file", type=Path, help="Tệp kế hoạch.")
    p.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")
    p.add_argument(
        "--full", action="store_true", help="Với --json: thêm mọi trường của hàng (tên tiêu chí, các cột của mẫu TT57)."
    )
    p.set_defaults(handler=run)


ROW_KEYS = ("criterion", "band", "target", "actions", "owners", "timeline", "budget", "support", "note", "confidence")


def row_json(row: PlanRow, *, full: bool = False) -> dict[str, Any]:
    """The stable JSON shape of one plan row; ``full`` adds the other fields (title, TT57 columns)."""
    out: dict[str, Any] = {
        "criterion": row.criterion,
        "band": row.band,
        "target": row.target,
        "actions": list(row.actions),
        "owners": row.owners,
        "timeline": row.timeline,
        "budget": row.budget,
        "support": row.support,
        "note": row.note,
        "confidence": row.confidence,
    }
    if full:
        out.update({k: v for k, v in row.model_dump(mode="json").items() if k not in out})
    return out


def plan_json(plan: ParsedPlan, *, full: bool = False) -> dict[str, Any]:
    """The stable JSON shape of a parsed plan (the table layout is reported in the header)."""
    header = plan.header.model_dump(mode="json")
    header["layout"] = plan.layout
    return {"header": header, "rows": [row_json(r, full=full) for r in plan.rows], "warnings": list(plan.warnings)}


def read_file(path: Path) -> bytes:
    """The bytes of a file given on the command line, or an :class:`InputError` in Vietnamese."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"Không tìm thấy tệp “{path}”.", "Hãy kiểm tra lại đường dẫn.") from None
    except IsADirectoryError:
        raise InputError(f"“{path}” là một thư mục, không phải tệp.", "Hãy chỉ ra một tệp kế hoạch.") from None
    except OSError as exc:
        raise InputError(f"Không đọc được tệp “{path}” ({exc.strerror}).", "Hãy kiểm tra quyền đọc tệp.") from None


def run(args: argparse.Namespace) -> int:
    """Print the plan header, its rows and warnings."""
    from ..plans import read_plan
    from ..services import get_catalog, get_settings
    from . import emit_json

    limit = get_settings().max_upload_mb * 1024 * 1024
    plan = read_plan(read_file(args.file), args.file.name, get_catalog(), max_bytes=limit)
    if args.json:
        emit_json(plan_json(plan, full=args.full))
        return 0
    print(_describe_header(plan))
    for row in plan.rows:
        print(_describe_row(row))
    for warning in plan.warnings:
        print(f"Lưu ý: {warning}")
    return 0


def _describe_header(plan: ParsedPlan) -> str:
    h = plan.header
    parts = [
        f"Trường: {h.school_name or '(không rõ)'}",
        f"Năm học: {h.school_year or '(không rõ)'}",
        f"Bộ tiêu chí: {h.framework_id or '(không rõ)'}",
    ]
    if h.circular_cited:
        parts.append(f"Căn cứ: {h.circular_cited}")
    if h.number:
        parts.append(f"Số: {h.number}")
    if h.date:
        parts.append(f"Ngày: {h.date}")
    return " | ".join(parts) + f"\nSố hàng: {len(plan.rows)}"


def _describe_row(row: PlanRow) -> str:
    code = row.criterion or "?"
    label = f"Tiêu chí {code}" + (" (Mức 4)" if row.band == "4" else "")
    flag = "" if row.confidence >= 1 else f" [độ tin cậy {row.confidence:.2f}]"
    lines = [f"- {label}: {row.target or row.content or ''}{flag}"]
    lines += [f"    • {a}" for a in row.actions]
    details = [("Chủ trì", row.owners), ("Thời gian", row.timeline), ("Kinh phí", row.budget), ("Hỗ trợ", row.support)]
    lines += [f"    {k}: {v}" for k, v in details if v]
    return "\n".join(lines)
