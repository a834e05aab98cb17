"""SQLite persistence of drafts and review decisions.

Durability first: the database runs in WAL mode with ``synchronous=FULL`` so every committed
write survives a crash or a killed process, and each intent of the wizard commits before it
returns.  A file that is corrupted, that is not ours, or that was written by a newer version of
caitien is never written to: it is renamed aside with a timestamp and a fresh file is started,
and :attr:`DraftStore.notice` tells the user (in Vietnamese) where the old file went.

A connection is opened per operation: Streamlit serves every browser session from its own
thread, and short-lived connections are the simplest thread-safe way to share one file.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .domain import ReviewDecision, SchoolProfile
from .errors import CaitienError

if TYPE_CHECKING:
    from .catalog import Catalog
    from .domain import Plan

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
_BUSY_TIMEOUT_S = 15.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS drafts (
    id TEXT PRIMARY KEY,
    school_name TEXT NOT NULL DEFAULT '',
    school_type TEXT NOT NULL DEFAULT '',
    school_year TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    step INTEGER NOT NULL DEFAULT 1,
    state TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS decisions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    draft_id TEXT NOT NULL,
    suggestion_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    criterion TEXT NOT NULL DEFAULT '',
    row TEXT,
    decided_by TEXT NOT NULL DEFAULT '',
    decided_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS decisions_by_draft ON decisions (draft_id, seq);
"""


@dataclass(frozen=True)
class DraftSummary:
    """One saved draft as the start page lists it."""

    id: str
    school_name: str
    school_type: str
    school_year: str
    created_at: datetime
    updated_at: datetime
    step: int

    @property
    def updated_label(self) -> str:
        """Last change as "dd/mm/yyyy HH:MM"."""
        return self.updated_at.strftime("%d/%m/%Y %H:%M")


class DraftNotFoundError(CaitienError):
    """The draft id is not in the store (deleted, or a typo on the command line)."""


def _now() -> str:
    return datetime.now().isoformat(timespec="microseconds")


