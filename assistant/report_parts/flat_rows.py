"""Summary-table rows that lost their table on the way to text, read only when their columns hold.

A PDF copy turns "Bảng tổng hợp kết quả" into a header line ("Tiêu chí Mức 1 Mức 2 Mức 3 Mức 4")
and one line per criterion.  The column of a mark survives only when the row keeps every cell:
explicit separators with their empty cells ("2.1 | | x |", "2.1<tab><tab>x"), or an empty-cell
marker in each cell ("2.1 - x - -", "2.1 □ ☒ □ □").  "2.1 x" under a four-level header does not
say which column the mark sat in, so it is not read: a wrong level is worse than none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from ..ingest.level_header import MARKS, column_levels, level_columns
from .patterns import STD, standard_number
from .textlines import Line, TextLines

# Folded (lower-case) cell contents: a mark, or an explicitly empty cell.
EMPTIES = frozenset({"", "-", "–", "—", "_", "□", "☐", "○"})

_CODE = re.compile(r"^\W*(?:(?:tieu\s*chi|tc)\s*)?(\d)\s*[.,]\s*(\d{1,2})(?!\d)(?![.,]\d)")
_LOCAL = re.compile(r"^\W*tieu\s*chi\s*(\d{1,2})(?!\d)(?!\s*[.,]\s*\d)")
_STANDARD = re.compile(rf"^\W*(?:tieu\s*chuan|tc)\s*({STD})(?!\s*[.,]\s*\d)")
MAX_HEADER_LINES = 3  # a wrapped header: "Tiêu chuẩn, tiêu chí Kết quả" / "Không đạt Đạt" / "Mức 1 ..."


def header_levels(folded: str) -> list[int] | None:
    """Levels of a header's columns, left to right (0 = Không đạt), or None if not a header
    (the rules are shared with the PDF reader: :func:`assistant.ingest.level_header.level_columns`)."""
    if len(folded) > 200:
        return None
    found = level_columns(folded)
    return None if found is None else column_levels(found)


def is_mark(cell: str) -> bool:
    """A mark ("x", "X", "✓") in a folded cell."""
    return cell.strip() in MARKS


def marked_level(slots: Sequence[str], levels: Sequence[int]) -> int | None:
    """The level a row's cells mark: one mark gives its column; several count only as the
    cumulative style (every level from Mức 1 up to the highest marked).  Anything else: None."""
    if len(slots) > len(levels) or not all(is_mark(s) or s.strip() in EMPTIES for s in slots):
        return None
    marked = [levels[i] for i, s in enumerate(slots) if is_mark(s)]
    if len(marked) == 1:
        return marked[0]
    if len(marked) > 1 and marked == list(range(1, marked[-1] + 1)):
        return marked[-1]
    return None


def empty_before_mark(slots: Sequence[str]) -> bool:
    """An explicitly empty cell left of the first mark: proof that empty cells were kept."""
    first = next((i for i, s in enumerate(slots) if is_mark(s)), None)
    return first is not None and any(s.strip() in EMPTIES for s in slots[:first])


@dataclass(frozen=True)
class FlatRow:
    """One flattened row: criterion code, cell contents after the code, how cells were split."""

    code: str
    slots: tuple[str, ...]
    separated: bool  # cells split at "|" or tabs (trailing empty cells may be missing)
    line: Line


def read_rows(levels: Sequence[int], rows: Sequence[FlatRow]) -> dict[str, tuple[int, Line]]:
    """Levels of a block of rows under one header, or nothing when the block's columns are in doubt.

    Rows split on white space must have one token per column.  Rows split at separators may miss
    their trailing empty cells, but then some row must show an empty cell before its mark, or the
    separators could have been collapsed ("2.1 | x" for a mark under Mức 3).
    """
    slots = [_fit(r.slots, len(levels)) for r in rows]
    full = all(len(s) == len(levels) for s in slots)
    if len(rows) < 2 or any(
        not r.separated and len(s) != len(levels) for r, s in zip(rows, slots, strict=True)
    ):
        return {}
    if not full and not any(empty_before_mark(s) for s in slots):
        return {}
    out: dict[str, tuple[int, Line]] = {}
    for r, s in zip(rows, slots, strict=True):
        level = marked_level(s, levels)
        if level is not None:
            out.setdefault(r.code, (level, r.line))
    return out


def _fit(slots: tuple[str, ...], width: int) -> tuple[str, ...]:
    """Drop empty cells past the level columns (an empty "Ghi chú", trailing separators)."""
    while len(slots) > width and not slots[-1].strip():
        slots = slots[:-1]
    return slots


def _slots(rest: str) -> tuple[tuple[str, ...], bool] | None:
    """Cells after the code: split at bars or tabs, else the trailing run of marks / empty markers
    (a title may stand between the code and the marks)."""
    for sep in ("|", "\t"):
        if sep in rest:
            # The piece before the first separator is the rest of the code's own cell.
            cells = [c.strip() for c in rest.split(sep)][1:]
            return tuple(cells), True
    tokens = rest.split()
    run: list[str] = []
    for token in reversed(tokens):
        if not (is_mark(token) or token in EMPTIES):
            break
        run.insert(0, token)
    return (tuple(run), False) if run else None


def _row(line: Line, standard: str) -> FlatRow | None:
    folded = line.folded
    if m := _CODE.match(folded):
        code = f"{int(m.group(1))}.{int(m.group(2))}"
    elif standard and (m := _LOCAL.match(folded)):
        code = f"{standard}.{int(m.group(1))}"
    else:
        return None
    found = _slots(folded[m.end() :])
    return FlatRow(code, found[0], found[1], line) if found else None


@dataclass
class _Block:
    levels: list[int]
    standard: str = ""
    rows: list[FlatRow] = field(default_factory=list)

    def take(self, line: Line) -> bool:
        """Add a row (or follow a "Tiêu chuẩn 2" row); False when the line ends the table."""
        if m := _STANDARD.match(line.folded):
            self.standard = standard_number(m.group(1))
            return True
        row = _row(line, self.standard)
        if row is not None:
            self.rows.append(row)
        return row is not None


def header_of(recent: Sequence[str]) -> list[int] | None:
    """The header ending at the latest line, possibly wrapped over the lines before it."""
    for k in range(min(MAX_HEADER_LINES, len(recent)), 0, -1):
        if (levels := header_levels(" ".join(recent[-k:]))) is not None:
            return levels
    return None


def _blocks(lines: TextLines) -> Iterator[_Block]:
    """Header lines and the rows under each, over the paragraphs (tables end a block)."""
    block: _Block | None = None
    recent: list[str] = []  # the last lines that were not rows: a header may wrap over them
    for ln in lines.lines:
        folded = ln.folded.strip()
        if ln.in_table or not folded:
            if ln.in_table:
                yield from _finished(block)
                block, recent = None, []
            continue
        if block is not None and block.take(ln):
            recent = []
            continue
        recent = [*recent[-(MAX_HEADER_LINES - 1) :], folded]
        yield from _finished(block)
        levels = header_of(recent)
        block = _Block(levels) if levels is not None else None
    yield from _finished(block)


def _finished(block: _Block | None) -> Iterator[_Block]:
    if block is not None and block.rows:
        yield block


def flat_summary_rows(lines: TextLines) -> dict[str, tuple[int, Line]]:
    """Level and row line per criterion from summary rows flattened into paragraphs."""
    found: dict[str, tuple[int, Line]] = {}
    for block in _blocks(lines):
        for code, hit in read_rows(block.levels, block.rows).items():
            found.setdefault(code, hit)
    return found
