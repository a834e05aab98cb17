"""Small helpers every step uses: controlled widgets, messages, escaping, the error boundary.

Widgets are *controlled*: before a widget is drawn its session value is set from the controller,
and its callback sends the user's change to a controller intent.  So the controller is the one
source of truth, and a change the controller refuses (a bad school year, say) springs back.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import streamlit as st

from ..controller import WizardController

log = logging.getLogger(__name__)

BOUNDARY_MESSAGE = (
    "Không hiển thị được phần “{part}”. Dữ liệu của bạn vẫn được lưu an toàn; "
    "hãy chuyển sang bước khác hoặc tải lại trang."
)
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<$:])")
_CONTROL_FLOW = {"ScriptControlException", "RerunException", "StopException"}
TOAST_MAX = 90  # characters a toast shows in full


def act(intent: Callable[..., Any]) -> Callable[..., None]:
    """A controller intent as a widget callback (Streamlit callbacks return nothing)."""

    def callback(*args: Any, **kwargs: Any) -> None:
        intent(*args, **kwargs)

    return callback


def md(text: str) -> str:
    """User or document text made safe for ``st.markdown``: no markdown, no HTML, no LaTeX."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False)).replace("\n", "  \n")


def key(ctl: WizardController, name: str) -> str:
    """A widget key scoped to the open draft, so opening another draft redraws every widget."""
    return f"{name}__{ctl.draft_id or 'moi'}"


def bind(widget_key: str, value: Any) -> str:
    """Give a controlled widget its value from the controller before it is drawn."""
    if st.session_state.get(widget_key) != value:
        st.session_state[widget_key] = value
    return widget_key


def value_of(widget_key: str, default: Any = None) -> Any:
    """The widget's current value (inside a callback: the value the user just set)."""
    return st.session_state.get(widget_key, default)


def show_messages(ctl: WizardController) -> None:
    """The controller's queued messages: problems stay on the page, confirmations are toasts."""
    for message in ctl.pop_messages():
        if message.level == "error":
            st.error(message.text, icon=":material/error:")
        elif message.level == "warning":
            st.warning(message.text, icon=":material/warning:")
        elif len(message.text) > TOAST_MAX:  # a toast cuts long text behind an English "view more"
            st.success(message.text, icon=":material/check_circle:")
        else:
            st.toast(message.text, icon=":material/check_circle:" if message.level == "success" else None)


def guarded(part: str, render: Callable[..., None], *args: Any) -> None:
    """Draw one part of the page; if it fails, a Vietnamese message replaces it (never a traceback)."""
    try:
        render(*args)
    except Exception as exc:
        if any(c.__name__ in _CONTROL_FLOW for c in type(exc).__mro__):  # st.rerun / st.stop are not errors
            raise
        log.exception("rendering %s failed", part)
        st.error(BOUNDARY_MESSAGE.format(part=part), icon=":material/error:")


def level_label(level: int | None) -> str:
    """"Mức 2", "Chưa đạt Mức 1" (level 0) or "—" when unknown."""
    if level is None:
        return "—"
    return "Chưa đạt Mức 1" if level == 0 else f"Mức {level}"


def levels_text(current: int | None, target: int) -> str:
    """"Hiện tại Mức 1 → mục tiêu Mức 2", or "Hiện tại Mức 3: duy trì, khắc phục điểm yếu"."""
    if current is not None and current >= target:
        return f"Hiện tại {level_label(current)}: duy trì và khắc phục điểm yếu"
    return f"Hiện tại {level_label(current)} → mục tiêu {level_label(target)}"


def apply_editor_changes(base: Sequence[Mapping[str, Any]], changes: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The rows of an ``st.data_editor`` after its edit state (edited, added, deleted rows)."""
    rows = [dict(r) for r in base]
    for index, edits in (changes.get("edited_rows") or {}).items():
        if 0 <= int(index) < len(rows):
            rows[int(index)].update(edits)
    deleted = {int(i) for i in changes.get("deleted_rows") or ()}
    rows = [r for i, r in enumerate(rows) if i not in deleted]
    rows.extend(dict(r) for r in changes.get("added_rows") or ())
    return rows


def nav_buttons(ctl: WizardController, *, back: int | None, forward: int | None, forward_label: str = "Tiếp tục") -> None:
    """"Quay lại" / "Tiếp tục" at the bottom of a step."""
    left, _, right = st.columns([1, 3, 1])
    if back is not None:
        left.button("Quay lại", key=f"back_{ctl.step}", icon=":material/arrow_back:", on_click=act(ctl.go_to), args=(back,),
                    width="stretch")
    if forward is not None:
        right.button(forward_label, key=f"next_{ctl.step}", type="primary", icon=":material/arrow_forward:",
                     on_click=act(ctl.go_to), args=(forward,), width="stretch")
