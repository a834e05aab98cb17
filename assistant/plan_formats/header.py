"""The header of a plan: managing body, school, number, place and date, school year, circular.

Everything is looked up accent-folded (OCR loses the marks) but returned as the document writes it.
The circular is recorded as cited and checked (:mod:`.citation`) against the title quoted after it and the
school type.  A header typed as a two-column table is read cell line by cell line (the caller splits
them); a left cell whose two lines came joined is cut where "TRƯỜNG" starts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from corpus.text import fold, school_year

from ..catalog import Catalog
from ..domain import PlanHeader, SchoolType
from .citation import CIRCULAR_TYPES, citation, citation_warnings, framework_for

_HEAD_LINES = 40
_PLACEHOLDER = re.compile(r"(?:\.{3,}|…)")
# "Số: 166 /KH-THCSTX", "Số : ....../KH-....", "Số: ……/KH-THTN" (number left blank until signed)
_NUMBER = re.compile(r"^\s*s[o0-9]?\s*:\s*([0-9][0-9 ]*|[.…_ ]*)\s*/\s*(kh[a-z0-9đ&.\-]*)", re.IGNORECASE)
_DATE = re.compile(
    r"ngay\s*(\d{1,2})\s*(?:thang\s*(\d{1,2})\s*nam\s*|[/.\-]\s*(\d{1,2})\s*[/.\-]\s*)(\d{4})"
)
_SCHOOL_WORD = re.compile(r"\s(?=truong\s+\S)")  # searched in folded text
# "3. Địa chỉ: ..." — also in the middle of a line, where a PDF joined section I's short lines
_ADDRESS = re.compile(r"(?:^|\s)dia\s*chi(?:\s*tru\s*so)?\s*:\s*(\S.*)$")
_ADDRESS_END = re.compile(r"\s+(?:so\s*)?(?:dien\s*thoai|dt|email|e-mail|website|fax)\s*:")
_SCHOOL_FIELD = re.compile(r"^\s*(?:\d{1,2}\s*[.)]\s*)?ten\s*(?:co\s*so\s*giao\s*duc|truong|don\s*vi)\s*:\s*(\S.*)$")
_MANAGING = re.compile(r"^(?:ubnd|uy ban nhan dan|so giao duc|so gd|phong giao duc|phong gd|bo giao duc|dai hoc)")
_RIGHT_BLOCK = re.compile(r"\s{2,}|\t|\s+(?=cong hoa\b)|\s+(?=[a-z]{1,2}oc\s+lap\b)")
_SCHOOL_IN_TEXT = re.compile(
    r"\b[Tt]r(?:ư|u)(?:ờ|o)ng\s+(mầm non|tiểu học|THCS|THPT|TH&THCS|THCS&THPT|TH và THCS|trung học cơ sở|"
    r"trung học phổ thông|phổ thông|PTDTBT[\w&-]*|PTDTNT[\w&-]*|MN|TH)\b",
    re.IGNORECASE,
)
_NAME_CONNECTORS = {"xã", "phường", "thị", "trấn", "huyện", "quận", "số", "&", "-"}

_TYPE_WORDS: tuple[tuple[SchoolType, re.Pattern[str]], ...] = tuple(
    (t, re.compile(p))
    for t, p in (
        (SchoolType.PTNCH, r"nhieu cap hoc|\bth\s*(?:&|va)\s*thcs\b|\bthcs\s*(?:&|va)\s*thpt\b|lien cap"),
        (SchoolType.GDTX, r"giao duc thuong xuyen|\bgdtx\b|gdnn"),
        (SchoolType.MN, r"mam non|mau giao|nha tre|\bmn\b"),
        (SchoolType.THPT, r"\bthpt\b|trung hoc pho thong"),
        (SchoolType.THCS, r"\bthcs\b|trung hoc co so"),
        (SchoolType.TH, r"tieu hoc|\bth\b"),
    )
)

def school_type_of(text: str) -> SchoolType | None:
    """The school type a name or phrase names ("Trường THCS xã Thanh Xương" -> THCS)."""
    folded = fold(text)
    return next((t for t, pattern in _TYPE_WORDS if pattern.search(folded)), None)


def _original(line: str, folded_slice: tuple[int, int]) -> str:
    """The original text of a span found in the folded line (fold keeps NFC lengths)."""
    start, end = folded_slice
    return line[start:end] if len(fold(line)) == len(line) else fold(line)[start:end]


def _placeholder(text: str) -> bool:
    return bool(_PLACEHOLDER.search(text))


def head_lines(lines: Sequence[str]) -> list[str]:
    """The first non-empty lines, before section I or the table."""
    out: list[str] = []
    for line in lines:
        if not line.strip():
            continue
        if re.match(r"^\s*i\s*[.)]\s", fold(line)) or len(out) >= _HEAD_LINES:
            break
        out.append(line.strip())
    return out


def _left_block(line: str) -> str:
    """The left-hand part of a two-column header line (school side, not the national motto)."""
    folded = fold(line)
    m = _RIGHT_BLOCK.search(folded)
    return line[: m.start()].strip() if m else line.strip()


def _school_start(left: str) -> int | None:
    """Where "TRƯỜNG ..." starts in a left header block that also holds the managing body."""
    m = _SCHOOL_WORD.search(fold(left))
    return m.end() if m and len(fold(left)) == len(left) else None


def managing_body(head: Sequence[str]) -> str:
    """The governing body written above the school name ("UBND XÃ ...", "SỞ GD&ĐT ...").

    When the two lines of the left header cell come joined ("UBND XÃ A TRƯỜNG THCS A", a PDF or a
    table read line by line), the body ends where the school's name starts.
    """
    for line in head[:6]:
        left = _left_block(line)
        if _MANAGING.match(fold(left)) and not _placeholder(left):
            cut = _school_start(left)
            return left[:cut].strip() if cut else left
    return ""


def school_name(head: Sequence[str], text: str) -> str:
    """The school's name: the "TRƯỜNG ..." header line, the "Tên cơ sở giáo dục:" field, or the first
    "Trường <type> <Name>" in the text."""
    for line in head[:8]:
        left = _left_block(line)
        if not re.match(r"^tr\S{1,3}ng\s+\S", fold(left)):
            cut = _school_start(left) if _MANAGING.match(fold(left)) else None
            left = left[cut:].strip() if cut else ""
        if left and not _placeholder(left) and len(left) < 90:
            return left
    for line in text.split("\n")[:80]:
        m = _SCHOOL_FIELD.match(fold(line))
        if m and len(fold(line)) == len(line) and not _placeholder(line):
            return line[m.start(1):].strip(" .;")
    for m in _SCHOOL_IN_TEXT.finditer(text):
        words = text[m.end():].split()
        name = [m.group(0)[0].upper() + m.group(0)[1:]]
        for word in words[:8]:
            bare = word.strip(",.;:()")
            if bare and (bare[0].isupper() or bare[0].isdigit() or bare.lower() in _NAME_CONNECTORS):
                name.append(bare)
                if bare != word:
                    break
            else:
                break
        while len(name) > 1 and name[-1].lower() in _NAME_CONNECTORS:
            name.pop()
        if len(name) > 1:
            return " ".join(name)
    return ""


def number_place_date(head: Sequence[str]) -> tuple[str, str, str]:
    """"Số: 166 /KH-THCSTX" -> "166/KH-THCSTX"; "Thanh Xương, ngày 9 tháng 9 năm 2025" -> place, "09/09/2025"."""
    number = place = date = ""
    for line in head:
        folded = fold(line)
        m = _NUMBER.match(line) or _NUMBER.match(folded)
        rest_start = 0
        if m:
            digits = m.group(1).replace(" ", "")
            if digits and digits.isdigit() and not number:
                number = f"{digits}/{_original(line, m.span(2)).upper()}"
            rest_start = m.end()
        d = _DATE.search(folded)
        if d and not date:
            day, month, year = int(d.group(1)), int(d.group(2) or d.group(3)), int(d.group(4))
            if 1 <= day <= 31 and 1 <= month <= 12:
                date = f"{day:02d}/{month:02d}/{year}"
                place = _original(line, (rest_start, d.start())) if d.start() > rest_start else ""
                place = place.split("\t")[-1].strip(" ,\t")  # the number cell may share the line
    return number, place, date


def abbreviation_of(head: Sequence[str]) -> str:
    """The school's ký hiệu in "Số: …/KH-THCSTX" ("THCSTX"), also when the number is left blank."""
    for line in head:
        m = _NUMBER.match(line) or _NUMBER.match(fold(line))
        if m:
            symbol = _original(line, m.span(2)).upper()
            return re.sub(r"^KH\s*[-–]?\s*", "", symbol).strip(".-") if not _placeholder(symbol) else ""
    return ""


