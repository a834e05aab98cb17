"""Building the per-criterion assessments of a report from its outline."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..domain import CriterionAssessment, Framework, Generation, IndicatorResult, TextSpan
from .flat_rows import flat_summary_rows
from .items import Item, Parts, split_parts
from .levels import (
    LevelSource,
    choose_level,
    conclusion_levels,
    flattened_indicators,
    indicator_results,
    level_from_indicators,
    rests_on_floor,
    unstated_note,
)
from .patterns import evidence_codes, level_label
from .recommendations import codes_in
from .sections import Outline, Section
from .summary import flattened_summary_levels, summary_table_levels
from .textlines import Line, TextLines

# "đạt Mức 7", "đạt Mức 0": numbers the level patterns (Mức 1-4) do not read, reported, never taken.
_ANY_LEVEL = re.compile(r"\bdat\s*(?:duoc\s*)?(?:o\s*)?muc\s*(\d{1,3})\b")


@dataclass
class Extra:
    """Items found outside a criterion's section that belong to it (TT57 standard limitations)."""

    weaknesses: dict[str, list[Item]] = field(default_factory=dict)


def tables_of(lines: Sequence[Line]) -> list[list[Line]]:
    """Group table rows into tables (by their table block)."""
    groups: dict[int, list[Line]] = {}
    for ln in lines:
        if ln.table is not None:
            groups.setdefault(ln.table, []).append(ln)
    return list(groups.values())


def summary_levels(lines: TextLines, out: Outline) -> dict[str, LevelSource]:
    """Levels per criterion from the summary table(s): tables first, then rows flattened into text
    whose columns still hold, then flattened rows counted by their marks."""
    in_criteria = {ln.index for s in out.criteria.values() for ln in s.lines}
    tables = [t for t in tables_of(lines.lines) if t[0].index not in in_criteria]
    found = summary_table_levels(lines, tables)
    for code, (level, line) in flat_summary_rows(lines).items():
        found.setdefault(code, LevelSource("summary", level, lines.line_span(line)))
    mentions = [(code, s.head, s.rest) for code, group in out.mentions.items() for s in group]
    for code, src in flattened_summary_levels(lines, mentions).items():
        found.setdefault(code, src)
    return found


def _description(parts: Parts, tables: list[list[Line]]) -> str:
    if parts.items.get("description"):
        return "\n".join(parts.texts("description"))
    # TT57: the "Hiện trạng, kết quả đạt được" column of the per-level table.
    texts = [ln.cells[1] for t in tables for ln in t if len(ln.cells) >= 3 and ln.folded.startswith("muc ")]
    return "\n".join(texts)


