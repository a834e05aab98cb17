"""Shared helpers of the issue-9 tests (council review, gallery, the year after).

The council and year-after intents keep their data in ``WizardState.council`` and
``WizardState.years``; their mixins are part of :class:`WizardController`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assistant.controller import WizardController
from assistant.wizard.flow_council import CouncilIntents
from assistant.wizard.flow_gallery import GalleryIntents
from assistant.wizard.flow_years import YearsIntents
from assistant.wizard.state import WizardState
from tests.wizard_fakes import fake_services

MIXINS = (CouncilIntents, GalleryIntents, YearsIntents)


def controller_class() -> type[Any]:
    """The wizard controller, which includes the issue-9 intents."""
    assert all(issubclass(WizardController, m) for m in MIXINS)
    return WizardController


@pytest.fixture
def wired_state() -> None:
    """The wizard state keeps the council review and the year-after data."""
    assert {"council", "years"} <= set(WizardState.model_fields)


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
