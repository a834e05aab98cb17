"""DraftStore: WAL durability, drafts and decisions, duplicates, corrupted and newer files set aside."""

from __future__ import annotations

import sqlite3
import threading
from datetime import datetime
from pathlib import Path

import pytest

from assistant.domain import PlanRow, ReviewDecision, SchoolProfile, SchoolType
from assistant.store import SCHEMA_VERSION, DraftNotFoundError, DraftStore


@pytest.fixture
def store(tmp_path: Path) -> DraftStore:
    return DraftStore(tmp_path / "drafts.sqlite3")


def _profile(name: str = "Trường THCS Thanh Xương", year: str = "2025-2026") -> SchoolProfile:
    return SchoolProfile(name=name, school_type=SchoolType.THCS, school_year=year, framework_id="tt18-2018")


def test_database_is_wal_with_a_schema_version(store: DraftStore) -> None:
    con = sqlite3.connect(store.path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
    assert store.notice is None


def test_create_save_load_roundtrip_keeps_vietnamese_text(store: DraftStore) -> None:
    draft_id = store.create(_profile())
    state = {"profile": _profile().model_dump(mode="json"), "step": 4, "selected": ["1.4", "3.4"],
             "note": "Nhà vệ sinh xuống cấp"}
    store.save_state(draft_id, state)
    assert store.load_state(draft_id) == state
    (summary,) = store.list_drafts()
    assert (summary.id, summary.school_name, summary.school_type, summary.school_year, summary.step) == (
        draft_id, "Trường THCS Thanh Xương", "THCS", "2025-2026", 4)
    assert summary.updated_label.count("/") == 2


def test_list_is_most_recent_first_and_delete_removes_decisions(store: DraftStore) -> None:
    first = store.create(_profile("Trường A"))
    second = store.create(_profile("Trường B"))
    store.save_state(first, {"profile": _profile("Trường A").model_dump(mode="json"), "step": 2})
    assert [d.id for d in store.list_drafts()][0] == first
    store.record_decision(first, ReviewDecision(suggestion_id="s1", kind="accept"))
    store.delete(first)
    assert [d.id for d in store.list_drafts()] == [second]
    assert store.decisions(first) == []
    with pytest.raises(DraftNotFoundError) as err:
        store.load_state(first)
    assert "Không tìm thấy bản nháp" in str(err.value)


def test_decisions_are_logged_in_order_with_rows(store: DraftStore) -> None:
    draft_id = store.create(_profile())
    row = PlanRow(criterion="3.4", target="Đạt Mức 2", actions=("Bổ sung sách tham khảo",))
    at = datetime(2025, 9, 28, 14, 5)
    store.record_decision(draft_id, ReviewDecision(suggestion_id="s1", kind="accept", by="Hiệu trưởng", at=at))
    store.save_state(draft_id, {"profile": {}, "step": 5},
                     [ReviewDecision(suggestion_id="s2", kind="edit", row=row, at=at)])
    log = store.decisions(draft_id)
    assert [(d.suggestion_id, d.kind) for d in log] == [("s1", "accept"), ("s2", "edit")]
    assert log[0].by == "Hiệu trưởng" and log[0].at == at
    assert log[1].row == row
    with pytest.raises(DraftNotFoundError):
        store.record_decision("khong-co", ReviewDecision(suggestion_id="s1", kind="reject"))


def test_duplicate_starts_the_next_year_from_the_old_draft(store: DraftStore) -> None:
    old = store.create(_profile())
    store.save_state(old, {"profile": _profile().model_dump(mode="json"), "step": 7, "selected": ["1.4"]})
    new = store.duplicate(old, "2026-2027")
    copied = store.load_state(new)
    assert copied["profile"]["school_year"] == "2026-2027"
    assert copied["step"] == 1 and copied["selected"] == ["1.4"]
    assert copied["previous"] == {"draft_id": old, "school_year": "2025-2026"}
    assert store.load_state(old)["profile"]["school_year"] == "2025-2026"
    assert {d.school_year for d in store.list_drafts()} == {"2025-2026", "2026-2027"}


def test_saves_are_visible_to_a_second_store_on_the_same_file(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite3"
    one = DraftStore(path)
    draft_id = one.create(_profile())
    one.save_state(draft_id, {"profile": {}, "step": 3})
    assert DraftStore(path).load_state(draft_id)["step"] == 3


def test_concurrent_writers_do_not_lose_saves(store: DraftStore) -> None:
    ids = [store.create(_profile(f"Trường {i}")) for i in range(4)]

    def burst(draft_id: str) -> None:
        for step in range(1, 8):
            store.save_state(draft_id, {"profile": {"name": draft_id}, "step": step})
            store.record_decision(draft_id, ReviewDecision(suggestion_id=f"s{step}", kind="accept"))

    threads = [threading.Thread(target=burst, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(store.load_state(i)["step"] == 7 for i in ids)
    assert all(len(store.decisions(i)) == 7 for i in ids)


def test_corrupted_file_is_set_aside_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "drafts.sqlite3"
    garbage = b"day khong phai co so du lieu" * 100
    path.write_bytes(garbage)
    store = DraftStore(path)
    backups = list(tmp_path.glob("drafts.corrupt-*.sqlite3"))
    assert len(backups) == 1 and backups[0].read_bytes() == garbage
    assert store.notice and "bị hỏng" in store.notice and backups[0].name in store.notice
    assert store.list_drafts() == []
    store.create(_profile())
    assert backups[0].read_bytes() == garbage


def test_damaged_pages_are_detected(tmp_path: Path) -> None:
    path = tmp_path / "drafts.sqlite3"
    store = DraftStore(path)
    for i in range(200):
        store.create(_profile(f"Trường số {i} " + "x" * 200))
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    data = bytearray(path.read_bytes())
    for offset in range(4096 * 2, len(data) - 4096, 4096):  # scribble over the middle of every page
        data[offset + 100: offset + 300] = b"\xff" * 200
    path.write_bytes(bytes(data))
    again = DraftStore(path)
    assert again.notice is not None
    assert list(tmp_path.glob("drafts.corrupt-*.sqlite3"))


def test_newer_version_file_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "drafts.sqlite3"
    DraftStore(path).create(_profile())
    con = sqlite3.connect(path)
    con.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 1,))
    con.commit()
    con.close()
    store = DraftStore(path)
    (backup,) = tmp_path.glob("drafts.newer-*.sqlite3")
    assert store.notice and "phiên bản mới hơn" in store.notice
    assert store.list_drafts() == []
    old = sqlite3.connect(backup)
    assert old.execute("SELECT COUNT(*) FROM drafts").fetchone()[0] == 1


def test_a_foreign_sqlite_file_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "drafts.sqlite3"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE diem (hoc_sinh TEXT)")
    con.commit()
    con.close()
    store = DraftStore(path)
    assert store.notice and "không phải của ứng dụng" in store.notice
    assert list(tmp_path.glob("drafts.foreign-*.sqlite3"))
