"""Tying plan rows that name no criterion to the criterion they are about, by topic.

A TT57 plan lists priority issues ("Hoàn thiện hệ thống dữ liệu học sinh"), not criterion codes,
and a 2018 plan sometimes loses a label the catalogue order cannot restore.  The whole row (content,
objective, actions, indicators, expected evidence) is scored against each criterion's title and
requirement texts with the catalogue BM25 index the report parser uses for ĐGN recommendations
(accent-folded syllables and syllable pairs).  A tie is a guess: the row keeps a confidence below 1
and the plan a Vietnamese warning naming the criterion chosen and the runners-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..domain import Framework
from ..report_parts.topics import MIN_SCORE, topic_index

if TYPE_CHECKING:
    from .assemble import Draft

CAP = 0.8  # a topic tie is never as sure as a code the school wrote
_NEAR = 0.8  # runners-up within this share of the best score are named in the warning


@dataclass(frozen=True)
class Tie:
    """The criterion chosen for a row, the close runners-up and the confidence of the choice."""

    code: str
    others: tuple[str, ...]
    confidence: float


def row_text(draft: Draft) -> str:
    """What a row says about its topic, its content first."""
    parts = [
        draft.single["content"], draft.label, draft.single["target"], *draft.lists["actions"],
        *draft.lists["indicators"], *draft.lists["evidence"],
    ]
    return " . ".join(p for p in parts if p)


def tie(draft: Draft, framework: Framework, allowed: list[str] | None = None) -> Tie | None:
    """The criterion this row is about, or None when no criterion stands out (only band 1-3 rows).

    ``allowed`` limits the choice (the codes the catalogue order leaves open for the row).
    """
    if draft.band != "1-3":
        return None
    ranked = [(score, code, pairs) for score, code, pairs in topic_index(framework).scores(row_text(draft))
              if allowed is None or code in allowed]  # fmt: skip
    if not ranked or ranked[0][0] < MIN_SCORE:
        return None
    best, code, pairs = ranked[0]
    second = ranked[1][0] if len(ranked) > 1 else 0.0
    margin = (best - second) / best
    confidence = 0.2 + 0.35 * margin + 0.2 * min(1.0, pairs / 3) + 0.2 * min(1.0, best / 40)
    if allowed is not None:
        confidence += 0.1  # the catalogue order already narrowed the choice
    others = tuple(c for s, c, _ in ranked[1:3] if s >= _NEAR * best)
    return Tie(code, others, round(min(CAP, confidence), 2))


def describe(draft: Draft) -> str:
    """A short quotation of the row for a warning (its content, else its first action)."""
    text = draft.single["content"] or draft.label or next(iter(draft.lists["actions"]), "")
    return text if len(text) <= 90 else text[:87].rstrip() + "…"
