"""The one shape of a corpus row: a past-plan row, an exemplar we wrote, or a user's own row.

Rows are stored as JSON Lines (UTF-8, NFC, one object per line).  The retriever indexes
:meth:`CorpusRow.search_text`; the drafter adapts the fields; the UI shows ``source`` and ``why``.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

RowKind = Literal["seed", "exemplar", "user", "generated"]


class CorpusRow(BaseModel):
    """One plan row with where it came from.

    ``id`` is stable (source + position for parsed rows, a readable key for exemplars).
    ``framework`` is a catalogue id ("tt18-2018", "tt57-2026-pho-thong"); ``criterion`` the
    normalised code ("3.4"; for Mức 4 items band is "4" and criterion the item number).
    ``serves`` lists requirement references "3.4 M3 a" (criterion, level, indicator id).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    kind: RowKind
    framework: str
    criterion: str
    band: Literal["1-3", "4"] = "1-3"
    school_type: str = ""
    school_year: str = ""
    source: str = ""  # human-readable: "Kế hoạch THCS xã Thanh Xương 2025-2026, hàng 12"
    source_file: str = ""
    position: int = Field(default=0, ge=0)
    criterion_title: str = ""
    content: str = ""
    target: str = ""
    actions: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()
    owners: str = ""
    timeline: str = ""
    budget: str = ""
    support: str = ""
    evidence: tuple[str, ...] = ()
    note: str = ""
    serves: tuple[str, ...] = ()
    why: str = ""
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)

    @field_validator("*", mode="before")
    @classmethod
    def _nfc(cls, v: object) -> object:
        if isinstance(v, str):
            return unicodedata.normalize("NFC", v).strip()
        if isinstance(v, list | tuple):
            return tuple(unicodedata.normalize("NFC", x).strip() if isinstance(x, str) else x for x in v)
        return v

    def search_text(self) -> str:
        """The text the retriever indexes: title, content, target and the actions."""
        parts = [self.criterion_title, self.content, self.target, *self.actions, *self.indicators]
        return " ".join(p for p in parts if p)


def read_rows(path: Path) -> Iterator[CorpusRow]:
    """Rows of one JSON Lines file (blank lines skipped); a bad line names file and line."""
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                yield CorpusRow.model_validate_json(line)
            except ValueError as exc:
                raise ValueError(f"{path}:{number}: {exc}") from exc


def write_rows(path: Path, rows: Iterable[CorpusRow]) -> int:
    """Write rows as JSON Lines (UTF-8, not ASCII-escaped); returns how many were written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row.model_dump(mode="json"), ensure_ascii=False) + "\n")
            count += 1
    return count
