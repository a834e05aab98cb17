"""The wizard without Streamlit: one controller per user's draft, one method per user intent.

Every intent (``set_profile``, ``upload_report``, ``accept``...) is transactional and autosaving:
it either completes and is written to SQLite before it returns, or it leaves the draft exactly as
it was and puts a Vietnamese message in :attr:`WizardController.messages`.  No intent raises.
The Streamlit UI (``assistant/ui``) and the chat (``assistant/chat.py``) only call these methods,
and tests drive the whole wizard through them.

The intents are grouped by step in ``assistant/wizard/flow_*.py``; this class puts them together.
"""

from __future__ import annotations

from .wizard.base import Message, intent
from .wizard.flow_council import CouncilIntents
from .wizard.flow_gallery import GalleryIntents
from .wizard.flow_output import ExportFile, OutputIntents
from .wizard.flow_reports import ReportIntents
from .wizard.flow_review import ReviewIntents, merge_row
from .wizard.flow_school import SchoolIntents
from .wizard.flow_years import YearsIntents
from .wizard.seams import WizardServices, real_services
from .wizard.state import STEPS, NeedRecord, WizardState

__all__ = [
    "STEPS",
    "ExportFile",
    "Message",
    "NeedRecord",
    "WizardController",
    "WizardServices",
    "WizardState",
    "merge_row",
    "real_services",
]


class WizardController(
    CouncilIntents, GalleryIntents, YearsIntents, SchoolIntents, ReportIntents, ReviewIntents, OutputIntents
):
    """One user's draft and every intent of the seven steps (see the module docstring)."""

    def __init__(self, services: WizardServices, draft_id: str | None = None) -> None:
        super().__init__(services)
        if draft_id is not None:
            self.resume(draft_id)

    @property
    def step(self) -> int:
        """The step the user is on (1-7)."""
        return self.state.step

    @property
    def step_name(self) -> str:
        """Vietnamese name of the current step."""
        return STEPS[self.state.step - 1]

    @intent(fallback=False)
    def record_chat(self, question: str, answer: str) -> bool:
        """Keep a chat exchange with the draft (shown again when the draft is reopened)."""
        self.state.add_chat("user", question)
        self.state.add_chat("assistant", answer)
        return True
