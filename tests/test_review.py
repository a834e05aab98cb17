"""ReviewState: stable ids, decide/undo, alternatives, progress, re-drafting, serialisation."""

from __future__ import annotations

import json

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from assistant.domain import PlanRow, Provenance, ReviewDecision, SourceRef, Suggestion
from assistant.review import ReviewState, stable_id


def _suggestion(code: str, action: str, owners: str = "Hiệu trưởng") -> Suggestion:
    row = PlanRow(criterion=code, target="Đạt Mức 2", actions=(action,), owners=owners, timeline="Tháng 9/2026")
    source = SourceRef(row_id=f"seed-{code}-{action[:5]}", text=action, source="Kế hoạch THCS 2025-2026")
    return Suggestion(id="drafter-id", criterion=code, row=row, provenance=Provenance(sources=(source,)))


def _state() -> tuple[ReviewState, list[str]]:
    review = ReviewState()
    ids = review.add([
        _suggestion("1.4", "Kiện toàn tổ chuyên môn"),
        _suggestion("1.4", "Xây dựng quy chế hoạt động"),
        _suggestion("3.4", "Bổ sung sách tham khảo cho thư viện"),
    ])
    return review, ids


def test_ids_are_stable_hashes_of_criterion_and_substance() -> None:
    a = _suggestion("3.4", "Bổ sung sách")
    b = _suggestion("3.4", "Bổ sung sách", owners="Phó hiệu trưởng")
    assert stable_id(a.criterion, a.row) == stable_id(b.criterion, b.row)
    assert stable_id("3.4", a.row) != stable_id("3.5", a.row)
    review = ReviewState()
    (sid,) = review.add([a])
    assert review.suggestion(sid).id == sid and sid.startswith("s")
    assert review.add([b]) == []  # the same idea is not offered twice


def test_decide_accept_edit_reject_and_accepted_rows_in_criterion_order() -> None:
    review, (a, b, c) = _state()
    edited = review.row(b).model_copy(update={"owners": "Phó hiệu trưởng", "criterion": "9.9"})
    review.decide(ReviewDecision(suggestion_id=c, kind="accept"))
    review.decide(ReviewDecision(suggestion_id=a, kind="reject"))
    review.decide(ReviewDecision(suggestion_id=b, kind="edit", row=edited))
    assert [review.status(x) for x in (a, b, c)] == ["reject", "edit", "accept"]
    rows = review.accepted_rows(["1.4", "3.4"])
    assert [r.owners for r in rows] == ["Phó hiệu trưởng", "Hiệu trưởng"]
    assert rows[0].criterion == "1.4"  # an edit cannot move a row to another criterion
    assert [r.criterion for r in review.accepted_rows(["3.4", "1.4"])] == ["3.4", "1.4"]


def test_unknown_id_raises_and_changes_nothing() -> None:
    review, (a, _, _) = _state()
    with pytest.raises(KeyError):
        review.decide(ReviewDecision(suggestion_id=a, kind="accept"), ReviewDecision(suggestion_id="x", kind="accept"))
    assert review.status(a) == "pending" and not review.can_undo


def test_undo_reverts_one_call_at_a_time() -> None:
    review, (a, b, _) = _state()
    review.decide(ReviewDecision(suggestion_id=a, kind="accept"))
    review.decide(ReviewDecision(suggestion_id=a, kind="reject"), ReviewDecision(suggestion_id=b, kind="accept"))
    assert review.undo() == [a, b]
    assert (review.status(a), review.status(b)) == ("accept", "pending")
    assert review.undo() == [a]
    assert review.status(a) == "pending"
    assert review.undo() == [] and not review.can_undo


def test_progress_counts_criteria_and_ignores_waiting_alternatives() -> None:
    review, (a, b, c) = _state()
    assert review.progress_text(["1.4", "3.4"]) == "0/2 tiêu chí đã duyệt"
    review.decide(ReviewDecision(suggestion_id=a, kind="accept"))
    assert review.progress(["1.4", "3.4"]) == (0, 2)  # b still waits
    review.decide(ReviewDecision(suggestion_id=b, kind="reject"))
    assert review.progress_text(["1.4", "3.4"]) == "1/2 tiêu chí đã duyệt"
    (alt,) = review.add([_suggestion("1.4", "Tập huấn cho tổ trưởng")], alternative=True)
    assert review.is_alternative(alt) and review.reviewed("1.4")
    review.decide(ReviewDecision(suggestion_id=c, kind="accept"))
    assert review.progress_text(["1.4", "3.4", "5.1"]) == "2/3 tiêu chí đã duyệt"


def test_revise_changes_waiting_rows_in_place_and_decided_rows_as_edits() -> None:
    review, (a, b, _) = _state()
    review.decide(ReviewDecision(suggestion_id=a, kind="accept"))
    review.revise({sid: review.row(sid).model_copy(update={"owners": "Tổ trưởng chuyên môn"}) for sid in (a, b)})
    assert review.status(a) == "edit" and review.row(a).owners == "Tổ trưởng chuyên môn"
    assert review.status(b) == "pending" and review.suggestion(b).row.owners == "Tổ trưởng chuyên môn"
    review.undo()
    assert review.status(a) == "accept" and review.row(b).owners == "Hiệu trưởng"


