"""The 2018-generation plan (TT17/TT18/TT19): sections I-IV and the 9-column table.

Follows the sector template (seed 004) without its mistakes: the circular cited is the one of the
framework, with its own title, and "Tổ chức thực hiện" is section IV (the template jumps to VI).
The table sits in its own landscape section between portrait pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from docx.document import Document
from docx.table import Table

from ..domain import Framework, Plan, PlanRow
from . import texts
from .docx_common import CENTER, LEFT, add_heading, add_section
from .docx_header import add_closing, add_official_header, add_title
from .docx_sections import (
    action_lines,
    add_numbered,
    add_organisation,
    catalogue_order,
    criterion_label,
    group_by,
    level4_label,
    standard_label,
    standard_of,
)
from .docx_tables import add_table, keep_rows_whole, keep_with_next, repeat_header, set_cell

HeaderWriter = Callable[[Document, Plan], None]

COLUMNS = (
    "TT",
    "Tiêu chuẩn, tiêu chí",
    "Kết quả cần đạt (so với hiện trạng)",
    "Công việc/giải pháp cần thực hiện",
    "Chủ trì và phối hợp thực hiện",
    "Thời gian thực hiện và hoàn thành",
    "Dự kiến kinh phí",
    "Điều kiện hỗ trợ khác",
    "Ghi chú",
)
WIDTHS_MM = (9, 40, 28, 60, 30, 24, 24, 24, 13)  # 252 mm: the landscape text width
SECTION_HEADINGS = (
    "I. MỤC ĐÍCH, YÊU CẦU",
    "II. CĂN CỨ XÂY DỰNG KẾ HOẠCH",
    "III. NỘI DUNG KẾ HOẠCH CẢI TIẾN CHẤT LƯỢNG GIÁO DỤC",
    "IV. TỔ CHỨC THỰC HIỆN",
)


@dataclass
class Line:
    """One logical line of the table: a band, a standard heading, or a criterion with its rows."""

    kind: str  # "band" | "standard" | "criterion"
    number: str = ""
    label: str = ""
    rows: list[PlanRow] = field(default_factory=list)

    @property
    def height(self) -> int:
        """Table rows this line takes."""
        return max(len(self.rows), 1)


def band_label(framework: Framework) -> str:
    """ "MỨC 1, 2, 3" (or "MỨC 1, 2" when a framework stops at Mức 2)."""
    levels = ", ".join(str(x) for x in framework.levels if x <= 3)
    return f"MỨC {levels}"


def table_lines(plan: Plan, framework: Framework) -> list[Line]:
    """The table's lines in order: band, standards with their criteria, then the Mức 4 band."""
    lines = [Line("band", label=band_label(framework))]
    main = catalogue_order([r for r in plan.rows if r.band == "1-3"], framework)
    for code, rows in group_by(main, lambda r: standard_of(r, framework)):
        lines.append(Line("standard", number=code, label=standard_label(code, framework)))
        for n, (_, group) in enumerate(group_by(rows, lambda r: r.criterion), 1):
            lines.append(Line("criterion", str(n), criterion_label(group[0], framework), group))
    top = catalogue_order([r for r in plan.rows if r.band == "4"], framework)
    if top:
        lines.append(Line("band", label="MỨC 4"))
        for n, (_, group) in enumerate(group_by(top, lambda r: r.criterion), 1):
            lines.append(Line("criterion", str(n), level4_label(group[0]), group))
    if len(lines) == 1:  # an empty plan still gets a row to fill in by hand
        lines.append(Line("criterion"))
    return lines


def add_plan_table(doc: Document, plan: Plan, framework: Framework) -> Table:
    """The 9-column table with bands, standard rows and merged criterion cells."""
    lines = table_lines(plan, framework)
    table = add_table(doc, 1 + sum(line.height for line in lines), WIDTHS_MM)
    for col, name in enumerate(COLUMNS):
        set_cell(table.cell(0, col), name, bold=True, align=CENTER, middle=True)
    start = 1
    for line in lines:
        _fill(table, start, line)
        start += line.height
    repeat_header(table, 1)
    keep_rows_whole(table)
    return table


def _fill(table: Table, start: int, line: Line) -> None:
    last = len(COLUMNS) - 1
    if line.kind == "band":
        set_cell(table.cell(start, 0).merge(table.cell(start, last)), line.label, bold=True, align=CENTER)
        keep_with_next(table.rows[start])
        return
    if line.kind == "standard":
        set_cell(table.cell(start, 0), line.number, bold=True, align=CENTER)
        set_cell(table.cell(start, 1).merge(table.cell(start, last)), line.label, bold=True, align=LEFT)
        keep_with_next(table.rows[start])
        return
    end = start + line.height - 1
    set_cell(table.cell(start, 0).merge(table.cell(end, 0)), line.number, align=CENTER)
    set_cell(table.cell(start, 1).merge(table.cell(end, 1)), line.label, align=LEFT)
    targets = {r.target.strip() for r in line.rows}
    if len(targets) == 1 and line.height > 1:
        set_cell(table.cell(start, 2).merge(table.cell(end, 2)), targets.pop(), align=LEFT)
    for offset, row in enumerate(line.rows):
        _fill_row(table, start + offset, row, with_target=line.height == 1 or len(targets) > 1)


def _fill_row(table: Table, index: int, row: PlanRow, *, with_target: bool) -> None:
    values = {
        2: row.target,
        3: action_lines(row.actions),
        4: row.owners,
        5: row.timeline,
        6: row.budget,
        7: row.support,
        8: row.note,
    }
    for col, value in values.items():
        if col == 2 and not with_target:
            continue
        set_cell(table.cell(index, col), value, align=LEFT)


def build(
    doc: Document, plan: Plan, framework: Framework, *, header: HeaderWriter = add_official_header
) -> None:
    """Write the whole 2018-generation plan into a fresh document (``header`` writes the top block)."""
    header(doc, plan)
    add_title(doc, plan)
    add_heading(doc, SECTION_HEADINGS[0])
    add_numbered(doc, plan.purposes or texts.default_purposes_2018(plan))
    add_heading(doc, SECTION_HEADINGS[1])
    bases = (
        texts.fix_bases(plan.bases, framework) if plan.bases else texts.default_bases_2018(plan, framework)
    )
    add_numbered(doc, bases)
    add_section(doc, landscape=True)
    add_heading(doc, SECTION_HEADINGS[2])
    add_plan_table(doc, plan, framework)
    add_section(doc, landscape=False)
    add_heading(doc, SECTION_HEADINGS[3])
    add_organisation(doc, plan.organisation or texts.default_organisation_2018())
    add_closing(doc, plan, list(plan.recipients) or texts.default_recipients(plan, framework))
