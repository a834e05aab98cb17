"""The review of drafted suggestions: accept, edit or reject, with undo and progress. Pure.

Suggestions are keyed by a stable id computed from the criterion and the row's substance, so a
re-draft that produces the same row finds the decision already taken on it (prodigy's hashed
tasks).  Every decision goes through :meth:`ReviewState.decide`; each call is one undo step.
Suggestions added by "Gợi ý khác" are *alternatives*: left undecided they do not hold back a
criterion that the user has otherwise reviewed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from .domain import PlanRow, ReviewDecision, Suggestion

Status = Literal["pending", "accept", "edit", "reject"]

UNDO_LIMIT = 200  # steps kept; older ones are forgotten so a long session stays small


def stable_id(criterion: str, row: PlanRow) -> str:
    """A short hash of the criterion and the row's substance (content, target, actions).

    Owners, dates and budget are left out on purpose: the drafter may adjust them between two
    drafts of the same idea, and the user's decision should stay attached to the idea.
    """
    payload = json.dumps(
        [criterion, row.band, row.content.strip(), row.target.strip(), [a.strip() for a in row.actions]],
        ensure_ascii=False,
    )
    return "s" + hashlib.sha1(payload.encode("utf-8")).hexdigest()[:12]


def _placement(suggestion: Suggestion) -> dict[str, str]:
    """Where an edited row stays: its suggestion's criterion; a Mức 4 row keeps its item number and band."""
    if suggestion.row.band == "4":
        return {"criterion": suggestion.row.criterion, "band": "4"}
    return {"criterion": suggestion.criterion}


@dataclass(frozen=True)
class _Before:
    """What one suggestion looked like before an undoable change."""

    sid: str
    decision: ReviewDecision | None
    suggestion: Suggestion


