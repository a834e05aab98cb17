"""Step 5 — Đề xuất: per criterion the drafted rows with their sources; accept, edit, reject, more, undo."""

from __future__ import annotations

import streamlit as st

from ..controller import WizardController
from ..domain import Framework, Generation
from ..level4 import code_label
from .common import act, bind, key, levels_text, md, nav_buttons, value_of
from .review_card import render_card
from .step_criteria import DRAFT_REQUEST, draft_now

DRAFTING = "Đang soạn đề xuất cho {n} tiêu chí…"
DRAFTING_HINT = ("Trợ lý tìm trong kho kế hoạch của các trường và điều chỉnh cho trường mình. Lần đầu mở ứng dụng "
                 "cần nạp mô hình tìm kiếm, có thể mất vài phút trên máy yếu; các lần sau nhanh hơn nhiều.")


def _focus(ctl: WizardController, widget: str) -> None:
    code = value_of(widget)
    if code:
        ctl.focus_on(code)


def render(ctl: WizardController) -> None:
    """Draw step 5."""
    st.subheader("5. Đề xuất nội dung cải tiến", anchor=False)
    if st.session_state.pop(DRAFT_REQUEST, False) and ctl.state.selected:
        _draft_with_status(ctl)
    framework = ctl.framework
    if framework is None or not ctl.state.selected:
        st.info("Chưa có tiêu chí nào được chọn. Hãy chọn ở bước 4.", icon=":material/info:")
        nav_buttons(ctl, back=4, forward=None)
        return
    if not ctl.state.drafted:
        st.info("Chưa soạn đề xuất cho các tiêu chí đã chọn.", icon=":material/info:")
        st.button("Soạn đề xuất", key="draft_5", type="primary", icon=":material/auto_awesome:",
                  on_click=draft_now, args=(ctl,))
        nav_buttons(ctl, back=4, forward=None)
        return
    _toolbar(ctl)
    for notice in ctl.state.notices:
        st.caption(f":material/info: {md(notice)}")
    code = _picker(ctl, framework)
    _criterion(ctl, framework, code)
    nav_buttons(ctl, back=4, forward=6)


def _draft_with_status(ctl: WizardController) -> None:
    with st.status(DRAFTING.format(n=len(ctl.state.selected)), expanded=True) as status:
        st.write(DRAFTING_HINT)
        ok = ctl.draft()
        done = sum(len(ctl.review.for_criterion(c)) for c in ctl.state.selected)
        status.update(label=f"Đã soạn xong: {done} phương án." if ok else "Chưa soạn được đề xuất.",
                      state="complete" if ok else "error", expanded=False)


def _toolbar(ctl: WizardController) -> None:
    done, total = ctl.review.progress(ctl.state.selected)
    left, middle, right = st.columns([4, 1, 1], vertical_alignment="center")
    left.progress(done / total if total else 0.0, text=ctl.progress_text())
    middle.button("Hoàn tác", key="undo", icon=":material/undo:", disabled=not ctl.review.can_undo,
                  on_click=act(ctl.undo), width="stretch", help="Hủy thao tác duyệt gần nhất")
    right.button("Soạn lại", key="redraft", icon=":material/refresh:", on_click=draft_now, args=(ctl,),
                 width="stretch", help="Soạn lại các đề xuất; những gì đã duyệt được giữ nguyên")


def _picker(ctl: WizardController, framework: Framework) -> str:
    selected = ctl.state.selected
    focus = ctl.state.focus if ctl.state.focus in selected else selected[0]

    def label(code: str) -> str:
        criterion, need = framework.criterion(code), ctl.state.need(code)
        mark = "✓" if ctl.review.reviewed(code) else "○"
        title = criterion.title if criterion else (need.title if need else "")
        return f"{mark} Tiêu chí {code_label(code)} – {title}"

    # the key follows the progress: a selectbox does not redraw the label of its current option otherwise
    widget = bind(key(ctl, f"focus_{ctl.review.progress(selected)[0]}"), focus)
    index = selected.index(focus)
    left, prev, nxt = st.columns([6, 1, 1], vertical_alignment="bottom")
    left.selectbox("Tiêu chí đang duyệt", selected, key=widget, format_func=label, on_change=_focus,
                   args=(ctl, widget))
    prev.button("Trước", key="prev_criterion", icon=":material/chevron_left:", disabled=index == 0,
                on_click=act(ctl.focus_on), args=(selected[max(index - 1, 0)],), width="stretch")
    nxt.button("Sau", key="next_criterion", icon=":material/chevron_right:", disabled=index == len(selected) - 1,
               on_click=act(ctl.focus_on), args=(selected[min(index + 1, len(selected) - 1)],), width="stretch")
    return focus


def _criterion(ctl: WizardController, framework: Framework, code: str) -> None:
    need = ctl.state.need(code)
    if need is not None:
        reasons = md(" ".join(need.reasons[:2])) or levels_text(need.current_level, need.target_level) + "."
        st.caption(reasons)
    suggestions = ctl.review.for_criterion(code)
    if not suggestions:
        st.info("Chưa có đề xuất cho tiêu chí này. Bấm “Gợi ý khác” hoặc tự ghi một hàng bên dưới.",
                icon=":material/info:")
    tt57 = framework.generation == Generation.G2026
    for number, suggestion in enumerate(suggestions, start=1):
        render_card(ctl, suggestion, number, tt57=tt57)
    slug = code.replace(".", "_")
    left, middle, right = st.columns(3)
    waiting = [s for s in suggestions if ctl.review.status(s.id) == "pending" and not ctl.review.is_alternative(s.id)]
    middle.button("Chấp nhận tất cả phương án", key=f"accept_all_{slug}", icon=":material/done_all:",
                  disabled=not waiting, on_click=act(ctl.accept_all), args=(code,), width="stretch",
                  help="Chấp nhận mọi phương án đang chờ của tiêu chí này rồi chuyển sang tiêu chí tiếp theo")
    left.button("Gợi ý khác", key=f"more_{slug}", icon=":material/lightbulb:",
                on_click=act(ctl.more), args=(code,), width="stretch",
                help="Thêm gợi ý khác từ kho kế hoạch mẫu cho tiêu chí này")
    with right.popover("Tự ghi một hàng", icon=":material/edit:", width="stretch"):
        _typed_row(ctl, code, tt57=tt57)


def _typed_row(ctl: WizardController, code: str, *, tt57: bool) -> None:
    from .review_card import FIELDS_2018, FIELDS_TT57

    fields = FIELDS_TT57 if tt57 else FIELDS_2018
    prefix = key(ctl, f"typed_{code}")
    for name, label, multiline in fields:
        widget = f"{prefix}_{name}"
        if multiline:
            st.text_area(label, key=widget, height=80, help="Mỗi ý một dòng.")
        else:
            st.text_input(label, key=widget)
    st.button("Thêm vào kế hoạch", key=f"{prefix}_add", type="primary", on_click=_add_typed,
              args=(ctl, code, prefix, [f[0] for f in fields]))


def _add_typed(ctl: WizardController, code: str, prefix: str, names: list[str]) -> None:
    values = {name: value_of(f"{prefix}_{name}", "") for name in names}
    if ctl.add_row(code, values):
        for name in names:
            st.session_state[f"{prefix}_{name}"] = ""
