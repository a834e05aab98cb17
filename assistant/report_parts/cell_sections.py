"""Criterion sections laid out as tables, with the criterion's heading inside a table cell.

Some schools write each criterion as a one- or two-column table: the first cell reads "Tiêu chí
2.3: Đối với nhân viên" and the next cells hold "Mô tả hiện trạng", "Điểm mạnh", "Điểm yếu",
"Kế hoạch cải tiến chất lượng" and "Tự đánh giá".  The outline looks for headings in paragraphs
only (a summary table's "Tiêu chí 2.3 | x" row is not a heading), so such a table is turned back
into text: its heading row and its one-cell rows become paragraph lines, one per line of the cell,
while rows pairing a part's name with its content ("3. Điểm yếu" | items) stay table rows, which
:func:`~assistant.report_parts.items.row_part` already reads.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import groupby

from ..ingest.base import Document
from .patterns import CRITERION_HEAD, CRITERION_LOCAL, SUBSECTIONS
from .textlines import Line, TextLines, build_lines, fold_same


def report_lines(doc: Document) -> TextLines:
    """:func:`build_lines` with criterion-section tables read as text (what the parser reads)."""
    lines = build_lines(doc)
    return TextLines(text=lines.text, lines=unwrap_criterion_tables(lines.lines))


def unwrap_criterion_tables(lines: Sequence[Line]) -> tuple[Line, ...]:
    """The lines with every criterion-section table turned back into text, renumbered."""
    out: list[Line] = []
    for table, group in groupby(lines, key=lambda ln: ln.table):
        rows = list(group)
        if table is None or not is_criterion_table(rows):
            out.extend(rows)
            continue
        for row in rows:
            out.extend(_as_text(row) if _reads_as_text(row) else [row])
    return tuple(_renumber(out))


def is_criterion_table(rows: Sequence[Line]) -> bool:
    """A table whose first row is a criterion heading and whose rows name a criterion's parts.

    Both are required: a summary table's rows start with criterion codes too, but never carry
    "Điểm mạnh" / "Điểm yếu" / "Tự đánh giá" parts.
    """
    if not rows or not _heading_row(rows[0]):
        return False
    return any(_names_part(_first_piece(row)) for row in rows[1:]) or _names_part_inside(rows[0])


def _heading_row(row: Line) -> bool:
    """The first non-empty cell opens with "Tiêu chí 2.3" (or "Tiêu chí 3" under a standard)."""
    folded = _first_piece(row)
    return bool(folded) and bool(CRITERION_HEAD.match(folded) or CRITERION_LOCAL.match(folded))


def _names_part(folded: str) -> bool:
    return any(pattern.match(folded) for _, pattern in SUBSECTIONS)


def _names_part_inside(row: Line) -> bool:
    """A one-cell table holding the whole section: the parts are further lines of that cell."""
    pieces = [fold_same(p).strip() for c in row.cells for p in c.split("\n")]
    return any(_names_part(p) for p in pieces[1:])


def _first_piece(row: Line) -> str:
    """Folded first line of the row's first non-empty cell."""
    cell = next((c for c in row.cells if c.strip()), "")
    return fold_same(cell.strip().split("\n")[0]).strip()


def _reads_as_text(row: Line) -> bool:
    """Rows with a single filled cell, and heading rows, are text; paired rows stay a table."""
    return sum(1 for c in row.cells if c.strip()) <= 1 or _heading_row(row)


def _as_text(row: Line) -> list[Line]:
    """Paragraph lines for a row; offsets still index the row's text in ``Document.text``."""
    filled = [c for c in row.cells if c.strip()]
    if len(filled) > 1 and not _names_part(fold_same(filled[1].split("\n")[0]).strip()):
        # The code with its title in the next cell: one line, as the row reads.
        return [Line(row.index, row.text, row.folded, row.start, row.page)]
    # One cell, or the heading in a left column merged down beside the parts: a line per cell line.
    return list(_cell_lines(row))


def _cell_lines(row: Line) -> Iterator[Line]:
    offset = 0
    for cell in row.cells:
        if cell.strip():
            pos = offset
            for piece in cell.split("\n"):
                # In the document text the cell's line breaks are spaces: one character each.
                yield Line(row.index, piece, fold_same(piece), row.start + pos, row.page)
                pos += len(piece) + 1
        offset += len(cell) + 1


def _renumber(lines: Sequence[Line]) -> Iterator[Line]:
    for i, ln in enumerate(lines):
        yield (
            ln
            if ln.index == i
            else Line(i, ln.text, ln.folded, ln.start, ln.page, ln.table, ln.row, ln.cells)
        )
