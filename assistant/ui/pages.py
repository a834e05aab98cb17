"""The pages beside the seven steps: Hội đồng góp ý, Thư viện ví dụ, Năm trước & tiến độ.

A page replaces the current step in the main column until the user goes back to the plan or
clicks a step of the stepper.  Which page is open is a view matter, kept in the browser session.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from ..controller import WizardController
from . import page_council, page_gallery, page_years
from .drafts import show_landing

OPEN = "_trang_phu"  # (page name, step the wizard was on when it was opened)
PAGES: dict[str, tuple[str, str]] = {
    "hoi_dong": ("Hội đồng góp ý", ":material/groups:"),
    "thu_vien": ("Thư viện ví dụ", ":material/local_library:"),
    "nam_sau": ("Năm trước & tiến độ", ":material/event_repeat:"),
}


def open_page(ctl: WizardController, name: str) -> None:
    """Show a page instead of the current step."""
    st.session_state[OPEN] = (name, ctl.step)


def close_page() -> None:
    """Back to the wizard's steps."""
    st.session_state[OPEN] = None


def open_name(ctl: WizardController) -> str:
    """The open page, or "" (a click on another step of the stepper closes it)."""
    opened = st.session_state.get(OPEN)
    if not opened:
        return ""
    name, step = opened
    if step != ctl.step or name not in PAGES:
        close_page()
        return ""
    return str(name)


def _renderer(name: str) -> Callable[[WizardController], None]:
    if name == "hoi_dong":
        return page_council.render
    if name == "thu_vien":
        return lambda ctl: page_gallery.render(ctl, on_demo=close_page)
    return page_years.render


def current(ctl: WizardController, step_title: str, step_render: Callable[[WizardController], None]) -> tuple[str, Any]:
    """(title, renderer) for the main column: the open page, else the current step."""
    name = open_name(ctl)
    if not name:
        return step_title, step_render
    return PAGES[name][0], _renderer(name)


def render_menu(ctl: WizardController) -> None:
    """A row of buttons under the stepper: the three pages, and "Quay lại kế hoạch" when one is open."""
    name = open_name(ctl)
    columns = st.columns(len(PAGES) + 1, gap="small")
    for column, (page, (label, icon)) in zip(columns, PAGES.items(), strict=False):
        column.button(label, key=f"page_{page}", icon=icon, type="primary" if page == name else "tertiary",
                      on_click=open_page, args=(ctl, page), width="stretch")
    columns[-1].button("Quay lại kế hoạch", key="page_close", icon=":material/arrow_back:", disabled=not name,
                       on_click=close_page, width="stretch")


def _demo_from_landing(ctl: WizardController) -> None:
    if ctl.start_demo():
        close_page()
        show_landing(False)


def _gallery_from_landing(ctl: WizardController) -> None:
    show_landing(False)
    open_page(ctl, "thu_vien")


def render_trainer_entry(ctl: WizardController) -> None:
    """On the start page: the demonstration plan and the example library, for trainers."""
    with st.container(border=True):
        st.markdown("**Dành cho tập huấn**  \nGiới thiệu trợ lý bằng báo cáo mẫu đi kèm ứng dụng, không cần dữ liệu "
                    "của trường; hoặc xem thư viện ví dụ kế hoạch tốt theo từng tiêu chí.")
        left, right = st.columns(2)
        left.button("Mở kế hoạch minh họa", key="landing_demo", icon=":material/school:",
                    on_click=_demo_from_landing, args=(ctl,), width="stretch")
        right.button("Xem thư viện ví dụ", key="landing_gallery", icon=":material/local_library:",
                     on_click=_gallery_from_landing, args=(ctl,), width="stretch")