def test_redraft_keeps_decisions_for_the_same_ids_and_drops_undecided_ones() -> None:
    review, (a, b, c) = _state()
    review.decide(ReviewDecision(suggestion_id=a, kind="accept"))
    kept = review.replace_criterion("1.4", [
        _suggestion("1.4", "Kiện toàn tổ chuyên môn", owners="Phó hiệu trưởng"),
        _suggestion("1.4", "Phân công lại nhiệm vụ"),
    ])
    assert a in kept and b not in review and c in review
    assert review.status(a) == "accept" and len(review.for_criterion("1.4")) == 2


def test_roundtrip_through_json_keeps_everything_including_undo() -> None:
    review, (a, b, _) = _state()
    review.decide(ReviewDecision(suggestion_id=a, kind="edit", row=review.row(a).model_copy(update={"budget": "5 triệu"})))
    review.add([_suggestion("3.4", "Mở thư viện xanh")], alternative=True)
    review.decide(ReviewDecision(suggestion_id=b, kind="reject"))
    data = json.loads(json.dumps(review.to_dict(), ensure_ascii=False))
    again = ReviewState.from_dict(data)
    assert again.to_dict() == review.to_dict()
    again.undo()
    assert again.status(b) == "pending" and again.row(a).budget == "5 triệu"
    assert ReviewState.from_dict(None).ids() == []


ACTIONS = ["Kiện toàn tổ", "Bổ sung sách", "Tập huấn giáo viên", "Sửa nhà vệ sinh", "Mua máy chiếu", "Trồng cây"]
CODES = ["1.4", "2.3", "3.4"]


class ReviewMachine(RuleBasedStateMachine):
    """Random sequences of add / decide / revise / undo / re-draft keep the state consistent."""

    @initialize()
    def start(self) -> None:
        self.review = ReviewState()
        self.history: list[dict] = []

    def _snap(self) -> None:
        self.history.append(self.review.to_dict())

    @rule(code=st.sampled_from(CODES), action=st.sampled_from(ACTIONS), alternative=st.booleans())
    def add(self, code: str, action: str, alternative: bool) -> None:
        self.review.add([_suggestion(code, action)], alternative=alternative)

    @precondition(lambda self: bool(self.review.ids()))
    @rule(data=st.data(), kind=st.sampled_from(["accept", "edit", "reject"]))
    def decide(self, data: st.DataObject, kind: str) -> None:
        sid = data.draw(st.sampled_from(self.review.ids()))
        row = self.review.row(sid).model_copy(update={"budget": "Ngân sách"}) if kind == "edit" else None
        self._snap()
        self.review.decide(ReviewDecision(suggestion_id=sid, kind=kind, row=row))
        assert self.review.status(sid) == kind

    @precondition(lambda self: bool(self.review.ids()))
    @rule(data=st.data())
    def revise(self, data: st.DataObject) -> None:
        sid = data.draw(st.sampled_from(self.review.ids()))
        self._snap()
        self.review.revise({sid: self.review.row(sid).model_copy(update={"owners": "Kế toán"})})
        assert self.review.row(sid).owners == "Kế toán" or self.review.status(sid) == "reject"

    @precondition(lambda self: bool(self.history))
    @rule()
    def undo(self) -> None:
        expected = self.history.pop()
        self.review.undo()
        now = self.review.to_dict()
        assert now["decisions"] == expected["decisions"]
        before = {s["id"] for s in expected["suggestions"]}  # suggestions added since stay offered
        assert [s for s in now["suggestions"] if s["id"] in before] == expected["suggestions"]

    @rule(code=st.sampled_from(CODES), actions=st.lists(st.sampled_from(ACTIONS), max_size=3))
    def redraft(self, code: str, actions: list[str]) -> None:
        decided = {sid for sid in self.review.ids() if self.review.status(sid) != "pending"}
        self.review.replace_criterion(code, [_suggestion(code, a) for a in actions])
        assert decided <= set(self.review.ids())
        self.history.clear()  # undo after a re-draft may legitimately differ (dropped suggestions)

    @invariant()
    def consistent(self) -> None:
        review = self.review
        ids = review.ids()
        done, total = review.progress(CODES)
        assert 0 <= done <= total == len(CODES)
        kept = [sid for sid in ids if review.status(sid) in ("accept", "edit")]
        assert len(review.accepted_rows(CODES)) == len(kept)
        assert all(review.suggestion(sid).id == sid for sid in ids)
        assert ReviewState.from_dict(review.to_dict()).to_dict() == review.to_dict()


ReviewMachine.TestCase.settings = settings(max_examples=60, stateful_step_count=25, deadline=None)
TestReviewMachine = ReviewMachine.TestCase
