"""Export a plan: the official Word document (2018 or TT57 template), an Excel tracker, JSON.

Every exporter returns bytes and is reproducible: the same plan gives the same file, because the
document times are taken from the plan's date instead of the clock.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Literal

from docx.document import Document

from corpus.text import school_year_bounds

from ..domain import Framework, Generation, Plan
from ..errors import CaitienError
from . import docx_2018, docx_tt57
from .appendix import DecisionRecord, add_appendix
from .docx_common import add_page_numbers, create_document, document_bytes, stamp_properties
from .docx_header import add_official_header, parse_date, title_subject
from .json_io import plan_from_json, plan_to_json, read_plan_json
from .xlsx import export_xlsx as _export_xlsx

Template = Literal["2018", "tt57"]
Format = Literal["docx", "xlsx", "json"]
FORMATS: tuple[str, ...] = ("docx", "xlsx", "json")
TEMPLATE_LABELS: dict[str, str] = {
    "2018": "Mẫu năm 2018 (bảng 9 cột, theo TT17/18/19)",
    "tt57": "Biểu 2 Phụ lục V Thông tư 57/2026 (bảng 10 cột)",
}

__all__ = [
    "FORMATS",
    "TEMPLATE_LABELS",
    "DecisionRecord",
    "default_template",
    "export_as",
    "export_docx",
    "export_xlsx",
    "format_for",
    "plan_from_json",
    "plan_stamp",
    "plan_to_json",
    "read_plan_json",
]


def default_template(framework: Framework) -> Template:
    """The template that goes with a framework: Biểu 2 for TT57, the 9-column table for 2018."""
    return "tt57" if framework.generation == Generation.G2026 else "2018"


def plan_stamp(plan: Plan) -> datetime:
    """A fixed document time taken from the plan: its date, else 1 September of its school year."""
    when = parse_date(plan.header.date)
    if when:
        return when
    try:
        return datetime(school_year_bounds(plan.header.school_year)[0], 9, 1)
    except ValueError:
        return datetime(2000, 1, 1)


def export_docx(
    plan: Plan,
    framework: Framework,
    *,
    template: Template | None = None,
    letterhead: bytes | None = None,
    appendix: Sequence[DecisionRecord] | None = None,
) -> bytes:
    """The plan as an official .docx (NĐ 30/2020 layout); ``letterhead`` replaces the default header."""
    chosen = template or default_template(framework)
    if chosen not in TEMPLATE_LABELS:
        raise CaitienError(f"Không có mẫu kế hoạch '{chosen}'.", "Chọn mẫu «2018» hoặc «tt57».")
    header: Callable[[Document, Plan], None] = add_official_header
    if letterhead is not None:
        from .letterhead import letterhead_writer

        header = letterhead_writer(letterhead)
    doc = create_document()
    add_page_numbers(doc)
    builder = docx_tt57 if chosen == "tt57" else docx_2018
    builder.build(doc, plan, framework, header=header)
    if appendix:
        add_appendix(doc, appendix)
    author = plan.header.school_name or "caitien"
    stamp_properties(doc, title=f"Kế hoạch {title_subject(plan).lower()}", author=author, at=plan_stamp(plan))
    return document_bytes(doc)


def export_xlsx(plan: Plan, framework: Framework) -> bytes:
    """The plan as an .xlsx tracker (one line per action, with a status column)."""
    return _export_xlsx(plan, framework, stamp=plan_stamp(plan))


def format_for(filename: str) -> Format:
    """The export format named by a file's extension; a Vietnamese error for anything else."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix not in FORMATS:
        raise CaitienError(
            f"Không xuất được sang tệp «{filename}»: chỉ hỗ trợ .docx, .xlsx và .json.",
            "Hãy đặt tên tệp kết quả có đuôi .docx, .xlsx hoặc .json.",
        )
    return suffix  # type: ignore[return-value]


def export_as(
    plan: Plan,
    framework: Framework,
    fmt: Format,
    *,
    template: Template | None = None,
    letterhead: bytes | None = None,
    appendix: Sequence[DecisionRecord] | None = None,
    extra: dict | None = None,
) -> bytes:
    """One entry point for the UI and the command line: the plan in ``fmt`` as bytes."""
    if fmt == "docx":
        return export_docx(plan, framework, template=template, letterhead=letterhead, appendix=appendix)
    if fmt == "xlsx":
        return export_xlsx(plan, framework)
    if fmt == "json":
        return plan_to_json(plan, extra=extra).encode("utf-8")
    raise CaitienError(f"Không có định dạng xuất '{fmt}'.", "Chọn docx, xlsx hoặc json.")
