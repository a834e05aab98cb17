"""Choosing what to improve: the criteria to work on, each with its Vietnamese reasons and a priority.

A criterion is selected when it is below the target level, is a TT57 mandatory criterion below
Mức 2, was rated lower by the ĐGN than by the school (the ĐGN level is then the baseline), is named
in an ĐGN recommendation, or carries weaknesses the school wrote.  When a 2018-era report feeds a
TT57 plan, the facts are first carried over through the crosswalk (:mod:`assistant.transition`).
For TT57 the selected criteria are then grouped into priority issues (Biểu 2, mục IV).
Mức 4 items of the 2018 circulars come after the criteria, keyed "M4.<n>" (:mod:`assistant.level4`):
every item not yet met when the target is Mức 4, and items marked "Không đạt" once at Mức 3.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from .catalog import Catalog, default_catalog, effective_level, gap_to_level, school_level
from .crosswalk import Crosswalk, is_cross_generation, load_crosswalk
from .domain import (
    Band,
    Criterion,
    CrossRef,
    Framework,
    Generation,
    ParsedReport,
    Recommendation,
    Requirement,
    TargetKind,
    TextSpan,
)
from .facts import CriterionFacts, facts_from_reports
from .issues import priority_issues
from .level4 import is_level4, level4_code, level4_item, level4_requirement, results
from .transition import carry_over

QUOTE_CHARS = 180
TT57_MANDATORY_LEVEL = 2

__all__ = [
    "CriterionNeed", "level4_needs", "priority_issues", "select_criteria", "target_level", "unmet_requirements",
]


@dataclass(frozen=True)
class CriterionNeed:
    """A criterion to work on: levels, target, reasons (Vietnamese), priority (1 = first)."""

    code: str
    title: str
    mandatory: bool
    current_level: int | None
    target_level: int
    tdg_level: int | None
    dgn_level: int | None
    reasons: tuple[str, ...]
    priority: int
    spans: tuple[TextSpan, ...]
    from_criteria: tuple[CrossRef, ...] = ()
    standard: str = ""
    estimated: bool = False
    weaknesses: tuple[str, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()

    @property
    def band(self) -> Band:
        """ "4" for a Mức 4 item (``code`` "M4.<n>", ``title`` the item text), else "1-3"."""
        return "4" if is_level4(self.code) else "1-3"

    @property
    def approximate(self) -> bool:
        """True when the need was carried over from another generation's report."""
        return bool(self.from_criteria)


def target_level(framework: Framework, target: TargetKind, current_school_level: int | None) -> int:
    """The criterion level a target asks for, capped at the framework's top level.

    keep: the current level; next_level: one more; cqg1 / cqg2: Mức 2 / Mức 3 for every criterion
    (domain.md §2.2); levelN: Mức N; level4: Mức 3 for every criterion (Mức 4 adds its own items,
    see :func:`select_criteria`).  TT57 has only Mức 1-2, so higher asks become Mức 2.
    """
    top = framework.top_level
    current = max(0, min(current_school_level if current_school_level is not None else 0, top))
    wanted = {
        "keep": max(current, 1),
        "next_level": current + 1,
        "cqg1": 2,
        "cqg2": 3,
        "level1": 1,
        "level2": 2,
        "level3": 3,
        "level4": 3,
    }[target]
    return max(1, min(wanted, top))


def select_criteria(
    framework: Framework,
    tdg: ParsedReport | None,
    dgn: ParsedReport | None,
    target: TargetKind,
    *,
    catalog: Catalog | None = None,
    crosswalk: Crosswalk | None = None,
) -> list[CriterionNeed]:
    """The criteria to work on, highest priority first (mandatory ones first for TT57, Mức 4 items last)."""
    catalog = catalog or default_catalog()
    facts = _facts(framework, tdg, dgn, catalog, crosswalk)
    levels = {code: f.baseline for code, f in facts.items() if f.baseline is not None}
    overall = _overall(framework, tdg, dgn, levels, any(f.from_criteria for f in facts.values()))
    goal = target_level(framework, target, overall)
    gap = set(gap_to_level(framework, levels, goal)) if framework.generation == Generation.G2026 else set()
    ranked = []
    for index, criterion in enumerate(framework.criteria):
        f = facts[criterion.code]
        reasons, key = _reasons(framework, criterion, f, goal, criterion.code in gap)
        if reasons:
            ranked.append(((*key, index), _need(criterion, f, goal, reasons)))
    ranked.sort(key=lambda item: item[0])
    needs = [need for _, need in ranked] + level4_needs(framework, tdg, dgn, target, overall)
    return [_with_priority(need, rank) for rank, need in enumerate(needs, start=1)]


