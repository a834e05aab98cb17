"""Value types and the one-verb protocol of drafting: a request in, suggestions per criterion out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from ..domain import Framework, ParsedReport, PriorityIssue, Recommendation, SchoolProfile, Suggestion
from ..selection import CriterionNeed


@dataclass
class DraftRequest:
    """What to draft: the school, the plan's framework and year, the selected criteria, the reports.

    ``exclude_sources`` removes corpus rows by id, source or source file (e.g. leave-one-out).
    """

    profile: SchoolProfile
    framework: Framework
    needs: list[CriterionNeed]
    tdg: ParsedReport | None
    dgn: ParsedReport | None
    school_year: str
    exclude_sources: tuple[str, ...] = ()


@dataclass
class CriterionDraft:
    """The suggestions for one selected criterion (1-3 when the corpus has anything relevant)."""

    need: CriterionNeed
    suggestions: list[Suggestion]


@dataclass
class DraftResult:
    """Suggestions per criterion, recommendations no suggestion answers, and notices for the user."""

    criteria: list[CriterionDraft]
    uncovered_recommendations: list[Recommendation] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    priority_issues: list[PriorityIssue] = field(default_factory=list)

    def suggestion(self, suggestion_id: str) -> Suggestion | None:
        """The suggestion with this id, or None."""
        return next((s for c in self.criteria for s in c.suggestions if s.id == suggestion_id), None)


class Drafter(Protocol):
    """Drafts suggestions for a request."""

    def draft(self, request: DraftRequest) -> DraftResult:
        """Suggestions per selected criterion, deterministic for the same input."""
        ...
