"""The default drafter: no LLM, suggestions built from retrieved corpus rows adapted to this school.

Each suggestion is one retrieved row rewritten for this school (year, roles, budget wording,
target, evidence), plus, on the first suggestion of a criterion, an action for any unmet
requirement no retrieved row serves, cited to the catalogue.  Provenance records the report
sentences that triggered it, the rows with their similarity and the requirements it serves.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence

from corpus.schema import CorpusRow
from corpus.text import school_year_bounds

from ..catalog import Catalog
from ..checks import check_row
from ..domain import (
    Criterion,
    Framework,
    Generation,
    PlanRow,
    Provenance,
    Recommendation,
    Requirement,
    SourceRef,
    Suggestion,
)
from ..errors import CaitienError
from ..issues import priority_issues
from ..level4 import code_label
from ..lexical import overlap, topic_overlap
from ..selection import CriterionNeed, unmet_requirements
from ..vocab import Vocabulary
from . import adapt
from .base import CriterionDraft, DraftRequest, DraftResult
from .candidates import Candidate, CandidateFinder, choose, served, source_ref
from .level4 import more_level4, suggest_level4
from .owners import adapt_owners, external_partners, upper_body

MAX_SUGGESTIONS = 3
MAX_REQUIREMENT_ACTIONS = 2
REC_OVERLAP = 0.5  # share of a recommendation's topic words a row must repeat to answer it


def suggestion_id(criterion: str, row: PlanRow) -> str:
    """Stable id: a hash of the criterion and the row's content (kept across re-drafts)."""
    payload = json.dumps([criterion, row.model_dump(mode="json", exclude={"confidence", "status"})], ensure_ascii=False)
    return hashlib.sha1(payload.encode("utf-8")).hexdigest()[:16]


def catalogue_ref(framework: Framework, req: Requirement) -> SourceRef:
    """A requirement of the catalogue cited as a source (it is the text the action answers)."""
    return SourceRef(
        row_id=f"catalogue:{framework.id}:{req.ref}",
        text=req.text,
        source=f"{framework.circular}, tiêu chí {req.criterion}, Mức {req.level}"
        + ("" if req.id == "*" else f", chỉ báo {req.id}"),
        framework=framework.id,
        criterion=req.criterion,
        score=1.0,
    )


def requirement_action(req: Requirement) -> str:
    """An action answering one requirement, quoting its first sentence."""
    first = req.text.split(". ")[0].rstrip(" .;")
    first = first[:1].lower() + first[1:]
    label = "yêu cầu" if req.id == "*" else "chỉ báo"
    return f"Rà soát thực trạng và triển khai giải pháp đáp ứng {label} {req.ref}: {first}."


