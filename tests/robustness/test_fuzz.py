"""Mutation fuzz over the readers: 10 000 mutants of real sample files (byte flips, truncation,
splices of hostile fragments, corrupted zip members and zip directories).

Every mutant must be read into a document or refused with a domain error; a document must then go
through the report parser and the plan parser with the same rule.  The run prints its counts and
the slowest mutant.  ``CAITIEN_FUZZ_CASES`` and ``CAITIEN_FUZZ_SEED`` change its size and seed.
"""

from __future__ import annotations

import collections
import os
import random
import time
import traceback

import pytest

from assistant.catalog import Catalog
from assistant.errors import CaitienError
from assistant.ingest import Document, read_document
from assistant.plans import parse_plan, read_plan
from assistant.reports import parse_report
from tests.robustness import make_bad_inputs as bad

CASES = int(os.environ.get("CAITIEN_FUZZ_CASES", "10000"))
SEED = int(os.environ.get("CAITIEN_FUZZ_SEED", "20261"))
SLOWEST_ALLOWED_S = 15.0  # one mutant taking longer than this would freeze a user's upload


def _first_frame(exc: BaseException) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/assistant/" in f.filename]
    where = frames[-1] if frames else traceback.extract_tb(exc.__traceback__)[-1]
    return f"{type(exc).__name__} at {where.filename.rsplit('/', 2)[-2:]}:{where.lineno}"


@pytest.mark.fuzz
def test_mutation_fuzz_over_the_readers() -> None:
    catalog = Catalog.load()
    rng = random.Random(SEED)
    counts: collections.Counter[str] = collections.Counter()
    failures: dict[str, tuple[str, str, int]] = {}
    slowest = (0.0, "")
    start = time.perf_counter()
    for index in range(CASES):
        base = bad.MUTATION_BASES[index % len(bad.MUTATION_BASES)]
        name = base.rsplit("/", 1)[-1]
        kind, data = bad.mutate(bad.mutation_base(base), rng)
        counts[f"mutation:{kind}"] += 1
        began = time.perf_counter()
        try:
            try:
                doc = read_document(data, name)
            except CaitienError:
                counts["refused by the reader"] += 1
                continue
            assert isinstance(doc, Document)
            counts["read"] += 1
            for label, parse in (("report", lambda d=doc: parse_report(d, catalog)),
                                 ("plan", lambda d=doc, b=data, n=name: parse_plan(d, catalog) if d.format == "docx"
                                  else read_plan(b, n, catalog))):
                try:
                    parse()
                    counts[f"{label}: parsed"] += 1
                except CaitienError:
                    counts[f"{label}: refused"] += 1
        except Exception as exc:  # anything but a domain error is a bug: record where it came from
            counts["BUG"] += 1
            failures.setdefault(_first_frame(exc), (base, kind, index))
        finally:
            took = time.perf_counter() - began
            if took > slowest[0]:
                slowest = (took, f"{base} ({kind}, mutant {index})")
    elapsed = time.perf_counter() - start
    print(f"\nfuzz: {CASES} mutants, seed {SEED}, {elapsed:.1f} s ({CASES / elapsed:.0f}/s); "
          f"slowest {slowest[0]:.2f} s: {slowest[1]}")
    for key, value in sorted(counts.items()):
        print(f"  {key}: {value}")
    for where, (base, kind, index) in failures.items():
        print(f"  BUG {where}: first on {base} ({kind}, mutant {index})")
    assert not failures, f"{counts['BUG']} mutants raised something other than a domain error: {list(failures)}"
    assert slowest[0] < SLOWEST_ALLOWED_S, f"a mutant took {slowest[0]:.1f} s: {slowest[1]}"
