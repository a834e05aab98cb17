"""Held-out plan check: plans written by someone who never saw the plan parser, compared with truth.

The plans and their truth are in ``tests/fixtures/heldout_plans/`` (see its README).  For every
file: framework and school year found, then per row (in table order) whether the criterion, the
number of actions, the owner, the time and the budget were read as written (text compared after
collapsing white space).  A criterion spanning two table rows may come back as one row: the truth
marks its second part, and both readings are accepted.  Run ``python -m benchmarks heldout_plans_bench``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

FOLDER = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "heldout_plans"
FIELDS = ("criterion", "actions", "owner", "timeline", "budget")


def _norm(text: str | None) -> str:
    return " ".join((text or "").split()).strip(" .;").lower()


def _truth_rows(entry: dict) -> list[dict]:
    """Truth rows, with a criterion's continuation merged into the row before (one reading)."""
    merged: list[dict] = []
    for row in entry["rows"]:
        if row.get("continues_previous_criterion") and merged:
            prev = dict(merged[-1])
            prev["actions_count"] = prev["actions_count"] + row["actions_count"]
            merged[-1] = prev
        else:
            merged.append(dict(row))
    return merged


def _score(truth: list[dict], rows: list) -> dict[str, int]:
    hits = dict.fromkeys(FIELDS, 0)
    for want, got in zip(truth, rows, strict=False):
        hits["criterion"] += (got.criterion or None) == want["criterion"]
        hits["actions"] += len(got.actions) == want["actions_count"]
        hits["owner"] += _norm(got.owners) == _norm(want["owner"])
        hits["timeline"] += _norm(got.timeline) == _norm(want["timeline"])
        hits["budget"] += _norm(got.budget) == _norm(want["budget"])
    return hits


def check(entry: dict) -> dict:
    """Compare one parsed plan with its truth (both row readings tried, the better kept)."""
    from assistant import services
    from assistant.errors import CaitienError
    from assistant.plans import read_plan

    path = FOLDER / entry["file"]
    try:
        plan = read_plan(path.read_bytes(), path.name, services.get_catalog())
    except CaitienError as exc:
        return {"file": entry["file"], "error": str(exc), "cells": (0, len(entry["rows"]) * len(FIELDS))}
    rows = list(plan.rows)
    best = max((_truth_rows(entry), entry["rows"]), key=lambda t: (len(t) == len(rows), sum(_score(t, rows).values())))
    hits = _score(best, rows)
    return {
        "file": entry["file"],
        "framework": (plan.header.framework_id, entry["framework"]),
        "school_year": (plan.header.school_year, entry["school_year"]),
        "rows": (len(rows), len(best)),
        "fields": {k: f"{v}/{len(best)}" for k, v in hits.items()},
        "cells": (sum(hits.values()), len(best) * len(FIELDS)),
    }


def main() -> int:
    """Print the comparison for every held-out plan and the totals."""
    expected = json.loads((FOLDER / "expected.json").read_text(encoding="utf-8"))
    right = total = 0
    for entry in expected:
        res = check(entry)
        print(json.dumps(res, ensure_ascii=False))
        right, total = right + res["cells"][0], total + res["cells"][1]
    print(f"row fields read right: {right}/{total} = {right / max(total, 1):.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
