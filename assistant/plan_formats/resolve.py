"""Giving rows whose criterion label is missing the code their place in the table implies.

Schools list criteria in catalogue order, so a row without a label between "Tiêu chí 2.1" and
"Tiêu chí 2.3" is 2.2 when the catalogue has exactly one criterion there (seed 001), and the last
two rows after 5.4 of a TT18 plan are 5.5 and 5.6 (seed 003).  Whenever the count does not fit,
no code is guessed by order; a row is then tied by topic among the codes left open, if one stands
out.  Each inferred row loses confidence and the plan gets a warning.  TT57 plans list priority
issues in any order, so there a missing criterion is tied by topic (:mod:`.topic_tie`) or left empty.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..domain import Band, Framework
from .topic_tie import describe, tie

if TYPE_CHECKING:
    from .assemble import Draft

INFERRED_FACTOR = 0.6


def criterion_name(code: str, band: Band) -> str:
    """"Tiêu chí 3.4", "Tiêu chí 1 (Mức 4)" or a placeholder for a row without a code."""
    if not code:
        return "Hàng chưa rõ tiêu chí"
    return f"Tiêu chí {code}" + (" (Mức 4)" if band == "4" else "")


def resolve_unlabelled(drafts: list[Draft], framework: Framework | None, *, by_order: bool) -> list[str]:
    """Fill in the codes of unlabelled drafts (in place); returns the warnings to show."""
    warnings: list[str] = []
    i = 0
    while i < len(drafts):
        if drafts[i].code is not None:
            i += 1
            continue
        j = i
        while j < len(drafts) and drafts[j].code is None:
            j += 1
        group = drafts[i:j]
        band = group[0].band
        before = next((d.code for d in reversed(drafts[:i]) if d.code and d.band == band), None)
        after = next((d.code for d in drafts[j:] if d.code and d.band == band), None)
        if by_order:
            warnings.extend(_assign(group, _between(framework, before, after, band), before, after, framework))
        else:
            untied = _by_topic(group, framework, None, warnings)
            if untied:
                warnings.append(_leave_empty(untied))
        i = j
    return warnings


def _by_topic(group: list[Draft], framework: Framework | None, allowed: list[str] | None, out: list[str]) -> list[Draft]:
    """Tie each draft of the group to a criterion by topic; returns the drafts left untied."""
    if framework is None:
        return group
    untied = []
    for draft in group:
        found = tie(draft, framework, allowed)
        if found is None:
            untied.append(draft)
            continue
        draft.code, draft.standard = found.code, found.code.split(".")[0]
        draft.confidence *= found.confidence
        criterion = framework.criterion(found.code)
        title = f" ({criterion.title})" if criterion else ""
        others = f"; gần với: {', '.join(found.others)}" if found.others else ""
        out.append(
            f"Hàng “{describe(draft)}” không ghi mã tiêu chí; đã gắn với {criterion_name(found.code, '1-3')}{title} "
            f"theo nội dung của hàng (độ tin cậy {found.confidence:.2f}{others}) — cần kiểm tra lại."
        )
    return untied


def _leave_empty(group: list[Draft]) -> str:
    for draft in group:
        draft.code = ""
        draft.confidence *= INFERRED_FACTOR
    return (
        f"{len(group)} hàng không ghi tiêu chí liên quan; các hàng này để trống mã tiêu chí, "
        "hãy bổ sung nếu muốn dùng chúng làm gợi ý cho tiêu chí cụ thể."
    )


def _assign(
    group: list[Draft], candidates: list[str] | None, before: str | None, after: str | None,
    framework: Framework | None = None,
) -> list[str]:
    where = _where(before, after)
    band = group[0].band
    if candidates is not None and len(candidates) == len(group):
        out = []
        for draft, code in zip(group, candidates, strict=True):
            draft.code, draft.standard = code, code.split(".")[0]
            draft.confidence *= INFERRED_FACTOR
            out.append(
                f"Một hàng của bảng không ghi mã tiêu chí ({where}); đã suy ra là {criterion_name(code, band)} "
                "theo thứ tự của bộ tiêu chí — cần kiểm tra lại."
            )
        return out
    if candidates == [] and before:
        for draft in group:
            draft.code, draft.sub_row = before, False
            draft.confidence *= INFERRED_FACTOR
        return [
            f"{len(group)} hàng không ghi mã tiêu chí ({where}); đã xếp vào {criterion_name(before, band)} "
            "vì không còn tiêu chí nào ở giữa — cần kiểm tra lại."
        ]
    topic: list[str] = []
    if candidates and len(candidates) > len(group):
        # The order leaves several criteria open: choose among them by what the row is about.
        group = _by_topic(group, framework, candidates, topic)
        if not group:
            return topic
    for draft in group:
        draft.code = ""
        draft.confidence *= INFERRED_FACTOR / 2
    listed = f" (có thể là: {', '.join(candidates)})" if candidates else ""
    return [
        *topic,
        f"{len(group)} hàng không ghi mã tiêu chí ({where}) và không suy ra được chắc chắn{listed}; "
        "các hàng này để trống mã tiêu chí.",
    ]


def _between(framework: Framework | None, before: str | None, after: str | None, band: Band) -> list[str] | None:
    """Catalogue codes strictly between two labelled rows (None when nothing anchors the group)."""
    if framework is None or band != "1-3" or (before is None and after is None):
        return None
    codes = [c.code for c in framework.criteria]
    start = codes.index(before) + 1 if before in codes else 0
    end = codes.index(after) if after in codes else len(codes)
    return codes[start:end] if start <= end else []


def _where(before: str | None, after: str | None) -> str:
    parts = []
    if before:
        parts.append(f"sau Tiêu chí {before}")
    if after:
        parts.append(f"trước Tiêu chí {after}")
    return ", ".join(parts) or "vị trí không rõ"
