"""Durability: a principal's work survives a killed server, and a bad database file is never overwritten.

A child process applies a burst of review edits through the wizard controller (each intent commits
to SQLite in WAL mode before it returns) and prints an acknowledgement after each one; the test
kills it with SIGKILL mid-burst, twice, and checks that every acknowledged edit is in the file.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from assistant.catalog import Catalog
from assistant.controller import WizardController
from assistant.domain import SchoolProfile, SchoolType
from assistant.store import SCHEMA_VERSION, DraftStore
from tests.robustness.conftest import assert_vietnamese_message, make_services

REPO = Path(__file__).resolve().parents[2]
ACKS_BEFORE_KILL = 25

# The child: open (or resume) a draft with the fake reader/drafter, then edit suggestions forever,
# printing "ACK <n> <suggestion id>" after each edit the controller reports as saved.
CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from assistant.controller import WizardController
    from tests.wizard_fakes import fake_services

    folder, draft_id, start = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    services = fake_services(folder)
    if draft_id == "-":
        ctl = WizardController(services)
        ctl.set_profile(name="Trường THCS Thanh Xương", school_type="THCS", school_year="2025-2026",
                        signer="Nguyễn Văn An")
        ctl.upload_report(b"x", "tdg.docx", "tdg")
        ctl.propose_criteria()
        ctl.draft()
    else:
        ctl = WizardController(services, draft_id)
    ids = [s.id for code in ctl.state.selected for s in ctl.review.for_criterion(code)]
    ctl.pop_messages()
    print("READY", ctl.draft_id, flush=True)
    n = start
    while True:
        n += 1
        sid = ids[n % len(ids)]
        ok = ctl.edit(sid, {"budget": f"{n} triệu đồng"})
        failed = [m for m in ctl.pop_messages() if m.level == "error"]
        if ok and not failed:
            print("ACK", n, sid, flush=True)
    """
)