def _facts(
    framework: Framework,
    tdg: ParsedReport | None,
    dgn: ParsedReport | None,
    catalog: Catalog,
    crosswalk: Crosswalk | None,
) -> dict[str, CriterionFacts]:
    report = tdg or dgn
    old = catalog.get(report.framework_id) if report and report.framework_id else None
    if old is not None and is_cross_generation(old, framework):
        walk = crosswalk or load_crosswalk(old.id, framework.id)
        return carry_over(old, framework, walk, tdg, dgn)
    return facts_from_reports(framework, tdg, dgn)


def _overall(
    framework: Framework,
    tdg: ParsedReport | None,
    dgn: ParsedReport | None,
    levels: dict[str, int],
    carried: bool,
) -> int | None:
    if not carried:
        for report in (dgn, tdg):
            if report is not None and report.overall_level is not None:
                return report.overall_level
    return school_level(framework, levels)


def level4_needs(
    framework: Framework, tdg: ParsedReport | None, dgn: ParsedReport | None, target: TargetKind, overall: int | None
) -> list[CriterionNeed]:
    """Unmet Mức 4 items: all not met when aiming at Mức 4, those marked "Không đạt" once at Mức 3."""
    aiming = target == "level4"
    at_top = overall is not None and overall >= 3
    if not framework.level4 or not (aiming or at_top):
        return []
    own, ext = results(tdg, framework), results(dgn, framework)
    out = []
    for item in framework.level4:
        mine, theirs = own.get(item.number), ext.get(item.number)
        by_dgn = theirs is not None and theirs.met is not None
        found = theirs if by_dgn else mine
        met = found.met if found is not None else None
        if met or (met is None and not aiming):
            continue
        label = f"Tiêu chí Mức 4 số {item.number}"
        if met is None:
            reasons = [f"Báo cáo chưa ghi kết quả {label.lower()}; mục tiêu Đạt Mức 4 cần đạt cả tiêu chí này."]
        else:
            reasons = [f"{label} chưa đạt theo báo cáo {'đánh giá ngoài' if by_dgn else 'tự đánh giá'}."]
            if by_dgn and mine is not None and mine.met:
                reasons.append("Đoàn ĐGN đánh giá Không đạt, khác với kết quả nhà trường tự đánh giá (Đạt).")
        if aiming and overall is not None and overall < 3:
            reasons.append(f"Mức 4 chỉ được công nhận khi trường đã đạt Mức 3 (hiện trạng: {_level_text(overall)}).")
        spans = tuple(r.span for r in (mine, theirs) if r is not None and r.span is not None)
        out.append(CriterionNeed(
            code=level4_code(item.number), title=item.text, mandatory=False, current_level=None, target_level=4,
            tdg_level=None, dgn_level=None, reasons=tuple(reasons), priority=0, spans=spans,
        ))
    return out


def _level_text(level: int) -> str:
    return "chưa đạt Mức 1" if level == 0 else f"Mức {level}"


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1].rstrip() + "…"


def _source(f: CriterionFacts) -> str:
    if f.from_criteria:
        return "ước tính"
    return "theo ĐGN" if f.dgn_level is not None else "theo TĐG"


