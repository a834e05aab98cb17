"""Reading a school's self-assessment (TĐG) or external-evaluation (ĐGN) report.

``read_report(bytes, name, catalog)`` = :func:`assistant.ingest.read_document` +
:func:`parse_report`.  The parser recognises the kind of document, the framework (2018 generation
by school type, or TT57), the school, and for every criterion its level (with the disagreements
between the places that state it), indicators, strengths, weaknesses, planned improvements and
evidence codes; per-standard conclusions, Mức 4 results, the overall level and, for an ĐGN, each
recommendation tied to its criteria.  Every item keeps the span of text it came from.

Spans: ``CriterionAssessment.spans[0]`` is the criterion's whole section (when it has one), then
the line its level was taken from, then one span per strength, weakness and planned action in that
order; :func:`item_span` finds the span of one item.
"""

from __future__ import annotations

from typing import Literal

from .catalog import Catalog, school_level
from .domain import (
    CriterionAssessment,
    Framework,
    Generation,
    Level4Result,
    ParsedReport,
    Recommendation,
    StandardSummary,
    TextSpan,
)
from .errors import NotAReportError
from .ingest import read_document
from .ingest.base import Document
from .ingest.safety import display_name
from .report_parts.assemble import Extra, assessments, attach_limitations, tables_of
from .report_parts.cell_sections import report_lines
from .report_parts.detect import detect_kind_lines, identify
from .report_parts.levels import rests_on_floor, unstated_note
from .report_parts.patterns import level_label
from .report_parts.recommendations import criterion_recommendations, general_recommendations
from .report_parts.sections import Outline, outline
from .report_parts.standards import (
    level4_from_section,
    level4_from_tables,
    overall_level,
    overall_statements,
    standard_summary,
)
from .report_parts.textlines import TextLines

__all__ = ["detect_kind", "item_span", "parse_report", "read_report", "split_notes"]