def _burst(folder: Path, draft_id: str, start: int) -> tuple[str, list[tuple[int, str]]]:
    """Run the child until it acknowledged ACKS_BEFORE_KILL edits, then SIGKILL it."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "CAITIEN_DATA_DIR": str(folder)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(folder), draft_id, str(start)],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
    )
    acks: list[tuple[int, str]] = []
    ready = ""
    deadline = time.monotonic() + 120
    try:
        assert child.stdout is not None
        for line in child.stdout:
            parts = line.split()
            if parts[:1] == ["READY"]:
                ready = parts[1]
            elif parts[:1] == ["ACK"]:
                acks.append((int(parts[1]), parts[2]))
                if len(acks) >= ACKS_BEFORE_KILL:
                    os.kill(child.pid, signal.SIGKILL)  # mid-burst: the child is already on the next edit
                    break
            assert time.monotonic() < deadline, "the child did not acknowledge edits in time"
    finally:
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL, child.stderr.read() if child.stderr else ""
    assert ready and len(acks) == ACKS_BEFORE_KILL
    return ready, acks


def test_every_acknowledged_edit_survives_sigkill(tmp_path: Path, catalog: Catalog) -> None:
    draft_id, first = _burst(tmp_path, "-", 0)
    same, second = _burst(tmp_path, draft_id, first[-1][0] + 1000)  # restart, resume, kill again
    assert same == draft_id
    db = tmp_path / "drafts.sqlite3"
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store = DraftStore(db, catalog)
    assert store.notice is None, store.notice  # a killed writer leaves a healthy file, not a "corrupt" one
    logged = {d.row.budget for d in store.decisions(draft_id) if d.row is not None}
    for n, _sid in first + second:
        assert f"{n} triệu đồng" in logged, f"acknowledged edit {n} was lost"
    # The saved review shows, for each suggestion, its last acknowledged edit or a later one.
    ctl = WizardController(make_services(tmp_path, catalog), draft_id)
    last: dict[str, int] = {}
    for n, sid in first + second:
        last[sid] = n
    for sid, n in last.items():
        budget = ctl.review.row(sid).budget
        assert int(budget.split()[0]) >= n, f"{sid}: saved {budget!r}, acknowledged {n}"
    assert ctl.state.profile.name == "Trường THCS Thanh Xương"


# ------------------------------------------------------------------------------------ bad database files


def _healthy_store(path: Path, catalog: Catalog) -> str:
    store = DraftStore(path, catalog)
    return store.create(SchoolProfile(name="Trường THCS Cũ", school_type=SchoolType.THCS, school_year="2024-2025"))


def _backups(path: Path, reason: str) -> list[Path]:
    return sorted(path.parent.glob(f"{path.stem}.{reason}-*{path.suffix}"))


def _corrupt_pages(path: Path) -> None:
    """Overwrite the middle of the file (b-tree pages) with junk, keeping the SQLite header."""
    data = bytearray(path.read_bytes())
    for offset in range(4096, len(data), 4096):
        data[offset:offset + 600] = b"\xa5" * 600
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("damage", "reason", "words"),
    [
        ("garbage", "corrupt", ("bị hỏng",)),
        ("pages", "corrupt", ("bị hỏng",)),
        ("truncated", "corrupt", ("bị hỏng",)),
        ("newer", "newer", ("phiên bản mới hơn",)),
        ("foreign", "foreign", ("không phải của ứng dụng",)),
    ],
)
def test_a_bad_database_file_is_set_aside_not_overwritten(
    damage: str, reason: str, words: tuple[str, ...], tmp_path: Path, catalog: Catalog
) -> None:
    path = tmp_path / "drafts.sqlite3"
    if damage == "garbage":
        path.write_bytes(b"Day khong phai co so du lieu. " * 400)
    elif damage == "foreign":
        with sqlite3.connect(path) as con:
            con.execute("CREATE TABLE diem (hoc_sinh TEXT, diem REAL)")
            con.execute("INSERT INTO diem VALUES ('Nguyễn Văn B', 8.5)")
        con.close()
    else:
        _healthy_store(path, catalog)
        with sqlite3.connect(path) as con:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            for i in range(200):  # enough rows for several b-tree pages
                con.execute("INSERT INTO decisions (draft_id, suggestion_id, kind, decided_at) VALUES (?, ?, 'accept', '')",
                            ("x", f"s{i}" * 20))
            if damage == "newer":
                con.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 5,))
            con.execute("PRAGMA journal_mode=DELETE")
        con.close()
        if damage == "pages":
            _corrupt_pages(path)
        elif damage == "truncated":
            path.write_bytes(path.read_bytes()[: 4096 + 100])
    original = path.read_bytes()

    store = DraftStore(path, catalog)

    (backup,) = _backups(path, reason)
    assert backup.read_bytes() == original, "the user's old file was changed"
    assert store.notice is not None and backup.name in store.notice
    assert_vietnamese_message(store.notice, words)
    assert store.list_drafts() == []
    new_id = store.create(SchoolProfile(name="Trường mới", school_type=SchoolType.TH, school_year="2025-2026"))
    assert [d.id for d in store.list_drafts()] == [new_id]
    assert backup.read_bytes() == original
    # Opening again finds a healthy file: no second backup, no new notice.
    again = DraftStore(path, catalog)
    assert again.notice is None and len(_backups(path, reason)) == 1


def test_the_wizard_shows_the_backup_notice(tmp_path: Path, catalog: Catalog) -> None:
    (tmp_path / "drafts.sqlite3").write_bytes(b"\x00\x01hong" * 1000)
    ctl = WizardController(make_services(tmp_path, catalog))
    warnings = [m.text for m in ctl.pop_messages() if m.level == "warning"]
    assert len(warnings) == 1
    assert_vietnamese_message(warnings[0], ("bị hỏng",))
    assert ctl.set_profile(name="Trường THCS Mới", school_type="THCS", school_year="2025-2026")
    assert [d.school_name for d in ctl.list_drafts()] == ["Trường THCS Mới"]


def test_a_newer_database_keeps_its_drafts_for_the_newer_version(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "drafts.sqlite3"
    old_id = _healthy_store(path, catalog)
    with sqlite3.connect(path) as con:
        con.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 1,))
    con.close()
    DraftStore(path, catalog)
    (backup,) = _backups(path, "newer")
    with sqlite3.connect(backup) as con:
        assert con.execute("SELECT id FROM drafts").fetchall() == [(old_id,)]
        assert con.execute("SELECT version FROM schema_version").fetchone()[0] == SCHEMA_VERSION + 1
    con.close()
