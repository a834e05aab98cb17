"""The start page: saved drafts by school and year (resume, copy for next year, delete), or a new plan."""

from __future__ import annotations

import streamlit as st

from corpus.text import school_year_bounds

from ..controller import STEPS, WizardController
from ..domain import SchoolType
from ..store import DraftSummary
from .common import act, md

LANDING = "_trang_dau"
INTRO = (
    "Trợ lý giúp nhà trường soạn **Kế hoạch cải tiến chất lượng giáo dục** từ báo cáo tự đánh giá (TĐG) "
    "và báo cáo đánh giá ngoài (ĐGN): đọc báo cáo, đề xuất các tiêu chí cần cải tiến, gợi ý từng nội dung "
    "kèm nguồn tham khảo để thầy cô duyệt, rồi xuất tệp Word đúng mẫu. Mọi thay đổi được **lưu tự động** "
    "trên máy này."
)


def show_landing(on: bool) -> None:
    """Switch between the start page and the wizard."""
    st.session_state[LANDING] = on


def _open(ctl: WizardController, draft_id: str) -> None:
    if ctl.resume(draft_id):
        show_landing(False)


def _new(ctl: WizardController) -> None:
    if ctl.new_draft():
        show_landing(False)


def _duplicate(ctl: WizardController, draft_id: str) -> None:
    year = str(st.session_state.get(f"dup_year_{draft_id}", ""))
    if ctl.duplicate_draft(draft_id, year):
        show_landing(False)


def next_year(year: str) -> str:
    """"2025-2026" -> "2026-2027" (empty when the year is unknown)."""
    try:
        first, second = school_year_bounds(year)
    except ValueError:
        return ""
    return f"{first + 1}-{second + 1}"


def render_drafts(ctl: WizardController) -> None:
    """Draw the start page."""
    st.markdown(INTRO)
    st.button("Bắt đầu kế hoạch mới", key="new_draft", type="primary", icon=":material/add:",
              on_click=_new, args=(ctl,))
    drafts = ctl.list_drafts()
    if not drafts:
        st.info("Chưa có kế hoạch nào được lưu trên máy này. Bấm “Bắt đầu kế hoạch mới” để bắt đầu.")
        return
    st.subheader("Kế hoạch đã lưu", anchor=False)
    for draft in drafts:
        _draft_card(ctl, draft)


def _draft_card(ctl: WizardController, draft: DraftSummary) -> None:
    with st.container(border=True, key=f"draft_{draft.id}"):
        info, actions = st.columns([3, 2])
        school_type = SchoolType(draft.school_type).label if draft.school_type in SchoolType.__members__ else ""
        info.markdown(f"**{md(draft.school_name or 'Trường chưa đặt tên')}**  \n"
                      f"{md(school_type)} · Năm học {md(draft.school_year or 'chưa ghi')}")
        step = STEPS[min(max(draft.step, 1), len(STEPS)) - 1]
        info.caption(f"Lưu lần cuối: {draft.updated_label} · Đang ở bước {draft.step}: {step}")
        a, b, c = actions.columns(3)
        a.button("Mở tiếp", key=f"open_{draft.id}", type="primary", icon=":material/edit_note:",
                 on_click=_open, args=(ctl, draft.id), width="stretch")
        with b.popover("Dùng cho năm sau", icon=":material/content_copy:", width="stretch"):
            st.caption("Dùng kế hoạch này làm điểm xuất phát cho năm học mới.")
            st.text_input("Năm học mới", value=next_year(draft.school_year), key=f"dup_year_{draft.id}",
                          placeholder="2026-2027")
            st.button("Tạo bản cho năm học mới", key=f"dup_{draft.id}", on_click=_duplicate, args=(ctl, draft.id))
        with c.popover("Xóa", icon=":material/delete:", width="stretch"):
            st.caption("Xóa hẳn bản nháp này? Không thể lấy lại.")
            st.button("Xóa hẳn", key=f"del_{draft.id}", on_click=act(ctl.delete_draft), args=(draft.id,))
