"""The header of a plan: managing body, school, number, place and date, school year, circular.

Everything is looked up accent-folded (OCR loses the marks) but returned as the document writes it.
The circular is recorded as cited, and checked against the title quoted after it and against the
school type: seed 000 cites "Thông tư số 17/2018" (tiểu học) with the title of Thông tư 18
(THCS, THPT và trường phổ thông có nhiều cấp học), which the school should correct.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from corpus.text import clean_spaces, fold, school_year

from ..catalog import Catalog
from ..domain import Generation, PlanHeader, SchoolType

_HEAD_LINES = 40
_PLACEHOLDER = re.compile(r"(?:\.{3,}|…)")
_NUMBER = re.compile(r"^\s*s[o0-9]?\s*:\s*([0-9][0-9 ]*)\s*/\s*(kh[a-z0-9đ&.\-]*)", re.IGNORECASE)
_DATE = re.compile(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})")
_MANAGING = re.compile(r"^(?:ubnd|uy ban nhan dan|so giao duc|so gd|phong giao duc|phong gd|bo giao duc|dai hoc)")
_RIGHT_BLOCK = re.compile(r"\s{2,}|\t|\s+(?=cong hoa\b)|\s+(?=[a-z]{1,2}oc\s+lap\b)")
_CIRCULAR = re.compile(r"thong\s*tu\s*(?:so\s*|s\S{0,2}\s+)?:?\s*(\d{1,3})\s*/\s*(\d{4})\s*/\s*tt")
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

# What each 2018 circular's title says the schools are, to catch a number quoted with another title.
_CIRCULAR_TITLES = {
    17: ("tieu hoc", "trường tiểu học"),
    18: ("trung hoc co so", "trường THCS, THPT và trường phổ thông có nhiều cấp học"),
    19: ("mam non", "trường mầm non"),
}
_CIRCULAR_TYPES = {17: (SchoolType.TH,), 18: (SchoolType.THCS, SchoolType.THPT, SchoolType.PTNCH), 19: (SchoolType.MN,)}
_CIRCULAR_YEARS = {17: 2018, 18: 2018, 19: 2018, 57: 2026}


@dataclass(frozen=True)
class Citation:
    """A circular cited by the plan: its number, year, the canonical label and any doubt about it."""

    number: int
    year: int
    label: str
    title_number: int | None  # the circular whose title follows the citation, when it differs


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


def managing_body(head: Sequence[str]) -> str:
    """The governing body written above the school name ("UBND XÃ ...", "SỞ GD&ĐT ...")."""
    for line in head[:6]:
        left = _left_block(line)
        if _MANAGING.match(fold(left)) and not _placeholder(left):
            return left
    return ""


def school_name(head: Sequence[str], text: str) -> str:
    """The school's name: the "TRƯỜNG ..." header line, or the first "Trường <type> <Name>" in the text."""
    for line in head[:8]:
        left = _left_block(line)
        if re.match(r"^tr\S{1,3}ng\s+\S", fold(left)) and not _placeholder(left) and len(left) < 90:
            return left
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
        if m and not number:
            number = f"{m.group(1).replace(' ', '')}/{_original(line, m.span(2)).upper()}"
            rest_start = m.end()
        d = _DATE.search(folded)
        if d and not date:
            day, month, year = int(d.group(1)), int(d.group(2)), int(d.group(3))
            if 1 <= day <= 31 and 1 <= month <= 12:
                date = f"{day:02d}/{month:02d}/{year}"
                place = _original(line, (rest_start, d.start())).strip(" ,\t") if d.start() > rest_start else ""
    return number, place, date


def plan_school_year(head: Sequence[str], text: str) -> str:
    """The school year of the title ("Năm học 2025 – 2026"), else the first one in the text."""
    for i, line in enumerate(head):
        if fold(line).strip().startswith("ke hoach"):
            for follow in head[i : i + 5]:
                found = school_year(follow)
                if found:
                    return found
    return school_year(" ".join(head)) or school_year(text[:6000]) or ""


def citation(text: str) -> Citation | None:
    """The 2018 or TT57 circular the plan cites first (with the title quoted after it)."""
    flat_text = clean_spaces(" ".join(text.split()))
    folded = fold(flat_text)
    for m in _CIRCULAR.finditer(folded):
        number, year = int(m.group(1)), int(m.group(2))
        expected = _CIRCULAR_YEARS.get(number)
        if expected is None:
            continue
        after = folded[m.end() : m.end() + 400].split(";")[0]
        if year != expected and str(expected) not in after[:60]:
            continue
        return Citation(number, year, f"Thông tư số {number}/{expected}/TT-BGDĐT", _other_title(number, after))
    return None


def _other_title(number: int, quoted: str) -> int | None:
    """The 2018 circular whose title is quoted after the citation of ``number``, when it is another one."""
    if number not in _CIRCULAR_TITLES or _CIRCULAR_TITLES[number][0] in quoted:
        return None
    return next((n for n, (key, _) in _CIRCULAR_TITLES.items() if key in quoted), None)


def framework_for(cite: Citation | None, school_type: SchoolType | None, year: str, catalog: Catalog) -> str | None:
    """The catalogue id the plan belongs to: the cited circular, else school type + school year."""
    if cite is not None and cite.number in (17, 18, 19):
        return f"tt{cite.number}-2018"
    if cite is not None and cite.number == 57:
        found = catalog.for_school(school_type or SchoolType.THCS, Generation.G2026)
        return found.id if found else None
    if school_type is not None and year:
        found = catalog.suggest(school_type, year)
        return found.id if found else None
    return None


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
        warnings.extend(_citation_warnings(cite, stype))
        if stype is None and cite.title_number is None and cite.number in (17, 19):
            stype = _CIRCULAR_TYPES[cite.number][0]
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
    )
    return header, warnings


def _citation_warnings(cite: Citation, stype: SchoolType | None) -> list[str]:
    out = []
    expected = _CIRCULAR_YEARS[cite.number]
    if cite.year != expected:
        out.append(
            f"Số hiệu thông tư đọc được là {cite.number}/{cite.year}; đã hiểu là {cite.label} theo ngày ban hành ghi kèm."
        )
    if cite.title_number is not None:
        out.append(
            f"Kế hoạch dẫn {cite.label} (quy định cho {_CIRCULAR_TITLES[cite.number][1]}) nhưng lại ghi tên của "
            f"Thông tư số {cite.title_number}/2018/TT-BGDĐT (quy định cho {_CIRCULAR_TITLES[cite.title_number][1]}); "
            "cần kiểm tra lại căn cứ pháp lý."
        )
    types = _CIRCULAR_TYPES.get(cite.number)
    if stype is not None and types and stype not in types:
        out.append(
            f"Trường là trường {stype.label.lower()} nhưng kế hoạch dẫn {cite.label} "
            f"(quy định cho {_CIRCULAR_TITLES[cite.number][1]}); cần kiểm tra lại."
        )
    return out