class RetrievalDrafter:
    """Default drafter: retrieval over past plans and exemplars, adapted to the school, no LLM."""

    name = "retrieval"

    def __init__(self, retriever: object, rows: Mapping[str, CorpusRow], catalog: Catalog, vocabulary: Vocabulary) -> None:
        self.finder = CandidateFinder(retriever, rows)
        self._catalog = catalog
        self._vocab = vocabulary

    @property
    def vocabulary(self) -> Vocabulary:
        """The roles vocabulary owners are adapted to."""
        return self._vocab

    def draft(self, request: DraftRequest) -> DraftResult:
        """Suggestions for every selected criterion, in priority order."""
        used: set[str] = set()  # rows already drafted for a more urgent criterion go last
        criteria = []
        for need in request.needs:
            suggestions = self.suggest(request, need, avoid=frozenset(used))
            used.update(src.row_id for s in suggestions for src in s.provenance.sources)
            criteria.append(CriterionDraft(need, suggestions))
        issues = []
        if request.framework.generation == Generation.G2026:
            issues = priority_issues(request.framework, request.needs, request.tdg, request.dgn)
        return DraftResult(
            criteria=criteria,
            uncovered_recommendations=uncovered_recommendations(request, criteria),
            notices=self._notices(request, criteria),
            priority_issues=issues,
        )

    def ranked(self, request: DraftRequest, need: CriterionNeed, unmet: Sequence[Requirement],
               avoid: frozenset[str]) -> list[Candidate]:
        """Retrieved candidate rows, those in ``avoid`` (already used elsewhere) moved last."""
        found = self.finder.find(request.framework, need, unmet, request.exclude_sources)
        return [c for c in found if c.row.id not in avoid] + [c for c in found if c.row.id in avoid]

    def suggest(self, request: DraftRequest, need: CriterionNeed, *, limit: int = MAX_SUGGESTIONS,
                avoid: frozenset[str] = frozenset()) -> list[Suggestion]:
        """1-``limit`` suggestions for one criterion; rows in ``avoid`` only when nothing else fits."""
        framework = request.framework
        if need.band == "4":
            return suggest_level4(self, request, need, limit=limit, avoid=avoid)
        criterion = framework.criterion(need.code)
        if criterion is None:
            return []
        unmet = unmet_requirements(framework, need)
        picked = choose(self.ranked(request, need, unmet, avoid), unmet, framework, limit)
        if not picked:
            return [self._from_catalogue(request, need, criterion, unmet)]
        covered = {ref for c in picked for ref in served(c, unmet, framework)}
        extra = [r for r in unmet if r.ref not in covered][:MAX_REQUIREMENT_ACTIONS]
        return [self._build(request, need, criterion, c, unmet, extra if i == 0 else []) for i, c in enumerate(picked)]

    def more(self, request: DraftRequest, code: str, exclude_ids: set[str], k: int = 3) -> list[Suggestion]:
        """Other suggestions for a criterion ("Gợi ý khác"), skipping the ids already shown."""
        need = next((n for n in request.needs if n.code == code), None)
        if need is not None and need.band == "4":
            return more_level4(self, request, need, exclude_ids, k)
        criterion = request.framework.criterion(code)
        if need is None or criterion is None:
            return []
        unmet = unmet_requirements(request.framework, need)
        out: list[Suggestion] = []
        for cand in self.finder.find(request.framework, need, unmet, request.exclude_sources, minimum=k + 6):
            suggestion = self._build(request, need, criterion, cand, unmet, [])
            if suggestion.id not in exclude_ids and suggestion.id not in {s.id for s in out}:
                out.append(suggestion)
            if len(out) >= k:
                break
        return out

    def _build(self, request: DraftRequest, need: CriterionNeed, criterion: Criterion, cand: Candidate,
               unmet: Sequence[Requirement], extra: Sequence[Requirement]) -> Suggestion:
        framework, year = request.framework, request.school_year
        actions = self.adapted_actions(request, cand.row) + tuple(requirement_action(r) for r in extra)
        row = self._row(request, need, criterion, cand.row, actions, cand.score)
        refs = served(cand, unmet, framework) + tuple(r.ref for r in extra)
        serves = refs or _best_ref(actions, unmet)
        sources = (source_ref(cand),) + tuple(catalogue_ref(framework, r) for r in extra)
        return self.make_suggestion(request, need, row, sources, serves, unmet, approximate=cand.cross_generation,
                                year=year)

    def _from_catalogue(self, request: DraftRequest, need: CriterionNeed, criterion: Criterion,
                        unmet: Sequence[Requirement]) -> Suggestion:
        reqs = list(unmet[:MAX_SUGGESTIONS]) or list(criterion.at_level(need.target_level))[:1]
        actions = tuple(requirement_action(r) for r in reqs)
        empty = CorpusRow(id="", kind="generated", framework=request.framework.id, criterion=need.code)
        row = self._row(request, need, criterion, empty, actions, 0.5)
        sources = tuple(catalogue_ref(request.framework, r) for r in reqs)
        return self.make_suggestion(request, need, row, sources, tuple(r.ref for r in reqs), unmet, approximate=False,
                                year=request.school_year)

    def make_suggestion(self, request: DraftRequest, need: CriterionNeed, row: PlanRow, sources: tuple[SourceRef, ...],
                    serves: tuple[str, ...], unmet: Sequence[Requirement], *, approximate: bool, year: str) -> Suggestion:
        provenance = Provenance(
            report_spans=need.spans,
            sources=sources,
            serves=serves,
            from_criteria=need.from_criteria,
            approximate=need.approximate or approximate,
            drafter=self.name,
        )
        checks = check_row(row, framework=request.framework, school_type=request.profile.school_type,
                           school_year=year, unmet=unmet, vocab=self._vocab)
        return Suggestion(id=suggestion_id(need.code, row), criterion=need.code, row=row, provenance=provenance,
                          checks=tuple(checks))

    def adapted_actions(self, request: DraftRequest, row: CorpusRow) -> tuple[str, ...]:
        first, _ = school_year_bounds(request.school_year)
        body = upper_body(request.profile.school_type)
        level = adapt.LEVEL_LABELS.get(request.profile.school_type.value, "")
        return tuple(
            a for a in (adapt.scrub(x, request.school_year, modern_bodies=first >= 2025, upper_body=body, level=level)
                        for x in row.actions) if a
        )

    def _row(self, request: DraftRequest, need: CriterionNeed, criterion: Criterion, src: CorpusRow,
             actions: tuple[str, ...], score: float) -> PlanRow:
        framework, year = request.framework, request.school_year
        school_type = request.profile.school_type
        first, _ = school_year_bounds(year)
        same = src.framework == framework.id
        indicators = tuple(adapt.scrub(i, year) for i in src.indicators) if same and src.indicators else ()
        evidence = tuple(adapt.scrub(e, year) for e in src.evidence)
        partners = external_partners(" ".join([src.support, src.owners, *actions]), school_type, first)
        return PlanRow(
            criterion=need.code,
            criterion_title=criterion.title,
            standard=criterion.standard,
            content=_content(need, criterion, framework),
            target=adapt.target_wording(
                need.current_level, need.target_level, framework, need.estimated,
                adapt.scrub(adapt.target_detail(src.target, need.target_level), year) if same else "",
            ),
            actions=actions,
            indicators=indicators or (adapt.pick_indicators(criterion, (*actions, *need.weaknesses))
                                     if framework.generation == Generation.G2026 else ()),
            owners=adapt_owners(src.owners, need.code, framework.generation, school_type, self._vocab),
            timeline=adapt.adapt_timeline(src.timeline, year, actions),
            budget=adapt.adapt_budget(src.budget, criterion, framework.generation),
            support=("Phối hợp: " + ", ".join(partners)) if partners else "",
            evidence=adapt.expected_evidence(evidence, criterion, actions, framework),
            note=self.row_note(need, src, framework),
            confidence=max(0.0, min(1.0, score)),
        )

    def _circular(self, framework_id: str) -> str:
        try:
            return self._catalog.get(framework_id).circular
        except CaitienError:
            return framework_id

    def row_note(self, need: CriterionNeed, src: CorpusRow, framework: Framework) -> str:
        parts = []
        if need.from_criteria:
            olds = ", ".join(f"{code_label(r.criterion)} ({self._circular(r.framework)})" for r in need.from_criteria)
            parts.append(f"Chuyển từ tiêu chí {olds} qua bảng đối chiếu – gần đúng.")
        if src.framework and src.framework != framework.id:
            parts.append(f"Giải pháp tham khảo từ kế hoạch theo {self._circular(src.framework)}.")
        return " ".join(parts)

    def _notices(self, request: DraftRequest, criteria: list[CriterionDraft]) -> list[str]:
        notices = []
        if any(n.from_criteria for n in request.needs):
            old = sorted({self._circular(r.framework) for n in request.needs for r in n.from_criteria})
            notices.append(
                f"Kế hoạch theo {request.framework.name} được soạn từ báo cáo theo {', '.join(old)} qua bảng đối "
                "chiếu tiêu chí: nội dung chuyển sang là gần đúng; mức hiện trạng chỉ là ước tính, không phải "
                "kết quả đánh giá chính thức."
            )
        bare = [code_label(c.need.code) for c in criteria if c.suggestions and all(
            s.row_id.startswith("catalogue:") for sg in c.suggestions for s in sg.provenance.sources)]
        if bare:
            notices.append(
                f"Kho kế hoạch mẫu chưa có dòng phù hợp cho tiêu chí {', '.join(bare)}; gợi ý được soạn từ yêu cầu "
                "của bộ tiêu chí, cần bổ sung chi tiết."
            )
        if not request.needs:
            notices.append("Không có tiêu chí nào cần cải tiến theo mục tiêu đã chọn.")
        return notices