def address_of(lines: Sequence[str]) -> str:
    """The "Địa chỉ:" field of section I (Thông tin chung) of a TT57 plan, when filled in."""
    for line in lines[:120]:
        folded = fold(line)
        m = _ADDRESS.search(folded)
        if m and len(folded) == len(line):
            end = _ADDRESS_END.search(folded, m.start(1))
            value = line[m.start(1) : end.start() if end else len(line)].strip(" .;")
            return "" if _placeholder(value) or not value else value
    return ""


def plan_school_year(head: Sequence[str], text: str) -> str:
    """The school year of the title ("Năm học 2025 – 2026"), else the first one in the text."""
    for i, line in enumerate(head):
        if fold(line).strip().startswith("ke hoach"):
            for follow in head[i : i + 5]:
                found = school_year(follow)
                if found:
                    return found
    return school_year(" ".join(head)) or school_year(text[:6000]) or ""


def _purpose_years(lines: Sequence[str]) -> set[str]:
    """School years named in section I (Mục đích, yêu cầu), to compare with the title's year."""
    text = " ".join(lines)
    folded = fold(text)
    start = re.search(r"\bi\s*[.)]\s*muc\s*dich", folded)
    if not start:
        return set()
    end = re.search(r"\bii\s*[.)]\s*\S", folded[start.end():])
    section = folded[start.end() : start.end() + end.start()] if end else folded[start.end() : start.end() + 3000]
    years = set()
    for m in re.finditer(r"(20\d\d)\s*[-–—]\s*(20\d\d)", section):
        if int(m.group(2)) == int(m.group(1)) + 1:
            years.add(f"{m.group(1)}-{m.group(2)}")
    return years


