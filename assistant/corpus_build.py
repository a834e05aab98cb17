"""Turning a parsed plan into corpus rows, and keeping the user's corpus free of duplicates.

Each plan row becomes one :class:`CorpusRow` with where it came from (a readable source, the file
name and the row's position in the table), so a suggestion drawn from it can say "from the plan of
Trường THCS xã Thanh Xương, 2025-2026, row 12".  Owners are kept as written, including the names
of real people, because that is what the school wrote.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from corpus.schema import CorpusRow
from corpus.text import fold

from .plans import ParsedPlan

SEED_PREFIX = re.compile(r"^([0-9A-Za-z]+)")


def plan_source(plan: ParsedPlan, file_name: str) -> str:
    """A readable source: "Kế hoạch CTCL Trường THCS xã Thanh Xương, năm học 2025-2026"."""
    who = plan.header.school_name or Path(file_name).name
    year = f", năm học {plan.header.school_year}" if plan.header.school_year else ""
    return f"Kế hoạch CTCL {who}{year}"


def _id_prefix(kind: str, source_file: str, framework: str) -> str:
    if kind == "seed":
        m = SEED_PREFIX.match(Path(source_file).name)
        return f"seed-{m.group(1) if m else Path(source_file).stem}"
    digest = hashlib.sha1(f"{source_file}|{framework}".encode()).hexdigest()[:10]
    return f"{kind}-{digest}"


def plan_rows_to_corpus(
    plan: ParsedPlan,
    *,
    source: str,
    source_file: str,
    kind: Literal["seed", "user"] = "seed",
    framework: str | None = None,
    id_prefix: str | None = None,
) -> list[CorpusRow]:
    """Corpus rows of a parsed plan (rows without a criterion code are left out).

    ``framework`` overrides the plan's own (for a plan that cites none); ``position`` is the
    1-based row number in the plan table; ids are "seed-<file prefix>-<position>" for seeds.
    Returns an empty list when the plan has no framework to file its rows under.
    """
    framework_id = framework or plan.header.framework_id
    if not framework_id:
        return []
    prefix = id_prefix or _id_prefix(kind, source_file, framework_id)
    school_type = plan.header.school_type.value if plan.header.school_type else ""
    out = []
    for position, row in enumerate(plan.rows, start=1):
        if not row.criterion:
            continue
        out.append(
            CorpusRow(
                id=f"{prefix}-{position}",
                kind=kind,
                framework=framework_id,
                criterion=row.criterion,
                band=row.band,
                school_type=school_type,
                school_year=plan.header.school_year,
                source=source,
                source_file=Path(source_file).name,
                position=position,
                criterion_title=row.criterion_title,
                content=row.content,
                target=row.target,
                actions=row.actions,
                indicators=row.indicators,
                owners=row.owners,
                timeline=row.timeline,
                budget=row.budget,
                support=row.support,
                evidence=row.evidence,
                note=row.note,
                confidence=row.confidence,
            )
        )
    return out


def dedup_key(row: CorpusRow) -> tuple[str, str, str, str]:
    """Rows are the same when framework, band, criterion and normalised action text agree.

    The action text is accent-folded with punctuation and spacing removed, so a row re-typed with
    another dash or a missing full stop is still the same row; rows without actions compare
    their content or target instead.
    """
    text = " ".join(row.actions) or row.content or row.target
    normalised = " ".join(re.findall(r"[0-9a-z]+", fold(text)))
    return row.framework, row.band, row.criterion, normalised


def new_rows(candidates: Iterable[CorpusRow], existing: Iterable[CorpusRow]) -> tuple[list[CorpusRow], int]:
    """The candidates not already present (nor repeated among themselves) and how many were dropped."""
    existing = list(existing)
    seen = {dedup_key(r) for r in existing}
    ids = {r.id for r in existing}
    kept: list[CorpusRow] = []
    dropped = 0
    for row in candidates:
        key = dedup_key(row)
        if key in seen or row.id in ids:
            dropped += 1
            continue
        seen.add(key)
        ids.add(row.id)
        kept.append(row)
    return kept, dropped
