"""Intents of the council review: named reviewers comment on the plan's rows, the principal resolves.

The review lives in the draft's state as :class:`~assistant.council.CouncilReview`'s own dict
(``WizardState.council``), so it is autosaved, rolled back and resumed like everything else.
The council works on one machine (several named reviewers take turns) or at home: the exchange
file is the plan's .json with the review inside; importing it merges the comments.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from corpus.text import fold

from ..council import CouncilReview, ReviewSummary, RowComment, council_note, decision_records
from ..domain import PlanRow
from ..errors import InputError
from .base import ControllerBase, intent
from .flow_output import MIME, ExportFile
from .state import WizardState

PRINCIPAL = "Hiệu trưởng"
_BAD_FILE = "Hãy chọn tệp .json do nút “Tải tệp góp ý” của ứng dụng tạo ra."


@dataclass(frozen=True)
class CouncilRow:
    """A row of the plan as the council sees it: the row, its comments and their state."""

    key: str
    criterion: str
    row: PlanRow
    comments: tuple[RowComment, ...]
    verdicts: Mapping[str, str]
    note: str
    status: str  # "Còn góp ý cần xử lý", "Đã thống nhất"... (see assistant.council_summary.RowSummary)

    @property
    def open(self) -> int:
        """Comments still waiting for the principal."""
        return sum(c.is_open for c in self.comments)


class CouncilIntents(ControllerBase):
    """Reviewers, comments, verdicts, resolutions and the exchange file."""

    # -- the review in the state ---------------------------------------------------------------

    def council(self) -> CouncilReview:
        """The council review of the open draft."""
        return CouncilReview.from_dict(self.state.council)

    def _keep(self, review: CouncilReview, active: str | None = None) -> None:
        active = self.active_reviewer if active is None else active
        self.state.council = review.to_dict() | {"active": active}

    @property
    def active_reviewer(self) -> str:
        """The reviewer now commenting on this machine ("" before anyone is added)."""
        return str(self.state.council.get("active", ""))

    def _reviewer(self, name: str | None) -> str:
        who = (name or self.active_reviewer).strip()
        if not who:
            raise InputError("Chưa chọn thành viên Hội đồng đang góp ý.", "Hãy thêm hoặc chọn tên thành viên trước.")
        return who

    def _row_key(self, key: str) -> str:
        if key not in self.council_keys():
            raise InputError("Không tìm thấy hàng kế hoạch này (có thể đã bị bỏ khỏi kế hoạch).",
                             "Hãy tải lại trang để xem danh sách hàng mới nhất.")
        return key

    def council_keys(self) -> list[str]:
        """Keys (suggestion ids) of the rows in the plan, in plan order."""
        return self.review.accepted_ids(self.state.selected)

    # -- intents -------------------------------------------------------------------------------

    @intent(fallback=False)
    def add_reviewer(self, name: str, role: str = "") -> bool:
        """Add a council member (or update the role) and make them the one commenting now."""
        review = self.council()
        reviewer = review.add_reviewer(name, role)
        self._keep(review, reviewer.name)
        self.say("success", f"Đã thêm thành viên góp ý: {reviewer.label}.")
        return True

    @intent(fallback=False)
    def switch_reviewer(self, name: str) -> bool:
        """Let another member comment on this machine."""
        review = self.council()
        self._keep(review, review.reviewer(name).name)
        return True

    @intent(fallback=None)
    def comment(self, row_key: str, text: str, verdict: str = "Cần sửa", reviewer: str | None = None) -> str | None:
        """A comment of the current (or named) reviewer on a row; returns the comment id."""
        review = self.council()
        made = review.add_comment(self._row_key(row_key), self._reviewer(reviewer), text, verdict)
        self._keep(review)
        return made.id

    @intent(fallback=False)
    def set_verdict(self, row_key: str, verdict: str, reviewer: str | None = None) -> bool:
        """Mark a row "Đồng ý" or "Cần sửa" without a comment."""
        review = self.council()
        review.set_verdict(self._row_key(row_key), self._reviewer(reviewer), verdict)
        self._keep(review)
        return True

    @intent(fallback=False)
    def resolve_comment(self, comment_id: str, text: str) -> bool:
        """The principal's answer to a comment (what was changed, or why the row stays)."""
        review = self.council()
        review.resolve(comment_id, self._user() or PRINCIPAL, text)
        self._keep(review)
        self.say("success", "Đã ghi cách xử lý ý kiến.")
        return True

    @intent(fallback=None)
    def export_review(self) -> ExportFile | None:
        """The exchange file: the plan's .json with the draft and the council review inside."""
        from ..export import plan_to_json
        from .planning import plan_from_state

        plan = plan_from_state(self.state, self.services.catalog, self.review)
        extra = {"draft": self.state.to_dict() | {"review": self.review.to_dict()},
                 "council": self.council().to_dict()}
        data = plan_to_json(plan, extra=extra).encode("utf-8")
        name = self.file_name("json").replace("Ke-hoach-cai-tien-chat-luong", "Gop-y-hoi-dong")  # type: ignore[attr-defined]
        return ExportFile(data, name, MIME["json"])

    @intent(fallback=0)
    def import_review(self, data: bytes, name: str = "") -> int:
        """Merge the comments of an exchange file; an empty draft opens the draft the file carries.

        Returns how many comments were new.
        """
        body, header, draft = _read_exchange(data, name)
        incoming = CouncilReview.from_dict(body)
        opened = self.state.tdg is None and not self.state.selected and bool(draft)
        if opened and draft is not None:
            self._open_from_file(draft)
        elif header is not None:
            self._check_same_draft(*header)
        review = CouncilReview() if opened else self.council()
        added = review.merge(incoming)
        if opened:  # the draft's own copy of the review, if it had one, is the same review
            review.merge(self.council())
        active = self.active_reviewer or (review.reviewers[0].name if review.reviewers else "")
        self._keep(review, active)
        unknown = sum(1 for c in incoming.comments() if c.row_key not in set(self.council_keys()))
        what = "Đã mở bản nháp từ tệp và nhận" if opened else "Đã nhận"
        self.say("success", f"{what} {added} ý kiến mới từ tệp góp ý “{name or 'tệp .json'}”.")
        if unknown:
            self.say("warning", f"{unknown} ý kiến gắn với hàng không còn trong kế hoạch; các ý kiến này vẫn được giữ.")
        return added

    def _open_from_file(self, draft: dict[str, Any]) -> None:
        from ..review import ReviewState

        state = WizardState.from_dict(draft)
        self.state, self.review, self.draft_id = state, ReviewState.from_dict(draft.get("review")), None
        self._pending.clear()

    def _check_same_draft(self, school: str, year: str) -> None:
        mine = self.state.profile
        if (school and mine.name and fold(school) != fold(mine.name)) or (year and mine.school_year
                                                                            and year != mine.school_year):
            raise InputError(
                f"Tệp góp ý là của {school or 'trường khác'} năm học {year or 'khác'}, không phải kế hoạch đang mở.",
                "Hãy mở đúng kế hoạch trong danh sách rồi nhập lại tệp góp ý.",
            )

    # -- views ---------------------------------------------------------------------------------

    def council_rows(self) -> list[CouncilRow]:
        """Every row of the plan with its comments, in plan order."""
        review = self.council()
        return [
            CouncilRow(key, self.review.suggestion(key).criterion, self.review.row(key), tuple(review.comments(key)),
                       review.verdicts(key), council_note(review, key), review.row_summary(key).status)
            for key in self.council_keys()
        ]

    def council_summary(self) -> ReviewSummary:
        """Per-row counts and totals of the review."""
        return self.council().summary(self.council_keys())

    def decision_records(self) -> list[Any]:
        """How each kept row came to be, with the council's verdicts (the .docx appendix)."""
        return decision_records(self.review, self.state.selected, self.council(),
                                default_approver=self.state.profile.signer)


def _read_exchange(data: bytes, name: str) -> tuple[dict[str, Any], tuple[str, str] | None, dict[str, Any] | None]:
    """(council dict, (school, year) of the plan, draft state) of an exchange or council file."""
    if not data:
        raise InputError(f"Tệp “{name}” trống (0 byte).", _BAD_FILE)
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise InputError(f"Tệp “{name}” không phải tệp góp ý .json hợp lệ.", _BAD_FILE) from None
    if isinstance(raw, dict) and raw.get("format") == "caitien-council":
        return raw, None, None
    from ..export import read_plan_json

    plan, extra = read_plan_json(data.decode("utf-8-sig"))
    draft = extra.get("draft") if isinstance(extra.get("draft"), dict) else None
    council = extra.get("council") or (draft or {}).get("council") or {}
    if not council and draft is None:
        raise InputError(f"Tệp “{name}” là kế hoạch nhưng không có góp ý của Hội đồng.", _BAD_FILE)
    return council, (plan.header.school_name, plan.header.school_year), draft
