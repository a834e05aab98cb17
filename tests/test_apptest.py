"""Each step of the Streamlit app through AppTest: session state seeded to jump to a step, widgets by key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.controller import WizardController
from assistant.ui import DRAFT_PARAM
from tests.wizard_fakes import fake_services

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def _app(ctl: WizardController) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["controller"] = ctl
    return at


@pytest.fixture
def ctl(tmp_path: Path) -> WizardController:
    return WizardController(fake_services(tmp_path))


def _ready(ctl: WizardController, step: int) -> AppTest:
    """A draft with profile, TĐG, criteria and suggestions, opened at ``step``."""
    ctl.set_profile(name="Trường THCS Thanh Xương", school_type="THCS", school_year="2025-2026",
                    signer="Nguyễn Văn An")
    ctl.upload_report(b"x", "tdg.docx")
    ctl.propose_criteria()
    ctl.draft()
    ctl.go_to(step)
    ctl.pop_messages()
    return _app(ctl)


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [e.value for e in at.info]
    return re.sub(r"\\(.)", r"\1", "\n".join(str(p) for p in parts))  # drop markdown escapes


def _no_failure(at: AppTest) -> None:
    assert not at.exception
    assert not [e.value for e in at.error if "Không hiển thị được phần" in e.value]


def test_start_page_lists_drafts_and_opens_one(ctl: WizardController) -> None:
    other = WizardController(ctl.services)
    other.set_profile(name="Trường Tiểu học Mường Phăng", school_type="TH", school_year="2025-2026")
    at = _app(ctl)
    at.run()
    _no_failure(at)
    assert "Trường Tiểu học Mường Phăng" in _texts(at) and "Kế hoạch đã lưu" in [s.value for s in at.subheader]
    at.button(key=f"open_{other.draft_id}").click().run()
    assert ctl.draft_id == other.draft_id and at.query_params[DRAFT_PARAM] == other.draft_id
    assert at.text_input(key=f"p_name__{ctl.draft_id}").value == "Trường Tiểu học Mường Phăng"


def test_reload_with_the_address_resumes_the_draft(ctl: WizardController) -> None:
    _ready(ctl, 5)
    fresh = WizardController(ctl.services)
    at = _app(fresh)
    at.query_params[DRAFT_PARAM] = ctl.draft_id
    at.run()
    _no_failure(at)
    assert fresh.draft_id == ctl.draft_id and fresh.step == 5
    assert any("tiêu chí đã duyệt" in str(p.proto.text) for p in at.get("progress"))


def test_step1_school_autosaves_and_suggests_the_framework(ctl: WizardController) -> None:
    at = _app(ctl)
    at.run()
    at.button(key="new_draft").click().run()
    at.text_input(key="p_name__moi").input("Trường THCS Thanh Xương").run()
    assert ctl.draft_id and ctl.state.profile.name == "Trường THCS Thanh Xương"
    at.selectbox(key=f"p_school_year__{ctl.draft_id}").select("2026-2027").run()
    assert ctl.state.profile.framework_id == "tt57-2026-pho-thong"
    assert at.selectbox(key=f"p_framework_id__{ctl.draft_id}").value == "tt57-2026-pho-thong"
    assert "Thông tư 57/2026" in _texts(at)
    saved = ctl.services.store.load_state(ctl.draft_id)
    assert saved["profile"]["school_year"] == "2026-2027"
    at.button(key="next_1").click().run()
    assert ctl.step == 2
    _no_failure(at)


def test_step2_upload_shows_what_was_found_and_bad_files_keep_the_work(ctl: WizardController) -> None:
    ctl.set_profile(name="Trường A", school_year="2025-2026")
    ctl.go_to(2)
    at = _app(ctl)
    at.run()
    at.file_uploader(key=f"upload_tdg__{ctl.draft_id}").upload("tdg.docx", b"x").run()
    _no_failure(at)
    assert ctl.state.tdg is not None
    assert [m.value for m in at.metric] == ["TT18/2018", "28", "Mức 1"]
    at.file_uploader(key=f"upload_dgn__{ctl.draft_id}").upload("hong.docx", b"x").run()
    assert any("bị hỏng" in e.value for e in at.error)
    assert ctl.state.dgn is None and ctl.state.tdg is not None


def test_step3_results_table_chart_and_level_edits(ctl: WizardController) -> None:
    at = _ready(ctl, 3)
    at.run()
    _no_failure(at)
    editor = at.data_editor[0]
    assert len(editor.value) == 28 and list(editor.value.columns) == ["code", "title", "tdg", "dgn", "weak"]
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    assert at.metric[0].value == "Mức 1"
    at.session_state[editor.key] = {"edited_rows": {0: {"tdg": "Mức 2"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    _no_failure(at)
    assert ctl.state.tdg.assessment("1.1").level == 2 and ctl.state.edited["tdg"] == ["1.1"]


def test_step4_criteria_reorder_remove_add_and_draft(ctl: WizardController) -> None:
    at = _ready(ctl, 4)
    at.run()
    _no_failure(at)
    first, second = ctl.state.selected[:2]
    at.button(key=f"down_{first.replace('.', '_')}").click().run()
    assert ctl.state.selected[:2] == [second, first]
    at.button(key=f"drop_{first.replace('.', '_')}").click().run()
    assert first not in ctl.state.selected
    at.selectbox(key=f"add_criterion__{ctl.draft_id}").select("4.2").run()
    at.button(key="add_criterion_btn").click().run()
    assert ctl.state.selected[-1] == "4.2"
    at.button(key="draft").click().run()
    _no_failure(at)
    assert ctl.step == 5 and ctl.review.for_criterion("4.2")


def test_step5_accept_edit_reject_more_undo(ctl: WizardController) -> None:
    at = _ready(ctl, 5)
    ctl.focus_on("3.4")
    at.run()
    _no_failure(at)
    a, b = (s.id for s in ctl.review.for_criterion("3.4"))
    assert "Nguồn tham khảo" in _texts(at) and "Kế hoạch THCS mẫu 2025-2026" in _texts(at)
    at.button(key=f"accept_{a}").click().run()
    at.button(key=f"edit_{b}").click().run()
    at.text_input(key=f"f_{b}_owners").input("Phó hiệu trưởng").run()
    at.button(key=f"save_{b}").click().run()
    assert (ctl.review.status(a), ctl.review.status(b)) == ("accept", "edit")
    assert ctl.review.row(b).owners == "Phó hiệu trưởng"
    assert "1/" in ctl.progress_text()
    at.button(key="more_3_4").click().run()
    assert len(ctl.review.for_criterion("3.4")) == 5
    at.button(key=f"reject_{a}").click().run()
    at.button(key="undo").click().run()
    assert ctl.review.status(a) == "accept"
    at.button(key="next_criterion").click().run()
    assert ctl.state.focus != "3.4"
    _no_failure(at)


def test_step6_organisation_prefilled_and_editable(ctl: WizardController) -> None:
    at = _ready(ctl, 6)
    at.run()
    _no_failure(at)
    default = ctl.organisation()
    assert len(default) >= 3
    assert at.text_input(key=f"org_role_0__{ctl.draft_id}").value == default[0].role
    at.text_area(key=f"org_duties_0__{ctl.draft_id}").input("Chỉ đạo chung").run()
    assert ctl.state.organisation[0].duties == "Chỉ đạo chung"
    at.button(key="org_drop_1").click().run()
    assert len(ctl.state.organisation) == len(default) - 1
    at.text_input(key=f"org_new_role__{ctl.draft_id}").input("Tổng phụ trách Đội").run()
    at.text_area(key=f"org_new_duties__{ctl.draft_id}").input("Tổ chức hoạt động Đội").run()
    at.button(key="org_add").click().run()
    assert ctl.state.organisation[-1].role == "Tổng phụ trách Đội"
    at.text_input(key=f"org_role_0__{ctl.draft_id}").input("").run()  # a role cannot be emptied
    assert ctl.state.organisation[0].role == default[0].role
    assert any("chưa ghi người" in e.value for e in at.error)
    at.button(key="reset_org").click().run()
    assert ctl.state.organisation is None
    _no_failure(at)


def test_step7_check_summary_and_downloads(ctl: WizardController) -> None:
    at = _ready(ctl, 7)
    ctl.accept(ctl.review.for_criterion(ctl.state.selected[0])[0].id)
    at.run()
    _no_failure(at)
    assert any("chưa có dòng nào trong kế hoạch" in w.value for w in at.warning)
    assert [m.value for m in at.metric][0] == "1"
    downloads = at.get("download_button")
    assert len(downloads) == 3
    names = {d.proto.label for d in downloads}
    assert names == {"Tải kế hoạch Word (.docx)", "Tải bảng theo dõi Excel (.xlsx)", "Tải tệp dữ liệu (.json)"}


def test_chat_panel_acts_on_the_plan(ctl: WizardController) -> None:
    at = _ready(ctl, 5)
    at.run()
    at.chat_input(key="chat_input").set_value("giao tiêu chí 2.3 cho Phó hiệu trưởng").run()
    _no_failure(at)
    assert {ctl.review.row(s.id).owners for s in ctl.review.for_criterion("2.3")} == {"Phó hiệu trưởng"}
    assert "Đã giao tiêu chí 2.3 cho Phó hiệu trưởng" in _texts(at)


def test_a_failing_step_shows_a_vietnamese_message_not_a_traceback(
    ctl: WizardController, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant import ui

    def broken(_: WizardController) -> None:
        raise ValueError("internal detail")

    monkeypatch.setitem(ui.STEP_RENDERERS, 3, broken)
    at = _ready(ctl, 3)
    at.run()
    assert not at.exception
    (error,) = [e.value for e in at.error]
    assert "Không hiển thị được phần “Kết quả đánh giá”" in error and "internal detail" not in error
    assert at.chat_input(key="chat_input") is not None


def test_start_page_copies_a_draft_for_next_year_and_deletes_it(ctl: WizardController) -> None:
    _ready(ctl, 7)
    old = ctl.draft_id
    fresh = WizardController(ctl.services)
    at = _app(fresh)
    at.run()
    assert at.text_input(key=f"dup_year_{old}").value == "2026-2027"
    at.button(key=f"dup_{old}").click().run()
    _no_failure(at)
    copy = fresh.draft_id
    assert copy != old and fresh.state.profile.school_year == "2026-2027" and fresh.step == 1
    assert fresh.state.profile.framework_id == "tt57-2026-pho-thong"
    at.button(key="to_drafts").click().run()
    at.button(key=f"del_{copy}").click().run()
    _no_failure(at)
    assert [d.id for d in fresh.list_drafts()] == [old]


def test_a_broken_installation_is_explained_in_vietnamese(_isolated_data_dir: Path) -> None:
    extra = _isolated_data_dir / "frameworks"
    extra.mkdir(parents=True)
    (extra / "hong.json").write_text("{ không phải JSON", encoding="utf-8")
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    (error,) = [e.value for e in at.error]
    assert error.startswith("Không khởi động được trợ lý:") and "hong.json" in error
