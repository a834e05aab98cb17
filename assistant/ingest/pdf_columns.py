"""Summary tables whose empty cells vanished from a PDF's text layer, rebuilt from x positions.

A summary table ("Tiêu chí | Không đạt | Mức 1 | Mức 2 | Mức 3", one mark per row) comes out of
pdfium as "Tiêu chí 1.1 ✓": the empty cells leave no trace, so the text alone cannot say which
level the mark stood under.  The characters' boxes still can.  Under a header line holding the
level labels, each row that starts with a criterion code and has only marks right of the first
column is rewritten as a framed text row ("| Tiêu chí 1.1 |  | ✓ |  |"), which the report parser
reads like any bar-separated table.

Conservative by design: a mark counts only when it sits clearly under one label (within
``MARGIN`` of the spacing between label centres); a row with a mark in doubt keeps its text in the
first cell and no mark; any other text right of the first column ends the table; a block without
a single clearly placed mark is left exactly as pdfium gave it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from corpus.text import fold

from .level_header import MARKS, column_levels, level_columns

Box = tuple[float, float, float, float]  # left, bottom, right, top
CharBox = Callable[[int], Box]

MARGIN = 0.3  # a mark may stray from its label's centre by this share of the column spacing
MIN_SPACING = 10.0  # points between label centres; closer labels are not table columns
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_QUICK = re.compile(r"muc\s*[1-4]")
_CODE = re.compile(r"^\W*(?:(?:tieu\s*chi|tc)\s*)?\d{1,2}\s*[.,]\s*\d{1,2}(?!\d)|^\W*tieu\s*chi\s*\d{1,2}\b")
_STANDARD = re.compile(r"^\W*(?:tieu\s*chuan|tc)\s*\d{1,2}\b(?!\s*[.,]\s*\d)")


def split_lines(text: str) -> list[tuple[int, str]]:
    """Lines of a page's text with the offset each starts at (any of \\r\\n, \\r, \\n ends a line)."""
    out: list[tuple[int, str]] = []
    start = 0
    for m in _LINE_BREAK.finditer(text):
        out.append((start, text[start : m.start()]))
        start = m.end()
    out.append((start, text[start:]))
    return out


def _centre(box: Box) -> float:
    return (box[0] + box[2]) / 2


@dataclass(frozen=True)
class Columns:
    """The level columns of a header: levels left to right and the x-centre of each label."""

    levels: tuple[int, ...]
    centres: tuple[float, ...]

    @property
    def left(self) -> float:
        """Where the level columns begin: half a spacing left of the first label's centre."""
        return self.centres[0] - (self.centres[1] - self.centres[0]) / 2

    def column(self, x: float) -> int | None:
        """The column a mark centred at ``x`` sits in, or None when it is not clearly in one."""
        i = min(range(len(self.centres)), key=lambda k: abs(self.centres[k] - x))
        side = i + 1 if x >= self.centres[i] else i - 1
        if not 0 <= side < len(self.centres):
            side = i - 1 if side > i else i + 1
        spacing = abs(self.centres[side] - self.centres[i])
        return i if abs(x - self.centres[i]) <= MARGIN * spacing else None


def _header(line: str, offset: int, box: CharBox) -> tuple[Columns, str] | None:
    """The level columns of a header line and the text of its first column, or None."""
    folded, origin = "", []
    for i, ch in enumerate(line):
        part = fold(ch)
        folded += part
        origin.extend([i] * len(part))
    found = level_columns(folded)
    if found is None:
        return None
    levels = column_levels(found)
    if sum(1 for lv in levels if lv) < 2:
        return None
    centres = []
    for m in found:
        first, last = box(offset + origin[m.start()]), box(offset + origin[m.end() - 1])
        centres.append((first[0] + last[2]) / 2)
    if any(b - a < MIN_SPACING for a, b in zip(centres, centres[1:], strict=False)):
        return None  # labels out of order or crowded: not columns we can trust
    return Columns(tuple(levels), tuple(centres)), line[: origin[found[0].start()]].strip()


