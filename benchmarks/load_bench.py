"""Load benchmark: 20 browser sessions drafting at once against one process's services.

Each session is a :class:`WizardController` on its own thread sharing the services of the process
(as the Streamlit app shares them through ``st.cache_resource``): it fills in a school, uploads a
real self-assessment, proposes criteria, drafts three of them, accepts and edits rows and exports
the plan.  ``main()`` runs a warm-up round (model and index loading included), then a measured
round, and prints sessions per second, the 95th percentile of session and intent latency, and
the peak memory of the process.  ``python -m benchmarks.load_bench [--sessions N] [--lexical]``.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPORTS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "reports"
# (school type, framework of its 2018 report, sample report)
SCHOOLS = (("THCS", "tdg_tt18_thcs.docx"), ("TH", "tdg_tt17_th.docx"), ("MN", "tdg_tt19_mn.docx"))
SCHOOL_WORD = {"THCS": "THCS", "TH": "Tiểu học", "MN": "Mầm non"}
CRITERIA_PER_SESSION = 3


@dataclass
class SessionResult:
    """What one session did: its draft, its own marks, timings, errors and shared objects seen."""

    index: int
    name: str
    owner_mark: str
    draft_id: str | None = None
    seconds: float = 0.0
    intents: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    selected: list[str] = field(default_factory=list)
    shared: dict[str, int] = field(default_factory=dict)  # getter name -> id() of the object it returned
    exported: int = 0


def school_of(index: int) -> tuple[str, str, str]:
    """(school type, report file name, school name) of session ``index``."""
    school_type, report = SCHOOLS[index % len(SCHOOLS)]
    return school_type, report, f"Trường {SCHOOL_WORD[school_type]} Số {index + 1}"


def run_session(services: Any, index: int, start: threading.Barrier | None = None,
                *, export: bool = True) -> SessionResult:
    """One user's whole drafting session; errors are collected, never raised."""
    from assistant import services as svc
    from assistant.controller import WizardController

    school_type, report, name = school_of(index)
    result = SessionResult(index, name, f"Tổ trưởng tổ số {index + 1:02d}")  # "01" is no part of "10"
    data = (REPORTS / report).read_bytes()
    if start is not None:
        start.wait()
    began = time.perf_counter()
    ctl = WizardController(services)

    def step(call: Callable[[], Any]) -> Any:
        t = time.perf_counter()
        out = call()
        result.intents.append(time.perf_counter() - t)
        result.errors.extend(m.text for m in ctl.pop_messages() if m.level == "error")
        return out

    try:
        step(lambda: ctl.set_profile(name=name, school_type=school_type, school_year="2025-2026",
                                     signer=f"Hiệu trưởng số {index + 1}"))
        step(lambda: ctl.upload_report(data, report, "tdg"))
        needs = step(ctl.propose_criteria) or []
        result.selected = [n.code for n in needs][:CRITERIA_PER_SESSION]
        step(lambda: ctl.set_selected_criteria(result.selected))
        step(ctl.draft)
        for code in result.selected:
            offered = ctl.review.for_criterion(code)
            if offered:
                step(lambda s=offered[0].id: ctl.accept(s))
        first = ctl.review.for_criterion(result.selected[0]) if result.selected else []
        if first:
            step(lambda: ctl.edit(first[0].id, {"owners": result.owner_mark}))
        if export:
            file = step(lambda: ctl.export("docx"))
            result.exported = len(file.data) if file else 0
        result.draft_id = ctl.draft_id
        result.shared = {
            "drafter": id(services.drafter()),
            "retriever": id(svc.get_retriever()),
            "model": id(svc.resolve_model()),
            "catalog": id(services.catalog),
        }
    except Exception as exc:  # a crash in a session is a finding, reported by the caller
        result.errors.append(f"{type(exc).__name__}: {exc}")
    result.seconds = time.perf_counter() - began
    return result


def run_sessions(services: Any, sessions: int = 20, *, export: bool = True) -> tuple[list[SessionResult], float]:
    """Run ``sessions`` sessions at once (released together); returns results and wall time."""
    results: list[SessionResult | None] = [None] * sessions
    barrier = threading.Barrier(sessions + 1)

    def work(i: int) -> None:
        results[i] = run_session(services, i, barrier, export=export)

    threads = [threading.Thread(target=work, args=(i,), name=f"phien-{i + 1}") for i in range(sessions)]
    for t in threads:
        t.start()
    barrier.wait()
    began = time.perf_counter()
    for t in threads:
        t.join()
    wall = time.perf_counter() - began
    return [r for r in results if r is not None], wall


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) by the nearest-rank method."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def peak_memory_mb() -> float:
    """Peak resident memory of this process in MB (ru_maxrss is in KB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def summary(results: Sequence[SessionResult], wall: float) -> dict[str, float]:
    """Sessions/s, p95 session and intent latency, errors, peak memory."""
    return {
        "sessions": len(results),
        "wall_s": round(wall, 2),
        "sessions_per_s": round(len(results) / wall, 2) if wall else 0.0,
        "p95_session_s": round(percentile([r.seconds for r in results], 95), 2),
        "p95_intent_s": round(percentile([t for r in results for t in r.intents], 95), 3),
        "median_session_s": round(statistics.median(r.seconds for r in results), 2),
        "errors": sum(len(r.errors) for r in results),
        "peak_memory_mb": round(peak_memory_mb(), 1),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Warm-up round, then a measured round of concurrent sessions; prints the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--lexical", action="store_true", help="no embedding model (lexical search only)")
    args, _ = parser.parse_known_args(argv)  # `python -m benchmarks NAME` passes its own arguments
    with tempfile.TemporaryDirectory(prefix="caitien-load-") as folder:
        os.environ["CAITIEN_DATA_DIR"] = folder  # never touch the user's saved drafts
        if args.lexical:
            os.environ["CAITIEN_EMBEDDER"] = "lexical"
            os.environ["CAITIEN_CACHE_DIR"] = str(Path(folder) / "cache")
        from assistant import services as svc
        from assistant.controller import real_services

        svc.reset()
        services = real_services()
        t = time.perf_counter()
        cold, cold_wall = run_sessions(services, args.sessions)
        print(f"khởi động (nạp mô hình, chỉ mục): {time.perf_counter() - t:.1f} s cho {len(cold)} phiên đầu")
        results, wall = run_sessions(services, args.sessions)
        figures = summary(results, wall)
        shared = {name: len({r.shared.get(name) for r in cold + results}) for name in ("drafter", "retriever", "model")}
        print(f"{figures['sessions']} phiên đồng thời: {figures['sessions_per_s']} phiên/s, "
              f"p95 mỗi phiên {figures['p95_session_s']} s, p95 mỗi thao tác {figures['p95_intent_s']} s, "
              f"lỗi {figures['errors']}")
        print(f"bộ nhớ đỉnh: {figures['peak_memory_mb']} MB; số đối tượng dùng chung khác nhau: {shared}")
        print({"cold_wall_s": round(cold_wall, 2), **figures, "distinct_shared_objects": shared})
    return 0 if figures["errors"] == 0 and all(v == 1 for v in shared.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
