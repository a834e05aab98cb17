"""Levels per criterion from the report's summary table ("Bảng tổng hợp kết quả").

The table comes as a Word table (columns Không đạt / Mức 1 / Mức 2 / Mức 3 with marks, or words
such as "Đạt Mức 2"), as a text table (tab- or bar-separated, sometimes under a header line that
stayed a paragraph), or flattened into lines of text by a PDF copy.  A mark whose column cannot be
told is never read: a wrong level is worse than none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from corpus.text import criterion_code

from .flat_rows import MAX_HEADER_LINES, FlatRow, empty_before_mark, header_of, read_rows
from .indicators import LEVEL_COL
from .levels import LevelSource
from .patterns import LEVEL_PHRASE, MARKS, level_in
from .textlines import Line, TextLines, fold_same


def _is_data_cell(folded: str) -> bool:
    """A summary row's first cells: "Tiêu chí 1.1", "1.1", "Tiêu chí 1" (numbered within a standard)."""
    return bool(criterion_code(folded) or re.match(r"^\W*(?:tieu\s*chi|tieu\s*chuan)\s*\d", folded))


def _column_levels(cells: list[list[str]]) -> tuple[dict[int, int], int]:
    """Map column -> level (0 = Không đạt) from the header rows; returns the map and header end."""
    cols: dict[int, int] = {}
    end = 0
    for i, row in enumerate(cells[:4]):
        if any(_is_data_cell(c) for c in row[:2]):
            break
        for j, c in enumerate(row):
            if "khong dat" in c or "chua dat" in c:
                cols[j] = 0
            elif (m := LEVEL_COL.search(c)) and len(c) < 30:
                cols[j] = int(m.group(1))
        end = i + 1
    return cols, end


def summary_table_levels(lines: TextLines, tables: Iterable[Sequence[Line]]) -> dict[str, LevelSource]:
    """Levels per criterion from summary tables (columns Không đạt / Mức 1 / Mức 2 / Mức 3), Word
    tables or text tables whose header may have stayed a paragraph above them."""
    found: dict[str, LevelSource] = {}
    for rows in tables:
        cells = [[fold_same(c).strip() for c in ln.cells] for ln in rows]
        if sum(1 for row in cells if any(_is_data_cell(c) for c in row[:2])) < 2:
            continue
        cols, start = _column_levels(cells)
        if len(cols) < 2 and not _textual_results(cells, start):
            hits = _under_paragraph_header(lines, rows, cells)
        elif len(cols) >= 2 and not _columns_kept(cells[start:], cols):
            continue  # a text copy collapsed the empty cells: the marks' columns are lost
        else:
            hits = _table_rows(rows[start:], cells[start:], cols)
        for code, (level, ln) in hits.items():
            found.setdefault(code, LevelSource("summary", level, lines.line_span(ln)))
    return found


def _table_rows(
    rows: Sequence[Line], cells: list[list[str]], cols: dict[int, int]
) -> dict[str, tuple[int, Line]]:
    found: dict[str, tuple[int, Line]] = {}
    standard = ""
    for ln, row in zip(rows, cells, strict=True):
        code, standard = _row_code(row, standard)
        if code and (level := _row_level(row, cols)) is not None:
            found.setdefault(code, (level, ln))
    return found


def _columns_kept(rows: list[list[str]], cols: dict[int, int]) -> bool:
    """Whether a table's rows keep their empty cells.  Word tables always do; text copied from a
    PDF may drop trailing ones ("1.1<tab><tab>x", harmless) or all of them ("1.1<tab>x", fatal)."""
    width = max(cols) + 1
    data = [r for r in rows if any(_is_data_cell(c) for c in r[:2])]
    if all(len(r) >= width for r in data):
        return True
    return any(empty_before_mark(r[min(cols) :]) for r in data)


def _under_paragraph_header(
    lines: TextLines, rows: Sequence[Line], cells: list[list[str]]
) -> dict[str, tuple[int, Line]]:
    """A text table (bars or tabs) whose header line stayed a paragraph: "Tiêu chí Mức 1 Mức 2 ..."
    over rows "2.1 | | x |".  The code must be the first cell, every other cell one column."""
    above: list[str] = []
    for ln in reversed(lines.lines[max(0, rows[0].index - 6) : rows[0].index]):
        if ln.in_table or len(above) == MAX_HEADER_LINES:
            break
        if ln.folded.strip():
            above.insert(0, ln.folded.strip())
    levels = header_of(above)
    if levels is None:
        return {}
    flat: list[FlatRow] = []
    standard = ""
    for ln, row in zip(rows, cells, strict=True):
        code, standard = _row_code(row, standard)
        if code and _is_data_cell(row[0]):
            flat.append(FlatRow(code, tuple(row[1:]), True, ln))
    return read_rows(levels, flat)


def _textual_results(cells: list[list[str]], start: int) -> bool:
    """A summary whose result column holds words ("Đạt Mức 2", "Không đạt") instead of marks."""
    header = " ".join(c for row in cells[:start] for c in row)
    if not re.search(r"ket\s*qua|muc\s*dat|danh\s*gia", header):
        return False
    stated = sum(
        1 for row in cells[start:] for c in row[1:] if LEVEL_PHRASE.search(c) or c.startswith("khong dat")
    )
    return stated >= 2


def _row_code(row: list[str], standard: str) -> tuple[str | None, str]:
    head = " ".join(row[:2])
    if m := re.match(r"^\W*(?:tieu\s*chuan|tc)\s*(\d)\b(?!\s*[.,]\s*\d)", head):
        return None, m.group(1)
    code = criterion_code(row[0]) or (criterion_code(row[1]) if len(row) > 1 else None)
    if code is None and standard and (m := re.match(r"^\W*tieu\s*chi\s*(\d{1,2})\b(?!\s*[.,]\d)", head)):
        code = f"{standard}.{int(m.group(1))}"
    return code, standard


def _row_level(row: list[str], cols: dict[int, int]) -> int | None:
    marked = [
        level for j, level in cols.items() if j < len(row) and row[j].strip(" .") not in ("", "-", "–", "—")
    ]
    if marked:
        return max(marked)
    for cell in row[1:]:
        found = level_in(cell)
        if found:
            return found[0]
    return None


def flattened_summary_levels(
    lines: TextLines, mentions: Iterable[tuple[str, Line, str]]
) -> dict[str, LevelSource]:
    """Levels from summary rows flattened into text: "Tiêu chí 1.1 ... x x" or "... Đạt Mức 2".

    A row of marks only counts when rows carry different numbers of marks (one mark per level
    reached); with one mark on every row the column it sat in is lost, so marks are not used.
    """
    explicit: dict[str, LevelSource] = {}
    marked: dict[str, tuple[int, Line]] = {}
    for code, line, rest in mentions:
        found = level_in(rest)
        if found is not None and re.search(r"\bdat\b|\bmuc\b", rest):
            explicit.setdefault(code, LevelSource("summary", found[0], lines.line_span(line)))
            continue
        m = MARKS.search(" " + rest)
        if m:
            count = len(re.findall(r"x|v|\+|✓|✔|☑|ü", m.group(1)))
            if count:
                marked.setdefault(code, (count, line))
    counts = {n for n, _ in marked.values()}
    if len(counts) > 1:
        for code, (count, line) in marked.items():
            # One mark is "Mức 1" or a mark in the "Không đạt" column: flattened, they look the same.
            also = (0,) if count == 1 else ()
            explicit.setdefault(code, LevelSource("summary", min(count, 3), lines.line_span(line), also))
    return explicit
