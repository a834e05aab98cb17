"""Tables of a text-layer PDF rebuilt from their drawn borders.

A PDF has no tables, only characters and line drawings; the plain text of a plan table read line by
line mixes its columns.  Word and LibreOffice draw each cell border as a thin filled rectangle, so
the vertical borders give the columns and the horizontal ones the rows; other tools (fpdf2,
reportlab) stroke each cell as one outlined rectangle, whose four edges count the same way.  For
each row only the vertical borders that cross it count, so a cell merged across columns stays one
cell (its text goes to its first column, the others are empty, as the Word reader gives them).  The text inside each
cell rectangle is read back from the page (:mod:`.pdf_cells`).  Borderless tables are left to the text
parsers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .pdf_cells import Box, Line, PageText, cell_text, padding

_THIN = 2.0  # points: a border is a rectangle thinner than this
_SNAP = 1.5  # points: borders closer than this are the same line
Grid = list[list[str]]


@dataclass(frozen=True)
class _Segment:
    """A border: its position across (x of a vertical, y of a horizontal) and its extent along."""

    at: float
    start: float
    end: float


def _snap(values: Iterable[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > _SNAP:
            out.append(v)
    return out


def _segments(page: object) -> tuple[list[_Segment], list[_Segment]]:
    """Vertical and horizontal borders drawn on a page."""
    import pypdfium2.raw as raw

    verticals, horizontals = [], []
    for obj in page.get_objects(max_depth=3):  # type: ignore[attr-defined]
        if obj.type != raw.FPDF_PAGEOBJ_PATH:
            continue
        left, bottom, right, top = obj.get_bounds()
        width, height = right - left, top - bottom
        box = _stroked_rectangle(obj) if width >= _THIN and height >= _THIN else None
        if box is not None:  # a cell drawn as one outlined rectangle (fpdf2, reportlab)
            left, bottom, right, top = box
            verticals += [_Segment(left, bottom, top), _Segment(right, bottom, top)]
            horizontals += [_Segment(bottom, left, right), _Segment(top, left, right)]
        elif width < _THIN and height > 2 * _THIN:
            verticals.append(_Segment((left + right) / 2, bottom, top))
        elif height < _THIN and width > 2 * _THIN:
            horizontals.append(_Segment((bottom + top) / 2, left, right))
    return verticals, horizontals


def _stroked_rectangle(obj: object) -> tuple[float, float, float, float] | None:
    """The corners of a path that is one stroked, unfilled, axis-aligned rectangle, else None."""
    import ctypes

    import pypdfium2.raw as raw

    handle = obj.raw  # type: ignore[attr-defined]
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not raw.FPDFPath_GetDrawMode(handle, ctypes.byref(fill), ctypes.byref(stroke)) or not stroke.value:
        return None
    if fill.value:
        return None  # a shaded box: its edges need not be borders
    count = raw.FPDFPath_CountSegments(handle)
    if count not in (4, 5):
        return None
    points = []
    for i in range(count):
        x, y = ctypes.c_float(), ctypes.c_float()
        raw.FPDFPathSegment_GetPoint(raw.FPDFPath_GetPathSegment(handle, i), ctypes.byref(x), ctypes.byref(y))
        points.append((round(x.value, 1), round(y.value, 1)))
    xs, ys = sorted({p[0] for p in points}), sorted({p[1] for p in points})
    if len(xs) != 2 or len(ys) != 2:
        return None
    matrix = obj.get_matrix()  # type: ignore[attr-defined]
    (x0, y0), (x1, y1) = matrix.on_point(xs[0], ys[0]), matrix.on_point(xs[1], ys[1])
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


CellLines = tuple[Box, list[Line]]


def _page_grids(page: object) -> list[Grid]:
    verticals, horizontals = _segments(page)
    if len(verticals) < 3 or len(horizontals) < 2:
        return []
    text = PageText(page.get_textpage())  # type: ignore[attr-defined]
    tables: list[list[list[CellLines | None]]] = []
    rows: list[tuple[list[float], tuple[float, float]]] = []
    ys = _snap(h.at for h in horizontals)
    for low, high in zip(reversed(ys[:-1]), reversed(ys[1:]), strict=True):  # top of the page first
        middle = (low + high) / 2
        xs = _snap(v.at for v in verticals if v.start - _SNAP <= middle <= v.end + _SNAP)
        if len(xs) < 2 or high - low < 4:
            if rows:
                tables.append(_table(text, rows))
                rows = []
            continue
        rows.append((xs, (low, high)))
    if rows:
        tables.append(_table(text, rows))
    pad = padding([cell for table in tables for row in table for cell in row if cell is not None])
    grids = [
        [[cell_text(cell[1], cell[0][2] - pad) if cell is not None else "" for cell in row] for row in table]
        for table in tables
    ]
    return [g for g in grids if any(any(c for c in row) for row in g)]


def _table(text: PageText, rows: list[tuple[list[float], tuple[float, float]]]) -> list[list[CellLines | None]]:
    """The lines of every cell, rows by columns (a cell merged across columns sits in its first one)."""
    columns = _snap(x for xs, _ in rows for x in xs)
    table: list[list[CellLines | None]] = []
    for xs, (low, high) in rows:
        cells: list[CellLines | None] = [None] * (len(columns) - 1)
        for left, right in zip(xs[:-1], xs[1:], strict=True):
            index = min(range(len(columns)), key=lambda i: abs(columns[i] - left))
            if index < len(cells):
                box = (left + 0.5, low + 0.5, right - 0.5, high - 0.5)
                cells[index] = (box, text.lines(box))
        table.append(cells)
    return table


def pdf_grids(data: bytes) -> list[Grid]:
    """Bordered tables of a PDF, page by page, as rows of cell texts (empty when none or unreadable)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return []
    try:
        return [grid for page in pdf for grid in _page_grids(page)]
    finally:
        pdf.close()