class DraftStore:
    """Drafts of improvement plans, one row per draft, with a log of every review decision."""

    def __init__(self, path: Path | str, catalog: Catalog | None = None) -> None:
        self.path = Path(path)
        self._catalog = catalog
        self.notice: str | None = None
        self._prepare()

    # -- opening, checking, backing up ---------------------------------------------------------

    def _prepare(self) -> None:
        """Check an existing file, set it aside when unusable, then create/upgrade the schema."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        problem = self._diagnose()
        if problem:
            backup = self._set_aside(problem)
            self.notice = _notice(problem, backup)
            log.warning("draft store %s set aside as %s (%s)", self.path, backup, problem)
        with self._connect() as con:
            con.execute("PRAGMA journal_mode=WAL")
            con.executescript(_SCHEMA)
            if con.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0] == 0:
                con.execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,))

    def _diagnose(self) -> str | None:
        """"corrupt", "foreign", "newer" or None (missing, empty or healthy file)."""
        if not self.path.exists() or self.path.stat().st_size == 0:
            return None
        try:
            con = sqlite3.connect(self.path, timeout=_BUSY_TIMEOUT_S)
            try:
                if con.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                    return "corrupt"
                tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
                if not tables:
                    return None
                if "schema_version" not in tables or "drafts" not in tables:
                    return "foreign"
                row = con.execute("SELECT MAX(version) FROM schema_version").fetchone()
                return "newer" if row and row[0] and int(row[0]) > SCHEMA_VERSION else None
            finally:
                con.close()
        except sqlite3.DatabaseError:
            return "corrupt"

    def _set_aside(self, reason: str) -> Path:
        """Rename the file (and its WAL/SHM sidecars) with a timestamp; return the new path."""
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = self.path.with_name(f"{self.path.stem}.{reason}-{stamp}{self.path.suffix}")
        counter = 1
        while backup.exists():
            backup = self.path.with_name(f"{self.path.stem}.{reason}-{stamp}-{counter}{self.path.suffix}")
            counter += 1
        self.path.rename(backup)
        for side in ("-wal", "-shm"):
            extra = Path(f"{self.path}{side}")
            if extra.exists():
                extra.rename(Path(f"{backup}{side}"))
        return backup

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """A connection for one unit of work: committed on success, rolled back on error."""
        con = sqlite3.connect(self.path, timeout=_BUSY_TIMEOUT_S)
        try:
            con.execute("PRAGMA synchronous=FULL")
            con.execute(f"PRAGMA busy_timeout={int(_BUSY_TIMEOUT_S * 1000)}")
            with con:
                yield con
        finally:
            con.close()

    # -- drafts ----------------------------------------------------------------------------------

    def list_drafts(self) -> list[DraftSummary]:
        """Saved drafts, most recently changed first."""
        with self._connect() as con:
            rows = con.execute(
                "SELECT id, school_name, school_type, school_year, created_at, updated_at, step "
                "FROM drafts ORDER BY updated_at DESC, rowid DESC"
            ).fetchall()
        return [
            DraftSummary(r[0], r[1], r[2], r[3], datetime.fromisoformat(r[4]), datetime.fromisoformat(r[5]), r[6])
            for r in rows
        ]

    def create(self, profile: SchoolProfile) -> str:
        """Start a draft for this school; returns its id."""
        draft_id = uuid.uuid4().hex[:12]
        state = {"profile": profile.model_dump(mode="json"), "step": 1}
        now = _now()
        with self._connect() as con:
            con.execute(
                "INSERT INTO drafts (id, school_name, school_type, school_year, created_at, updated_at, step, state) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (draft_id, *_summary(state), now, now, 1, json.dumps(state, ensure_ascii=False)),
            )
        return draft_id

    def exists(self, draft_id: str) -> bool:
        """Whether a draft with this id is saved."""
        with self._connect() as con:
            return con.execute("SELECT 1 FROM drafts WHERE id = ?", (draft_id,)).fetchone() is not None

    def save_state(self, draft_id: str, state: dict[str, Any], decisions: Sequence[ReviewDecision] = ()) -> str:
        """Replace the saved state (a JSON-able dict with ``profile`` and ``step``) in one commit.

        Decisions passed along are logged in the same transaction, so the log and the state
        never disagree after a crash.  Returns the new :meth:`stamp` of the draft.
        """
        name, school_type, year = _summary(state)
        stamp = _now()
        with self._connect() as con:
            cur = con.execute(
                "UPDATE drafts SET school_name = ?, school_type = ?, school_year = ?, updated_at = ?, step = ?, "
                "state = ? WHERE id = ?",
                (name, school_type, year, stamp, int(state.get("step", 1)), json.dumps(state, ensure_ascii=False),
                 draft_id),
            )
            if cur.rowcount == 0:
                raise _not_found(draft_id)
            for decision in decisions:
                _insert_decision(con, draft_id, decision)
        return stamp

    def stamp(self, draft_id: str) -> str | None:
        """When the draft was last saved (to notice a save from another tab), or None if it is gone."""
        with self._connect() as con:
            row = con.execute("SELECT updated_at FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        return str(row[0]) if row else None

    def load_state(self, draft_id: str) -> dict[str, Any]:
        """The saved state of a draft; raises :class:`DraftNotFoundError` when there is none."""
        with self._connect() as con:
            row = con.execute("SELECT state FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        if row is None:
            raise _not_found(draft_id)
        data: dict[str, Any] = json.loads(row[0])
        return data

    def delete(self, draft_id: str) -> None:
        """Delete a draft and its decision log."""
        with self._connect() as con:
            con.execute("DELETE FROM decisions WHERE draft_id = ?", (draft_id,))
            con.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))

    def duplicate(self, draft_id: str, new_year: str) -> str:
        """Copy a draft as the start of another school year ("dùng kế hoạch năm trước").

        The copy keeps the school, the reports, the chosen criteria, the reviewed rows and the
        organisation; it starts again at step 1 and remembers which draft it came from.
        """
        state = self.load_state(draft_id)
        profile = dict(state.get("profile", {}))
        previous = {"draft_id": draft_id, "school_year": profile.get("school_year", "")}
        profile["school_year"] = new_year
        state.update(profile=profile, step=1, previous=previous)
        new_id = self.create(SchoolProfile.model_validate(profile))
        self.save_state(new_id, state)
        return new_id

    # -- decisions -------------------------------------------------------------------------------

    def record_decision(self, draft_id: str, decision: ReviewDecision) -> None:
        """Append one decision to the draft's log (committed before returning)."""
        with self._connect() as con:
            if con.execute("SELECT 1 FROM drafts WHERE id = ?", (draft_id,)).fetchone() is None:
                raise _not_found(draft_id)
            _insert_decision(con, draft_id, decision)

    def decisions(self, draft_id: str) -> list[ReviewDecision]:
        """The decision log of a draft, oldest first."""
        with self._connect() as con:
            rows = con.execute(
                "SELECT suggestion_id, kind, row, decided_by, decided_at FROM decisions WHERE draft_id = ? ORDER BY seq",
                (draft_id,),
            ).fetchall()
        return [
            ReviewDecision.model_validate(
                {"suggestion_id": r[0], "kind": r[1], "row": json.loads(r[2]) if r[2] else None, "by": r[3],
                 "at": r[4]}
            )
            for r in rows
        ]

    # -- plans -----------------------------------------------------------------------------------

    def plan(self, draft_id: str) -> Plan:
        """Rebuild the plan of a saved draft (used by ``caitien export DRAFT_ID``)."""
        from .wizard.planning import plan_from_state
        from .wizard.state import WizardState

        catalog = self._catalog
        if catalog is None:
            from .services import get_catalog

            catalog = get_catalog()
        return plan_from_state(WizardState.from_dict(self.load_state(draft_id)), catalog)


