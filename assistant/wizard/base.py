"""The core every wizard intent shares: state, messages, the error boundary and autosave.

An *intent* is one thing the user asked for (a click, an upload, a chat command).  The
:func:`intent` decorator makes each one transactional: on a domain error the state is rolled
back and the Vietnamese message is shown; on any other error the state is rolled back too and a
generic Vietnamese message is shown (the traceback goes to the log, never to the page); on
success the state is saved to SQLite before the intent returns.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, TypeVar, cast

from ..domain import Framework, ReviewDecision
from ..errors import CaitienError
from ..review import ReviewState
from .planning import state_framework
from .seams import WizardServices
from .state import WizardState

log = logging.getLogger(__name__)

Level = Literal["info", "success", "warning", "error"]
F = TypeVar("F", bound=Callable[..., Any])

UNEXPECTED = (
    "Đã có lỗi không mong muốn khi thực hiện thao tác này. Dữ liệu đã nhập vẫn được giữ nguyên; "
    "hãy thử lại, hoặc tải lại trang nếu lỗi lặp lại."
)
SAVE_FAILED = (
    "Không lưu được thay đổi vào máy ({detail}). Thay đổi vẫn còn trong phiên làm việc này; "
    "hãy kiểm tra dung lượng ổ đĩa rồi thao tác tiếp để lưu lại."
)


@dataclass(frozen=True)
class Message:
    """A message for the user (Vietnamese), shown once by the UI."""

    level: Level
    text: str


def intent(fallback: Any = None) -> Callable[[F], F]:
    """Make a controller method a transactional, autosaving intent that never raises."""

    def wrap(method: F) -> F:
        @functools.wraps(method)
        def run(self: ControllerBase, *args: Any, **kwargs: Any) -> Any:
            if self._depth:  # an intent called from another one: the outer one saves or rolls back
                return method(self, *args, **kwargs)
            self._catch_up()
            snapshot = self._snapshot()
            self._depth += 1
            try:
                result = method(self, *args, **kwargs)
            except CaitienError as exc:
                self._restore(snapshot)
                self.say("error", str(exc))
                return fallback
            except Exception:
                log.exception("intent %s failed", method.__name__)
                self._restore(snapshot)
                self.say("error", UNEXPECTED)
                return fallback
            finally:
                self._depth -= 1
            self.revision += 1
            self._autosave()
            return result

        return cast(F, run)

    return wrap


class ControllerBase:
    """State of one user's draft, its review, the messages to show, and persistence."""

    def __init__(self, services: WizardServices) -> None:
        self.services = services
        self.state = WizardState()
        self.review = ReviewState()
        self.draft_id: str | None = None
        self.messages: list[Message] = []
        self._pending: list[ReviewDecision] = []
        self._depth = 0
        self.revision = 0  # counts completed intents (the UI caches exports per revision)
        self._stamp: str | None = None  # the store's stamp of our last save or load
        if services.store.notice:
            self.say("warning", services.store.notice)

    # -- messages ------------------------------------------------------------------------------

    def say(self, level: Level, text: str) -> None:
        """Queue a message for the user."""
        self.messages.append(Message(level, text))

    def pop_messages(self) -> list[Message]:
        """The queued messages, emptying the queue (the UI shows each once)."""
        out, self.messages = self.messages, []
        return out

    # -- shared lookups ------------------------------------------------------------------------

    @property
    def framework(self) -> Framework | None:
        """The framework of the draft, or None while the school type/year are not set."""
        try:
            return state_framework(self.state, self.services.catalog)
        except CaitienError:
            return None

    def _require_framework(self) -> Framework:
        return state_framework(self.state, self.services.catalog)

    def _user(self) -> str:
        return self.state.profile.signer or ""

    def _decision(self, sid: str, kind: str, row: Any = None) -> ReviewDecision:
        return ReviewDecision(suggestion_id=sid, kind=kind, row=row, by=self._user(), at=datetime.now())  # type: ignore[arg-type]

    # -- transactions and persistence -----------------------------------------------------------

    def _snapshot(self) -> tuple[WizardState, dict[str, Any], str | None, int]:
        return self.state.model_copy(deep=True), self.review.to_dict(), self.draft_id, len(self._pending)

    def _restore(self, snapshot: tuple[WizardState, dict[str, Any], str | None, int]) -> None:
        self.state, review, self.draft_id, pending = snapshot
        self.review = ReviewState.from_dict(review)
        del self._pending[pending:]

    def _catch_up(self) -> None:
        """Reload the draft when another tab or window saved it since we last did (no change is lost)."""
        if self.draft_id is None or self._stamp is None:
            return
        try:
            stamp = self.services.store.stamp(self.draft_id)
            if stamp is not None and stamp != self._stamp:
                view = self.state.step, self.state.focus, self.state.focus_sid  # this tab stays where it is
                self._load(self.draft_id)
                self.state.step, self.state.focus, self.state.focus_sid = view
        except Exception:  # the intent itself will report a store that cannot be read
            log.exception("checking the draft's stamp failed")

    def _load(self, draft_id: str) -> None:
        """Replace the state by the saved draft."""
        store = self.services.store
        self.state = WizardState.from_dict(store.load_state(draft_id))
        self.review = ReviewState.from_dict(self.state.review)
        self.draft_id = draft_id
        self._stamp = store.stamp(draft_id)
        self._pending.clear()

    def _worth_saving(self) -> bool:
        fresh = WizardState()
        return self.draft_id is not None or self.state.profile != fresh.profile or self.state.tdg is not None

    def _autosave(self) -> None:
        """Write the state (and the decisions taken) to the store; a failure becomes a message."""
        if not self._worth_saving():
            return
        try:
            store = self.services.store
            if self.draft_id is None or not store.exists(self.draft_id):
                self.draft_id = store.create(self.state.profile)
            self.state.review = self.review.to_dict()
            self._stamp = store.save_state(self.draft_id, self.state.to_dict(), self._pending)
            self._pending.clear()
        except Exception as exc:  # disk full, file locked, database gone: keep working in memory
            log.exception("autosave failed")
            self.say("error", SAVE_FAILED.format(detail=type(exc).__name__))
