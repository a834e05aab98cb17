"""The optional appendix of review decisions ("Phụ lục: Nhật ký duyệt đề xuất").

A council may want the signed plan to show, for each row, whether it is the assistant's
suggestion as accepted, an edited suggestion or a row typed by the school, who approved it and when.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Literal

from docx.document import Document

from ..domain import Frozen
from .docx_common import CENTER, LEFT, add_heading, add_section, add_text
from .docx_tables import add_table, keep_rows_whole, repeat_header, set_cell

Origin = Literal["suggested", "edited", "typed"]

ORIGIN_LABELS: dict[str, str] = {"suggested": "Đề xuất", "edited": "Đã sửa", "typed": "Tự nhập"}
APPENDIX_TITLE = "Phụ lục: Nhật ký duyệt đề xuất"
COLUMNS = ("TT", "Tiêu chí", "Nguồn gốc", "Người duyệt", "Thời điểm", "Ghi chú")
WIDTHS_MM = (10, 22, 25, 38, 30, 40)


class DecisionRecord(Frozen):
    """How one plan row came to be: criterion, origin, who approved it, when, and a comment."""

    criterion: str
    origin: Origin = "suggested"
    approved_by: str = ""
    at: datetime | None = None
    comment: str = ""

    @property
    def origin_label(self) -> str:
        """Vietnamese name of the origin (Đề xuất / Đã sửa / Tự nhập)."""
        return ORIGIN_LABELS[self.origin]


def format_moment(at: datetime | None) -> str:
    """ "28/09/2025 14:05" (dd/mm/yyyy as everywhere in the app), empty when unknown."""
    return at.strftime("%d/%m/%Y %H:%M") if at else ""


def add_appendix(doc: Document, records: Sequence[DecisionRecord]) -> None:
    """A new portrait page with the decision log table, in the plan's criterion order."""
    add_section(doc, landscape=False)
    add_heading(doc, APPENDIX_TITLE)
    add_text(doc, "(Kèm theo Kế hoạch cải tiến chất lượng giáo dục)", italic=True, align=CENTER, after=6)
    table = add_table(doc, 1 + max(len(records), 1), WIDTHS_MM)
    for col, name in enumerate(COLUMNS):
        set_cell(table.cell(0, col), name, bold=True, align=CENTER, middle=True)
    for i, rec in enumerate(records, 1):
        values = (
            str(i),
            rec.criterion,
            rec.origin_label,
            rec.approved_by,
            format_moment(rec.at),
            rec.comment,
        )
        for col, value in enumerate(values):
            set_cell(table.cell(i, col), value, align=CENTER if col in (0, 1) else LEFT)
    repeat_header(table, 1)
    keep_rows_whole(table)
