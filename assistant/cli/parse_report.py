"""``caitien parse-report FILE [--json] [--framework ID]``: read a TĐG or ĐGN report."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..domain import ParsedReport
from ..errors import InputError
from ..report_parts.patterns import level_label


def register(sub: Any) -> None:
    """Add the sub-command."""
    p = sub.add_parser(
        "parse-report",
        help="Đọc báo cáo tự đánh giá (TĐG) hoặc đánh giá ngoài (ĐGN): mức từng tiêu chí, điểm yếu, khuyến nghị.",
    )
    p.add_argument("file", help="Tệp báo cáo (.docx, .pdf có lớp chữ, .txt).")
    p.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")
    p.add_argument("--framework", metavar="ID", help="Bộ tiêu chí mong đợi (xem `caitien frameworks`).")
    p.set_defaults(handler=run)


def to_json(report: ParsedReport) -> dict[str, Any]:
    """The stable JSON shape of a parsed report (keys kept for scripts; more may be added)."""
    return {
        "kind": report.kind,
        "framework": report.framework_id,
        "school_type": report.school_type.value if report.school_type else None,
        "school_name": report.school_name,
        "period": report.period,
        "criteria": [
            {
                "criterion": a.criterion,
                "title": a.title,
                "level": a.level,
                "strengths": list(a.strengths),
                "weaknesses": list(a.weaknesses),
                "planned_actions": list(a.planned_actions),
                "evidence": list(a.evidence),
                "conflicts": list(a.conflicts),
            }
            for a in report.assessments
        ],
        "standards": [
            {
                "standard": s.standard,
                "level": s.level,
                "strengths": list(s.strengths),
                "limitations": list(s.limitations),
                "causes": list(s.causes),
                "priorities": list(s.priorities),
            }
            for s in report.standards
        ],
        "level4": [{"number": r.number, "met": r.met} for r in report.level4],
        "overall_level": report.overall_level,
        "recommendations": [
            {"text": r.text, "criteria": list(r.criteria), "confidence": r.confidence, "tied_by": r.tied_by}
            for r in report.recommendations
        ],
        "warnings": list(report.warnings),
    }


def _print_text(report: ParsedReport) -> None:
    kind = "Báo cáo tự đánh giá" if report.kind == "tdg" else "Báo cáo đánh giá ngoài"
    print(f"{kind}: {report.school_name or '(không rõ tên trường)'} – bộ tiêu chí {report.framework_id}")
    for a in report.assessments:
        print(
            f"  Tiêu chí {a.criterion:<5} {level_label(a.level):<28} điểm yếu: {len(a.weaknesses)}"
            f"  kế hoạch: {len(a.planned_actions)}"
        )
    print(f"Mức của trường: {level_label(report.overall_level)}")
    for r in report.recommendations:
        where = ", ".join(r.criteria) or "chưa gắn tiêu chí"
        print(f"  Khuyến nghị [{where}; {r.tied_by} {r.confidence:.2f}]: {r.text}")
    for w in report.warnings:
        print(f"Lưu ý: {w}")


def run(args: argparse.Namespace) -> int:
    """Read the file and print the result (Vietnamese errors go to stderr via the CLI main)."""
    from ..reports import read_report
    from ..services import get_catalog, get_settings
    from . import emit_json

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"Không mở được tệp “{path.name}”.", "Hãy kiểm tra đường dẫn và quyền đọc tệp rồi chạy lại."
        ) from exc
    settings = get_settings()
    report = read_report(
        data,
        path.name,
        get_catalog(),
        framework_id=args.framework,
        max_bytes=settings.max_upload_mb * 1024 * 1024,
    )
    if args.json:
        emit_json(to_json(report))
    else:
        _print_text(report)
    return 0
