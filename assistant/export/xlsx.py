"""The plan as an Excel workbook for tracking: one line per action, with status to fill in.

Sheet "Kế hoạch" has one line per action (a plan row with three actions gives three lines that
repeat the row's owner, time and budget), a frozen header, filters, and a drop-down for the
status (Hoàn thành / Đang thực hiện / Chưa hoàn thành).  "Thông tin chung" holds the header; TT57
plans also get their priority issues and review points.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ..domain import ROW_STATUSES, SCHOOL_TYPE_LABELS, Framework, Generation, Plan, PlanRow
from .docx_common import normalise_zip
from .docx_header import title_subject
from .docx_sections import criterion_title, standard_of, strip_marker

FONT_NAME = "Times New Roman"
HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
HEADER_ROW = 3

Getter = Callable[[PlanRow, str, Framework], str]
Column = tuple[str, float, Getter]


def _lines(items: Sequence[str]) -> str:
    return "\n".join(strip_marker(x) for x in items if x.strip())


_COMMON_START: list[Column] = [
    ("Tiêu chuẩn", 10, lambda r, a, f: standard_of(r, f)),
    ("Tiêu chí", 9, lambda r, a, f: r.criterion),
    ("Tên tiêu chí", 30, lambda r, a, f: criterion_title(r, f)),
]
_COMMON_END: list[Column] = [
    ("Trạng thái", 17, lambda r, a, f: r.status),
    ("Ngày cập nhật", 13, lambda r, a, f: ""),
    ("Nhận xét theo dõi", 30, lambda r, a, f: ""),
]
COLUMNS_2018: list[Column] = [
    *_COMMON_START,
    ("Mức", 8, lambda r, a, f: "Mức 4" if r.band == "4" else "Mức 1-3"),
    ("Kết quả cần đạt (so với hiện trạng)", 24, lambda r, a, f: r.target),
    ("Công việc/giải pháp cần thực hiện", 50, lambda r, a, f: a),
    ("Chủ trì và phối hợp thực hiện", 24, lambda r, a, f: r.owners),
    ("Thời gian thực hiện và hoàn thành", 18, lambda r, a, f: r.timeline),
    ("Dự kiến kinh phí", 16, lambda r, a, f: r.budget),
    ("Điều kiện hỗ trợ khác", 20, lambda r, a, f: r.support),
    ("Ghi chú", 16, lambda r, a, f: r.note),
    *_COMMON_END,
]
COLUMNS_TT57: list[Column] = [
    *_COMMON_START,
    ("Nội dung cải tiến", 30, lambda r, a, f: r.content),
    ("Mục tiêu cải tiến", 26, lambda r, a, f: r.target),
    ("Hoạt động/giải pháp", 50, lambda r, a, f: a),
    ("Chỉ số đánh giá kết quả", 30, lambda r, a, f: _lines(r.indicators)),
    ("Thời gian thực hiện", 18, lambda r, a, f: r.timeline),
    ("Đơn vị/cá nhân phụ trách", 24, lambda r, a, f: r.owners),
    ("Nguồn lực bảo đảm", 18, lambda r, a, f: "\n".join(x for x in (r.budget, r.support) if x.strip())),
    ("Thông tin, dữ liệu hoặc minh chứng dự kiến", 30, lambda r, a, f: _lines(r.evidence)),
    *_COMMON_END,
]


def columns_for(framework: Framework) -> list[Column]:
    """The tracking columns of the framework's generation (2018 or TT57 wording)."""
    return COLUMNS_TT57 if framework.generation == Generation.G2026 else COLUMNS_2018


def action_lines(plan: Plan) -> list[tuple[str, PlanRow, str]]:
    """(TT, row, action) for every action; "3.2" is the second action of plan row 3."""
    out: list[tuple[str, PlanRow, str]] = []
    for i, row in enumerate(plan.rows, 1):
        actions = [strip_marker(a) for a in row.actions if a.strip()] or [""]
        for j, action in enumerate(actions, 1):
            out.append((f"{i}.{j}" if len(actions) > 1 else str(i), row, action))
    return out


def _style_header(ws: Worksheet, row: int, names: Sequence[str], widths: Sequence[float]) -> None:
    for col, (name, width) in enumerate(zip(names, widths, strict=True), 1):
        cell = ws.cell(row=row, column=col, value=name)
        cell.font = Font(name=FONT_NAME, bold=True, size=12)
        cell.fill, cell.border = HEADER_FILL, BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[get_column_letter(col)].width = width


