"""The TT57/2026 plan: Biểu 2 (Mẫu số 2) of Phụ lục V, sections I-VIII and its three tables.

Sections I-III and VII-VIII are portrait; the three tables (priority issues, the 10-column plan,
monitoring) share one landscape section, as the 10-column table needs the width.
"""

from __future__ import annotations

from collections.abc import Callable

from docx.document import Document
from docx.table import Table

from corpus.text import fold

from ..domain import SCHOOL_TYPE_LABELS, Framework, Plan, PlanRow, PriorityIssue
from . import texts
from .docx_common import BLANK_LINE, CENTER, LEFT, add_body, add_heading, add_section
from .docx_header import add_closing, add_official_header, add_title
from .docx_sections import (
    action_lines,
    add_numbered,
    add_organisation,
    criterion_label,
    standard_label,
)
from .docx_tables import add_table, keep_rows_whole, repeat_header, set_cell

HeaderWriter = Callable[[Document, Plan], None]
_REQUIREMENT_B = "khong xay dung ke hoach cai tien doi voi toan bo tieu chi"

SECTION_HEADINGS = (
    "I. Thông tin chung",
    "II. Căn cứ xây dựng kế hoạch",
    "III. Mục đích, yêu cầu",
    "IV. Tóm tắt các vấn đề trọng tâm cần cải tiến",
    "V. Kế hoạch cải tiến chất lượng",
    "VI. Theo dõi và đánh giá thực hiện",
    "VII. Tổ chức thực hiện",
    "VIII. Cơ chế đánh giá và báo cáo",
)
ISSUE_COLUMNS = (
    "TT",
    "Tiêu chuẩn",
    "Tiêu chí liên quan (nếu có)",
    "Đánh giá hiện trạng",
    "Điểm hạn chế",
    "Nguyên nhân của hạn chế",
)
ISSUE_WIDTHS_MM = (11, 41, 38, 56, 53, 53)
PLAN_COLUMNS = (
    "TT",
    "Nội dung cải tiến",
    "Mục tiêu cải tiến",
    "Hoạt động/giải pháp",
    "Chỉ số đánh giá kết quả",
    "Thời gian thực hiện",
    "Đơn vị/cá nhân phụ trách",
    "Nguồn lực bảo đảm",
    "Thông tin, dữ liệu hoặc minh chứng dự kiến",
    "Mức độ thực hiện",
)
PLAN_WIDTHS_MM = (11, 30, 26, 46, 30, 21, 25, 22, 26, 15)
MONITORING_COLUMNS = (
    "Thời điểm",
    "Nội dung theo dõi",
    "Kết quả thực hiện",
    "Điều chỉnh (nếu có)",
    "Người đánh giá",
)
MONITORING_WIDTHS_MM = (32, 76, 56, 48, 40)


def _header_row(table: Table, names: tuple[str, ...]) -> None:
    for col, name in enumerate(names):
        set_cell(table.cell(0, col), name, bold=True, align=CENTER, middle=True)


def _finish(table: Table, header_rows: int = 1) -> Table:
    repeat_header(table, header_rows)
    keep_rows_whole(table)
    return table


def add_issue_table(doc: Document, issues: tuple[PriorityIssue, ...], framework: Framework) -> Table:
    """Section IV: one row per priority issue (one blank row when none was chosen yet)."""
    table = add_table(doc, 1 + max(len(issues), 1), ISSUE_WIDTHS_MM)
    _header_row(table, ISSUE_COLUMNS)
    for i, issue in enumerate(issues, 1):
        related = [_criterion_ref(code, framework) for code in issue.criteria]
        values = (str(i), standard_label(issue.standard, framework), related, issue.current_state,
                  issue.limitation, issue.root_cause)  # fmt: skip
        for col, value in enumerate(values):
            set_cell(table.cell(i, col), value, align=CENTER if col == 0 else LEFT)
    return _finish(table)


def _criterion_ref(code: str, framework: Framework) -> str:
    found = framework.criterion(code)
    return f"Tiêu chí {code}: {found.title}" if found else f"Tiêu chí {code}"


def content_lines(row: PlanRow, framework: Framework) -> list[str]:
    """Nội dung cải tiến: the row's content, then which criterion it improves ("(Tiêu chí 2.2)")."""
    content = row.content.strip()
    if row.band == "4":  # a 2018 Mức 4 item shown in Biểu 2, which has no Mức 4 band
        ref = f"Mức 4, tiêu chí {row.criterion}"
        title = row.criterion_title.strip()
        return [content, f"({ref})"] if content else [f"{ref}: {title}" if title else ref]
    if not content:
        return [criterion_label(row, framework)]
    return [content, f"(Tiêu chí {row.criterion})"]