def read_header(lines: Sequence[str], catalog: Catalog) -> tuple[PlanHeader, list[str]]:
    """The plan header and warnings about inconsistencies the school should correct."""
    text = "\n".join(lines)
    head = head_lines(lines)
    name = school_name(head, text)
    stype = school_type_of(name) if name else None
    number, place, date = number_place_date(head)
    year = plan_school_year(head, text)
    cite = citation(text)
    warnings: list[str] = []
    if cite is not None:
        warnings.extend(citation_warnings(cite, stype))
        if stype is None and cite.title_number is None and cite.number in (17, 19):
            stype = CIRCULAR_TYPES[cite.number][0]
    framework_id = framework_for(cite, stype, year, catalog)
    if cite is None and framework_id:
        warnings.append(
            f"Kế hoạch không dẫn thông tư về kiểm định chất lượng; đã chọn bộ tiêu chí {framework_id} "
            "theo loại trường và năm học."
        )
    other_years = sorted(_purpose_years(lines) - {year}) if year else []
    if other_years:
        warnings.append(
            f"Tiêu đề ghi năm học {year} nhưng mục “Mục đích, yêu cầu” nhắc năm học {', '.join(other_years)}; "
            "cần sửa cho thống nhất."
        )
    header = PlanHeader(
        managing_body=managing_body(head),
        school_name=name,
        school_type=stype,
        number=number,
        place=place,
        date=date,
        school_year=year,
        framework_id=framework_id,
        circular_cited=cite.label if cite else "",
        address=address_of(lines),
        abbreviation=abbreviation_of(head),
    )
    return header, warnings
