"""Chat intents in Vietnamese, with and without diacritics, acting through the controller."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.chat import HELP, ChatAssistant, folded_aligned
from assistant.controller import WizardController
from tests.wizard_fakes import fake_services


@pytest.fixture
def ctl(tmp_path: Path) -> WizardController:
    ctl = WizardController(fake_services(tmp_path))
    ctl.set_profile(name="Trường THCS Thanh Xương", school_type="THCS", school_year="2025-2026")
    ctl.upload_report(b"x", "tdg.docx")
    ctl.propose_criteria()
    ctl.draft()
    ctl.pop_messages()
    return ctl


def test_folding_keeps_positions() -> None:
    text = "Giao tiêu chí 2.3 cho Phó hiệu trưởng"
    folded = folded_aligned(text)
    assert folded == "giao tieu chi 2.3 cho pho hieu truong" and len(folded) == len(text)


@pytest.mark.parametrize("text", ["gợi ý thêm cho tiêu chí 3.4", "goi y them cho tieu chi 3.4", "Gợi ý khác TC 3.4"])
def test_more_suggestions_for_a_criterion(ctl: WizardController, text: str) -> None:
    reply = ChatAssistant(ctl).handle(text)
    assert reply.intent == "more" and "Đã thêm 3 gợi ý cho tiêu chí 3.4" in reply.text
    assert len(reply.changed) == 3 and len(ctl.review.for_criterion("3.4")) == 5


def test_explain_the_current_suggestion(ctl: WizardController) -> None:
    chat = ChatAssistant(ctl)
    assert "Chưa có đề xuất nào đang xem" in chat.handle("vì sao đề xuất này?").text or ctl.state.focus
    sid = ctl.review.for_criterion("2.3")[1].id
    ctl.accept(sid)
    reply = chat.handle("vi sao de xuat nay?")
    assert reply.intent == "explain"
    assert "tiêu chí 2.3" in reply.text and "Báo cáo của trường viết" in reply.text
    assert "Kế hoạch THCS mẫu 2025-2026 (THCS, 2025-2026)" in reply.text
    assert "Nhằm đáp ứng yêu cầu 2.3 M" in reply.text


@pytest.mark.parametrize(
    ("text", "owners"),
    [
        ("giao tiêu chí 2.3 cho Phó hiệu trưởng", "Phó hiệu trưởng"),
        ("giao tieu chi 2.3 cho pho hieu truong", "Phó hiệu trưởng"),
        ("Phân công cho PHT và TTCM tiêu chí 2.3", "Phó hiệu trưởng, Tổ trưởng chuyên môn"),
    ],
)
def test_assign_owners_shows_what_changed(ctl: WizardController, text: str, owners: str) -> None:
    reply = ChatAssistant(ctl).handle(text)
    assert reply.intent == "assign" and f"Đã giao tiêu chí 2.3 cho {owners} (2 hàng)" in reply.text
    assert "Hiệu trưởng → " in reply.text and "(trống) → " in reply.text
    assert {ctl.review.row(s.id).owners for s in ctl.review.for_criterion("2.3")} == {owners}
    saved = ctl.services.store.load_state(ctl.draft_id)
    assert saved["chat"][-2]["text"] == text and saved["chat"][-1]["role"] == "assistant"


def test_which_criteria_have_no_owner(ctl: WizardController) -> None:
    chat = ChatAssistant(ctl)
    reply = chat.handle("tiêu chí nào chưa có người phụ trách?")
    assert reply.intent == "unowned"
    assert all(f"Tiêu chí {c}: 1/2 hàng" in reply.text for c in ctl.state.selected)
    for code in ctl.state.selected:
        chat.handle(f"giao tiêu chí {code} cho Hiệu trưởng")
    assert chat.handle("tieu chi nao chua co nguoi phu trach").text == "Mọi tiêu chí đã có người phụ trách."


def test_search_the_corpus(ctl: WizardController) -> None:
    reply = ChatAssistant(ctl).handle("tìm ví dụ về thư viện thân thiện")
    assert reply.intent == "search"
    assert "thư viện thân thiện" in reply.text.lower()
    assert "Kế hoạch THCS xã Thanh Xương 2025-2026, hàng 12 (THCS, 2025-2026)" in reply.text
    assert ctl.services.retriever().queries[-1] == "thư viện thân thiện"
    assert "Không tìm thấy ví dụ" in ChatAssistant(ctl).handle("tìm ví dụ về tàu vũ trụ").text


def test_change_timeline_of_the_criterion_on_screen(ctl: WizardController) -> None:
    ctl.focus_on("1.4")
    reply = ChatAssistant(ctl).handle("đổi thời gian thành học kỳ I")
    assert reply.intent == "timeline" and "Đã đổi thời gian của tiêu chí 1.4 (2 hàng)" in reply.text
    assert "Tháng 10/2026 → Học kỳ I" in reply.text
    assert {ctl.review.row(s.id).timeline for s in ctl.review.for_criterion("1.4")} == {"Học kỳ I"}
    ChatAssistant(ctl).handle("doi thoi gian tieu chi 3.4 thanh hoc ky ii")
    assert {ctl.review.row(s.id).timeline for s in ctl.review.for_criterion("3.4")} == {"Học kỳ II"}
    assert ctl.undo() and {ctl.review.row(s.id).timeline for s in ctl.review.for_criterion("3.4")} == {"Tháng 10/2026"}


def test_navigation_progress_and_help(ctl: WizardController) -> None:
    chat = ChatAssistant(ctl)
    assert chat.handle("sang bước 7").intent == "goto" and ctl.step == 7
    assert "0/" in chat.handle("tiến độ duyệt thế nào").text
    assert chat.handle("giúp tôi").text == HELP


def test_not_understood_gets_examples_and_errors_are_explained(ctl: WizardController) -> None:
    chat = ChatAssistant(ctl)
    reply = chat.handle("hôm nay trời đẹp quá")
    assert "Tôi chưa hiểu" in reply.text and "giao tiêu chí 2.3 cho Phó hiệu trưởng" in reply.text
    reply = chat.handle("giao tiêu chí 4.1 cho Kế toán")  # not in the list / no rows
    assert "chưa có hàng nào" in reply.text
    assert ctl.messages == []


def test_llm_answers_free_questions_without_changing_the_plan(ctl: WizardController) -> None:
    prompts: list[str] = []

    def llm(prompt: str) -> str:
        prompts.append(prompt)
        return "Nên ưu tiên tiêu chí 3.4 vì liên quan thư viện."

    before = ctl.review.to_dict()
    reply = ChatAssistant(ctl, llm=llm).handle("Nên ưu tiên tiêu chí nào về thư viện?")
    assert reply.intent == "llm" and reply.text.startswith("Nên ưu tiên tiêu chí 3.4")
    assert "chỉ thay đổi khi bạn bấm nút" in reply.text
    assert "Trường THCS Thanh Xương" in prompts[0] and "thư viện" in prompts[0]
    assert ctl.review.to_dict() == before

    def down(prompt: str) -> str:
        raise ConnectionError("refused")

    assert "Không kết nối được" in ChatAssistant(ctl, llm=down).handle("câu hỏi tự do").text
