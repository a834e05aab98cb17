"""Loading corpus rows: the bundled ones (past plans, exemplars) and the user's own.

Bundled rows live in ``corpus/data/*.jsonl`` (rows of the real seed plans) and
``corpus/exemplars/*.jsonl`` (one file per framework id).  The user's rows are kept in
``<data dir>/corpus/*.jsonl`` (``rows.jsonl`` written by ``caitien corpus add``).  A row id seen
twice keeps its first occurrence, so a bundled row cannot be shadowed by a stray copy.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .schema import CorpusRow, read_rows

BUNDLED_DATA = Path(__file__).parent / "data"
EXEMPLAR_DIR = Path(__file__).parent / "exemplars"


def _read_folder(folder: Path) -> list[CorpusRow]:
    """Rows of every ``*.jsonl`` file of a folder, files in name order (missing folder: none)."""
    if not folder.is_dir():
        return []
    rows: list[CorpusRow] = []
    for path in sorted(folder.glob("*.jsonl")):
        rows.extend(read_rows(path))
    return rows


def unique_rows(rows: Iterable[CorpusRow]) -> list[CorpusRow]:
    """Rows with duplicate ids dropped (the first one wins), order kept."""
    seen: set[str] = set()
    out = []
    for row in rows:
        if row.id not in seen:
            seen.add(row.id)
            out.append(row)
    return out


def load_bundled_rows() -> list[CorpusRow]:
    """Rows shipped with caitien: seed-plan rows, then exemplars."""
    return unique_rows([*_read_folder(BUNDLED_DATA), *_read_folder(EXEMPLAR_DIR)])


def load_user_rows(user_dir: Path) -> list[CorpusRow]:
    """Rows the user added from their own plans (``user_dir/*.jsonl``)."""
    return unique_rows(_read_folder(user_dir))


def load_exemplars(framework: str | None = None) -> list[CorpusRow]:
    """Exemplar rows, of one framework when ``framework`` is given."""
    rows = _read_folder(EXEMPLAR_DIR)
    return unique_rows(r for r in rows if framework is None or r.framework == framework)
