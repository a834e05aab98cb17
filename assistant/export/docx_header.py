"""The official parts of the document around the content (Nghị định 30/2020/NĐ-CP, Phụ lục I).

Two-column header (managing body and school on the left; Quốc hiệu and Tiêu ngữ on the right,
each with its short rule), "Số: …/KH-…" and the italic place-and-date line, the title, and the
closing block (Nơi nhận beside the signature).
"""

from __future__ import annotations

import re
from datetime import datetime

from docx.document import Document
from docx.shared import Mm

from corpus.text import fold, school_year_bounds

from ..domain import Plan, PlanHeader
from .docx_common import BLANK, CENTER, HEADER_PT, LEFT, PORTRAIT_TEXT_MM, add_rule, add_text
from .docx_tables import add_table, keep_rows_whole, set_cell, set_cell_margins
from .texts import ARCHIVE_RECIPIENT

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
TITLE = "KẾ HOẠCH"
SIGN_HINT = "(Ký, ghi rõ họ tên, đóng dấu)"
HEADER_WIDTHS_MM = (75, 95)  # 5 mm wider than the text block, centred, as official letterheads are
CLOSING_WIDTHS_MM = (80, 85)
TIEU_NGU_RULE_MM = 57  # width of the Tiêu ngữ at 13 pt bold (NĐ 30: the rule is as long as the line)

_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")
_TYPE_PHRASES = (
    (("trung", "hoc", "pho", "thong"), "THPT"),
    (("trung", "hoc", "co", "so"), "THCS"),
    (("tieu", "hoc"), "TH"),
    (("mau", "giao"), "MG"),
    (("mam", "non"), "MN"),
)
# Words left out of a ký hiệu: "Trường", the kind of commune, "số" before a number.
_SKIPPED = {"truong", "xa", "phuong", "thi", "tran", "dac", "khu", "so"}