def _reasons(
    framework: Framework, criterion: Criterion, f: CriterionFacts, goal: int, in_gap: bool
) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """Vietnamese reasons, plus a sort key (smaller = more urgent)."""
    tt57 = framework.generation == Generation.G2026
    base = f.baseline
    eff = None if base is None else effective_level(criterion, base, framework.top_level)
    below = eff is not None and eff < goal
    mandatory_short = tt57 and criterion.mandatory and (base is None or base < TT57_MANDATORY_LEVEL)
    dgn_lower = f.dgn_level is not None and f.tdg_level is not None and f.dgn_level < f.tdg_level
    out: list[str] = []
    if mandatory_short:
        state = f"hiện trạng {_level_text(base)} ({_source(f)})" if base is not None else "báo cáo chưa ghi mức"
        out.append(f"Tiêu chí bắt buộc theo TT57/2026, {state}, chưa đạt Mức {TT57_MANDATORY_LEVEL}.")
    elif below and base is not None:
        extra = f" Cần nâng để đủ 5/7 tiêu chí không bắt buộc đạt Mức {goal}." if in_gap else ""
        out.append(f"Hiện trạng {_level_text(base)} ({_source(f)}), chưa đạt Mức {goal} theo mục tiêu.{extra}")
    if dgn_lower:
        out.append(
            f"Đoàn ĐGN đánh giá {_level_text(f.dgn_level or 0)}, thấp hơn mức nhà trường tự đánh giá "
            f"({_level_text(f.tdg_level or 0)}); lấy mức ĐGN làm hiện trạng."
        )
    out.extend(f"Khuyến nghị của đoàn ĐGN: «{_quote(r.text)}»." for r in f.recommendations)
    out.extend(_weakness_reasons(f))
    out.extend(f.carried_gaps)
    if not out:
        return (), ()
    if f.estimate_reason:
        out.append(f.estimate_reason)
    key = (
        0 if tt57 and criterion.mandatory else 1,  # TT57: every mandatory criterion before the others
        0 if mandatory_short else 1,
        0 if below else 1,
        -(goal - eff) if below and eff is not None else 0,
        0 if dgn_lower else 1,
        0 if f.recommendations else 1,
        0 if f.weaknesses or f.dgn_weaknesses else 1,
    )
    return tuple(out), key


def _weakness_reasons(f: CriterionFacts) -> list[str]:
    lines: list[str] = []
    for label, spans in (("Báo cáo TĐG", f.weaknesses), ("Báo cáo ĐGN", f.dgn_weaknesses)):
        if not spans:
            continue
        more = f" (và {len(spans) - 1} điểm yếu khác)" if len(spans) > 1 else ""
        old = " cũ" if f.from_criteria else ""
        lines.append(f"{label}{old} nêu điểm yếu: «{_quote(spans[0].text)}»{more}.")
    return lines


def _need(criterion: Criterion, f: CriterionFacts, goal: int, reasons: tuple[str, ...]) -> CriterionNeed:
    return CriterionNeed(
        code=criterion.code,
        title=criterion.title,
        mandatory=criterion.mandatory,
        current_level=f.baseline,
        target_level=goal,
        tdg_level=f.tdg_level,
        dgn_level=f.dgn_level,
        reasons=reasons,
        priority=0,
        spans=f.spans,
        from_criteria=f.from_criteria,
        standard=criterion.standard,
        estimated=bool(f.from_criteria),
        weaknesses=tuple(s.text for s in (*f.weaknesses, *f.dgn_weaknesses)),
        recommendations=f.recommendations,
    )


def _with_priority(need: CriterionNeed, rank: int) -> CriterionNeed:
    return replace(need, priority=rank)


def needs_by_code(needs: Sequence[CriterionNeed]) -> dict[str, CriterionNeed]:
    """Index needs by criterion code."""
    return {n.code: n for n in needs}


def unmet_requirements(framework: Framework, need: CriterionNeed) -> tuple[Requirement, ...]:
    """Requirements above the current level up to the target (the target level's own when keeping).

    A Mức 4 item has one requirement: its own text (:class:`assistant.level4.Level4Requirement`).
    """
    if need.band == "4":
        item = level4_item(framework, need.code)
        return (level4_requirement(item),) if item is not None else ()
    criterion = framework.criterion(need.code)
    if criterion is None:
        return ()
    top = min(need.target_level, criterion.max_level)
    low = need.current_level if need.current_level is not None else top - 1
    found = tuple(r for r in criterion.requirements if low < r.level <= top)
    return found or criterion.at_level(top)
