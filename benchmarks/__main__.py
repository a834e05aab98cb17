"""Run every benchmark module (``benchmarks/*_bench.py``) in name order; a failing one does not stop
the others, and the exit code says whether all succeeded."""

from __future__ import annotations

import importlib
import sys
import traceback
from pathlib import Path


def main() -> int:
    """Import each ``*_bench`` module and call its ``main()``."""
    failed = 0
    only = set(sys.argv[1:])
    for path in sorted(Path(__file__).parent.glob("*_bench.py")):
        if only and path.stem not in only:
            continue
        print(f"== {path.stem} ==", flush=True)
        try:
            module = importlib.import_module(f"benchmarks.{path.stem}")
            result = module.main()
            failed += int(bool(result))
        except Exception:  # a benchmark's crash is reported, the others still run
            traceback.print_exc()
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
