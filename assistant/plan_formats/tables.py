"""Finding the plan table in a document and reading it with the right parser.

Order: real tables (Word tables, or tab-separated rows the text reader grouped into tables), then
tab-separated lines, then cells written one per line, then OCR text.  Consecutive tables share
one assembler so a table that Word split in two (a page-orientation change, a header repeated on
the next page) still yields whole rows.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate

from corpus.text import fold

from ..domain import Framework, Generation
from ..ingest import Document, Table
from ..vocab import Vocabulary
from .assemble import Assembler
from .cell_lines import CONFIDENCE as LINE_CONFIDENCE
from .cell_lines import CellLineReader, header_span
from .cell_lines import find_header as find_line_header
from .cells import starts_item
from .columns import ColumnMap
from .grid import GridReader, find_header
from .labels import band_of, standard_heading
from .ocr import looks_like_ocr, read_ocr
from .result import TableResult, assembler, finish

_LOST_COLUMNS = (
    "Bảng kế hoạch trong tệp đã mất cấu trúc cột (thường gặp ở PDF có bảng không kẻ khung) nên không tách được "
    "các hàng. Hãy tải bản .docx (Word) của kế hoạch."
)
Piece = list[list[str]] | str  # a table (rows of cells) or a paragraph, in reading order


def read_tables(
    pieces: Sequence[Piece],
    framework: Framework | None,
    vocab: Vocabulary,
    *,
    strict_width: bool = False,
    bare_items: bool = False,
) -> TableResult | None:
    """Read the plan table(s) among these pieces; None when no table has a plan header.

    A table right after a plan table, with the same number of columns (or fewer, unless
    ``strict_width``: the text reader drops trailing empty cells), is the same table continued
    (Word splits a table at a section break, a PDF at each page); its repeated header is skipped.
    Band rows or standard headings written as paragraphs between the pieces still apply.
    ``bare_items`` (tab-separated text): a "- ..." line without tabs inside a table is one more
    item of the row above (a cell's extra lines pasted without their leading tabs).
    """
    asm: Assembler | None = None
    reader: GridReader | None = None
    first: ColumnMap | None = None
    pending: list[str] = []  # band and standard headings written above a table, for its reader
    for piece in pieces:
        if isinstance(piece, str):
            if reader is None:
                pending = _pending(pending, piece)
            elif bare_items and starts_item(piece) and reader.continue_item(piece):
                continue
            else:
                reader = _between_tables(piece, reader)
            continue
        width = max((len(r) for r in piece), default=0)
        expected = len(reader.cmap.kinds) if reader is not None else 0
        if reader is not None and (width == expected or (width < expected and not strict_width)):
            reader.read(piece)
            continue
        found = find_header(piece)
        if found is None:
            reader = None
            continue
        index, cmap = found
        if asm is None:
            first = cmap
            asm = assembler(framework, vocab, cmap)
        reader = GridReader(cmap, asm)
        for heading in pending:
            _between_tables(heading, reader)
        pending = []
        reader.read(piece[index + 1 :])
    if asm is None or first is None:
        return None
    return finish(asm, first.layout, first)


def _between_tables(text: str, reader: GridReader | None) -> GridReader | None:
    """Apply a band or standard heading written as a paragraph; other text ends the table."""
    if reader is None or not text.strip():
        return reader
    band = band_of([text])
    standard = standard_heading(text)
    if band:
        reader.asm.set_band(band)
    elif standard:
        reader.asm.set_standard(standard)
    else:
        return None
    return reader


def _pending(pending: list[str], text: str) -> list[str]:
    """Headings kept for the next table ("A. CÁC TIÊU CHÍ MỨC 1, 2, 3", "Tiêu chuẩn 1: ...").

    A plan with one table per standard writes the standard above each table; a long paragraph in
    between means the headings were about something else.
    """
    if band_of([text]) or standard_heading(text):
        return [*pending, text]
    return [] if len(text.strip()) > 100 else pending


def interleave(grids: Sequence[list[list[str]]], lines: Sequence[str]) -> list[Piece]:
    """A PDF's bordered tables with the band and standard headings written between them, in order.

    The tables are rebuilt from the drawing, the headings come from the text layer; each table is
    placed at the line where the first words of its longest cell appear (searched onward, in order,
    in the text with its line breaks removed, since the text layer breaks cells into lines).
    """
    folded = [" ".join(fold(line).split()) for line in lines]
    starts = list(accumulate((len(f) + 1 for f in folded), initial=0))
    joined = " ".join(folded)
    placed: list[tuple[int, int, Piece]] = []
    at = 0
    for grid in grids:
        anchor = _anchor(grid)
        found = joined.find(anchor, starts[at]) if anchor else -1
        if found >= 0:
            at = bisect_right(starts, found) - 1
        placed.append((at, 1, grid))
    # Band and standard rows drawn inside a table are in the text layer too: only headings written
    # outside every table are placed between them.
    inside = [
        " ".join(fold(c).split()) for grid in grids for row in grid for c in row if band_of([c]) or standard_heading(c)
    ]
    for index, line in enumerate(lines):
        here = folded[index]
        if (band_of([line]) or standard_heading(line)) and not any(
            c.startswith(here) or here.startswith(c) for c in inside
        ):
            placed.append((index, 0, line))
    placed.sort(key=lambda item: (item[0], item[1]))
    return [piece for _, _, piece in placed]


def _anchor(grid: Sequence[Sequence[str]]) -> str:
    """The first words of a table's longest cell, bullets and item numbers left out."""
    cells = [" ".join(fold(c).split()) for row in grid for c in row]
    words = [w for w in max(cells, key=len, default="").split() if re.search(r"[a-z]", w)]
    return " ".join(words[:4])


def _text_pieces(lines: Sequence[str]) -> list[Piece]:
    """Runs of tab-separated lines as tables, other lines as paragraphs (blank lines dropped)."""
    pieces: list[Piece] = []
    for line in lines:
        if "\t" in line:
            if pieces and not isinstance(pieces[-1], str):
                pieces[-1].append(line.split("\t"))
            else:
                pieces.append([line.split("\t")])
        elif line.strip():
            pieces.append(line)
    return pieces


def _doc_pieces(doc: Document) -> list[Piece]:
    return [list(map(list, b.rows)) if isinstance(b, Table) else b.text for b in doc.blocks]


def read_cell_lines(lines: Sequence[str], framework: Framework | None, vocab: Vocabulary) -> TableResult | None:
    """Read a table written one cell per line; None when no such header is found."""
    found = header_span(lines)
    if found is None:
        return None
    start, end, kinds = found
    cmap = ColumnMap(kinds=kinds, headers=("",) * len(kinds))
    layout = cmap.layout
    asm = assembler(framework, vocab, cmap, LINE_CONFIDENCE)
    CellLineReader(asm, lines[start : end + 1]).read(lines[end + 1 :])
    result = finish(asm, layout)
    unlabelled = sum(1 for r in result.rows if not r.criterion)
    if unlabelled * 2 > len(result.rows):
        # Most rows have no criterion: the columns were lost (a borderless PDF table read line by
        # line), and rows built from the mixture would mislead more than help.
        return TableResult(warnings=[_LOST_COLUMNS], layout=layout)
    return result


def find_table(
    doc: Document,
    lines: Sequence[str],
    framework: Framework | None,
    vocab: Vocabulary,
    grids: Sequence[list[list[str]]] = (),
) -> TableResult:
    """The plan table of a document, read by the first parser that recognises it.

    ``grids`` are tables rebuilt outside the document (the bordered tables of a PDF page).
    """
    result = read_tables(interleave(grids, lines), framework, vocab, strict_width=True) if grids else None
    if result is None and doc.tables:
        result = read_tables(_doc_pieces(doc), framework, vocab)
    if result is None:
        result = read_tables(_text_pieces(lines), framework, vocab, bare_items=True)
    if result is None and doc.format == "pdf":
        # A PDF table without borders comes out of the text layer line by line with its columns
        # mixed; say so rather than build rows from the mixture.
        header = find_line_header(lines)
        if header is not None:
            result = TableResult(warnings=[_LOST_COLUMNS], layout=ColumnMap(header[1], ("",) * len(header[1])).layout)
    elif result is None:
        result = read_cell_lines(lines, framework, vocab)
    if result is None and looks_like_ocr(lines):
        result = read_ocr(lines, framework, vocab)
    if result is None:
        return TableResult()
    if framework is not None and framework.generation == Generation.G2026 and result.layout == "2018":
        result.warnings.append("Bảng theo mẫu 9 cột của năm 2018 trong khi kế hoạch dẫn Thông tư 57/2026.")
    return result