def parse_date(text: str) -> datetime | None:
    """A dd/mm/yyyy date (also d/m/yyyy, with dots or dashes), or None when unreadable."""
    m = _DATE.match(text or "")
    if not m:
        return None
    try:
        return datetime(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None


def place_date_line(header: PlanHeader) -> str:
    """ "Thanh Xương, ngày 09 tháng 9 năm 2026": day below 10 and month below 3 padded (NĐ 30)."""
    place = header.place.strip() or BLANK
    when = parse_date(header.date)
    if when is None:
        try:
            year = str(school_year_bounds(header.school_year)[0])
        except ValueError:
            year = "20…"
        return f"{place}, ngày … tháng … năm {year}"
    month = f"{when.month:02d}" if when.month < 3 else str(when.month)
    return f"{place}, ngày {when.day:02d} tháng {month} năm {when.year}"


def _initial(word: str) -> str:
    return "Đ" if word[0] in "đĐ" else fold(word[0]).upper()


def school_abbreviation(name: str) -> str:
    """Ký hiệu of a school from its name: "Trường THCS xã Thanh Xương" -> "THCSTX"."""
    words = name.split()
    folded = [fold(w) for w in words]
    parts: list[str] = []
    i = 0
    while i < len(words):
        phrase = next((p for p in _TYPE_PHRASES if tuple(folded[i : i + len(p[0])]) == p[0]), None)
        if phrase:
            parts.append(phrase[1])
            i += len(phrase[0])
            continue
        word = words[i].strip(",.;()")
        if word.isdigit():
            parts.append(word)
        elif word and word.isalpha() and folded[i].strip(",.;()") not in _SKIPPED:
            upper_acronym = len(word) > 1 and word.isupper()
            parts.append("".join(_initial(ch) for ch in word) if upper_acronym else _initial(word))
        i += 1
    return "".join(parts)


def number_line(header: PlanHeader) -> str:
    """ "Số: 166/KH-THCSTX"; the number is left blank ("…") for the office to fill in."""
    raw = re.sub(r"^\s*số\s*:?\s*", "", header.number.strip(), flags=re.IGNORECASE)
    number, _, symbol = raw.partition("/")
    number = number.strip().strip(".…").strip()  # "…" or "...": the office fills the number in
    if number.isdigit() and len(number) == 1:
        number = f"0{number}"
    symbol = symbol.strip().upper()
    if symbol and symbol.rstrip("-") != "KH":  # a bare "KH" still needs the school's ký hiệu
        return f"Số: {number or BLANK}/{symbol}"
    abbr = header.abbreviation.strip().upper() or school_abbreviation(header.school_name) or BLANK
    return f"Số: {number or BLANK}/KH-{abbr}"


def add_official_header(doc: Document, plan: Plan) -> None:
    """The two-column header table, then nothing else: the title follows."""
    header = plan.header
    table = add_table(doc, 2, HEADER_WIDTHS_MM, grid=False)
    set_cell_margins(table, 0.5)
    left, right = table.cell(0, 0), table.cell(0, 1)
    body = header.managing_body.strip().upper() or BLANK
    school = header.school_name.strip().upper() or BLANK
    set_cell(left, body.split("\n"), bold=False, align=CENTER, size=12)
    add_text(left, school, bold=True, size=12, align=CENTER, after=0)
    add_rule(left, _school_rule_mm(school), HEADER_WIDTHS_MM[0] - 1)
    set_cell(right, QUOC_HIEU, bold=True, align=CENTER, size=12)
    add_text(right, TIEU_NGU, bold=True, size=HEADER_PT, align=CENTER, after=0)
    add_rule(right, TIEU_NGU_RULE_MM, HEADER_WIDTHS_MM[1] - 1)
    set_cell(table.cell(1, 0), number_line(header), align=CENTER, size=HEADER_PT)
    set_cell(table.cell(1, 1), place_date_line(header), italic=True, align=CENTER, size=14)
    for cell in (table.cell(1, 0), table.cell(1, 1)):
        cell.paragraphs[0].paragraph_format.space_before = Mm(2)


def _school_rule_mm(school: str) -> float:
    """1/3 to 1/2 of the school name's width (about 2.8 mm per capital at 12 pt bold)."""
    longest = max((len(line) for line in school.split("\n")), default=10)
    width = min(longest * 2.8, HEADER_WIDTHS_MM[0] - 2)
    return max(20.0, min(width * 0.4, 35.0))


def title_subject(plan: Plan) -> str:
    """The trích yếu under the title."""
    year = plan.header.school_year or "20…-20…"
    return f"Cải tiến chất lượng giáo dục năm học {year}"


def add_title(doc: Document, plan: Plan) -> None:
    """ "KẾ HOẠCH" and its trích yếu, bold, centred, with a short rule under them."""
    add_text(doc, TITLE, bold=True, size=14, align=CENTER, before=18, after=0)
    add_text(doc, title_subject(plan), bold=True, size=14, align=CENTER, after=0)
    add_rule(doc, 40, PORTRAIT_TEXT_MM, after=12)


def recipient_lines(recipients: list[str]) -> list[str]:
    """ "- X;" for each recipient, the archive line last and ending with a full stop."""
    items = [re.sub(r"^[\s\-–•+]+", "", r).strip().rstrip(";.,").strip() for r in recipients]
    items = [i for i in items if i]
    archive = next((i for i in items if fold(i).startswith("luu")), ARCHIVE_RECIPIENT.rstrip("."))
    others = [i for i in items if i is not archive and not fold(i).startswith("luu")]
    return [f"- {i};" for i in others] + [f"- {archive}."]


def add_closing(doc: Document, plan: Plan, recipients: list[str]) -> None:
    """Nơi nhận (left) beside the signature block (right), in one borderless table."""
    add_text(doc, "", after=6)
    table = add_table(doc, 1, CLOSING_WIDTHS_MM, grid=False)
    set_cell_margins(table, 0.5)
    left, right = table.cell(0, 0), table.cell(0, 1)
    set_cell(left, "Nơi nhận:", bold=True, italic=True, align=LEFT, size=12)
    for line in recipient_lines(recipients):
        add_text(left, line, size=11, align=LEFT, after=0)
    title_lines = [t.strip().upper() for t in (plan.signer_title or "HIỆU TRƯỞNG").split("\n") if t.strip()]
    set_cell(right, title_lines, bold=True, align=CENTER, size=14)
    add_text(right, SIGN_HINT, italic=True, size=13, align=CENTER, after=0)
    for _ in range(4):
        add_text(right, "", size=14, after=0)
    add_text(right, plan.signer_name.strip(), bold=True, size=14, align=CENTER, after=0)
    keep_rows_whole(table)
