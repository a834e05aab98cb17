"""The chat panel beside every step: recent exchanges and an input acting on the same plan."""

from __future__ import annotations

import streamlit as st

from ..chat import EXAMPLES, ChatAssistant
from ..controller import WizardController
from .common import md

CHAT_KEY = "chat_input"
SHOWN = 8  # exchanges shown (the rest stays saved with the draft)


def _assistant(ctl: WizardController) -> ChatAssistant:
    llm = None
    try:
        llm = ctl.services.chat_model()
    except Exception:  # a misconfigured LLM must not break the commands that need none
        llm = None
    return ChatAssistant(ctl, llm=llm)


def _send(ctl: WizardController) -> None:
    text = st.session_state.get(CHAT_KEY)
    if text:
        with st.spinner("Trợ lý đang xử lý…"):
            _assistant(ctl).handle(str(text))


def render_chat(ctl: WizardController) -> None:
    """Draw the chat panel."""
    st.markdown("**Trợ lý**")
    history = ctl.state.chat[-2 * SHOWN:]
    with st.container(height=460, border=True, key="chat_history"):
        if not history:
            st.caption("Có thể nhờ trợ lý bằng lời, ví dụ:  \n" + "  \n".join(md(e) for e in EXAMPLES[:5]))
        for turn in history:
            with st.chat_message("user" if turn.role == "user" else "assistant",
                                 avatar=":material/person:" if turn.role == "user" else ":material/support_agent:"):
                st.markdown(md(turn.text))
    st.chat_input("Nhờ trợ lý, ví dụ: giao tiêu chí 2.3 cho PHT", key=CHAT_KEY,
                  on_submit=_send, args=(ctl,))
