"""The stepper: seven numbered buttons, the current one highlighted, free movement either way."""

from __future__ import annotations

import streamlit as st

from ..controller import STEPS, WizardController
from .common import act


def done_steps(ctl: WizardController) -> set[int]:
    """Steps whose work is there (for a check mark): school, reports, criteria, drafts, organisation."""
    state = ctl.state
    done = set()
    if state.profile.name and state.profile.school_year:
        done.add(1)
    if state.tdg is not None:
        done |= {2, 3}
    if state.selected:
        done.add(4)
    if state.selected and ctl.review.progress(state.selected)[0] == len(state.selected):
        done.add(5)
    if state.organisation is not None:
        done.add(6)
    return done


def render_stepper(ctl: WizardController) -> None:
    """Draw the stepper; a click moves to that step through the controller."""
    done = done_steps(ctl)
    columns = st.columns(len(STEPS), gap="small")
    for number, (column, name) in enumerate(zip(columns, STEPS, strict=True), start=1):
        mark = "✓ " if number in done and number != ctl.step else ""
        column.button(
            f"{mark}{number}. {name}",
            key=f"step_{number}",
            type="primary" if number == ctl.step else "secondary",
            on_click=act(ctl.go_to),
            args=(number,),
            width="stretch",
        )
