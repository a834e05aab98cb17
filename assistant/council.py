"""The council's review of a draft plan: named reviewers comment on rows, the principal resolves. Pure.

A reviewer (a deputy head, a team leader, a member of the Hội đồng tự đánh giá) gives each row a
verdict, "Đồng ý" or "Cần sửa", usually with a comment.  A "Cần sửa" comment stays *open* until
the principal resolves it (saying what was changed).  The review is a plain JSON-able dict inside
the draft, and because council members often work at home, two copies of it can be merged: the
file is exchanged, comments are deduplicated by id and the latest resolution wins, so merging is
order-independent and merging a file twice changes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, Literal

from .council_summary import ReviewSummary, RowSummary, council_note, decision_records
from .domain import Frozen
from .errors import InputError

Verdict = Literal["Đồng ý", "Cần sửa"]
VERDICTS: tuple[str, ...] = ("Đồng ý", "Cần sửa")
FORMAT = "caitien-council"
VERSION = 1
__all__ = ["CouncilReview", "ReviewSummary", "Reviewer", "RowComment", "RowSummary", "VerdictMark",
           "council_note", "decision_records", "merge_all"]


class Reviewer(Frozen):
    """A council member who comments (the name is the key: one name, one reviewer)."""

    name: str
    role: str = ""

    @property
    def label(self) -> str:
        """"Nguyễn Thị Lan (Phó hiệu trưởng)"."""
        return f"{self.name} ({self.role})" if self.role else self.name


class RowComment(Frozen):
    """One comment of a reviewer on one plan row, and how the principal resolved it."""

    id: str
    row_key: str
    reviewer: str
    text: str = ""
    verdict: Verdict = "Cần sửa"
    at: datetime
    resolved_by: str = ""
    resolved_at: datetime | None = None
    resolution: str = ""

    @property
    def resolved(self) -> bool:
        """Whether the principal has answered it."""
        return self.resolved_at is not None

    @property
    def is_open(self) -> bool:
        """A "Cần sửa" comment not yet resolved (an "Đồng ý" remark needs no answer)."""
        return self.verdict == "Cần sửa" and not self.resolved


class VerdictMark(Frozen):
    """A reviewer's current verdict on a row (the latest one given wins)."""

    row_key: str
    reviewer: str
    verdict: Verdict
    at: datetime


def _new_id() -> str:
    return "c" + uuid.uuid4().hex[:12]


def _clean(text: str) -> str:
    return " ".join(str(text).split())


