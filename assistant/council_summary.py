"""Counts of a council review per row and in total, and the decision log of the .docx appendix. Pure.

See :mod:`assistant.council`, which re-exports everything here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .council import CouncilReview, Reviewer
    from .export import DecisionRecord
    from .review import ReviewState


@dataclass(frozen=True)
class RowSummary:
    """Counts of one row: comments, open and resolved ones, agreeing and disagreeing reviewers."""

    row_key: str
    comments: int
    open: int
    resolved: int
    agree: tuple[str, ...]
    disagree: tuple[str, ...]

    @property
    def status(self) -> str:
        """Vietnamese state of the row for the summary table."""
        if self.open:
            return "Còn góp ý cần xử lý"
        if self.disagree:
            return "Đã xử lý, chờ thành viên xem lại"
        if self.agree:
            return "Đã thống nhất"
        return "Chưa có ý kiến"


@dataclass(frozen=True)
class ReviewSummary:
    """The whole review: per-row summaries and totals."""

    rows: tuple[RowSummary, ...]
    reviewers: tuple[Reviewer, ...]
    comments: int
    open: int
    resolved: int

    @property
    def agreed_rows(self) -> int:
        """Rows every reviewer who gave a verdict agrees with, with nothing left open."""
        return sum(1 for r in self.rows if r.status == "Đã thống nhất")

    @property
    def agreement(self) -> float:
        """Share of the given verdicts that are "Đồng ý" (0 when none was given)."""
        agree = sum(len(r.agree) for r in self.rows)
        total = agree + sum(len(r.disagree) for r in self.rows)
        return agree / total if total else 0.0

    def text(self) -> str:
        """One Vietnamese sentence for the page and the chat."""
        return (
            f"{len(self.reviewers)} thành viên góp ý, {self.comments} ý kiến; còn {self.open} ý kiến cần xử lý, "
            f"đã xử lý {self.resolved}; {self.agreed_rows}/{len(self.rows)} hàng đã thống nhất."
        )


def decision_records(
    review: ReviewState, codes: Sequence[str], council: CouncilReview | None = None, *, default_approver: str = "",
) -> list[DecisionRecord]:
    """How each kept row came to be, for the .docx appendix, with the council's verdicts as comment.

    Origin: "typed" (written by the school), "edited" (a suggestion changed before approval) or
    "suggested" (kept as drafted, including rows carried over from last year, whose note says so);
    who approved it and when come from the review decision.
    """
    from .export import DecisionRecord

    records = []
    for sid in review.accepted_ids(codes):
        suggestion, decision = review.suggestion(sid), review.decision(sid)
        origin: Literal["suggested", "edited", "typed"]
        if suggestion.provenance.drafter == "typed":
            origin = "typed"
        elif decision is not None and decision.kind == "edit":
            origin = "edited"
        else:
            origin = "suggested"
        records.append(
            DecisionRecord(
                criterion=suggestion.criterion, origin=origin,
                approved_by=(decision.by if decision else "") or default_approver,
                at=decision.at if decision else None,
                comment="; ".join(p for p in (_carried(review, sid), council_note(council, sid) if council else "") if p),
            )
        )
    return records


def _carried(review: ReviewState, sid: str) -> str:
    """The row's own "Chuyển tiếp từ năm học …" note when it was carried over from last year."""
    return review.row(sid).note if review.suggestion(sid).provenance.drafter == "carried" else ""


def council_note(council: CouncilReview, row_key: str) -> str:
    """"Hội đồng: Đồng ý 2/2; 1 ý kiến đã xử lý" (empty when nobody reviewed the row)."""
    summary = council.row_summary(row_key)
    given = len(summary.agree) + len(summary.disagree)
    if not given and not summary.comments:
        return ""
    parts = [f"Đồng ý {len(summary.agree)}/{given}"] if given else []
    if summary.resolved:
        parts.append(f"{summary.resolved} ý kiến đã xử lý")
    if summary.open:
        parts.append(f"{summary.open} ý kiến chưa xử lý")
    return "Hội đồng: " + "; ".join(parts)
