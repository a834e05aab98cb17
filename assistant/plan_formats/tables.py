"""Finding the plan table in a document and reading it with the right parser.

Order: real tables (Word tables, or tab-separated rows the text reader grouped into tables), then
tab-separated lines, then cells written one per line, then OCR text.  Consecutive tables share
one assembler so a table that Word split in two (a page-orientation change, a header repeated on
the next page) still yields whole rows.
"""

from __future__ import annotations

from collections.abc import Sequence

from corpus.text import fold

from ..domain import Framework, Generation
from ..ingest import Document, Table
from ..vocab import Vocabulary
from .assemble import Assembler
from .cell_lines import CONFIDENCE as LINE_CONFIDENCE
from .cell_lines import CellLineReader
from .cell_lines import find_header as find_line_header
from .columns import ColumnMap
from .grid import _STANDARD, GridReader, band_of, find_header
from .ocr import looks_like_ocr, read_ocr
from .result import TableResult, assembler, finish

_LOST_COLUMNS = (
    "Bảng kế hoạch trong tệp đã mất cấu trúc cột (thường gặp ở PDF có bảng không kẻ khung) nên không tách được "
    "các hàng. Hãy tải bản .docx (Word) của kế hoạch."
)
Piece = list[list[str]] | str  # a table (rows of cells) or a paragraph, in reading order


def read_tables(
    pieces: Sequence[Piece], framework: Framework | None, vocab: Vocabulary, *, strict_width: bool = False
) -> TableResult | None:
    """Read the plan table(s) among these pieces; None when no table has a plan header.

    A table right after a plan table, with the same number of columns (or fewer, unless
    ``strict_width``: the text reader drops trailing empty cells), is the same table continued
    (Word splits a table at a section break, a PDF at each page); its repeated header is skipped.
    Band rows or standard headings written as paragraphs between the pieces still apply.
    """
    asm: Assembler | None = None
    reader: GridReader | None = None
    first: ColumnMap | None = None
    for piece in pieces:
        if isinstance(piece, str):
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
        reader.read(piece[index + 1 :])
    if asm is None or first is None:
        return None
    return finish(asm, first.layout, first)


def _between_tables(text: str, reader: GridReader | None) -> GridReader | None:
    """Apply a band or standard heading written as a paragraph; other text ends the table."""
    if reader is None or not text.strip():
        return reader
    band = band_of([text])
    standard = _STANDARD.match(fold(text).strip())
    if band:
        reader.asm.set_band(band)
    elif standard:
        reader.asm.set_standard(str(int(standard.group(1))))
    else:
        return None
    return reader


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
    found = find_line_header(lines)
    if found is None:
        return None
    end, kinds = found
    cmap = ColumnMap(kinds=kinds, headers=("",) * len(kinds))
    layout = cmap.layout
    asm = assembler(framework, vocab, cmap, LINE_CONFIDENCE)
    CellLineReader(asm).read(lines[end + 1 :])
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
    result = read_tables(list(grids), framework, vocab, strict_width=True) if grids else None
    if result is None and doc.tables:
        result = read_tables(_doc_pieces(doc), framework, vocab)
    if result is None:
        result = read_tables(_text_pieces(lines), framework, vocab)
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
