"""Shared helpers of the issue-9 tests (council review, gallery, the year after).

The council and year-after intents keep their data in ``WizardState.council`` and
``WizardState.years``, and their mixins join :class:`WizardController`.  Until those one-line
edits are in, :func:`controller` composes the mixins onto the controller and :func:`wired_state`
gives the state the two fields; once they are in, both simply use the real classes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import Field

from assistant.controller import WizardController
from assistant.wizard import base, flow_council, flow_school
from assistant.wizard.flow_council import CouncilIntents
from assistant.wizard.flow_gallery import GalleryIntents
from assistant.wizard.flow_years import YearsIntents
from assistant.wizard.state import WizardState
from tests.wizard_fakes import fake_services

MIXINS = (CouncilIntents, GalleryIntents, YearsIntents)


def controller_class() -> type[Any]:
    """The wizard controller with the issue-9 intents (the real one once they are wired in)."""
    missing = tuple(m for m in MIXINS if not issubclass(WizardController, m))
    if not missing:
        return WizardController
    return type("Issue9Controller", (*missing, WizardController), {})


class _StateWithParts(WizardState):
    """The wizard state with the two issue-9 fields (used only while state.py lacks them)."""

    council: dict[str, Any] = Field(default_factory=dict)
    years: dict[str, Any] = Field(default_factory=dict)


@pytest.fixture
def wired_state(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the controller build states that have ``council`` and ``years``."""
    if {"council", "years"} <= set(WizardState.model_fields):
        return
    for module in (base, flow_school, flow_council):
        monkeypatch.setattr(module, "WizardState", _StateWithParts)


def controller(tmp: Path, **kwargs: Any) -> Any:
    """A controller over the test services (fake drafter and index, real catalogue, store in ``tmp``)."""
    return controller_class()(fake_services(tmp, **kwargs))


def start_plan(ctl: Any, *, year: str = "2025-2026", signer: str = "Nguyễn Văn An") -> list[str]:
    """Profile, fake TĐG, proposed criteria, drafted and accepted first suggestion of each: the row keys."""
    assert ctl.set_profile(name="Trường THCS Thanh Xương", school_type="THCS", school_year=year,
                           managing_body="UBND xã Thanh Xương", signer=signer)
    assert ctl.upload_report(b"bytes", "tdg_thcs.docx", "tdg")
    assert ctl.propose_criteria()
    assert ctl.draft()
    keys = []
    for code in ctl.state.selected:
        first = ctl.review.for_criterion(code)[0].id
        assert ctl.accept(first)
        keys.append(first)
    return keys


def errors(ctl: Any) -> list[str]:
    """Error messages queued by the controller (emptying the queue)."""
    return [m.text for m in ctl.pop_messages() if m.level == "error"]
