"""Step 6 — Tổ chức thực hiện: duties by role, pre-filled from the seeds' practice, editable."""

from __future__ import annotations

import streamlit as st

from ..controller import WizardController
from ..domain import OrganisationItem
from .common import act, bind, key, nav_buttons, value_of


def _items(ctl: WizardController) -> list[dict[str, str]]:
    return [{"role": item.role, "duties": item.duties} for item in ctl.organisation()]


def _change(ctl: WizardController, index: int, field: str, widget: str) -> None:
    items = _items(ctl)
    items[index][field] = str(value_of(widget, "")).strip()
    ctl.set_organisation(items)


def _remove(ctl: WizardController, index: int) -> None:
    items = _items(ctl)
    del items[index]
    ctl.set_organisation(items)


def _move(ctl: WizardController, index: int, delta: int) -> None:
    items = _items(ctl)
    target = max(0, min(len(items) - 1, index + delta))
    items.insert(target, items.pop(index))
    ctl.set_organisation(items)


def _add(ctl: WizardController, role_key: str, duties_key: str) -> None:
    role, duties = str(value_of(role_key, "")).strip(), str(value_of(duties_key, "")).strip()
    if ctl.set_organisation([*_items(ctl), {"role": role, "duties": duties}]) and role:
        st.session_state[role_key] = st.session_state[duties_key] = ""


def render(ctl: WizardController) -> None:
    """Draw step 6."""
    st.subheader("6. Tổ chức thực hiện", anchor=False)
    if ctl.framework is None:
        st.info("Hãy chọn năm học và bộ tiêu chí ở bước 1.", icon=":material/info:")
        nav_buttons(ctl, back=5, forward=None)
        return
    st.caption("Nhiệm vụ của từng người, bộ phận trong việc thực hiện kế hoạch, điền sẵn theo cách các trường "
               "thường ghi. Sửa trực tiếp; thay đổi được lưu ngay.")
    items = ctl.organisation()
    for index, item in enumerate(items):
        _item(ctl, index, item, len(items))
    with st.expander("Thêm người/bộ phận", icon=":material/add:"):
        role_key, duties_key = key(ctl, "org_new_role"), key(ctl, "org_new_duties")
        st.text_input("Người/bộ phận", key=role_key, placeholder="Ví dụ: Tổng phụ trách Đội")
        st.text_area("Nhiệm vụ", key=duties_key, height=90)
        st.button("Thêm vào kế hoạch", key="org_add", type="primary", on_click=_add, args=(ctl, role_key, duties_key))
    if ctl.state.organisation is not None:
        st.button("Khôi phục nội dung gợi ý ban đầu", key="reset_org", icon=":material/restart_alt:",
                  on_click=act(ctl.reset_organisation))
    nav_buttons(ctl, back=5, forward=7)


def _item(ctl: WizardController, index: int, item: OrganisationItem, count: int) -> None:
    with st.container(border=True, key=f"org_{index}"):
        fields, up, down, drop = st.columns([12, 1, 1, 1], vertical_alignment="top")
        role = bind(key(ctl, f"org_role_{index}"), item.role)
        fields.text_input(f"{index + 1}. Người/bộ phận", key=role, on_change=_change, args=(ctl, index, "role", role))
        duties = bind(key(ctl, f"org_duties_{index}"), item.duties)
        fields.text_area("Nhiệm vụ", key=duties, height=100, on_change=_change, args=(ctl, index, "duties", duties),
                         label_visibility="collapsed")
        up.button("", key=f"org_up_{index}", icon=":material/arrow_upward:", help="Đưa lên trên",
                  disabled=index == 0, on_click=_move, args=(ctl, index, -1))
        down.button("", key=f"org_down_{index}", icon=":material/arrow_downward:", help="Đưa xuống dưới",
                    disabled=index == count - 1, on_click=_move, args=(ctl, index, 1))
        drop.button("", key=f"org_drop_{index}", icon=":material/delete:", help="Bỏ dòng này",
                    on_click=_remove, args=(ctl, index))
