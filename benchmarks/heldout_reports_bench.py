"""Held-out report check: parse reports written by someone who never saw the parser, compare with truth.

The documents and their truth are in ``tests/fixtures/heldout_reports/`` (see its README).  Prints,
per file, the kind and framework found, level accuracy (criteria whose stated level was read
right, out of those the document states), wrong levels, levels missed, and weakness recall.
Run ``python -m benchmarks heldout_reports_bench``.  Figures, not assertions: the set measures how the
parser carries to layouts it was not tuned on.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

FOLDER = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "heldout_reports"


def check(entry: dict) -> dict:
    """Compare one parsed report with its truth."""
    from assistant import services
    from assistant.errors import CaitienError
    from assistant.reports import read_report

    path = FOLDER / entry["file"]
    try:
        report = read_report(path.read_bytes(), path.name, services.get_catalog())
    except CaitienError as exc:
        return {"file": entry["file"], "error": str(exc)}
    found = {c.criterion: c for c in report.assessments}
    truth: dict[str, int] = entry.get("levels", {})
    right = sum(1 for code, level in truth.items() if code in found and found[code].level == level)
    wrong = {code: (found[code].level, level) for code, level in truth.items() if code in found and found[code].level not in (None, level)}
    missed = sorted(code for code in truth if code not in found or found[code].level is None)
    weak = set(entry.get("weak", []))
    weak_found = {code for code, c in found.items() if c.weaknesses}
    return {
        "file": entry["file"],
        "kind": (str(report.kind.value) if hasattr(report.kind, "value") else str(report.kind), entry["kind"]),
        "framework": (report.framework_id, entry["framework"]),
        "levels": (right, len(truth)),
        "wrong": wrong,
        "missed": missed,
        "weak": (len(weak & weak_found), len(weak)),
        "recommendations": (len(report.recommendations), entry.get("recommendations")),
    }


def main() -> int:
    """Print the comparison for every held-out report and the totals."""
    expected = json.loads((FOLDER / "expected.json").read_text(encoding="utf-8"))
    right = total = weak_hit = weak_total = 0
    for entry in expected:
        res = check(entry)
        print(json.dumps(res, ensure_ascii=False))
        if "error" in res:
            total += len(entry.get("levels", {}))
            weak_total += len(entry.get("weak", []))
            continue
        right, total = right + res["levels"][0], total + res["levels"][1]
        weak_hit, weak_total = weak_hit + res["weak"][0], weak_total + res["weak"][1]
    print(f"levels read right: {right}/{total} = {right / max(total, 1):.1%}; weaknesses found: {weak_hit}/{weak_total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