class ReviewState:
    """Suggestions by stable id, the user's decisions, an undo stack and progress."""

    def __init__(self) -> None:
        self._suggestions: dict[str, Suggestion] = {}
        self._decisions: dict[str, ReviewDecision] = {}
        self._alternatives: set[str] = set()
        self._undo: list[list[_Before]] = []

    # -- suggestions ---------------------------------------------------------------------------

    def add(self, suggestions: Iterable[Suggestion], *, alternative: bool = False) -> list[str]:
        """Add suggestions (re-keyed by :func:`stable_id`); returns the ids that were new."""
        added: list[str] = []
        for suggestion in suggestions:
            sid = stable_id(suggestion.criterion, suggestion.row)
            if sid in self._suggestions:
                continue
            self._suggestions[sid] = suggestion.model_copy(update={"id": sid})
            if alternative:
                self._alternatives.add(sid)
            added.append(sid)
        return added

    def replace_criterion(self, code: str, suggestions: Iterable[Suggestion]) -> list[str]:
        """A re-draft of one criterion: undecided old suggestions go, decided ones stay.

        Returns the ids of the criterion's suggestions now on offer from this draft (kept or new).
        """
        fresh = list(suggestions)
        fresh_ids = {stable_id(s.criterion, s.row) for s in fresh}
        for sid in [s for s, sug in self._suggestions.items() if sug.criterion == code]:
            if sid not in self._decisions and sid not in fresh_ids:
                del self._suggestions[sid]
                self._alternatives.discard(sid)
        self.add(fresh)
        self._alternatives -= fresh_ids
        return [sid for sid in self._suggestions if sid in fresh_ids]

    def revise(self, rows: Mapping[str, PlanRow]) -> None:
        """Change several rows at once (one undo step), e.g. "giao tiêu chí 2.3 cho PHT".

        A decided row becomes an edit carrying the new row; an undecided suggestion is revised in
        place and still waits for the user's decision.
        """
        self._require(rows)
        self._push([self._before(sid) for sid in rows])
        for sid, row in rows.items():
            fixed = row.model_copy(update=_placement(self._suggestions[sid]))
            previous = self._decisions.get(sid)
            if previous is None or previous.kind == "reject":
                self._suggestions[sid] = self._suggestions[sid].model_copy(update={"row": fixed})
            else:
                self._decisions[sid] = previous.model_copy(update={"kind": "edit", "row": fixed})

    # -- decisions -----------------------------------------------------------------------------

    def decide(self, *decisions: ReviewDecision) -> None:
        """Record decisions (accept / edit / reject); one call is one undo step.

        Raises ``KeyError`` for an unknown suggestion id, leaving the state unchanged.
        """
        self._require(d.suggestion_id for d in decisions)
        self._push([self._before(d.suggestion_id) for d in decisions])
        for decision in decisions:
            sid = decision.suggestion_id
            if decision.row is not None:
                row = decision.row.model_copy(update=_placement(self._suggestions[sid]))
                decision = decision.model_copy(update={"row": row})
            self._decisions[sid] = decision

    def undo(self) -> list[str]:
        """Revert the last change; returns the ids it touched ([] when there is nothing to undo)."""
        if not self._undo:
            return []
        step = self._undo.pop()
        for before in reversed(step):
            if before.sid not in self._suggestions:  # dropped by a re-draft since
                continue
            self._suggestions[before.sid] = before.suggestion
            if before.decision is None:
                self._decisions.pop(before.sid, None)
            else:
                self._decisions[before.sid] = before.decision
        return [b.sid for b in step]

    @property
    def can_undo(self) -> bool:
        """Whether :meth:`undo` would change anything."""
        return bool(self._undo)

    # -- queries -------------------------------------------------------------------------------

    def __contains__(self, sid: object) -> bool:
        return sid in self._suggestions

    def suggestion(self, sid: str) -> Suggestion:
        """The suggestion with this id (``KeyError`` when unknown)."""
        return self._suggestions[sid]

    def decision(self, sid: str) -> ReviewDecision | None:
        """The decision taken on a suggestion, or None."""
        return self._decisions.get(sid)

    def status(self, sid: str) -> Status:
        """"pending" or the kind of the decision taken."""
        decision = self._decisions.get(sid)
        return "pending" if decision is None else decision.kind

    def is_alternative(self, sid: str) -> bool:
        """Whether the suggestion came from "Gợi ý khác"."""
        return sid in self._alternatives

    def row(self, sid: str) -> PlanRow:
        """The row as it stands: the edited one after an edit, else the suggested one."""
        decision = self._decisions.get(sid)
        if decision is not None and decision.kind == "edit" and decision.row is not None:
            return decision.row
        return self._suggestions[sid].row

    def for_criterion(self, code: str) -> list[Suggestion]:
        """Suggestions of one criterion in the order they were offered."""
        return [s for s in self._suggestions.values() if s.criterion == code]

    def ids(self) -> list[str]:
        """All suggestion ids in the order they were offered."""
        return list(self._suggestions)

    def reviewed(self, code: str) -> bool:
        """A criterion is reviewed when something was decided and no main suggestion waits."""
        sids = [s.id for s in self.for_criterion(code)]
        decided = any(sid in self._decisions for sid in sids)
        waiting = any(sid not in self._decisions and sid not in self._alternatives for sid in sids)
        return decided and not waiting

    def progress(self, codes: Sequence[str]) -> tuple[int, int]:
        """(reviewed, total) over these criteria."""
        return sum(self.reviewed(c) for c in codes), len(codes)

    def progress_text(self, codes: Sequence[str]) -> str:
        """Progress as the wizard shows it: "12/19 tiêu chí đã duyệt"."""
        done, total = self.progress(codes)
        return f"{done}/{total} tiêu chí đã duyệt"

    def accepted_ids(self, codes: Sequence[str]) -> list[str]:
        """Ids of accepted or edited suggestions, criteria in the given order."""
        return [
            s.id
            for code in dict.fromkeys(codes)
            for s in self.for_criterion(code)
            if self.status(s.id) in ("accept", "edit")
        ]

    def accepted_rows(self, codes: Sequence[str]) -> list[PlanRow]:
        """The plan rows the user kept, criteria in the given order."""
        return [self.row(sid) for sid in self.accepted_ids(codes)]

    # -- serialisation -------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able snapshot (the undo stack included, so undo survives a reload)."""
        return {
            "suggestions": [s.model_dump(mode="json") for s in self._suggestions.values()],
            "decisions": [d.model_dump(mode="json") for d in self._decisions.values()],
            "alternatives": sorted(self._alternatives),
            "undo": [
                [
                    {
                        "sid": b.sid,
                        "decision": b.decision.model_dump(mode="json") if b.decision else None,
                        "suggestion": b.suggestion.model_dump(mode="json"),
                    }
                    for b in step
                ]
                for step in self._undo
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> ReviewState:
        """Rebuild a state saved by :meth:`to_dict` (None gives an empty state)."""
        state = cls()
        if not data:
            return state
        for raw in data.get("suggestions", ()):
            suggestion = Suggestion.model_validate(raw)
            state._suggestions[suggestion.id] = suggestion
        for raw in data.get("decisions", ()):
            decision = ReviewDecision.model_validate(raw)
            state._decisions[decision.suggestion_id] = decision
        state._alternatives = set(data.get("alternatives", ())) & set(state._suggestions)
        state._undo = [
            [
                _Before(
                    sid=b["sid"],
                    decision=ReviewDecision.model_validate(b["decision"]) if b.get("decision") else None,
                    suggestion=Suggestion.model_validate(b["suggestion"]),
                )
                for b in step
            ]
            for step in data.get("undo", ())
        ]
        return state

    # -- helpers -------------------------------------------------------------------------------

    def _require(self, sids: Iterable[str]) -> None:
        missing = [sid for sid in sids if sid not in self._suggestions]
        if missing:
            raise KeyError(f"unknown suggestion id(s): {', '.join(missing)}")

    def _push(self, step: list[_Before]) -> None:
        self._undo.append(step)
        del self._undo[:-UNDO_LIMIT]

    def _before(self, sid: str) -> _Before:
        return _Before(sid, self._decisions.get(sid), self._suggestions[sid])
