"""``caitien search "…"``: find plan rows and requirement texts close to a query.

With ``--json`` the output is a list of ``{"criterion", "framework", "text", "source", "score"}``,
best first.  A TT57 framework also searches the rows written under the 2018 circulars for the same
school types (by meaning); such results are marked in the text output.
"""

from __future__ import annotations

import argparse
from typing import Any

MAX_K = 100


def register(sub: Any) -> None:
    """Add the sub-command."""
    p = sub.add_parser("search", help="Tìm các dòng kế hoạch, ví dụ mẫu và yêu cầu tiêu chí gần với câu hỏi.")
    p.add_argument("query", help="Nội dung cần tìm (có dấu hoặc không dấu).")
    p.add_argument("--framework", metavar="ID", help="Chỉ tìm trong bộ tiêu chí này (ví dụ tt18-2018).")
    p.add_argument("--criterion", metavar="MÃ", help="Chỉ tìm trong tiêu chí này (ví dụ 3.4).")
    p.add_argument("--school-type", metavar="LOẠI", help="Loại trường: MN, TH, THCS, THPT, PTNCH, GDTX.")
    p.add_argument("--kind", choices=["seed", "exemplar", "user", "catalogue"], help="Chỉ tìm một loại nguồn.")
    p.add_argument("-k", type=int, default=10, metavar="N", help="Số kết quả (mặc định 10).")
    p.add_argument(
        "--no-cross-generation",
        action="store_true",
        help="Với bộ tiêu chí TT57, không tìm thêm trong các dòng viết theo thông tư năm 2018.",
    )
    p.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")
    p.set_defaults(handler=run)


def _filters(args: argparse.Namespace) -> Any:
    """Validated filters; a bad value raises InputError with the accepted values."""
    from corpus.text import criterion_code
    from retrieval.base import Filters

    from ..domain import SchoolType
    from ..errors import InputError
    from ..services import get_catalog

    frameworks: tuple[str, ...] = ()
    if args.framework:
        frameworks = (get_catalog().get(args.framework.strip()).id,)
    criteria: tuple[str, ...] = ()
    if args.criterion:
        code = criterion_code(args.criterion) or criterion_code(f"tiêu chí {args.criterion}")
        if code is None:
            raise InputError(f"Mã tiêu chí '{args.criterion}' không hợp lệ.", "Ghi theo dạng 3.4 (tiêu chuẩn.tiêu chí).")
        criteria = (code,)
    school_types: tuple[str, ...] = ()
    if args.school_type:
        value = args.school_type.strip().upper()
        known = [t.value for t in SchoolType]
        if value not in known:
            raise InputError(f"Loại trường '{args.school_type}' không có.", f"Dùng một trong: {', '.join(known)}.")
        school_types = (value,)
    kinds = (args.kind,) if args.kind else ()
    return Filters(frameworks=frameworks, criteria=criteria, school_types=school_types, kinds=kinds)


def hit_json(hit: Any) -> dict[str, Any]:
    """The stable JSON shape of one result."""
    d = hit.doc
    return {"criterion": d.criterion, "framework": d.framework, "text": d.text, "source": d.source, "score": hit.score}


def run(args: argparse.Namespace) -> int:
    """Search and print the hits, best first."""
    import sys

    from ..errors import InputError
    from ..services import get_retriever, retrieval_warning
    from . import emit_json

    query = (args.query or "").strip()
    if not query:
        raise InputError("Câu tìm kiếm đang trống.", 'Ví dụ: caitien search "nhà vệ sinh xuống cấp".')
    if not 1 <= args.k <= MAX_K:
        raise InputError(f"Số kết quả -k phải từ 1 đến {MAX_K}.", "Ví dụ: -k 5.")
    filters = _filters(args)
    hits = get_retriever().search(query, k=args.k, filters=filters, cross_generation=not args.no_cross_generation)
    warning = retrieval_warning()
    if warning:
        sys.stderr.write(f"Cảnh báo: {warning}\n")
    if args.json:
        emit_json([hit_json(h) for h in hits])
        return 0
    if not hits:
        print("Không tìm thấy kết quả phù hợp. Thử bỏ bớt bộ lọc hoặc diễn đạt khác.")
        return 0
    for rank, hit in enumerate(hits, start=1):
        d = hit.doc
        text = d.text if len(d.text) <= 220 else d.text[:217].rstrip() + "…"
        cross = " · viết theo thông tư năm 2018" if hit.cross_generation else ""
        print(f"{rank:>2}. [{d.framework} · tiêu chí {d.criterion}] điểm {hit.score:.3f}{cross}")
        print(f"    {text}")
        if d.source:
            print(f"    Nguồn: {d.source}")
    return 0
