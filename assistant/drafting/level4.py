"""Suggestions for a Mức 4 item of the 2018 circulars (the "MỨC 4" band of the plan table).

Same path as a criterion, on the rows of the Mức 4 band: retrieve the framework's band-4 rows by
the item text, adapt the chosen rows to this school, and record that each serves "M4 <n>".  The
row keeps ``criterion="<n>"``, ``band="4"`` and the item text as its title, so the export writes
"Tiêu chí n: …" under "MỨC 4" and the plan parser reads it back the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from corpus.schema import CorpusRow
from corpus.text import school_year_bounds

from ..domain import Criterion, Framework, Level4Item, PlanRow, SourceRef, Suggestion
from ..level4 import level4_item, level4_ref, level4_requirement
from ..selection import CriterionNeed, unmet_requirements
from . import adapt
from .base import DraftRequest
from .candidates import Candidate, choose, served, source_ref
from .owners import adapt_owners, external_partners

if TYPE_CHECKING:
    from .retrieval_drafter import RetrievalDrafter


def level4_target(number: int) -> str:
    """ "Đạt tiêu chí Mức 4 số 2" (column "Kết quả cần đạt")."""
    return f"Đạt tiêu chí Mức 4 số {number}"


def level4_source(framework: Framework, item: Level4Item) -> SourceRef:
    """The item's text in the catalogue, cited as a source."""
    return SourceRef(
        row_id=f"catalogue:{framework.id}:{level4_ref(item.number)}",
        text=item.text,
        source=f"{framework.circular}, tiêu chí Mức 4 số {item.number}",
        framework=framework.id,
        criterion=str(item.number),
        score=1.0,
    )


def level4_action(item: Level4Item) -> str:
    """An action answering the item, quoting its first sentence."""
    first = item.text.split(". ")[0].rstrip(" .;")
    first = first[:1].lower() + first[1:]
    return f"Rà soát thực trạng và triển khai giải pháp đáp ứng tiêu chí Mức 4 số {item.number}: {first}."


def suggest_level4(drafter: RetrievalDrafter, request: DraftRequest, need: CriterionNeed, *, limit: int,
                   avoid: frozenset[str] = frozenset()) -> list[Suggestion]:
    """1-``limit`` suggestions for one Mức 4 item; rows in ``avoid`` only when nothing else fits."""
    framework = request.framework
    item = level4_item(framework, need.code)
    if item is None:
        return []
    unmet = unmet_requirements(framework, need)
    picked = choose(drafter.ranked(request, need, unmet, avoid), unmet, framework, limit)
    if not picked:
        return [_from_catalogue(drafter, request, need, item)]
    return [_build(drafter, request, need, item, c, first=i == 0) for i, c in enumerate(picked)]


def more_level4(drafter: RetrievalDrafter, request: DraftRequest, need: CriterionNeed, exclude_ids: set[str],
                k: int) -> list[Suggestion]:
    """Other suggestions for a Mức 4 item ("Gợi ý khác"), skipping the ids already shown."""
    item = level4_item(request.framework, need.code)
    if item is None:
        return []
    unmet = unmet_requirements(request.framework, need)
    out: list[Suggestion] = []
    for cand in drafter.finder.find(request.framework, need, unmet, request.exclude_sources, minimum=k + 6):
        suggestion = _build(drafter, request, need, item, cand, first=False)
        if suggestion.id not in exclude_ids and suggestion.id not in {s.id for s in out}:
            out.append(suggestion)
        if len(out) >= k:
            break
    return out


def _build(drafter: RetrievalDrafter, request: DraftRequest, need: CriterionNeed, item: Level4Item, cand: Candidate,
           *, first: bool) -> Suggestion:
    framework = request.framework
    unmet = (level4_requirement(item),)
    # A row that neither declares the item nor shares its wording gets one action quoting the item.
    extra = first and not served(cand, unmet, framework)
    actions = drafter.adapted_actions(request, cand.row) + ((level4_action(item),) if extra else ())
    row = _row(drafter, request, need, item, cand.row, actions, cand.score)
    sources = (source_ref(cand),) + ((level4_source(framework, item),) if extra else ())
    return drafter.make_suggestion(request, need, row, sources, (level4_ref(item.number),), unmet,
                                   approximate=cand.cross_generation, year=request.school_year)


def _from_catalogue(drafter: RetrievalDrafter, request: DraftRequest, need: CriterionNeed, item: Level4Item) -> Suggestion:
    empty = CorpusRow(id="", kind="generated", framework=request.framework.id, criterion=str(item.number), band="4")
    actions = (level4_action(item),)
    row = _row(drafter, request, need, item, empty, actions, 0.5)
    return drafter.make_suggestion(request, need, row, (level4_source(request.framework, item),),
                                   (level4_ref(item.number),), (level4_requirement(item),), approximate=False,
                                   year=request.school_year)


def _row(drafter: RetrievalDrafter, request: DraftRequest, need: CriterionNeed, item: Level4Item, src: CorpusRow,
         actions: tuple[str, ...], score: float) -> PlanRow:
    framework, year = request.framework, request.school_year
    school_type = request.profile.school_type
    first, _ = school_year_bounds(year)
    # The adapt helpers speak of criteria; the item stands in as one, named the way the plan names it.
    as_criterion = Criterion(code=f"Mức 4 số {item.number}", title=item.text, standard="")
    evidence = tuple(adapt.scrub(e, year) for e in src.evidence)
    partners = external_partners(" ".join([src.support, src.owners, *actions]), school_type, first)
    return PlanRow(
        criterion=str(item.number),
        criterion_title=item.text,
        band="4",
        target=level4_target(item.number),
        actions=actions,
        owners=adapt_owners(src.owners, need.code, framework.generation, school_type, drafter.vocabulary),
        timeline=adapt.adapt_timeline(src.timeline, year, actions),
        budget=adapt.adapt_budget(src.budget, as_criterion, framework.generation),
        support=("Phối hợp: " + ", ".join(partners)) if partners else "",
        evidence=adapt.expected_evidence(evidence, as_criterion, actions, framework),
        note=drafter.row_note(need, src, framework),
        confidence=max(0.0, min(1.0, score)),
    )