def _content(need: CriterionNeed, criterion: Criterion, framework: Framework) -> str:
    """TT57 column 2 (Nội dung cải tiến): the school's own limitation, else the criterion."""
    if framework.generation != Generation.G2026:
        return ""
    if need.weaknesses:
        return need.weaknesses[0]
    return f"Tiêu chí {criterion.code}. {criterion.title}"


def _best_ref(actions: Sequence[str], unmet: Sequence[Requirement]) -> tuple[str, ...]:
    """The requirement closest in wording to the actions (a row always names what it serves)."""
    if not unmet:
        return ()
    text = " ".join(actions)
    best = max(unmet, key=lambda r: (overlap(text, r.text), -unmet.index(r)))
    return (best.ref,)


def uncovered_recommendations(request: DraftRequest, criteria: list[CriterionDraft]) -> list[Recommendation]:
    """ĐGN recommendations no drafted suggestion answers."""
    if request.dgn is None:
        return []
    drafted = [c for c in criteria if c.suggestions]
    out = []
    for rec in request.dgn.recommendations:
        tied = any(rec in c.need.recommendations for c in drafted)
        worded = not rec.criteria and any(
            topic_overlap(rec.text, " ".join(s.row.actions)) >= REC_OVERLAP for c in drafted for s in c.suggestions
        )
        if not (tied or worded):
            out.append(rec)
    return out
