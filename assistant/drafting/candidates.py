"""Finding and choosing corpus rows for one criterion: the retrieval half of the default drafter.

Queries are the school's own weakness text, the ĐGN recommendation text and the unmet next-level
requirement text; filters keep the plan's framework and criterion (and, across generations, the
old criteria the crosswalk names).  A Mức 4 item ("M4.<n>") searches the rows of the "MỨC 4" band
(criterion "<n>", band "4"); a criterion only rows of the main band, except rows found across
generations, where the old band does not matter.  Rows are then chosen greedily: the best one, then others only
when they serve a requirement not yet served or score nearly as well, never near-duplicates.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from corpus.schema import CorpusRow
from retrieval.base import Filters, Hit

from ..domain import Band, Framework, Requirement, SourceRef
from ..level4 import level4_number
from ..lexical import jaccard, overlap
from ..selection import CriterionNeed

ROW_KINDS = ("seed", "exemplar", "user")
QUERY_CHARS = 600
SECOND_RATIO = 0.9  # a further row without new coverage must score at least this share of the best
DUPLICATE = 0.6  # Jaccard of content syllables above which two rows' actions are the same idea
WIDER_WEIGHT = 0.85  # rows of other criteria (used only when too few) count for less
SERVES_OVERLAP = 0.2
# Rows the plan parser was unsure of (OCR garble, a guessed column) are not worth copying into a plan.
MIN_ROW_CONFIDENCE = 0.6


@dataclass(frozen=True)
class Candidate:
    """A corpus row found for a criterion, with its best similarity and which queries found it."""

    row: CorpusRow
    score: float
    queries: frozenset[str]
    cross_generation: bool = False

    @property
    def rank(self) -> float:
        """Similarity plus a small bonus for rows several queries agree on."""
        return self.score + 0.02 * (len(self.queries) - 1)

    @property
    def actions_text(self) -> str:
        """The row's actions as one text."""
        return " ".join(self.row.actions)


def accepts_cross_generation(retriever: object) -> bool:
    """Whether the retriever's ``search`` takes ``cross_generation`` (HybridRetriever does)."""
    try:
        return "cross_generation" in inspect.signature(retriever.search).parameters  # type: ignore[attr-defined]
    except (TypeError, ValueError, AttributeError):
        return False


def queries_for(need: CriterionNeed, unmet: Sequence[Requirement]) -> list[tuple[str, str]]:
    """(kind, text) queries: the school's weaknesses, ĐGN recommendations, unmet requirements."""
    out = []
    if need.weaknesses:
        out.append(("weakness", " ".join(need.weaknesses)[:QUERY_CHARS]))
    if need.recommendations:
        out.append(("recommendation", " ".join(r.text for r in need.recommendations)[:QUERY_CHARS]))
    requirement = " ".join(dict.fromkeys([need.title, *(r.text for r in unmet)]))
    out.append(("requirement", requirement[:QUERY_CHARS]))
    return out


def excluded(row: CorpusRow, exclude: Sequence[str]) -> bool:
    """True when the row's id, source or source file matches an excluded item (prefix match)."""
    return any(
        x and (row.id == x or row.id.startswith(x) or row.source == x or (row.source_file and row.source_file.startswith(x)))
        for x in exclude
    )


