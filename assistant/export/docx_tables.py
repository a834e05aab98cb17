"""Word tables: fixed column widths, borders, padding, repeated header rows, rows kept whole."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from docx.document import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import Table, _Cell

from .docx_common import TABLE_PT, add_run, format_paragraph, insert_ordered

_TBLPR_ORDER = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd",
    "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange",
)  # fmt: skip
_TRPR_ORDER = (
    "w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter", "w:cantSplit",
    "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange",
)  # fmt: skip


def add_table(doc: Document, rows: int, widths_mm: Sequence[float], *, grid: bool = True) -> Table:
    """A fixed-layout table with the given column widths (Word and LibreOffice both honour them)."""
    table = doc.add_table(rows=rows, cols=len(widths_mm))
    table.style = doc.styles["Table Grid"] if grid else None
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    insert_ordered(table._tbl.tblPr, "w:tblLayout", _TBLPR_ORDER).set(qn("w:type"), "fixed")
    for col, width in zip(table.columns, widths_mm, strict=True):
        col.width = Mm(width)
        for cell in col.cells:
            cell.width = Mm(width)
    if grid:
        set_cell_margins(table, 1.0, 0.5)  # Word's 1.9 mm padding wastes a column's width across nine columns
    else:
        _no_borders(table)
    return table


def _no_borders(table: Table) -> None:
    borders = insert_ordered(table._tbl.tblPr, "w:tblBorders", _TBLPR_ORDER)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)


def set_cell_margins(table: Table, side_mm: float, top_mm: float = 0.0) -> None:
    """Cell padding of the whole table: left/right, and top/bottom so diacritics clear the borders."""
    margins = insert_ordered(table._tbl.tblPr, "w:tblCellMar", _TBLPR_ORDER)
    for old in list(margins):
        margins.remove(old)
    for side, size in (("top", top_mm), ("left", side_mm), ("bottom", top_mm), ("right", side_mm)):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(int(size * 56.7)))  # twentieths of a point per millimetre
        el.set(qn("w:type"), "dxa")
        margins.append(el)


def _tr_flag(row, tag: str) -> None:
    insert_ordered(row._tr.get_or_add_trPr(), tag, _TRPR_ORDER)


def repeat_header(table: Table, count: int = 1) -> None:
    """Repeat the first ``count`` rows at the top of every page (w:tblHeader)."""
    for row in table.rows[:count]:
        _tr_flag(row, "w:tblHeader")


def keep_with_next(row) -> None:
    """Keep a heading row (band, standard) on the same page as the row after it."""
    for cell in row.cells:
        for par in cell.paragraphs:
            par.paragraph_format.keep_with_next = True


def keep_rows_whole(table: Table) -> None:
    """Do not split a row across pages (w:cantSplit); Word still splits a row taller than a page."""
    for row in table.rows:
        _tr_flag(row, "w:cantSplit")


def set_cell(
    cell: _Cell,
    lines: str | Iterable[str],
    *,
    bold: bool | None = None,
    italic: bool | None = None,
    align=None,
    size: float = TABLE_PT,
    middle: bool = False,
) -> _Cell:
    """Write one paragraph per line into a (possibly merged) cell, replacing what is there."""
    texts = [lines] if isinstance(lines, str) else list(lines) or [""]
    for extra in cell.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    first = cell.paragraphs[0]
    for run in list(first.runs):
        run._r.getparent().remove(run._r)
    for i, text in enumerate(texts):
        par = first if i == 0 else cell.add_paragraph()
        add_run(par, text, bold=bold, italic=italic, size=size)
        format_paragraph(par, align=align, after=0)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER if middle else WD_CELL_VERTICAL_ALIGNMENT.TOP
    return cell
