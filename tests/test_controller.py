"""The whole wizard without Streamlit: every intent, autosave, resume, errors as Vietnamese messages."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from docx import Document as open_docx

from assistant.controller import WizardController
from assistant.domain import OrganisationItem, PlanRow, SchoolType
from tests.wizard_fakes import fake_services


@pytest.fixture
def ctl(tmp_path: Path) -> WizardController:
    return WizardController(fake_services(tmp_path))


def _errors(ctl: WizardController) -> list[str]:
    return [m.text for m in ctl.pop_messages() if m.level == "error"]


def _start(ctl: WizardController) -> None:
    assert ctl.set_profile(name="Trường THCS Thanh Xương", school_type="THCS", school_year="2025 - 2026",
                           managing_body="UBND xã Thanh Xương", signer="Nguyễn Văn An")
    assert ctl.upload_report(b"bytes", "tdg_thcs.docx", "tdg")
    assert ctl.propose_criteria()
    assert ctl.draft()


def test_profile_sets_the_framework_from_type_and_year(ctl: WizardController) -> None:
    assert ctl.set_profile(school_type=SchoolType.THCS, school_year="2025 - 2026")
    assert ctl.state.profile.school_year == "2025-2026"
    assert ctl.state.profile.framework_id == "tt18-2018"
    ctl.set_profile(school_year="2026-2027")
    assert ctl.state.profile.framework_id == "tt57-2026-pho-thong"
    ctl.set_profile(framework_id="tt18-2018")  # a deliberate choice is kept when the year changes
    ctl.set_profile(school_year="2027-2028")
    assert ctl.state.profile.framework_id == "tt18-2018"
    assert ctl.suggest_framework().id == "tt57-2026-pho-thong"


def test_bad_profile_values_become_messages_and_change_nothing(ctl: WizardController) -> None:
    ctl.set_profile(name="Trường A", school_year="2025-2026")
    assert ctl.set_profile(school_year="năm nay") is False
    assert ctl.state.profile.school_year == "2025-2026"
    (error,) = _errors(ctl)
    assert "không đúng dạng" in error and "2026-2027" in error
    assert ctl.set_profile(framework_id="tt99") is False
    assert "Không có bộ tiêu chí" in _errors(ctl)[0]


def test_nothing_is_saved_before_the_user_enters_something(ctl: WizardController) -> None:
    ctl.go_to(3)
    assert ctl.draft_id is None and ctl.services.store.list_drafts() == []
    ctl.set_profile(name="Trường B")
    assert ctl.draft_id is not None
    assert ctl.services.store.load_state(ctl.draft_id)["step"] == 3


def test_upload_fills_the_school_and_a_bad_upload_loses_nothing(ctl: WizardController) -> None:
    assert ctl.set_profile(school_year="2025-2026")
    assert ctl.upload_report(b"x", "tdg.docx", "tdg")
    assert ctl.state.profile.name == "Trường THCS Thanh Xương"
    texts = [m.text for m in ctl.pop_messages()]
    assert any("28 tiêu chí" in t for t in texts)
    before = ctl.state.to_dict()
    assert ctl.upload_report(b"x", "hong.docx", "tdg") is False
    assert ctl.state.to_dict() == before
    assert "bị hỏng" in _errors(ctl)[0]
    assert ctl.upload_report(b"", "trong.docx", "tdg") is False
    assert "0 byte" in _errors(ctl)[0]
    assert ctl.upload_report(b"x", "dgn.docx", "tdg") is False  # an ĐGN in the TĐG slot
    assert "đánh giá ngoài" in _errors(ctl)[0]
    assert ctl.upload_report(b"x", "dgn.docx", "dgn")
    assert ctl.state.dgn is not None and ctl.state.tdg is not None
    saved = ctl.services.store.load_state(ctl.draft_id)
    assert saved["tdg_name"] == "tdg.docx" and saved["dgn_name"] == "dgn.docx"


def test_edit_assessment_corrects_levels_and_weaknesses(ctl: WizardController) -> None:
    ctl.set_profile(school_year="2025-2026")
    assert ctl.edit_assessment("1.1", level=2) is False  # no report yet
    assert "Chưa có báo cáo tự đánh giá" in _errors(ctl)[0]
    ctl.upload_report(b"x", "tdg.docx")
    assert ctl.edit_assessment("1.1", level=2, weaknesses="Hồ sơ chưa đầy đủ\n\nThiếu biên bản")
    found = ctl.state.tdg.assessment("1.1")
    assert found.level == 2 and found.weaknesses == ("Hồ sơ chưa đầy đủ", "Thiếu biên bản")
    assert ctl.state.edited["tdg"] == ["1.1"]
    assert ctl.edit_assessment("1.2", level=7) is False
    assert ctl.state.tdg.assessment("1.2").level == 3
    assert [a.criterion for a in ctl.state.tdg.assessments][:3] == ["1.1", "1.2", "1.3"]


def test_criteria_can_be_proposed_added_removed_and_ordered(ctl: WizardController) -> None:
    ctl.set_profile(school_year="2025-2026")
    assert ctl.propose_criteria() == ()
    assert "Hãy tải báo cáo" in _errors(ctl)[0]
    ctl.upload_report(b"x", "tdg.docx")
    needs = ctl.propose_criteria()
    codes = [n.code for n in needs]
    assert {"1.4", "2.3", "3.4"} <= set(codes) and all(n.reasons for n in needs)
    assert ctl.add_criterion("4.2") and ctl.state.selected[-1] == "4.2"
    assert ctl.state.need("4.2").added_by_user and ctl.state.need("4.2").tdg_level == 3
    assert ctl.move_criterion("4.2", -100) and ctl.state.selected[0] == "4.2"
    assert ctl.remove_criterion("1.4") and "1.4" not in ctl.state.selected
    assert ctl.set_selected_criteria(["9.9"]) is False
    assert "Không có tiêu chí 9.9" in _errors(ctl)[0]
    again = WizardController(ctl.services, ctl.draft_id)
    assert again.state.selected == ctl.state.selected


def test_review_loop_accept_edit_reject_more_undo_and_progress(ctl: WizardController) -> None:
    _start(ctl)
    selected = ctl.state.selected
    assert ctl.step == 5 and ctl.progress_text() == f"0/{len(selected)} tiêu chí đã duyệt"
    first, second = (s.id for s in ctl.review.for_criterion("3.4"))
    assert ctl.accept(first)
    assert ctl.edit(second, {"owners": "Phó hiệu trưởng", "actions": "- Mua sách\n- Mở góc đọc"})
    assert ctl.review.row(second).actions == ("Mua sách", "Mở góc đọc")
    assert ctl.progress_text() == f"1/{len(selected)} tiêu chí đã duyệt"
    assert ctl.edit(first, ctl.review.suggestion(first).row) and ctl.review.status(first) == "accept"
    added = ctl.more("3.4")
    assert len(added) == 3 and all(ctl.review.is_alternative(s) for s in added)
    assert ctl.reject(added[0]) and ctl.undo()
    assert ctl.review.status(added[0]) == "pending"
    assert ctl.accept("khong-co") is False and "Không tìm thấy đề xuất" in _errors(ctl)[0]
    log = ctl.services.store.decisions(ctl.draft_id)
    assert [d.kind for d in log] == ["accept", "edit", "accept", "reject"]


def test_redraft_keeps_decisions_and_a_reload_resumes_exactly(ctl: WizardController) -> None:
    _start(ctl)
    sid = ctl.review.for_criterion("1.4")[0].id
    ctl.edit(sid, {"budget": "10 triệu đồng"})
    ctl.go_to(6)
    assert ctl.draft()
    assert ctl.review.status(sid) == "edit" and ctl.review.row(sid).budget == "10 triệu đồng"
    fresh = WizardController(ctl.services)
    assert fresh.resume(ctl.draft_id)
    assert fresh.state.to_dict() == ctl.state.to_dict() | {"review": ctl.review.to_dict()}
    assert fresh.review.row(sid).budget == "10 triệu đồng" and fresh.undo()
    assert fresh.review.status(sid) == "pending"  # the undo stack survived the reload


def test_typed_rows_owner_and_timeline_changes(ctl: WizardController) -> None:
    _start(ctl)
    assert ctl.add_row("2.3", {"target": "Đạt Mức 2", "actions": "Tập huấn nhân viên"}) is not None
    assert ctl.add_row("2.3", {}) is None and "chưa có nội dung" in _errors(ctl)[0]
    assert ctl.assign_owners("2.3", "Phó hiệu trưởng") == 3
    rows = [ctl.review.row(s.id) for s in ctl.review.for_criterion("2.3")]
    assert {r.owners for r in rows} == {"Phó hiệu trưởng"}
    assert ctl.set_timeline("2.3", "Học kỳ I") == 3 and ctl.undo()
    assert {ctl.review.row(s.id).timeline for s in ctl.review.for_criterion("2.3")} != {"Học kỳ I"}
    assert ctl.assign_owners("9.9", "Kế toán") == 0 and _errors(ctl)


def test_organisation_check_summary_and_exports(ctl: WizardController) -> None:
    _start(ctl)
    for code in ctl.state.selected[:2]:
        ctl.accept(ctl.review.for_criterion(code)[0].id)
    default = ctl.organisation()
    assert default and all(item.role for item in default)
    items = [*default[:2], OrganisationItem(role="Tổ giám sát", duties="Theo dõi, báo cáo định kỳ"), {"role": "", "duties": ""}]
    assert ctl.set_organisation(items) and len(ctl.organisation()) == 3
    assert ctl.set_organisation([{"role": "", "duties": "Việc không người làm"}]) is False
    assert "chưa ghi người" in _errors(ctl)[0]
    coverage = ctl.coverage()
    assert set(coverage.uncovered_criteria) == set(ctl.state.selected[2:])
    plan = ctl.plan()
    assert len(plan.rows) == 2 and plan.header.school_name == "Trường THCS Thanh Xương"
    docx = ctl.export("docx", appendix=True)
    assert docx.name == "Ke-hoach-cai-tien-chat-luong_truong-thcs-thanh-xuong_2025-2026.docx"
    text = "\n".join(p.text for p in open_docx(io.BytesIO(docx.data)).paragraphs)
    assert "KẾ HOẠCH" in text.upper() and "Nhật ký duyệt" in text
    assert ctl.export("xlsx").data[:2] == b"PK"
    data = json.loads(ctl.export("json").data)
    assert data["extra"]["draft"]["profile"]["name"] == "Trường THCS Thanh Xương"
    assert data["plan"]["header"]["school_year"] == "2025-2026"
    assert ctl.export("pdf") is None and "Không xuất được" in _errors(ctl)[0]
    assert ctl.services.store.plan(ctl.draft_id).rows == plan.rows


def test_drafts_list_duplicate_into_tt57_year_and_delete(ctl: WizardController) -> None:
    _start(ctl)
    ctl.accept(ctl.review.for_criterion("3.4")[0].id)
    old_id = ctl.draft_id
    new_id = ctl.duplicate_draft(old_id, "2026-2027")
    assert new_id and ctl.draft_id == new_id and ctl.step == 1
    assert ctl.state.profile.framework_id == "tt57-2026-pho-thong" and ctl.state.selected == []
    assert ctl.state.tdg is not None and ctl.state.previous["draft_id"] == old_id
    assert any("Thông tư 57" in m.text or "TT57" in m.text for m in ctl.pop_messages())
    assert {d.school_year for d in ctl.list_drafts()} == {"2025-2026", "2026-2027"}
    assert ctl.delete_draft(new_id) and ctl.draft_id is None
    assert [d.id for d in ctl.list_drafts()] == [old_id]
    assert ctl.resume("khong-co") is False and "Không tìm thấy bản nháp" in _errors(ctl)[0]


def test_unexpected_failures_roll_back_and_speak_vietnamese(ctl: WizardController) -> None:
    _start(ctl)

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    ctl.services.drafter = lambda: type("D", (), {"draft": broken})()
    before = ctl.review.to_dict()
    assert ctl.draft() is False
    assert ctl.review.to_dict() == before
    (error,) = _errors(ctl)
    assert "lỗi không mong muốn" in error and "boom" not in error


def test_a_save_failure_keeps_the_work_in_memory(ctl: WizardController, monkeypatch: pytest.MonkeyPatch) -> None:
    ctl.set_profile(name="Trường C", school_year="2025-2026")

    def full_disk(*_: object, **__: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(ctl.services.store, "save_state", full_disk)
    assert ctl.set_profile(address="Xã Thanh Xương")
    assert ctl.state.profile.address == "Xã Thanh Xương"
    assert "Không lưu được" in _errors(ctl)[0]


def test_edited_rows_are_rechecked(ctl: WizardController) -> None:
    _start(ctl)
    sid = ctl.review.for_criterion("3.4")[0].id
    ctl.edit(sid, {"owners": "", "timeline": "Tháng 10/2019"})
    codes = {c.code for c in ctl.checks_for(sid)}
    assert codes and ctl.review.row(sid).owners == ""
    assert isinstance(ctl.review.row(sid), PlanRow)


def test_accept_all_accepts_the_waiting_options_and_moves_on(ctl: WizardController) -> None:
    _start(ctl)
    first, second = ctl.state.selected[:2]
    ctl.focus_on(first)
    ctl.reject(ctl.review.for_criterion(first)[0].id)
    assert ctl.accept_all(first) == 1
    assert [ctl.review.status(s.id) for s in ctl.review.for_criterion(first)] == ["reject", "accept"]
    assert ctl.review.reviewed(first) and ctl.state.focus == second
    assert any(f"Chuyển sang tiêu chí {second}" in m.text for m in ctl.pop_messages())
    assert ctl.accept_all(first) == 0
    assert ctl.undo() and not ctl.review.reviewed(first)
    for code in ctl.state.selected:
        ctl.accept_all(code)
    assert ctl.progress_text() == f"{len(ctl.state.selected)}/{len(ctl.state.selected)} tiêu chí đã duyệt"


REPORTS = Path(__file__).resolve().parent / "fixtures" / "reports"


def test_whole_wizard_on_the_sample_reports_with_the_real_reader(tmp_path: Path) -> None:
    ctl = WizardController(fake_services(tmp_path, real_reader=True))
    ctl.set_profile(school_year="2025-2026", signer="Nguyễn Thị Hoa")
    tdg = (REPORTS / "tdg_tt18_thcs.docx").read_bytes()
    assert ctl.upload_report(tdg, "tdg_tt18_thcs.docx", "tdg")
    assert ctl.upload_report((REPORTS / "dgn_tt18_thcs.docx").read_bytes(), "dgn_tt18_thcs.docx", "dgn")
    assert ctl.state.profile.name == "Trường THCS Nguyễn Du" and len(ctl.state.tdg.assessments) == 28
    before = ctl.state.to_dict()
    for bad in ("bad_corrupt.docx", "bad_zipbomb.docx", "plan_not_report.docx", "bad_word97.doc"):
        assert ctl.upload_report((REPORTS / bad).read_bytes(), bad, "tdg") is False
        (error,) = _errors(ctl)
        assert error and "Traceback" not in error
    assert ctl.state.to_dict() == before
    assert ctl.propose_criteria() and ctl.draft()
    for code in ctl.state.selected:
        ctl.accept_all(code)
    coverage = ctl.coverage()
    assert coverage.uncovered_criteria == ()
    text = "\n".join(p.text for p in open_docx(io.BytesIO(ctl.export("docx").data)).paragraphs)
    assert "2025-2026" in text


def test_two_tabs_on_the_same_draft_lose_nothing(ctl: WizardController) -> None:
    _start(ctl)
    other = WizardController(ctl.services, ctl.draft_id)
    a, b = (s.id for s in ctl.review.for_criterion("3.4"))
    assert ctl.accept(a)
    assert other.reject(b)  # the other tab catches up with the accept before deciding
    assert ctl.edit(a, {"owners": "Kế toán"})
    again = WizardController(ctl.services, ctl.draft_id)
    assert (again.review.status(a), again.review.status(b)) == ("edit", "reject")
    assert again.review.row(a).owners == "Kế toán"


def test_a_store_problem_found_at_start_is_told_in_vietnamese(tmp_path: Path) -> None:
    (tmp_path / "drafts.sqlite3").write_bytes(b"hong" * 1000)
    ctl = WizardController(fake_services(tmp_path))
    (message,) = ctl.pop_messages()
    assert message.level == "warning" and "bị hỏng" in message.text
    assert ctl.set_profile(name="Trường mới") and ctl.list_drafts()