def split_notes(assessment: CriterionAssessment) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A criterion's notes as (real disagreements between places, notes that the report only says
    “Đạt” without a level): the UI shows the two under different headings."""
    unstated = unstated_note(assessment.criterion)
    missing = tuple(c for c in assessment.conflicts if c == unstated)
    return tuple(c for c in assessment.conflicts if c != unstated), missing


def detect_kind(doc: Document) -> Literal["tdg", "dgn", "plan", "unknown"]:
    """Whether a document is a TĐG report, an ĐGN report, an improvement plan, or unknown."""
    return detect_kind_lines(report_lines(doc))


def _titles(catalog: Catalog) -> dict[str, list[str]]:
    titles: dict[str, list[str]] = {}
    for f in catalog.frameworks:
        for c in f.criteria:
            titles.setdefault(c.code, []).append(c.title)
    return titles


def _not_a_report(doc: Document, kind: str) -> NotAReportError:
    shown = display_name(doc.name)
    if kind == "plan":
        return NotAReportError(
            f"Tệp “{shown}” có vẻ là Kế hoạch cải tiến chất lượng, không phải báo cáo tự đánh giá hay đánh giá ngoài.",
            "Hãy tải tệp này ở phần Nhập kế hoạch đã có; ở đây hãy tải báo cáo TĐG hoặc ĐGN của trường.",
        )
    return NotAReportError(
        f"Không tìm thấy tiêu chí nào trong tệp “{shown}”, nên tệp không giống báo cáo tự đánh giá hay đánh giá ngoài.",
        "Hãy kiểm tra đúng tệp báo cáo (có các mục “Tiêu chí 1.1: ...”, “Điểm yếu”, “Tự đánh giá”...) rồi tải lại.",
    )


def _framework(
    catalog: Catalog, detected: Framework | None, strong: bool, framework_id: str | None, warnings: list[str]
) -> Framework | None:
    requested = catalog.get(framework_id) if framework_id else None
    if requested is None or detected is None or requested.id == detected.id:
        return requested or detected
    chosen = detected if strong else requested
    warnings.append(
        f"Báo cáo có vẻ theo {detected.name} ({detected.id}), khác với bộ tiêu chí đã chọn {requested.name} "
        f"({requested.id}). Đã đọc theo {chosen.name}; hãy kiểm tra lại lựa chọn bộ tiêu chí."
    )
    return chosen


def parse_report(doc: Document, catalog: Catalog, *, framework_id: str | None = None) -> ParsedReport:
    """Parse a read document into a :class:`ParsedReport`.

    Raises :class:`NotAReportError` for an improvement plan or a document without criteria.
    """
    lines = report_lines(doc)
    kind = detect_kind_lines(lines)
    if kind == "plan":
        raise _not_a_report(doc, kind)
    out = outline(lines, _titles(catalog))
    if not out.criteria:
        raise _not_a_report(doc, "unknown")
    warnings: list[str] = list(doc.warnings)
    if kind == "unknown":
        kind = "tdg"
        warnings.append(
            "Không thấy tiêu đề “Báo cáo tự đánh giá” hay “Báo cáo đánh giá ngoài”; đã đọc như báo cáo tự đánh giá."
        )
    ident = identify(lines, catalog, set(out.criteria))
    framework = _framework(catalog, ident.framework, ident.strong, framework_id, warnings)
    if framework is None:
        raise _not_a_report(doc, "unknown")
    extra = Extra()
    standards: list[StandardSummary] = []
    for section in out.sections:
        if section.kind == "conclusion" and all(s.standard != section.key for s in standards):
            summary, limits = standard_summary(lines, section)
            standards.append(summary)
            attach_limitations(framework, limits, extra)
    found = assessments(lines, framework, out, kind, extra, warnings)
    level4 = _level4(lines, out, framework, warnings)
    overall = _overall(lines, framework, found, level4, kind, warnings)
    recommendations = _recommendations(lines, out, framework) if kind == "dgn" else []
    return ParsedReport(
        kind=kind,  # type: ignore[arg-type]
        framework_id=framework.id,
        school_type=ident.school_type,
        school_name=ident.school_name,
        period=ident.period,
        assessments=tuple(found),
        standards=tuple(sorted(standards, key=lambda s: int(s.standard))),
        level4=tuple(level4),
        overall_level=overall,
        recommendations=tuple(recommendations),
        warnings=tuple(dict.fromkeys(warnings)),
        source_name=doc.name,
    )


def _level4(lines: TextLines, out: Outline, framework: Framework, warnings: list[str]) -> list[Level4Result]:
    if framework.generation != Generation.G2018:
        return []
    from_sections = {int(s.key): level4_from_section(lines, s) for s in out.sections if s.kind == "level4"}
    from_tables = level4_from_tables(lines, tables_of(lines.lines))
    merged: dict[int, Level4Result] = dict(from_tables)
    for number, result in from_sections.items():
        table = from_tables.get(number)
        if result.met is None and table is not None:
            continue
        if table is not None and table.met is not None and result.met is not None and table.met != result.met:
            warnings.append(
                f"Mức 4 – tiêu chí {number}: phần đánh giá ghi {'Đạt' if result.met else 'Không đạt'} nhưng bảng "
                f"tổng hợp ghi {'Đạt' if table.met else 'Không đạt'}; đã lấy theo phần đánh giá, hãy kiểm tra lại."
            )
        merged[number] = result
    return [merged[k] for k in sorted(merged)]


def _overall(
    lines: TextLines,
    framework: Framework,
    found: list[CriterionAssessment],
    level4: list[Level4Result],
    kind: str,
    warnings: list[str],
) -> int | None:
    stated, notes = overall_level(overall_statements(lines, kind))
    warnings.extend(notes)
    levels = {a.criterion: a.level for a in found if a.level is not None}
    level4_met = all(r.met for r in level4) if level4 else None
    computed = school_level(framework, levels, level4_met) if len(levels) == len(framework.criteria) else None
    floors = any(rests_on_floor(a) for a in found)
    if computed is not None and floors and (stated is None or stated >= computed):
        # Some levels are only "Mức 1 or higher": the computed school level is a lower bound, which
        # neither replaces a missing statement nor contradicts a higher one.
        return stated
    if stated is None and computed is not None:
        warnings.append(
            f"Báo cáo không ghi rõ mức của trường; theo mức của các tiêu chí, trường đạt {level_label(computed)}."
        )
        return computed
    if stated is not None and computed is not None and stated != computed:
        warnings.append(
            f"Báo cáo ghi trường đạt {level_label(stated)} nhưng theo mức của các tiêu chí và quy tắc của "
            f"{framework.name} thì trường đạt {level_label(computed)}; hãy kiểm tra lại."
        )
    return stated


def _recommendations(lines: TextLines, out: Outline, framework: Framework) -> list[Recommendation]:
    recs: list[Recommendation] = []
    for code, section in out.criteria.items():
        if framework.criterion(code) is not None:
            recs.extend(criterion_recommendations(lines, code, section, framework))
    recs.extend(general_recommendations(lines, out.sections, framework))
    seen: set[str] = set()
    unique: list[Recommendation] = []
    for r in recs:
        if r.text not in seen:
            seen.add(r.text)
            unique.append(r)
    return unique


def read_report(
    data: bytes,
    name: str,
    catalog: Catalog,
    *,
    framework_id: str | None = None,
    max_bytes: int | None = None,
) -> ParsedReport:
    """Read an uploaded report file (bytes + name) into a :class:`ParsedReport`."""
    return parse_report(read_document(data, name, max_bytes=max_bytes), catalog, framework_id=framework_id)


def item_span(assessment: CriterionAssessment, text: str) -> TextSpan | None:
    """The span an extracted item (strength, weakness, planned action) came from."""
    return next((s for s in assessment.spans[1:] if text in s.text), None)