def assess(
    lines: TextLines,
    framework: Framework,
    code: str,
    section: Section | None,
    summary: LevelSource | None,
    kind: str,
    extra: Extra,
    warnings: list[str],
) -> CriterionAssessment:
    """One criterion's assessment: level with its sources and conflicts, items, evidence, spans."""
    criterion = framework.criterion(code)
    title = criterion.title if criterion else ""
    sources: list[LevelSource] = []
    spans: list[TextSpan] = []
    indicators: list[IndicatorResult] = []
    parts = Parts()
    evidence: list[str] = []
    description = ""
    if section is not None:
        parts = split_parts(lines, section.body)
        tables = tables_of(section.body)
        indicators = indicator_results(tables) or flattened_indicators(section.body)
        sources += conclusion_levels(lines, section.body, parts.lines.get("result", []), kind)
        derived = level_from_indicators(indicators, criterion.max_level if criterion else framework.top_level)
        if derived is not None:
            ind_lines = [ln for t in tables for ln in t] or list(section.body)
            block = lines.block_span(ind_lines)
            if block is not None:
                sources.append(LevelSource("indicators", min(derived, framework.top_level), block))
        section_span = lines.block_span(section.lines)
        if section_span is not None:
            spans.append(section_span)
        description = _description(parts, tables)
        evidence = evidence_codes("\n".join(ln.text for ln in section.lines))
    if summary is not None:
        sources.append(summary)
    impossible = {int(m.group(1)) for ln in (section.body if section else ()) for m in _ANY_LEVEL.finditer(ln.folded)}
    for value in sorted(v for v in impossible if not 1 <= v <= 4):
        warnings.append(
            f"Tiêu chí {code}: báo cáo ghi Mức {value}, ngoài các mức của {framework.name} "
            f"(Mức 1 đến Mức {framework.top_level}); đã bỏ qua giá trị này, hãy sửa lại mức ở bước 3."
        )
    for src in sources:
        if src.level > framework.top_level:
            warnings.append(
                f"Tiêu chí {code}: báo cáo ghi {level_label(src.level)}, vượt quá mức cao nhất "
                f"(Mức {framework.top_level}) của {framework.name}; đã bỏ qua giá trị này."
            )
    level, conflicts, chosen = choose_level(code, sources, framework.top_level)
    if chosen is not None and chosen.span not in spans:
        spans.append(chosen.span)
    weaknesses = list(parts.items.get("weaknesses", [])) or extra.weaknesses.get(code, [])
    items = [*parts.items.get("strengths", []), *weaknesses, *parts.items.get("actions", [])]
    spans.extend(i.span for i in items if i.span not in spans)
    # The per-criterion "level not stated" notes are summed up in one warning by ``assessments``.
    warnings.extend(c for c in conflicts if c != unstated_note(code))
    return CriterionAssessment(
        criterion=code,
        title=title,
        level=level,
        indicators=tuple(indicators),
        description=description,
        strengths=parts.texts("strengths"),
        weaknesses=tuple(i.text for i in weaknesses),
        planned_actions=parts.texts("actions"),
        evidence=tuple(evidence),
        spans=tuple(spans),
        conflicts=tuple(conflicts),
    )


def attach_limitations(framework: Framework, limits: Sequence[Item], extra: Extra) -> None:
    """TT57: a standard's "điểm hạn chế" naming a criterion also counts as that criterion's weakness."""
    if framework.generation != Generation.G2026:
        return
    for item in limits:
        for code in codes_in(item.text, framework):
            extra.weaknesses.setdefault(code, []).append(item)


def assessments(
    lines: TextLines, framework: Framework, out: Outline, kind: str, extra: Extra, warnings: list[str]
) -> list[CriterionAssessment]:
    """Assessments of every criterion the report covers, in catalogue order, with warnings."""
    summary = summary_levels(lines, out)
    known = [c.code for c in framework.criteria]
    stray = sorted(set(out.criteria) - set(known), key=_code_key)
    if stray:
        warnings.append(
            f"Báo cáo có phần đánh giá của {', '.join(stray)} nhưng {framework.name} không có các tiêu chí này; "
            "đã bỏ qua. Hãy kiểm tra lại bộ tiêu chí đã chọn."
        )
    for code in out.duplicates:
        if code in known:
            warnings.append(
                f"Tiêu chí {code} được đánh giá ở nhiều chỗ trong báo cáo; đã lấy phần đầy đủ nhất, hãy kiểm tra lại."
            )
    result = []
    for code in known:
        section = out.criteria.get(code)
        if section is None and code not in summary:
            continue
        result.append(assess(lines, framework, code, section, summary.get(code), kind, extra, warnings))
    floors = [a.criterion for a in result if rests_on_floor(a)]
    if floors:
        warnings.append(
            f"Báo cáo chỉ ghi “Đạt” mà không ghi rõ mức ở {len(floors)} tiêu chí: {', '.join(floors)}; "
            "đã tạm lấy Mức 1 (mức thấp nhất mà “Đạt” bảo đảm). Hãy kiểm tra và chọn đúng mức ở bước 3."
        )
    missing = [code for code in known if code not in out.criteria]
    if result and missing:
        warnings.append(
            f"Không tìm thấy phần đánh giá riêng của {len(missing)} tiêu chí: {', '.join(missing)}. "
            "Nếu báo cáo có các tiêu chí này, hãy kiểm tra tiêu đề (ví dụ “Tiêu chí 1.1: ...”)."
        )
    return result


def _code_key(code: str) -> tuple[int, ...]:
    return tuple(int(p) for p in code.split(".") if p.isdigit())