class CouncilReview:
    """Reviewers, their comments and verdicts on the rows of one draft."""

    def __init__(self) -> None:
        self._reviewers: dict[str, Reviewer] = {}
        self._comments: dict[str, RowComment] = {}
        self._verdicts: dict[tuple[str, str], VerdictMark] = {}

    # -- reviewers -----------------------------------------------------------------------------

    def add_reviewer(self, name: str, role: str = "") -> Reviewer:
        """Add a reviewer, or update the role of one with the same name."""
        name, role = _clean(name), _clean(role)
        if not name:
            raise InputError("Chưa ghi tên thành viên góp ý.", "Hãy ghi họ tên, ví dụ: Nguyễn Thị Lan.")
        old = self._reviewers.get(name)
        reviewer = Reviewer(name=name, role=role or (old.role if old else ""))
        self._reviewers[name] = reviewer
        return reviewer

    @property
    def reviewers(self) -> tuple[Reviewer, ...]:
        """Reviewers in the order they were added."""
        return tuple(self._reviewers.values())

    def reviewer(self, name: str) -> Reviewer:
        """The reviewer with this name (an :class:`InputError` when unknown)."""
        found = self._reviewers.get(_clean(name))
        if found is None:
            raise InputError(f"Chưa có thành viên “{name}” trong danh sách góp ý.", "Hãy thêm thành viên trước.")
        return found

    # -- comments and verdicts -----------------------------------------------------------------

    def add_comment(
        self, row_key: str, reviewer: str, text: str, verdict: str = "Cần sửa", *,
        at: datetime | None = None, comment_id: str | None = None,
    ) -> RowComment:
        """A reviewer's comment on a row; it also sets the reviewer's verdict on that row."""
        who = self.reviewer(reviewer).name
        checked = _verdict(verdict)
        text = str(text).strip()
        if checked == "Cần sửa" and not text:
            raise InputError("Ý kiến “Cần sửa” chưa có nội dung.", "Hãy ghi cần sửa gì để nhà trường xử lý.")
        comment = RowComment(
            id=comment_id or _new_id(), row_key=row_key, reviewer=who, text=text, verdict=checked,
            at=at or datetime.now(),
        )
        self._comments[comment.id] = comment
        self._mark(VerdictMark(row_key=row_key, reviewer=who, verdict=checked, at=comment.at))
        return comment

    def set_verdict(self, row_key: str, reviewer: str, verdict: str, *, at: datetime | None = None) -> VerdictMark:
        """Set a reviewer's verdict on a row without a comment."""
        mark = VerdictMark(row_key=row_key, reviewer=self.reviewer(reviewer).name, verdict=_verdict(verdict),
                           at=at or datetime.now())
        self._mark(mark)
        return mark

    def _mark(self, mark: VerdictMark) -> None:
        old = self._verdicts.get((mark.row_key, mark.reviewer))
        if old is None or mark.at >= old.at:
            self._verdicts[(mark.row_key, mark.reviewer)] = mark

    def resolve(self, comment_id: str, by: str, resolution: str, *, at: datetime | None = None) -> RowComment:
        """The principal's answer to a comment (what was changed, or why not)."""
        comment = self.comment(comment_id)
        resolution = str(resolution).strip()
        if not resolution:
            raise InputError("Chưa ghi cách xử lý ý kiến.", "Hãy ghi ngắn gọn đã sửa gì hoặc vì sao giữ nguyên.")
        done = comment.model_copy(update={"resolved_by": _clean(by), "resolved_at": at or datetime.now(),
                                          "resolution": resolution})
        self._comments[comment_id] = done
        return done

    def comment(self, comment_id: str) -> RowComment:
        """The comment with this id (an :class:`InputError` when unknown)."""
        found = self._comments.get(comment_id)
        if found is None:
            raise InputError("Không tìm thấy ý kiến này (có thể đã bị xóa).", "Hãy tải lại trang.")
        return found

    def comments(self, row_key: str | None = None) -> list[RowComment]:
        """Comments (of one row, or all), oldest first."""
        found = [c for c in self._comments.values() if row_key is None or c.row_key == row_key]
        return sorted(found, key=lambda c: (c.at, c.id))

    def open_comments(self, row_key: str | None = None) -> list[RowComment]:
        """Comments still waiting for the principal (of one row, or all)."""
        return [c for c in self.comments(row_key) if c.is_open]

    def verdict(self, row_key: str, reviewer: str) -> Verdict | None:
        """A reviewer's current verdict on a row, or None."""
        mark = self._verdicts.get((row_key, _clean(reviewer)))
        return mark.verdict if mark else None

    def verdicts(self, row_key: str) -> dict[str, Verdict]:
        """Reviewer name -> current verdict on a row."""
        return {m.reviewer: m.verdict for (key, _), m in self._verdicts.items() if key == row_key}

    # -- summary -------------------------------------------------------------------------------

    def row_summary(self, row_key: str) -> RowSummary:
        """Counts of one row."""
        comments = self.comments(row_key)
        verdicts = self.verdicts(row_key)
        return RowSummary(
            row_key=row_key, comments=len(comments), open=sum(c.is_open for c in comments),
            resolved=sum(c.resolved for c in comments),
            agree=tuple(n for n, v in verdicts.items() if v == "Đồng ý"),
            disagree=tuple(n for n, v in verdicts.items() if v == "Cần sửa"),
        )

    def summary(self, row_keys: Sequence[str] | None = None) -> ReviewSummary:
        """Per-row counts (for these rows, in this order; default: every row commented on) and totals."""
        keys = list(row_keys) if row_keys is not None else self.row_keys()
        rows = tuple(self.row_summary(k) for k in keys)
        return ReviewSummary(
            rows=rows, reviewers=self.reviewers, comments=sum(r.comments for r in rows),
            open=sum(r.open for r in rows), resolved=sum(r.resolved for r in rows),
        )

    def row_keys(self) -> list[str]:
        """Rows with a comment or a verdict, in the order they were first commented on."""
        marks = sorted(self._verdicts.values(), key=lambda m: m.at)
        return list(dict.fromkeys([*(c.row_key for c in self.comments()), *(m.row_key for m in marks)]))

    # -- exchange ------------------------------------------------------------------------------

    def merge(self, other: CouncilReview) -> int:
        """Take in another copy of the review (from another machine); returns how many comments are new.

        Comments are deduplicated by id; of two copies of one comment, the one with the latest
        resolution is kept.  Verdicts keep the latest one per reviewer and row.
        """
        for reviewer in other.reviewers:
            mine = self._reviewers.get(reviewer.name)
            if mine is None or (reviewer.role and not mine.role):
                self._reviewers[reviewer.name] = reviewer
        added = 0
        for comment in other._comments.values():
            mine_c = self._comments.get(comment.id)
            if mine_c is None:
                added += 1
                self._comments[comment.id] = comment
            elif _later_resolution(comment, mine_c):
                self._comments[comment.id] = comment
        for mark in other._verdicts.values():
            self._mark(mark)
        return added

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able snapshot (saved in the draft and exchanged as a file)."""
        return {
            "format": FORMAT,
            "version": VERSION,
            "reviewers": [r.model_dump(mode="json") for r in self._reviewers.values()],
            "comments": [c.model_dump(mode="json") for c in self.comments()],
            "verdicts": [m.model_dump(mode="json") for m in self._verdicts.values()],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> CouncilReview:
        """Rebuild a review saved by :meth:`to_dict` (None or {} gives an empty review)."""
        review = cls()
        if not data:
            return review
        if data.get("format", FORMAT) != FORMAT or int(data.get("version", VERSION)) > VERSION:
            raise InputError("Tệp góp ý không đúng định dạng của ứng dụng.",
                             "Hãy chọn tệp .json do chức năng “Tải tệp góp ý” tạo ra.")
        try:
            for raw in data.get("reviewers", ()):
                reviewer = Reviewer.model_validate(raw)
                review._reviewers[reviewer.name] = reviewer
            for raw in data.get("comments", ()):
                comment = RowComment.model_validate(raw)
                review._comments[comment.id] = comment
            for raw in data.get("verdicts", ()):
                mark = VerdictMark.model_validate(raw)
                review._verdicts[(mark.row_key, mark.reviewer)] = mark
        except ValueError as exc:
            raise InputError("Tệp góp ý có dữ liệu không hợp lệ.",
                             "Hãy xuất lại tệp góp ý từ máy của thành viên Hội đồng.") from exc
        for name in {c.reviewer for c in review._comments.values()} - set(review._reviewers):
            review._reviewers[name] = Reviewer(name=name)
        return review


def _verdict(value: str) -> Verdict:
    text = " ".join(str(value).split())
    for verdict in VERDICTS:
        if text.lower() == verdict.lower():
            return verdict  # type: ignore[return-value]
    raise InputError(f"Ý kiến “{value}” không hợp lệ.", "Hãy chọn “Đồng ý” hoặc “Cần sửa”.")


def _later_resolution(new: RowComment, old: RowComment) -> bool:
    """Whether ``new`` carries a later resolution than ``old`` (resolved beats unresolved)."""
    if new.resolved_at is None:
        return False
    return old.resolved_at is None or new.resolved_at > old.resolved_at


def merge_all(reviews: Iterable[CouncilReview]) -> CouncilReview:
    """One review from several copies."""
    out = CouncilReview()
    for review in reviews:
        out.merge(review)
    return out
