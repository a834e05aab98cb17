"""Step 4 — Tiêu chí cần cải tiến: the proposed list with reasons; add, remove, reorder; then draft."""

from __future__ import annotations

import streamlit as st

from ..controller import WizardController
from ..domain import Framework
from ..level4 import code_label
from .common import act, key, levels_text, md, nav_buttons, value_of

DRAFT_REQUEST = "_soan_de_xuat"


def _add(ctl: WizardController, widget: str) -> None:
    code = value_of(widget)
    if code:
        ctl.add_criterion(code)


def draft_now(ctl: WizardController) -> None:
    """Ask for a draft: step 5 does it in the page, with a visible status, on the next run."""
    st.session_state[DRAFT_REQUEST] = True
    ctl.go_to(5)


def render(ctl: WizardController) -> None:
    """Draw step 4."""
    st.subheader("4. Tiêu chí cần cải tiến", anchor=False)
    framework = ctl.framework
    if framework is None or (ctl.state.tdg is None and ctl.state.dgn is None):
        st.info("Cần chọn năm học (bước 1) và tải báo cáo tự đánh giá (bước 2) trước.", icon=":material/info:")
        nav_buttons(ctl, back=2, forward=None)
        return
    if not ctl.state.needs:
        ctl.propose_criteria()
    st.caption(f"Trợ lý đề xuất các tiêu chí theo mục tiêu “{md(_target_label(ctl))}” và các điểm yếu trong báo cáo. "
               "Có thể bỏ bớt, thêm hoặc sắp xếp lại thứ tự ưu tiên.")
    top = st.columns([2, 1])
    top[1].button("Đề xuất lại từ báo cáo", key="repropose", icon=":material/refresh:",
                  on_click=act(ctl.propose_criteria), width="stretch")
    top[0].markdown(f"**{len(ctl.state.selected)} tiêu chí được chọn**")
    for position, code in enumerate(ctl.state.selected):
        _criterion_row(ctl, framework, position, code)
    _add_box(ctl, framework)
    st.divider()
    left, _, right = st.columns([1, 2, 2])
    left.button("Quay lại", key="back_4", icon=":material/arrow_back:", on_click=act(ctl.go_to), args=(3,))
    drafted = bool(ctl.state.drafted)
    right.button("Soạn lại đề xuất" if drafted else "Soạn đề xuất cho các tiêu chí này", key="draft",
                 type="primary", icon=":material/auto_awesome:", disabled=not ctl.state.selected,
                 on_click=draft_now, args=(ctl,), width="stretch")
    if drafted:
        right.caption("Các quyết định đã duyệt được giữ nguyên khi soạn lại.")


def _target_label(ctl: WizardController) -> str:
    from ..domain import TARGET_LABELS

    return TARGET_LABELS[ctl.state.profile.target]


def _criterion_row(ctl: WizardController, framework: Framework, position: int, code: str) -> None:
    need = ctl.state.need(code)
    criterion = framework.criterion(code)
    title = criterion.title if criterion else (need.title if need else "")
    with st.container(border=True, key=f"need_{code.replace('.', '_')}"):
        text, up, down, drop = st.columns([12, 1, 1, 1], vertical_alignment="center")
        text.markdown(f"**{position + 1}. Tiêu chí {md(code_label(code))}** {md(title)}"
                      + (" :orange-badge[bắt buộc]" if criterion and criterion.mandatory else ""))
        lines = list(need.reasons[:3]) if need else []
        if need is not None and need.added_by_user:
            lines.append(levels_text(need.current_level, need.target_level) + ".")
        if lines:
            text.caption("  \n".join(f"• {md(line)}" for line in lines))
        slug = code.replace(".", "_")
        up.button("", key=f"up_{slug}", icon=":material/arrow_upward:", help="Đưa lên trên",
                  disabled=position == 0, on_click=act(ctl.move_criterion), args=(code, -1))
        down.button("", key=f"down_{slug}", icon=":material/arrow_downward:", help="Đưa xuống dưới",
                    disabled=position == len(ctl.state.selected) - 1, on_click=act(ctl.move_criterion), args=(code, 1))
        drop.button("", key=f"drop_{slug}", icon=":material/close:", help="Bỏ tiêu chí này khỏi kế hoạch",
                    on_click=act(ctl.remove_criterion), args=(code,))


def _add_box(ctl: WizardController, framework: Framework) -> None:
    others = [c for c in framework.criteria if c.code not in ctl.state.selected]
    if not others:
        return
    left, right = st.columns([4, 1], vertical_alignment="bottom")
    widget = key(ctl, "add_criterion")
    left.selectbox("Thêm tiêu chí khác", [c.code for c in others], key=widget, index=None,
                   placeholder="Chọn tiêu chí muốn thêm",
                   format_func=lambda code: f"{code} – {framework.criterion(code).title}")  # type: ignore[union-attr]
    right.button("Thêm", key="add_criterion_btn", icon=":material/add:", on_click=_add, args=(ctl, widget),
                 width="stretch")