def _write_rows(ws: Worksheet, first: int, rows: Sequence[Sequence[str]]) -> None:
    for r, values in enumerate(rows, first):
        for c, value in enumerate(values, 1):
            cell = ws.cell(row=r, column=c, value=value or None)
            cell.font, cell.alignment, cell.border = Font(name=FONT_NAME, size=12), WRAP, BORDER


def _plan_sheet(ws: Worksheet, plan: Plan, framework: Framework) -> None:
    ws.title = "Kế hoạch"
    ws["A1"] = f"KẾ HOẠCH {title_subject(plan).upper()}"
    ws["A1"].font = Font(name=FONT_NAME, bold=True, size=14)
    ws["A2"] = " – ".join(x for x in (plan.header.school_name, framework.name) if x)
    ws["A2"].font = Font(name=FONT_NAME, italic=True, size=12)
    columns = columns_for(framework)
    _style_header(ws, HEADER_ROW, ["TT"] + [c[0] for c in columns], [7] + [c[1] for c in columns])
    rows = [
        [tt] + [get(row, action, framework) for _, _, get in columns]
        for tt, row, action in action_lines(plan)
    ]
    _write_rows(ws, HEADER_ROW + 1, rows)
    last_row = HEADER_ROW + max(len(rows), 1)
    last_col = get_column_letter(len(columns) + 1)
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=5)  # header and TT, tiêu chuẩn, tiêu chí stay
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last_col}{last_row}"
    status_col = get_column_letter(len(columns) - 1)
    choices = DataValidation(type="list", formula1='"' + ",".join(ROW_STATUSES) + '"', allow_blank=True)
    choices.error = "Chọn một trong: " + ", ".join(ROW_STATUSES)
    choices.errorTitle = "Trạng thái không hợp lệ"
    ws.add_data_validation(choices)
    choices.add(f"{status_col}{HEADER_ROW + 1}:{status_col}{max(last_row, HEADER_ROW + 200)}")
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


def _info_sheet(ws: Worksheet, plan: Plan, framework: Framework) -> None:
    h = plan.header
    pairs = [
        ("Trường", h.school_name),
        ("Cơ quan quản lý", h.managing_body),
        ("Cấp học", SCHOOL_TYPE_LABELS[h.school_type] if h.school_type else ""),
        ("Địa chỉ", h.address),
        ("Năm học", h.school_year),
        ("Bộ tiêu chí", framework.name),
        ("Số kế hoạch", h.number),
        ("Ngày ban hành", h.date),
        ("Người ký", " ".join(x for x in (plan.signer_title, plan.signer_name) if x)),
        ("Số dòng kế hoạch", str(len(plan.rows))),
    ]
    _style_header(ws, 1, ["Mục", "Nội dung"], [22, 70])
    _write_rows(ws, 2, pairs)


def _tt57_sheets(wb: Workbook, plan: Plan) -> None:
    issues = wb.create_sheet("Vấn đề trọng tâm")
    names = ["TT", "Tiêu chuẩn", "Tiêu chí liên quan", "Đánh giá hiện trạng", "Điểm hạn chế", "Nguyên nhân"]
    _style_header(issues, 1, names, [6, 14, 16, 40, 40, 40])
    _write_rows(issues, 2, [[str(i), p.standard, ", ".join(p.criteria), p.current_state, p.limitation,
                             p.root_cause] for i, p in enumerate(plan.priority_issues, 1)])  # fmt: skip
    issues.freeze_panes = "A2"
    review = wb.create_sheet("Theo dõi, đánh giá")
    names = ["Thời điểm", "Nội dung theo dõi", "Kết quả thực hiện", "Điều chỉnh (nếu có)", "Người đánh giá"]
    _style_header(review, 1, names, [18, 40, 40, 30, 24])
    _write_rows(review, 2, [[m.when, m.content, m.result, m.adjustment, m.reviewer] for m in plan.monitoring])
    review.freeze_panes = "A2"


def export_xlsx(plan: Plan, framework: Framework, *, stamp: datetime | None = None) -> bytes:
    """The workbook as .xlsx bytes, the same bytes for the same plan."""
    wb = Workbook()
    _plan_sheet(wb.active, plan, framework)
    _info_sheet(wb.create_sheet("Thông tin chung"), plan, framework)
    if framework.generation == Generation.G2026:
        _tt57_sheets(wb, plan)
    at = stamp or datetime(2000, 1, 1)
    wb.properties.creator = wb.properties.lastModifiedBy = plan.header.school_name or "caitien"
    wb.properties.title = f"Kế hoạch {title_subject(plan).lower()}"
    wb.properties.created = wb.properties.modified = at
    buffer = io.BytesIO()
    # ExcelWriter directly: openpyxl's save_workbook stamps the current time as "modified".
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).write_data()
    return normalise_zip(buffer.getvalue())