def _summary(state: dict[str, Any]) -> tuple[str, str, str]:
    profile = state.get("profile") or {}
    return str(profile.get("name", "")), str(profile.get("school_type", "")), str(profile.get("school_year", ""))


def _insert_decision(con: sqlite3.Connection, draft_id: str, decision: ReviewDecision) -> None:
    row = decision.row.model_dump_json() if decision.row is not None else None
    con.execute(
        "INSERT INTO decisions (draft_id, suggestion_id, kind, criterion, row, decided_by, decided_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            draft_id,
            decision.suggestion_id,
            decision.kind,
            decision.row.criterion if decision.row is not None else "",
            row,
            decision.by,
            (decision.at or datetime.now()).isoformat(timespec="seconds"),
        ),
    )


def _not_found(draft_id: str) -> DraftNotFoundError:
    return DraftNotFoundError(
        f"Không tìm thấy bản nháp '{draft_id}'.",
        "Hãy mở danh sách kế hoạch đã lưu để chọn lại, hoặc bắt đầu một kế hoạch mới.",
    )


_REASONS = {
    "corrupt": "Tệp dữ liệu các bản nháp bị hỏng nên không đọc được.",
    "foreign": "Tệp dữ liệu các bản nháp không phải của ứng dụng này.",
    "newer": "Tệp dữ liệu các bản nháp được tạo bởi một phiên bản mới hơn của ứng dụng.",
}


def _notice(reason: str, backup: Path) -> str:
    return (
        f"{_REASONS[reason]} Tệp cũ được giữ nguyên và đổi tên thành “{backup.name}” "
        f"(trong thư mục {backup.parent}); ứng dụng đã tạo tệp dữ liệu mới. "
        "Nếu cần lấy lại dữ liệu cũ, hãy gửi tệp đó cho bộ phận hỗ trợ hoặc mở bằng phiên bản mới hơn."
    )
