"""caitien in the browser: page setup, shared services built once per process, one controller per session."""

import streamlit as st

from assistant import ui
from assistant.controller import WizardController, real_services

st.set_page_config(page_title="Kế hoạch cải tiến chất lượng giáo dục", page_icon="📋", layout="wide")
st.set_option("client.showErrorDetails", "none")  # a Vietnamese message replaces any traceback
st.set_option("client.toolbarMode", "minimal")


@st.cache_resource(show_spinner="Đang khởi động trợ lý…")
def services():  # noqa: ANN201 - cached once per server process
    shared = real_services()
    shared.warm_up(background=True)  # the model and index load while the user fills steps 1-3
    return shared


controller = ui.session_controller(lambda: WizardController(services()))  # kept in st.session_state
if controller is not None:
    ui.render(controller)