class CandidateFinder:
    """Runs the queries through a retriever and collects corpus rows."""

    def __init__(self, retriever: object, rows: Mapping[str, CorpusRow], k: int = 12) -> None:
        self._retriever = retriever
        self._rows = rows
        self._k = k
        self._cross_kw = accepts_cross_generation(retriever)

    def _search(self, query: str, filters: Filters, cross: bool) -> list[Hit]:
        search = self._retriever.search  # type: ignore[attr-defined]
        if cross and self._cross_kw:
            return list(search(query, k=self._k, filters=filters, cross_generation=True))
        return list(search(query, k=self._k, filters=filters))

    def find(
        self,
        framework: Framework,
        need: CriterionNeed,
        unmet: Sequence[Requirement],
        exclude: Sequence[str],
        minimum: int = 3,
    ) -> list[Candidate]:
        """Candidates for one criterion, best first (ties broken by row id, so output is stable)."""
        tt57 = framework.generation.value == "2026"
        found: dict[str, Candidate] = {}
        queries = queries_for(need, unmet)
        band, code = corpus_key(need.code)
        own = Filters(frameworks=(framework.id,), criteria=(code,), kinds=ROW_KINDS)
        self._collect(found, queries, own, tt57, exclude, 1.0, band)
        for (fw_id, old_band), codes in _old_criteria(need).items():
            old = Filters(frameworks=(fw_id,), criteria=codes, kinds=ROW_KINDS)
            self._collect(found, queries, old, False, exclude, 1.0, old_band, mark_cross=True)
        if len(found) < minimum:
            wider = Filters(frameworks=(framework.id,), kinds=ROW_KINDS)
            self._collect(found, queries[-1:], wider, tt57, exclude, WIDER_WEIGHT, band)
        return sorted(found.values(), key=lambda c: (-c.rank, c.row.id))

    def _collect(
        self,
        found: dict[str, Candidate],
        queries: list[tuple[str, str]],
        filters: Filters,
        cross: bool,
        exclude: Sequence[str],
        weight: float,
        band: Band,
        mark_cross: bool = False,
    ) -> None:
        for kind, text in queries:
            for hit in self._search(text, filters, cross):
                row = self._rows.get(hit.doc.id)
                if row is None or not row.actions or row.confidence < MIN_ROW_CONFIDENCE or excluded(row, exclude):
                    continue
                if row.band != band and not hit.cross_generation:
                    continue
                score = float(hit.score) * weight
                prev = found.get(row.id)
                found[row.id] = Candidate(
                    row=row,
                    score=max(score, prev.score) if prev else score,
                    queries=(prev.queries if prev else frozenset()) | {kind},
                    cross_generation=hit.cross_generation or mark_cross or (prev.cross_generation if prev else False),
                )


def corpus_key(code: str) -> tuple[Band, str]:
    """Band and criterion a corpus row of this key has: ("4", "2") for "M4.2", ("1-3", code) otherwise."""
    number = level4_number(code)
    return ("1-3", code) if number is None else ("4", str(number))


def _old_criteria(need: CriterionNeed) -> dict[tuple[str, Band], tuple[str, ...]]:
    by_fw: dict[tuple[str, Band], list[str]] = {}
    for ref in need.from_criteria:
        band, code = corpus_key(ref.criterion)
        by_fw.setdefault((ref.framework, band), []).append(code)
    return {key: tuple(codes) for key, codes in by_fw.items()}


def source_ref(cand: Candidate) -> SourceRef:
    """A chosen row cited as a suggestion's source, with its similarity."""
    row = cand.row
    return SourceRef(
        row_id=row.id,
        text="; ".join(row.actions)[:400],
        source=row.source or row.source_file or row.id,
        framework=row.framework,
        criterion=row.criterion,
        school_type=row.school_type,
        school_year=row.school_year,
        score=round(cand.score, 4),
        cross_generation=cand.cross_generation,
    )


def served(candidate: Candidate, unmet: Sequence[Requirement], framework: Framework) -> tuple[str, ...]:
    """Refs of the unmet requirements a row serves: declared by the row, or by shared wording."""
    row = candidate.row
    declared = set(row.serves) if row.framework == framework.id else set()
    text = " ".join([*row.actions, row.content, row.target])
    return tuple(r.ref for r in unmet if r.ref in declared or overlap(text, r.text) >= SERVES_OVERLAP)


def choose(candidates: Sequence[Candidate], unmet: Sequence[Requirement], framework: Framework, limit: int = 3) -> list[Candidate]:
    """Up to ``limit`` rows: the best, then rows adding coverage or scoring close to the best."""
    chosen: list[Candidate] = []
    covered: set[str] = set()
    for cand in candidates:
        if len(chosen) >= limit:
            break
        if any(jaccard(cand.actions_text, c.actions_text) > DUPLICATE for c in chosen):
            continue
        refs = set(served(cand, unmet, framework))
        if not chosen or refs - covered or cand.rank >= SECOND_RATIO * chosen[0].rank:
            chosen.append(cand)
            covered |= refs
    return chosen
