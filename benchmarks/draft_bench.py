"""Drafting benchmark: time to draft a 28-criterion TT18 report, cold and warm, without an LLM.

Run ``python -m benchmarks.draft_bench`` in a fresh process.  "Cold" is the first draft of the
process including loading the embedding model and the search index (as the app's first draft
after start); "warm" is the median of later drafts of the same report with everything loaded.
``--lexical`` measures the lexical-only index (no model).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from collections.abc import Sequence

from assistant.domain import CriterionAssessment, ParsedReport, SchoolProfile, SchoolType

YEAR = "2026-2027"
WARM_RUNS = 5


def all_weak_report(framework_id: str = "tt18-2018") -> ParsedReport:
    """A TĐG where every criterion is at Mức 1 with one written weakness (28 criteria for TT18)."""
    from assistant.catalog import default_catalog

    framework = default_catalog().get(framework_id)
    assessments = tuple(
        CriterionAssessment(criterion=c.code, title=c.title, level=1,
                            weaknesses=(f"{c.title} còn hạn chế, chưa đáp ứng yêu cầu Mức 2.",))
        for c in framework.criteria
    )
    return ParsedReport(kind="tdg", framework_id=framework_id, school_type=SchoolType.THCS, assessments=assessments)


def _request(framework_id: str):  # type: ignore[no-untyped-def]
    from assistant import services
    from assistant.drafting import DraftRequest
    from assistant.selection import select_criteria

    catalog = services.get_catalog()
    framework = catalog.get(framework_id)
    tdg = all_weak_report(framework_id)
    needs = select_criteria(framework, tdg, None, "cqg2", catalog=catalog)
    profile = SchoolProfile(name="Trường THCS Thử nghiệm", school_type=SchoolType.THCS, school_year=YEAR)
    return DraftRequest(profile=profile, framework=framework, needs=needs, tdg=tdg, dgn=None, school_year=YEAR)


def measure(framework_id: str = "tt18-2018", warm_runs: int = WARM_RUNS) -> dict[str, object]:
    """Cold (first draft, loading included) and warm (median of later drafts) seconds."""
    start = time.perf_counter()
    from assistant import services
    from assistant.drafting import default_drafter

    request = _request(framework_id)
    drafter = default_drafter()
    loaded = time.perf_counter()
    result = drafter.draft(request)
    cold = time.perf_counter() - start
    warm = []
    for _ in range(warm_runs):
        t = time.perf_counter()
        drafter.draft(request)
        warm.append(time.perf_counter() - t)
    return {
        "framework": framework_id,
        "criteria": len(request.needs),
        "suggestions": sum(len(c.suggestions) for c in result.criteria),
        "embedder": services.get_retriever().embedder_name,
        "load_s": round(loaded - start, 3),
        "cold_s": round(cold, 3),
        "warm_median_s": round(statistics.median(warm), 3),
        "warm_max_s": round(max(warm), 3),
        "warm_under_3s": max(warm) < 3.0,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Print the measurements as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lexical", action="store_true", help="lexical index only (no embedding model)")
    parser.add_argument("--framework", default="tt18-2018")
    args, _ = parser.parse_known_args(argv)  # `python -m benchmarks NAME` passes its own arguments
    if args.lexical:
        os.environ["CAITIEN_EMBEDDER"] = "lexical"
        # a private index folder: the lexical index must not replace the shared e5 one
        os.environ["CAITIEN_CACHE_DIR"] = tempfile.mkdtemp(prefix="caitien-bench-")
    print(json.dumps(measure(args.framework), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
