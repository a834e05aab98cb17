"""The Streamlit face of the wizard: a thin shell over :class:`~assistant.controller.WizardController`.

``render(ctl)`` draws the page for one browser session: the start page (saved drafts) or the
stepper, the current step and the chat panel.  Each part is drawn inside an error boundary, and
every widget reaches the controller only through callbacks.  The open draft's id is kept in the
address bar (``?ban_nhap=…``) so a reload, a new tab with that address, or a restart reopens it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import streamlit as st

from ..controller import STEPS, WizardController
from ..errors import CaitienError
from . import (
    pages,
    step_criteria,
    step_export,
    step_organisation,
    step_reports,
    step_results,
    step_review,
    step_school,
)
from .chat_panel import render_chat
from .common import guarded, md, show_messages
from .drafts import LANDING, render_drafts, show_landing
from .stepper import render_stepper
from .style import css

log = logging.getLogger(__name__)

DRAFT_PARAM = "ban_nhap"
TITLE = "Kế hoạch cải tiến chất lượng giáo dục"
STEP_RENDERERS: dict[int, Callable[[WizardController], None]] = {
    1: step_school.render,
    2: step_reports.render,
    3: step_results.render,
    4: step_criteria.render,
    5: step_review.render,
    6: step_organisation.render,
    7: step_export.render,
}

__all__ = ["DRAFT_PARAM", "render", "session_controller"]
START_FAILED = (
    "Không khởi động được trợ lý: {detail} Dữ liệu đã lưu không bị ảnh hưởng; "
    "hãy sửa theo hướng dẫn rồi tải lại trang."
)


def session_controller(build: Callable[[], WizardController]) -> WizardController | None:
    """This browser session's controller, built on its first run; a failure is told in Vietnamese."""
    if st.session_state.get("controller") is None:
        try:
            st.session_state["controller"] = build()
        except Exception as exc:
            detail = str(exc) if isinstance(exc, CaitienError) else "lỗi không mong muốn (xem nhật ký của máy chủ)."
            log.exception("starting the assistant failed")
            st.error(START_FAILED.format(detail=detail), icon=":material/error:")
            return None
    controller: WizardController = st.session_state["controller"]
    return controller


def render(ctl: WizardController) -> None:
    """Draw the whole page for this session's controller."""
    st.markdown(css(ctl.services.settings.max_upload_mb), unsafe_allow_html=True)  # our stylesheet, no user text
    _resume_from_address(ctl)
    messages = st.container()
    landing = bool(st.session_state.get(LANDING, ctl.draft_id is None))
    _header(ctl, landing)
    if landing:
        guarded("Danh sách kế hoạch", render_drafts, ctl)
        guarded("Tập huấn", pages.render_trainer_entry, ctl)
    else:
        render_stepper(ctl)
        pages.render_menu(ctl)
        main, side = st.columns([2.4, 1], gap="large")
        with main:
            guarded(*pages.current(ctl, STEPS[ctl.step - 1], STEP_RENDERERS[ctl.step]), ctl)
        with side:
            guarded("Trợ lý", render_chat, ctl)
    with messages:
        show_messages(ctl)
    _keep_address(ctl, bool(st.session_state.get(LANDING, ctl.draft_id is None)))


def _resume_from_address(ctl: WizardController) -> None:
    """Once per session: reopen the draft named in the address (after a reload or a restart)."""
    if st.session_state.get("_address_checked"):
        return
    st.session_state["_address_checked"] = True
    wanted = st.query_params.get(DRAFT_PARAM)
    if wanted and ctl.draft_id != wanted and ctl.resume(wanted):
        show_landing(False)


def _keep_address(ctl: WizardController, landing: bool) -> None:
    if ctl.draft_id and not landing:
        if st.query_params.get(DRAFT_PARAM) != ctl.draft_id:
            st.query_params[DRAFT_PARAM] = ctl.draft_id
    elif DRAFT_PARAM in st.query_params:
        del st.query_params[DRAFT_PARAM]


def _header(ctl: WizardController, landing: bool) -> None:
    left, right = st.columns([4, 1], vertical_alignment="center")
    left.title(TITLE, anchor=False)
    if landing:
        return
    profile = ctl.state.profile
    parts = [profile.name or "Trường chưa đặt tên", f"năm học {profile.school_year}" if profile.school_year else ""]
    saved = "đã lưu tự động" if ctl.draft_id else "chưa lưu (hãy nhập thông tin trường)"
    left.caption(md(" · ".join(p for p in parts if p)) + f" · {saved}")
    right.button("Danh sách kế hoạch", key="to_drafts", icon=":material/folder_open:", on_click=show_landing,
                 args=(True,), width="stretch")
