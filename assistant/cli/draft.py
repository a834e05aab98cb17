"""``caitien draft --report TDG``: choose the criteria to improve and draft suggestions for each.

Prints the suggestions with their provenance and check results (``--json`` for the stable shape),
and with ``-o plan.docx|.xlsx|.json`` accepts every criterion's first suggestion and writes the plan.
A 2018-era report with a TT57 framework (given, or suggested from the year) is carried over
through the crosswalk; those suggestions add ``"from"`` (the old criteria) in JSON.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from corpus.text import school_year, school_year_bounds

from ..domain import TARGET_LABELS, Framework, ParsedReport, SchoolProfile, SchoolType, Suggestion
from ..errors import InputError

TARGETS = tuple(TARGET_LABELS)


def register(sub: Any) -> None:
    """Add the sub-command."""
    p = sub.add_parser(
        "draft",
        help="Soạn gợi ý kế hoạch cải tiến từ báo cáo tự đánh giá (và đánh giá ngoài).",
        description="Chọn tiêu chí cần cải tiến và soạn gợi ý kèm nguồn trích dẫn và kết quả kiểm tra.",
    )
    p.add_argument("--report", required=True, metavar="TỆP", help="Báo cáo tự đánh giá (.docx, .pdf, .txt).")
    p.add_argument("--evaluation", metavar="TỆP", help="Báo cáo đánh giá ngoài (nếu có).")
    p.add_argument("--year", metavar="NĂM_HỌC", help="Năm học của kế hoạch, ví dụ 2026-2027.")
    p.add_argument("--target", choices=TARGETS, default="next_level",
                   help="Mục tiêu: " + "; ".join(f"{k} = {v}" for k, v in TARGET_LABELS.items()) + ".")
    p.add_argument("--framework", metavar="MÃ", help="Bộ tiêu chí của kế hoạch (mặc định: theo năm học).")
    p.add_argument("-o", "--output", metavar="TỆP", help="Ghi kế hoạch (nhận gợi ý đầu tiên mỗi tiêu chí): "
                   ".docx, .xlsx hoặc .json.")
    p.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")
    p.set_defaults(handler=run)


def _read(path_text: str, catalog: Any, framework_id: str | None = None) -> ParsedReport:
    from ..reports import read_report

    path = Path(path_text)
    if not path.is_file():
        raise InputError(f"Không tìm thấy tệp «{path_text}».", "Hãy kiểm tra lại đường dẫn.")
    return read_report(path.read_bytes(), path.name, catalog, framework_id=framework_id)


def plan_year(requested: str | None, tdg: ParsedReport) -> str:
    """The plan's school year: as given, else the year after the report's period."""
    if requested:
        found = school_year(requested)
        if found is None:
            raise InputError(f"Năm học «{requested}» không hợp lệ.", "Ghi theo dạng 2026-2027.")
        return found
    found = school_year(tdg.period) if tdg.period else None
    if found is None:
        raise InputError("Không xác định được năm học của kế hoạch.", "Hãy thêm --year, ví dụ --year 2026-2027.")
    first, second = school_year_bounds(found)
    return f"{first + 1}-{second + 1}"


def _school_type(tdg: ParsedReport, catalog: Any) -> SchoolType:
    if tdg.school_type is not None:
        return tdg.school_type
    if tdg.framework_id:
        return catalog.get(tdg.framework_id).school_types[0]
    raise InputError("Không xác định được loại trường từ báo cáo.", "Hãy dùng báo cáo có ghi rõ loại trường.")


def _framework(requested: str | None, school_type: SchoolType, year: str, catalog: Any) -> Framework:
    if requested:
        return catalog.get(requested)
    found = catalog.suggest(school_type, year)
    if found is None:
        raise InputError(f"Chưa có bộ tiêu chí cho loại trường {school_type.label} năm học {year}.",
                         "Hãy chọn bằng --framework (xem: caitien frameworks).")
    return found


def suggestion_json(s: Suggestion) -> dict[str, Any]:
    """One suggestion in the stable JSON shape (``from`` only when carried across generations)."""
    row, prov = s.row, s.provenance
    out: dict[str, Any] = {
        "id": s.id,
        "target": row.target,
        "content": row.content,
        "actions": list(row.actions),
        "indicators": list(row.indicators),
        "owners": row.owners,
        "timeline": row.timeline,
        "budget": row.budget,
        "support": row.support,
        "evidence": list(row.evidence),
        "sources": [{"text": r.text, "source": r.source, "score": r.score, "row_id": r.row_id} for r in prov.sources],
        "serves": list(prov.serves),
        "report_spans": [t.text for t in prov.report_spans],
        "checks": [{"code": c.code, "severity": c.severity, "message": c.message} for c in s.checks],
        "approximate": prov.approximate,
        "drafter": prov.drafter,
    }
    if prov.from_criteria:
        out["from"] = [{"framework": r.framework, "criterion": r.criterion} for r in prov.from_criteria]
    return out


def result_json(result: Any, framework: Framework, year: str) -> dict[str, Any]:
    """The whole draft: criteria with reasons and suggestions, uncovered recommendations, notices."""
    return {
        "framework": framework.id,
        "school_year": year,
        "criteria": [
            {
                "criterion": c.need.code,
                "band": c.need.band,
                "title": c.need.title,
                "mandatory": c.need.mandatory,
                "current_level": c.need.current_level,
                "target_level": c.need.target_level,
                "estimated": c.need.estimated,
                "reasons": list(c.need.reasons),
                "suggestions": [suggestion_json(s) for s in c.suggestions],
            }
            for c in result.criteria
        ],
        "uncovered_recommendations": [{"text": r.text, "criteria": list(r.criteria)}
                                      for r in result.uncovered_recommendations],
        "priority_issues": [i.model_dump(mode="json") for i in result.priority_issues],
        "notices": list(result.notices),
    }


def run(args: argparse.Namespace) -> int:
    """Read the reports, select criteria, draft, then print and optionally write the plan."""
    from .. import services
    from ..drafting import DraftRequest, make_drafter
    from ..selection import select_criteria
    from . import emit_json

    catalog = services.get_catalog()
    tdg = _read(args.report, catalog)
    if tdg.kind != "tdg":
        raise InputError(f"«{Path(args.report).name}» là báo cáo đánh giá ngoài.",
                         "Dùng --report cho báo cáo tự đánh giá và --evaluation cho báo cáo đánh giá ngoài.")
    dgn = _read(args.evaluation, catalog, tdg.framework_id) if args.evaluation else None
    if dgn is not None and dgn.kind != "dgn":
        raise InputError(f"«{Path(args.evaluation).name}» không phải báo cáo đánh giá ngoài.",
                         "Dùng --evaluation cho báo cáo đánh giá ngoài.")
    year = plan_year(args.year, tdg)
    school_type = _school_type(tdg, catalog)
    framework = _framework(args.framework, school_type, year, catalog)
    needs = select_criteria(framework, tdg, dgn, args.target, catalog=catalog)
    profile = SchoolProfile(name=tdg.school_name, school_type=school_type, school_year=year,
                            framework_id=framework.id, target=args.target)
    request = DraftRequest(profile=profile, framework=framework, needs=needs, tdg=tdg, dgn=dgn, school_year=year)
    result = make_drafter().draft(request)
    if args.output:
        _write_plan(Path(args.output), result, profile, framework, tdg, dgn is not None)
    if args.json:
        emit_json(result_json(result, framework, year))
    else:
        _print(result, framework, year, args.output)
    return 0


def _write_plan(path: Path, result: Any, profile: SchoolProfile, framework: Framework, tdg: ParsedReport,
                has_dgn: bool) -> None:
    from ..drafting import build_plan, default_organisation
    from ..export import export_as, format_for

    fmt = format_for(path.name)
    rows = [c.suggestions[0].row for c in result.criteria if c.suggestions]
    plan = build_plan(profile, framework, rows, result.priority_issues,
                      default_organisation(framework, profile.school_type), profile.school_year,
                      tdg_period=tdg.period, has_dgn=has_dgn)
    path.write_bytes(export_as(plan, framework, fmt))


def _print(result: Any, framework: Framework, year: str, output: str | None) -> None:
    print(f"Kế hoạch năm học {year} theo {framework.name}: {len(result.criteria)} tiêu chí cần cải tiến.")
    for c in result.criteria:
        flag = " (bắt buộc)" if c.need.mandatory else ""
        print(f"\nTiêu chí {c.need.code}{flag}: {c.need.title}")
        for reason in c.need.reasons:
            print(f"  - {reason}")
        for i, s in enumerate(c.suggestions, start=1):
            print(f"  Gợi ý {i} [{s.id}]: {s.row.target} | {s.row.owners} | {s.row.timeline} | {s.row.budget}")
            for action in s.row.actions:
                print(f"     • {action}")
            sources = "; ".join(f"{r.source} ({r.score:.2f})" for r in s.provenance.sources)
            print(f"     Nguồn: {sources}")
            for check in s.checks:
                print(f"     ! {check.message}")
    for rec in result.uncovered_recommendations:
        print(f"\nKhuyến nghị chưa có gợi ý: {rec.text}")
    for notice in result.notices:
        print(f"\nLưu ý: {notice}")
    if output:
        print(f"\nĐã ghi kế hoạch vào {output}.")
