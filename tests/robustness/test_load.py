"""Load: 20 sessions drafting at once share one process without errors or cross-talk, the heavy
objects are built once per process, and the running server answers 20 concurrent clients.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from assistant import services as svc
from assistant.controller import WizardController, real_services
from benchmarks.load_bench import peak_memory_mb, run_sessions, summary

REPO = Path(__file__).resolve().parents[2]
SESSIONS = 20


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Count how often the process builds the embedder and the search index."""
    import retrieval.resolve

    calls: Counter[str] = Counter()
    real_resolve, real_index = retrieval.resolve.resolve_embedder, svc.ensure_index

    def resolve(*args: object, **kwargs: object) -> object:
        calls["embedder"] += 1
        return real_resolve(*args, **kwargs)

    def index(*args: object, **kwargs: object) -> object:
        calls["index"] += 1
        return real_index(*args, **kwargs)

    monkeypatch.setattr(retrieval.resolve, "resolve_embedder", resolve)
    monkeypatch.setattr(svc, "ensure_index", index)
    return calls


def test_twenty_sessions_draft_at_once_without_errors_cross_talk_or_growth(counted: Counter[str]) -> None:
    services = real_services()  # one per process, as app.py caches it
    results, wall = run_sessions(services, SESSIONS, export=False)
    figures = summary(results, wall)
    print(f"\n20 sessions against the controller: {figures}")
    assert len(results) == SESSIONS
    assert [r.errors for r in results] == [[] for _ in results]
    # No cross-talk: each saved draft holds its own school and its own edits only.
    store = services.store
    assert len({r.draft_id for r in results}) == SESSIONS
    assert sorted(d.school_name for d in store.list_drafts()) == sorted(r.name for r in results)
    marks = {r.owner_mark for r in results}
    for r in results:
        ctl = WizardController(services, r.draft_id)
        assert ctl.state.profile.name == r.name and ctl.state.selected == r.selected
        plan = ctl.plan()
        assert plan is not None and len(plan.rows) == len(r.selected)
        owners = " | ".join(row.owners for row in plan.rows)
        assert r.owner_mark in owners
        assert not any(m in owners for m in marks - {r.owner_mark}), f"{r.name} holds another session's row"
        assert r.name.upper() in plan.header.school_name.upper()
    # Heavy objects are built once per process and shared by every session.
    for name in ("drafter", "retriever", "model", "catalog"):
        assert len({r.shared[name] for r in results}) == 1, f"{name} was built more than once"
    assert counted == {"embedder": 1, "index": 1}, f"built more than once: {dict(counted)}"
    # Memory stays bounded: 20 more sessions in the same process cost little more than the first 20.
    after_first = peak_memory_mb()
    again, _ = run_sessions(services, SESSIONS, export=False)
    assert all(not r.errors for r in again)
    growth = peak_memory_mb() - after_first
    print(f"peak memory {peak_memory_mb():.0f} MB, growth over 20 more sessions {growth:.0f} MB")
    assert growth < 100, f"memory grew by {growth:.0f} MB over 20 more sessions"
    assert counted == {"embedder": 1, "index": 1}


# ------------------------------------------------------------------------------------ the running server


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(port: int, path: str, timeout: float = 15.0) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@pytest.fixture
def server(tmp_path: Path) -> tuple[int, subprocess.Popen[bytes]]:
    """``streamlit run app.py`` on a free port, data in tmp, lexical search (no model to load)."""
    port = _free_port()
    env = {**os.environ, "CAITIEN_DATA_DIR": str(tmp_path / "data"), "CAITIEN_EMBEDDER": "lexical",
           "CAITIEN_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
               "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 90
    try:
        while True:
            assert process.poll() is None, (process.stdout.read() if process.stdout else b"").decode()
            try:
                if _get(port, "/_stcore/health", 2.0) == (200, b"ok"):
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the server did not become healthy in 90 s"
            time.sleep(0.5)
        yield port, process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.mark.slow
def test_the_server_answers_twenty_concurrent_clients(server: tuple[int, subprocess.Popen[bytes]]) -> None:
    port, process = server
    requests_per_client = 5
    lock, statuses = threading.Lock(), Counter()

    def client(i: int) -> None:
        for j in range(requests_per_client):
            path = "/" if (i + j) % 2 else "/_stcore/health"
            status, body = _get(port, path)
            with lock:
                statuses[(path, status)] += 1
            if path == "/":
                assert b"<html" in body.lower()
            else:
                assert body == b"ok"

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=SESSIONS) as pool:
        for future in [pool.submit(client, i) for i in range(SESSIONS)]:
            future.result(timeout=60)
    took = time.perf_counter() - began
    print(f"\n{SESSIONS * requests_per_client} requests from {SESSIONS} clients in {took:.2f} s: {dict(statuses)}")
    assert sum(statuses.values()) == SESSIONS * requests_per_client
    assert all(status == 200 for _, status in statuses)
    assert took < 30
    assert process.poll() is None and _get(port, "/_stcore/health") == (200, b"ok")
