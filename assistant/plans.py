"""Reading a Kế hoạch cải tiến chất lượng giáo dục into its header and table rows.

:func:`read_plan` takes bytes and a file name (.docx, text-layer .pdf, .txt); :func:`parse_plan`
takes a :class:`Document` already read.  The table is looked for in this order: Word (or
tab-separated) tables whose header names the plan columns, cells written one per line, OCR text
with its cells scattered.  A plan without a table, or a blank template, gives no rows and a
Vietnamese explanation in ``warnings``; a document that is not a plan raises
:class:`NotAPlanError`.  Tables of a PDF are rebuilt from their drawn borders when they have them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

from .catalog import Catalog
from .domain import Framework, Generation, PlanHeader, PlanRow
from .errors import CatalogueError, NotAPlanError
from .ingest import Document, Paragraph, Table, read_document
from .plan_formats.detect import document_kind, mentions_appendix
from .plan_formats.header import read_header
from .plan_formats.pdf_tables import pdf_grids
from .plan_formats.tables import TableResult, find_table
from .vocab import load_vocabulary

Layout = Literal["2018", "tt57", "other", "none"]


class ParsedPlan(BaseModel):
    """A plan read from a document: header, rows in table order, warnings, table layout."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    header: PlanHeader
    rows: tuple[PlanRow, ...] = ()
    warnings: tuple[str, ...] = ()
    layout: Layout = "none"

    @property
    def criteria(self) -> tuple[str, ...]:
        """Distinct criterion codes of the Mức 1-3 rows, in table order."""
        return tuple(dict.fromkeys(r.criterion for r in self.rows if r.band == "1-3" and r.criterion))

    def rows_for(self, code: str, band: str = "1-3") -> tuple[PlanRow, ...]:
        """The rows of one criterion (several when it has one row per solution)."""
        return tuple(r for r in self.rows if r.criterion == code and r.band == band)


def parse_plan(doc: Document, catalog: Catalog) -> ParsedPlan:
    """Parse a read document into a :class:`ParsedPlan`.

    Raises :class:`NotAPlanError` for an empty document, a TĐG/ĐGN report or any other document
    that has neither a plan title nor a plan table.
    """
    return _parse(doc, catalog)


def _parse(doc: Document, catalog: Catalog, grids: Sequence[list[list[str]]] = ()) -> ParsedPlan:
    lines = doc.text.split("\n")
    if not any(line.strip() for line in lines):
        raise NotAPlanError(
            f"Tệp “{doc.name}” không có nội dung chữ.",
            "Hãy mở tệp kiểm tra lại rồi tải lên bản Kế hoạch cải tiến chất lượng có nội dung.",
        )
    kind = document_kind(lines)
    if kind in ("tdg", "dgn"):
        what = "báo cáo tự đánh giá" if kind == "tdg" else "báo cáo đánh giá ngoài"
        raise NotAPlanError(
            f"Tệp “{doc.name}” là {what}, không phải kế hoạch cải tiến chất lượng.",
            "Hãy đưa báo cáo vào bước đọc báo cáo; ở đây cần tệp Kế hoạch cải tiến chất lượng giáo dục.",
        )
    header, warnings = read_header(_header_lines(doc) if doc.tables else lines, catalog)
    framework = _framework(catalog, header)
    result = find_table(doc, lines, framework, load_vocabulary(), grids)
    if kind == "other" and result.layout == "none":
        raise NotAPlanError(
            f"Tệp “{doc.name}” không phải kế hoạch cải tiến chất lượng giáo dục: không thấy tiêu đề "
            "“Kế hoạch cải tiến chất lượng” cũng không thấy bảng kế hoạch.",
            "Hãy chọn đúng tệp kế hoạch (.docx, .pdf có lớp chữ hoặc .txt).",
        )
    if result.layout == "tt57" and framework is not None and framework.generation != Generation.G2026:
        warnings.append(
            f"Bảng có dạng Biểu 2 của Thông tư 57/2026 nhưng kế hoạch dẫn {header.circular_cited or framework.circular}."
        )
    if kind == "other":
        warnings.append("Không thấy tiêu đề “Kế hoạch cải tiến chất lượng”; đã đọc theo bảng kế hoạch có trong tệp.")
    warnings.extend(_table_messages(result, lines))
    return ParsedPlan(
        header=header,
        rows=tuple(result.rows),
        warnings=tuple(dict.fromkeys([*doc.warnings, *warnings, *result.warnings])),
        layout=result.layout,
    )


def read_plan(data: bytes, name: str, catalog: Catalog, *, max_bytes: int | None = None) -> ParsedPlan:
    """Read plan bytes (.docx, .pdf, .txt) and parse them; bad files raise an :class:`InputError`."""
    doc = read_document(data, name, max_bytes=max_bytes)
    if doc.format == "txt":
        doc = _raw_lines(data, doc)
    grids = pdf_grids(data) if doc.format == "pdf" else []
    return _parse(doc, catalog, grids)


def _raw_lines(data: bytes, doc: Document) -> Document:
    """The text file line by line, as written.

    The text reader re-joins wrapped lines into paragraphs, which is right for reports but merges
    the cells of plans exported one cell per line and the scattered cells of OCR text; plans are
    parsed from the lines as they are (decoded and converted the same way).
    """
    from .ingest.txt import decode_bytes

    text, _ = decode_bytes(data, doc.name)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return Document(
        name=doc.name, format=doc.format, blocks=tuple(Paragraph(text=line) for line in lines), warnings=doc.warnings
    )


def _header_lines(doc: Document) -> list[str]:
    """The document's lines with every table cell's lines on their own.

    The plain text joins a cell's lines with spaces and a row's cells with tabs, which runs the
    header table's "UBND XÃ A" and "TRƯỜNG THCS A" (one cell, two lines) into one line.
    """
    lines: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Table):
            for row in block.rows:
                for cell in dict.fromkeys(row):  # a merged cell repeated across the row counts once
                    lines.extend(cell.split("\n"))
        else:
            lines.append(block.text)
    return lines


def _framework(catalog: Catalog, header: PlanHeader) -> Framework | None:
    if not header.framework_id:
        return None
    try:
        return catalog.get(header.framework_id)
    except CatalogueError:
        return None


def _table_messages(result: TableResult, lines: list[str]) -> list[str]:
    """Explain an empty result: no table at all, a blank template, or a table with no rows."""
    if result.layout == "none":
        if mentions_appendix(lines):
            return [
                "Không tìm thấy bảng nội dung kế hoạch trong tệp: mục “Nội dung kế hoạch” ghi “Phụ lục kèm theo” "
                "nhưng phụ lục không có trong tệp. Hãy tải thêm tệp phụ lục (bảng kế hoạch) để lấy các hàng."
            ]
        return [
            "Không tìm thấy bảng nội dung kế hoạch trong tệp (bảng có các cột Tiêu chuẩn, tiêu chí; Kết quả cần đạt; "
            "Công việc/giải pháp; Chủ trì và phối hợp; Thời gian...), nên không có hàng nào được lấy."
        ]
    if not result.rows and result.warnings:
        return []  # the parser already said why there are no rows
    if not result.rows and result.blank_rows:
        return [
            f"Đây là mẫu kế hoạch chưa điền: bảng có {result.blank_rows} hàng tiêu chí nhưng các ô đều trống, "
            "nên không có hàng nào được lấy."
        ]
    if not result.rows:
        return ["Bảng nội dung kế hoạch không có hàng tiêu chí nào."]
    return []