def _framed(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


@dataclass(frozen=True)
class _Row:
    kind: str  # "criterion" | "standard" | "more" (first-column text only) | "end"
    text: str = ""  # the framed row
    read: bool = False  # a mark was placed in its column
    bare: bool = False  # a criterion row without any mark


Chars = list[tuple[str, int]]  # characters of a line with their index in the page's text


def _chars(offset: int, line: str) -> Chars:
    return [(ch, offset + i) for i, ch in enumerate(line)]


def _row(chars: Chars, box: CharBox, cols: Columns) -> _Row:
    """What a line under a header is: a criterion row (framed), a standard row, more text of the
    first column, or the end of the table."""
    line = "".join(ch for ch, _ in chars)
    if "|" in line or "\t" in line:
        return _Row("end")
    split: int | None = None
    marks: list[tuple[float, str]] = []
    for k, (ch, index) in enumerate(chars):
        if ch.isspace():
            continue
        b = box(index)
        if b[2] - b[0] <= 0:
            return _Row("end")  # a character without a box cannot be placed
        inside = _centre(b) >= cols.left
        if split is None and inside:
            split = k
        if split is not None and (not inside or ch.lower() not in MARKS):
            return _Row("end")  # words in the level columns: not a table of marks
        if split is not None:
            marks.append((_centre(b), ch))
    first = line[:split].strip() if split is not None else line.strip()
    folded = fold(first)
    if _CODE.match(folded):
        return _criterion(line, first, marks, cols)
    if _STANDARD.match(folded) and not marks:
        return _Row("standard", _framed([first] + [""] * len(cols.levels)))
    if first and not marks:
        return _Row("more", _framed([first] + [""] * len(cols.levels)))
    return _Row("end")


def _same_baseline(row: Chars, marks: Chars, box: CharBox) -> bool:
    """Whether a line of marks sits beside a row's text (pdfium may put a row's marks on a line of
    their own when the empty cells between them are wide)."""
    boxes = [box(i) for ch, i in row if not ch.isspace()]
    low, high = min(b[1] for b in boxes), max(b[3] for b in boxes)
    return all(low < (box(i)[1] + box(i)[3]) / 2 < high for ch, i in marks if not ch.isspace())


def _criterion(line: str, first: str, marks: list[tuple[float, str]], cols: Columns) -> _Row:
    """A criterion row: marks in their columns, or (when any is in doubt) none at all."""
    cells = [""] * len(cols.levels)
    if not marks:
        return _Row("criterion", _framed([first, *cells]), bare=True)
    placed = [cols.column(x) for x, _ in marks]
    levels = sorted(cols.levels[i] for i in placed if i is not None)
    clear = None not in placed and len(set(placed)) == len(placed)
    if clear and len(levels) > 1 and levels != list(range(1, levels[-1] + 1)):
        clear = False  # several marks count only as "every level up to the reached one"
    if not clear:
        # The row stays a row of the table, its text whole in the first cell and no level read.
        return _Row("criterion", _framed([line.strip(), *cells]))
    for i, (_, mark) in zip(placed, marks, strict=True):
        cells[i or 0] = mark
    return _Row("criterion", _framed([first, *cells]), read=True)


def _block(
    lines: list[tuple[int, str]], start: int, box: CharBox, cols: Columns
) -> tuple[list[str], int, bool]:
    """Framed rows of the table under the header at ``start - 1``, the index the table ends at and
    whether any mark was placed.  First-column text after the last row is not part of the table."""
    rows: list[str] = []
    kept, read = start, False
    pending: list[str] = []
    bare: Chars | None = None  # the last line, when it was a criterion row without marks
    for j in range(start, len(lines)):
        chars = _chars(*lines[j])
        row = _row(chars, box, cols) if lines[j][1].strip() else _Row("more", lines[j][1])
        if row.kind == "end" and bare is not None and not pending and _same_baseline(bare, chars, box):
            row = _row([*bare, (" ", -1), *chars], box, cols)
            if row.kind == "criterion":
                rows.pop()
        bare = chars if row.bare else None
        if row.kind == "end":
            break
        pending.append(row.text)
        if row.kind != "more":
            rows.extend(pending)
            pending, kept, read = [], j + 1, read or row.read
    return rows, kept, read


def level_table_lines(text: str, box: CharBox) -> list[str]:
    """A page's lines with summary tables of marks rewritten as framed rows (see module doc)."""
    lines = split_lines(text)
    if len(_QUICK.findall(fold(text))) < 2:
        return [line for _, line in lines]
    out: list[str] = []
    i = 0
    while i < len(lines):
        offset, line = lines[i]
        head = _header(line, offset, box) if len(_QUICK.findall(fold(line))) >= 2 else None
        if head is not None:
            cols, first = head
            rows, end, read = _block(lines, i + 1, box, cols)
            if read:
                labels = ["Không đạt" if lv == 0 else f"Mức {lv}" for lv in cols.levels]
                out.extend([_framed([first, *labels]), *rows])
                i = end
                continue
        out.append(line)
        i += 1
    return out
