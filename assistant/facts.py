"""What the reports say about each criterion, gathered in one place for selection and drafting.

Selection rules do not care whether a criterion's facts come straight from a report of the same
framework or were carried over from a 2018-era report through the crosswalk
(:mod:`assistant.transition`); both build :class:`CriterionFacts`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .domain import CriterionAssessment, CrossRef, Framework, ParsedReport, Recommendation, TextSpan


@dataclass(frozen=True)
class CriterionFacts:
    """The levels, written weaknesses and ĐGN recommendations that concern one criterion.

    ``estimate`` is set only for criteria carried across generations: it is our estimate of the
    starting level, never an official rating, and ``estimate_reason`` says how it was reached.
    """

    code: str
    tdg_level: int | None = None
    dgn_level: int | None = None
    weaknesses: tuple[TextSpan, ...] = ()
    dgn_weaknesses: tuple[TextSpan, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    estimate: int | None = None
    estimate_reason: str = ""
    from_criteria: tuple[CrossRef, ...] = ()
    carried_gaps: tuple[str, ...] = ()

    @property
    def baseline(self) -> int | None:
        """The current level to plan from: the estimate across generations, else ĐGN, else TĐG."""
        if self.from_criteria:
            return self.estimate
        return self.dgn_level if self.dgn_level is not None else self.tdg_level

    @property
    def spans(self) -> tuple[TextSpan, ...]:
        """Report sentences behind this criterion: weaknesses, then recommendation sentences."""
        recs = tuple(r.span or TextSpan(text=r.text) for r in self.recommendations)
        return _unique(self.weaknesses + self.dgn_weaknesses + recs)


def weakness_spans(assessment: CriterionAssessment | None) -> tuple[TextSpan, ...]:
    """Each written weakness as a span, located inside the assessment's spans when possible."""
    if assessment is None:
        return ()
    return tuple(_locate(w, assessment.spans) for w in assessment.weaknesses if w.strip())


def _locate(sentence: str, spans: tuple[TextSpan, ...]) -> TextSpan:
    for span in spans:
        at = span.text.find(sentence)
        if at >= 0:
            start = span.start + at
            return TextSpan(text=sentence, start=start, end=start + len(sentence), page=span.page)
    return TextSpan(text=sentence)


def recommendations_for(report: ParsedReport | None, codes: set[str]) -> tuple[Recommendation, ...]:
    """ĐGN recommendations tied to any of these criterion codes."""
    if report is None:
        return ()
    return tuple(r for r in report.recommendations if codes & set(r.criteria))


def level_of(report: ParsedReport | None, code: str) -> int | None:
    """The level a report gives one criterion (None when absent)."""
    if report is None:
        return None
    found = report.assessment(code)
    return found.level if found else None


def facts_from_reports(
    framework: Framework, tdg: ParsedReport | None, dgn: ParsedReport | None
) -> dict[str, CriterionFacts]:
    """Facts per criterion when the reports follow the plan's own framework."""
    facts: dict[str, CriterionFacts] = {}
    for criterion in framework.criteria:
        code = criterion.code
        facts[code] = CriterionFacts(
            code=code,
            tdg_level=level_of(tdg, code),
            dgn_level=level_of(dgn, code),
            weaknesses=weakness_spans(tdg.assessment(code) if tdg else None),
            dgn_weaknesses=weakness_spans(dgn.assessment(code) if dgn else None),
            recommendations=recommendations_for(dgn, {code}),
        )
    return facts


def _unique(spans: tuple[TextSpan, ...]) -> tuple[TextSpan, ...]:
    seen: set[str] = set()
    out = []
    for span in spans:
        if span.text not in seen:
            seen.add(span.text)
            out.append(span)
    return tuple(out)
