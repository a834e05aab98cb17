"""The transition year: carry a 2018-era TĐG/ĐGN over to TT57/2026 criteria through the crosswalk.

Levels do not translate one-to-one.  The estimate below follows the meaning of the levels
(tt57-2026.md §2, §6.2): TT57 Mức 1 is rule-compliant operation, which a 2018 criterion at Mức 1
or 2 shows; TT57 Mức 2 adds data-driven improvement with evidence over a cycle, which only the
2018 Mức 3 indicators (self-review, adjustment, sustained results) come close to.  The result is
shown as "ước tính" with its reasoning and is never presented as an official rating.

TT57 has no Mức 4: a 2018 Mức 4 item the old report marks "Không đạt" is carried, always as a
partial link, to the new criteria the crosswalk's "level4" list names (keyed "M4.<n>").
"""

from __future__ import annotations

from .catalog import effective_level
from .crosswalk import STRENGTH_LABELS, Crosswalk
from .domain import CrossRef, Framework, ParsedReport, TextSpan
from .facts import CriterionFacts, level_of, recommendations_for, weakness_spans
from .level4 import level4_code, results

OLD_TOP = 3


def old_baseline(old: Framework, code: str, tdg: ParsedReport | None, dgn: ParsedReport | None) -> tuple[int | None, str]:
    """The old criterion's level to start from (ĐGN first) and where it came from."""
    dgn_level = level_of(dgn, code)
    if dgn_level is not None:
        return _effective(old, code, dgn_level), "theo ĐGN"
    tdg_level = level_of(tdg, code)
    if tdg_level is not None:
        return _effective(old, code, tdg_level), "theo TĐG"
    return None, ""


def _effective(old: Framework, code: str, level: int) -> int:
    criterion = old.criterion(code)
    return effective_level(criterion, level, old.top_level) if criterion else level


def _level_text(level: int) -> str:
    return "chưa đạt Mức 1" if level == 0 else f"Mức {level}"


def estimate_level(
    old: Framework,
    refs: list[CrossRef],
    tdg: ParsedReport | None,
    dgn: ParsedReport | None,
) -> tuple[int | None, str]:
    """Estimated TT57 starting level of one new criterion from its old criteria, with the reasoning."""
    chosen = [r for r in refs if r.strength == "direct"] or refs
    known: list[tuple[CrossRef, int, str]] = []
    for ref in chosen:
        level, src = old_baseline(old, ref.criterion, tdg, dgn)
        if level is not None:
            known.append((ref, level, src))
    if not known:
        return None, "Chưa đủ dữ liệu để ước tính mức (báo cáo cũ không ghi mức của các tiêu chí tương ứng)."
    parts = [
        f"tiêu chí {r.criterion} ({old.circular}, {STRENGTH_LABELS[r.strength]}) đạt {_level_text(lvl)} {src}"
        for r, lvl, src in known
    ]
    lowest = min(lvl for _, lvl, _ in known)
    issues = any(_has_issues(r.criterion, tdg, dgn) for r, _, _ in known)
    if lowest == 0:
        estimate, why = 0, "có tiêu chí cũ chưa đạt Mức 1"
    elif lowest < OLD_TOP:
        estimate, why = 1, "Mức 1-2 của 2018 tương ứng gần nhất với Mức 1 của TT57 (thực hiện đúng quy định)"
    elif issues:
        estimate, why = 1, "tuy đạt Mức 3 nhưng báo cáo cũ còn nêu điểm yếu/khuyến nghị, chưa đủ căn cứ cho Mức 2"
    else:
        estimate, why = 2, "Mức 3 của 2018 (rà soát, điều chỉnh, duy trì kết quả) gần với Mức 2 của TT57"
    text = (
        f"Ước tính {_level_text(estimate)} (không phải kết quả đánh giá chính thức): "
        + "; ".join(parts)
        + f"; {why}."
    )
    return estimate, text


def _has_issues(code: str, tdg: ParsedReport | None, dgn: ParsedReport | None) -> bool:
    weak = bool(weakness_spans(tdg.assessment(code) if tdg else None))
    return weak or bool(recommendations_for(dgn, {code}))


def old_gaps(old: Framework, refs: list[CrossRef], tdg: ParsedReport | None, dgn: ParsedReport | None) -> tuple[str, ...]:
    """Vietnamese lines naming the old criteria below the old top level that feed a new criterion."""
    lines = []
    for ref in refs:
        level, src = old_baseline(old, ref.criterion, tdg, dgn)
        if level is not None and level < OLD_TOP:
            lines.append(
                f"Tiêu chí {ref.criterion} ({old.circular}) mới đạt {_level_text(level)} {src}; "
                f"chuyển sang qua bảng đối chiếu ({STRENGTH_LABELS[ref.strength]}, gần đúng)."
            )
    return tuple(lines)


