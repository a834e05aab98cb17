"""The saved state of one draft: everything the wizard needs to resume exactly where the user was.

It is a plain pydantic model (mutable: the controller changes it intent by intent) of domain
values; :meth:`WizardState.to_dict` gives the JSON-able dict the store saves.  The review part is
kept as :class:`~assistant.review.ReviewState`'s own dict so that module stays pure.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..domain import (
    CrossRef,
    OrganisationItem,
    ParsedReport,
    PriorityIssue,
    Recommendation,
    SchoolProfile,
    TextSpan,
)

STEPS: tuple[str, ...] = (
    "Trường",
    "Báo cáo",
    "Kết quả đánh giá",
    "Tiêu chí cần cải tiến",
    "Đề xuất",
    "Tổ chức thực hiện",
    "Xuất",
)
STATE_VERSION = 1
CHAT_KEEP = 60  # chat turns kept in the saved draft

ReportSlot = Literal["tdg", "dgn"]


class NeedRecord(BaseModel):
    """A criterion to improve, as saved (mirrors ``assistant.selection.CriterionNeed``)."""

    model_config = ConfigDict(extra="forbid")

    code: str
    title: str = ""
    mandatory: bool = False
    current_level: int | None = None
    target_level: int = 1
    tdg_level: int | None = None
    dgn_level: int | None = None
    reasons: tuple[str, ...] = ()
    priority: int = 0
    spans: tuple[TextSpan, ...] = ()
    from_criteria: tuple[CrossRef, ...] = ()
    standard: str = ""
    estimated: bool = False
    weaknesses: tuple[str, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    added_by_user: bool = False

    @classmethod
    def from_need(cls, need: Any) -> NeedRecord:
        """Copy the fields of a selection ``CriterionNeed`` (any object with those attributes)."""
        fields = {name: getattr(need, name) for name in cls.model_fields if hasattr(need, name)}
        return cls.model_validate(fields)

    def to_need(self) -> Any:
        """The selection module's ``CriterionNeed`` for the drafter."""
        from ..selection import CriterionNeed

        names = {f.name for f in dataclasses.fields(CriterionNeed)}
        return CriterionNeed(**{name: getattr(self, name) for name in type(self).model_fields if name in names})


class ChatTurn(BaseModel):
    """One line of the chat panel."""

    model_config = ConfigDict(extra="forbid")

    role: Literal["user", "assistant"]
    text: str


class WizardState(BaseModel):
    """One draft: the school, the reports, the chosen criteria, the review, the organisation."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    version: int = STATE_VERSION
    step: int = Field(default=1, ge=1, le=len(STEPS))
    profile: SchoolProfile = SchoolProfile()
    tdg: ParsedReport | None = None
    tdg_name: str = ""
    dgn: ParsedReport | None = None
    dgn_name: str = ""
    edited: dict[str, list[str]] = Field(default_factory=dict)  # slot -> criteria the user corrected
    needs: list[NeedRecord] = Field(default_factory=list)
    selected: list[str] = Field(default_factory=list)
    review: dict[str, Any] = Field(default_factory=dict)
    drafted: list[str] = Field(default_factory=list)
    notices: list[str] = Field(default_factory=list)
    uncovered: list[Recommendation] = Field(default_factory=list)
    priority_issues: list[PriorityIssue] = Field(default_factory=list)
    organisation: list[OrganisationItem] | None = None
    focus: str = ""  # the criterion shown in step 5 (chat commands without a code act on it)
    focus_sid: str = ""  # the suggestion last shown or acted on ("vì sao đề xuất này?")
    chat: list[ChatTurn] = Field(default_factory=list)
    previous: dict[str, str] | None = None
    council: dict[str, Any] = Field(default_factory=dict)  # CouncilReview.to_dict() + "active"
    years: dict[str, Any] = Field(default_factory=dict)  # earlier plans, statuses, past reports

    def to_dict(self) -> dict[str, Any]:
        """JSON-able dict for the store."""
        return self.model_dump(mode="json")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WizardState:
        """Rebuild a saved state (fields a newer version may add are ignored)."""
        known = {k: v for k, v in data.items() if k in cls.model_fields}
        return cls.model_validate(known)

    def report(self, slot: ReportSlot) -> ParsedReport | None:
        """The TĐG or ĐGN report."""
        return self.tdg if slot == "tdg" else self.dgn

    def need(self, code: str) -> NeedRecord | None:
        """The saved need of a criterion."""
        return next((n for n in self.needs if n.code == code), None)

    def add_chat(self, role: Literal["user", "assistant"], text: str) -> None:
        """Append a chat line, keeping the most recent ones."""
        self.chat = [*self.chat, ChatTurn(role=role, text=text)][-CHAT_KEEP:]