def add_plan_table(doc: Document, plan: Plan, framework: Framework) -> Table:
    """Section V: the 10-column table, names then "(1)…(10)" as a repeated two-row header."""
    rows = plan.rows
    table = add_table(doc, 2 + max(len(rows), 1), PLAN_WIDTHS_MM)
    _header_row(table, PLAN_COLUMNS)
    for col in range(len(PLAN_COLUMNS)):
        set_cell(table.cell(1, col), f"({col + 1})", italic=True, align=CENTER)
    for i, row in enumerate(rows, 1):
        resources = [row.budget] + ([row.support] if row.support.strip() else [])
        values = (str(i), content_lines(row, framework), row.target, action_lines(row.actions),
                  action_lines(row.indicators), row.timeline, row.owners, resources,
                  action_lines(row.evidence), row.status)  # fmt: skip
        for col, value in enumerate(values):
            set_cell(table.cell(i + 1, col), value, align=CENTER if col in (0, 9) else LEFT)
    return _finish(table, header_rows=2)


def add_monitoring_table(doc: Document, plan: Plan) -> Table:
    """Section VI: the review points (end of term I and end of year by default)."""
    rows = plan.monitoring or tuple(texts.default_monitoring())
    table = add_table(doc, 1 + len(rows), MONITORING_WIDTHS_MM)
    _header_row(table, MONITORING_COLUMNS)
    for i, row in enumerate(rows, 1):
        for col, value in enumerate((row.when, row.content, row.result, row.adjustment, row.reviewer)):
            set_cell(table.cell(i, col), value, bold=col == 0 or None, align=LEFT)
    return _finish(table)


def _general_information(doc: Document, plan: Plan) -> None:
    header = plan.header
    kind = SCHOOL_TYPE_LABELS[header.school_type] if header.school_type else BLANK_LINE
    add_numbered(
        doc,
        [
            f"Tên cơ sở giáo dục: {header.school_name.strip() or BLANK_LINE}",
            f"Cấp học: {kind}",
            f"Địa chỉ: {header.address.strip() or BLANK_LINE}",
            f"Năm học: {header.school_year or BLANK_LINE}",
        ],
    )


def split_purposes(items: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """Purposes and requirements of a plan whose ``purposes`` may hold both (Mục III).

    A drafted plan lists the purposes and then the five requirements a)-đ) in one tuple; the
    requirements start one item before the verbatim requirement b).  Without it, every item is
    a purpose and the standard requirements are used.
    """
    folded = [fold(x) for x in items]
    at = next((i for i, x in enumerate(folded) if _REQUIREMENT_B in x), None)
    if at is None:
        return list(items), [text for _, text in texts.TT57_REQUIREMENTS]
    start = max(at - 1, 0)
    return list(items[:start]), list(items[start:])


def _purposes_and_requirements(doc: Document, plan: Plan) -> None:
    purposes, requirements = split_purposes(plan.purposes)
    add_heading(doc, "1. Mục đích", level=2)
    add_numbered(doc, purposes or texts.default_purposes_tt57(), style="dash")
    add_heading(doc, "2. Yêu cầu", level=2)
    add_numbered(doc, requirements, style="letter")


def build(
    doc: Document, plan: Plan, framework: Framework, *, header: HeaderWriter = add_official_header
) -> None:
    """Write the whole TT57 Biểu 2 plan into a fresh document (``header`` writes the top block)."""
    header(doc, plan)
    add_title(doc, plan)
    add_heading(doc, SECTION_HEADINGS[0])
    _general_information(doc, plan)
    add_heading(doc, SECTION_HEADINGS[1])
    bases = (
        texts.fix_bases(plan.bases, framework) if plan.bases else texts.default_bases_tt57(plan, framework)
    )
    add_numbered(doc, bases)
    add_heading(doc, SECTION_HEADINGS[2])
    _purposes_and_requirements(doc, plan)
    add_section(doc, landscape=True)
    add_heading(doc, SECTION_HEADINGS[3])
    add_issue_table(doc, plan.priority_issues, framework)
    add_heading(doc, SECTION_HEADINGS[4])
    add_plan_table(doc, plan, framework)
    add_heading(doc, SECTION_HEADINGS[5])
    add_monitoring_table(doc, plan)
    add_section(doc, landscape=False)
    add_heading(doc, SECTION_HEADINGS[6])
    add_organisation(doc, plan.organisation or texts.default_organisation_tt57())
    add_heading(doc, SECTION_HEADINGS[7])
    for letter, text in texts.TT57_REPORTING:
        add_body(doc, f"{letter}) {text}")
    add_closing(doc, plan, list(plan.recipients) or texts.default_recipients(plan, framework))