def carriers(crosswalk: Crosswalk, old: Framework) -> dict[str, list[CrossRef]]:
    """Which old criteria carry their findings to each new criterion.

    An old criterion's weaknesses, recommendations and level gap go to its direct targets, or to
    its partial ones when it has no direct target; so each lands somewhere, and nowhere by a weak link.
    """
    out: dict[str, list[CrossRef]] = {}
    for criterion in old.criteria:
        targets = crosswalk.targets(criterion.code)
        strong = [t for t in targets if t.strength == "direct"] or targets
        for t in strong:
            out.setdefault(t.criterion, []).append(
                CrossRef(framework=old.id, criterion=criterion.code, strength=t.strength)
            )
    return out


def _triggers(old: Framework, ref: CrossRef, tdg: ParsedReport | None, dgn: ParsedReport | None) -> bool:
    level, _ = old_baseline(old, ref.criterion, tdg, dgn)
    return (level is not None and level < OLD_TOP) or _has_issues(ref.criterion, tdg, dgn)


def carry_over(
    old: Framework,
    new: Framework,
    crosswalk: Crosswalk,
    tdg: ParsedReport | None,
    dgn: ParsedReport | None,
) -> dict[str, CriterionFacts]:
    """Facts per new criterion, carried from the old reports: weaknesses, recommendations, estimate.

    ``from_criteria`` lists the old criteria whose findings were carried (those below Mức 3 or with
    weaknesses or recommendations), else the old criteria the estimate rests on.
    """
    carried = carriers(crosswalk, old)
    unmet4 = unmet_level4(old, tdg, dgn)
    facts: dict[str, CriterionFacts] = {}
    for criterion in new.criteria:
        refs = crosswalk.sources(criterion.code)
        items = [(n, unmet4[n]) for n in crosswalk.level4_sources(criterion.code) if n in unmet4]
        bearers = [r for r in carried.get(criterion.code, []) if _triggers(old, r, tdg, dgn)]
        codes = [r.criterion for r in bearers]
        estimate, reason = estimate_level(old, refs, tdg, dgn) if refs else (None, "")
        basis = [r for r in refs if r.strength == "direct"] or refs
        facts[criterion.code] = CriterionFacts(
            code=criterion.code,
            weaknesses=_all_weaknesses(tdg, codes),
            dgn_weaknesses=_all_weaknesses(dgn, codes),
            recommendations=recommendations_for(dgn, set(codes)),
            estimate=estimate,
            estimate_reason=reason,
            from_criteria=tuple(bearers + [CrossRef(framework=old.id, criterion=level4_code(n)) for n, _ in items])
            or tuple(basis),
            carried_gaps=old_gaps(old, bearers, tdg, dgn) + tuple(
                f"Tiêu chí Mức 4 số {n} ({old.circular}) chưa đạt {src}; chuyển sang qua bảng đối chiếu "
                f"({STRENGTH_LABELS['partial']}, gần đúng)." + _why(crosswalk.level4_reason(n, criterion.code))
                for n, src in items
            ),
        )
    return facts


def unmet_level4(old: Framework, tdg: ParsedReport | None, dgn: ParsedReport | None) -> dict[int, str]:
    """Old Mức 4 items marked "Không đạt" (ĐGN first), with where that came from."""
    own, ext = results(tdg, old), results(dgn, old)
    out: dict[int, str] = {}
    for item in old.level4:
        theirs, mine = ext.get(item.number), own.get(item.number)
        if theirs is not None and theirs.met is not None:
            if not theirs.met:
                out[item.number] = "theo ĐGN"
        elif mine is not None and mine.met is False:
            out[item.number] = "theo TĐG"
    return out


def _why(reason: str) -> str:
    return f" {reason.rstrip('.')}." if reason.strip() else ""


def _all_weaknesses(report: ParsedReport | None, codes: list[str]) -> tuple[TextSpan, ...]:
    if report is None:
        return ()
    return tuple(span for code in codes for span in weakness_spans(report.assessment(code)))


def unmapped_weak_criteria(old: Framework, crosswalk: Crosswalk, tdg: ParsedReport | None) -> list[str]:
    """Old criteria with written weaknesses that the crosswalk does not carry anywhere."""
    if tdg is None:
        return []
    return [
        c.code
        for c in old.criteria
        if weakness_spans(tdg.assessment(c.code)) and not crosswalk.targets(c.code)
    ]
