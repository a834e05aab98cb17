"""Adapting a retrieved plan row to this school: its plan year, its roles, its wording.

Retrieved rows come from other schools and other years.  Everything that would be wrong here is
rewritten: dates move to the same month of the plan year, multi-year windows become the plan year,
other schools' names and people's names are replaced, budgets get a stated source, and the target
is phrased from this school's own level ("Đạt Mức 3 (hiện trạng: Mức 2)").
"""

from __future__ import annotations

import re

from corpus.text import fold, school_year_bounds

from ..domain import Criterion, Framework, Generation
from ..lexical import LOW, UP, overlap, replace_person_names

FIRST_TERM_MONTHS = range(8, 13)  # August-December belong to the first calendar year of a school year
_MONTH_YEAR = re.compile(r"(?P<pre>(?:[Tt]háng|[Tt]h\.?)\s*)?(?<![\d/])(?P<m>\d{1,2})\s*/\s*(?P<y>20\d\d)\b")
_DAY_MONTH_YEAR = re.compile(r"\b(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>20\d\d)\b")
_DAY_MONTH = re.compile(r"\b(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\b(?!\s*/)")
_YEAR_PAIR = re.compile(r"\b(20\d\d)\s*[-–—/]\s*(20\d\d)\b")
_BARE_YEAR = re.compile(r"(?<![\d/–-])\b(?:năm\s+)(20\d\d)\b(?!\s*[-–—/]\s*20\d\d)")
_LATER_YEARS = re.compile(r"\s*(?:,|và|-)?\s*(?:các|những)\s+năm(?:\s+học)?\s+tiếp\s+theo\.?", re.IGNORECASE)
_WINDOW = re.compile(
    r"[Tt]ừ\s+năm\s+học\s+(?P<a>20\d\d-20\d\d)\s*(?:,|đến|hoàn\s+thành|-|–)\s*(?:năm\s+học\s+)?(?P<b>20\d\d-20\d\d)"
)
_TERM = re.compile(r"\b(?P<t>[Hh]ọc\s+kỳ\s+(?:I{1,2}|1|2))\b(?!\s+năm\s+học)")
_OTHER_SCHOOL = re.compile(
    r"\b[Tt]rường\s+(?:THCS|THPT|TH|Tiểu\s+học|Mầm\s+non|MN|PTDTBT[\w-]*|PTDTNT|PT|Phổ\s+thông)"
    rf"(?:\s+(?:và\s+THCS|xã|phường|thị\s+trấn|huyện|thị\s+xã))*(?:\s+[{UP}0-9][{LOW}{UP}0-9]*){{1,4}}"
)
_DISTRICT_BODY = re.compile(
    rf"\b(?:Phòng\s+(?:GD|Giáo\s+dục)(?:\s*(?:&|và)\s*(?:ĐT|Đào\s+tạo))?(?:\s+(?:huyện|quận|thị\s+xã|thành\s+phố)"
    rf"(?:\s+[{UP}][{LOW}]*){{1,3}})?|UBND\s+(?:huyện|quận)(?:\s+[{UP}][{LOW}]*){{0,3}})"
)


def plan_year_for(month: int, school_year: str) -> int:
    """The calendar year of a month inside a school year (9/2026 and 3/2027 for 2026-2027)."""
    first, second = school_year_bounds(school_year)
    return first if month in FIRST_TERM_MONTHS else second


def move_dates(text: str, school_year: str, *, periods: bool = False) -> str:
    """Move school years, month/year and dd/mm/yyyy to the plan year.

    A multi-year period ("giai đoạn 2021-2025") is kept unless ``periods`` (a timeline cell,
    where a plan row must stay inside its year).
    """
    year = "-".join(str(y) for y in school_year_bounds(school_year))

    def pair(m: re.Match[str]) -> str:
        return year if periods or int(m[2]) == int(m[1]) + 1 else m[0]

    def dmy(m: re.Match[str]) -> str:
        month = int(m["m"])
        return f"{int(m['d']):02d}/{month:02d}/{plan_year_for(month, school_year)}" if 1 <= month <= 12 else m[0]

    def my(m: re.Match[str]) -> str:
        month = int(m["m"])
        if not 1 <= month <= 12:
            return m[0]
        return f"{m['pre'] or ''}{month}/{plan_year_for(month, school_year)}"

    text = _YEAR_PAIR.sub(pair, text)
    text = _DAY_MONTH_YEAR.sub(dmy, text)
    text = _MONTH_YEAR.sub(my, text)
    text = _BARE_YEAR.sub(lambda m: m[0].replace(m[1], year.split("-")[0]), text)
    return _ordered(text, school_year)


def _ordered(text: str, school_year: str) -> str:
    """A later date of a range that now falls before the earlier one moves to the second year.

    ("Tháng 9/2025 – Tháng 8/2026" becomes 9/2026 – 8/2027, not 9/2026 – 8/2026.)
    """
    first, second = school_year_bounds(school_year)
    last = (0, 0)

    def fix(m: re.Match[str]) -> str:
        nonlocal last
        month, year = int(m["m"]), int(m["y"])
        if (year, month) < last and year == first:
            year = second
        last = (year, month)
        return f"{m['pre'] or ''}{month}/{year}" if 1 <= month <= 12 else m[0]

    return _MONTH_YEAR.sub(fix, text)


def adapt_timeline(text: str, school_year: str, actions: tuple[str, ...] = ()) -> str:
    """A timeline inside the plan year; a vague or multi-year one becomes a concrete range."""
    first, second = school_year_bounds(school_year)
    year = f"{first}-{second}"
    text = " ".join(text.replace("Thời gian thực hiện:", "").split())
    text = _WINDOW.sub(f"năm học {year}", move_dates(text, school_year, periods=True))
    text = _LATER_YEARS.sub("", text).strip(" .,;")
    text = _TERM.sub(lambda m: f"{m['t']} năm học {year}", text)
    text = _DAY_MONTH.sub(lambda m: _with_year(m, school_year), text)
    if _has_month(text):
        return _capital(text)
    folded = fold(text)
    if "thuong xuyen" in folded:
        return f"Thường xuyên, từ tháng 9/{first} đến tháng 5/{second}"
    if "hoc ky" in folded:
        return _capital(text)
    return default_timeline(school_year, actions)


def _with_year(m: re.Match[str], school_year: str) -> str:
    day, month = int(m["d"]), int(m["m"])
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return m[0]
    return f"{day:02d}/{month:02d}/{plan_year_for(month, school_year)}"


def default_timeline(school_year: str, actions: tuple[str, ...]) -> str:
    """Per-row dates inside the plan year, from what the first action does (domain.md §6.4)."""
    first, second = school_year_bounds(school_year)
    lead = fold(actions[0]) if actions else ""
    if re.match(r"(xay dung|ra soat|dieu chinh|bo sung) ke hoach", lead):
        return f"Tháng 9/{first} – Tháng 10/{first}"
    if lead.startswith(("tham muu", "de xuat", "de nghi")):
        return f"Tháng 9/{first} – Tháng 12/{first}"
    return f"Tháng 9/{first} – Tháng 5/{second}"


def _has_month(text: str) -> bool:
    return bool(_MONTH_YEAR.search(text) or _DAY_MONTH_YEAR.search(text))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


_LEVEL_MENTION = re.compile(r"\b(cấp|khối|bậc)\s+(THPT|THCS|tiểu học|trung học cơ sở|trung học phổ thông)\b")
LEVEL_LABELS = {"TH": "tiểu học", "THCS": "THCS", "THPT": "THPT"}


def scrub(text: str, school_year: str, *, modern_bodies: bool = True, upper_body: str = "Ủy ban nhân dân xã/phường",
          level: str = "") -> str:
    """Another school's text made neutral: no school or person names, dates in the plan year, and
    "cấp THPT" read as this school's own level (``level``: "THCS", "tiểu học"...)."""
    text = _OTHER_SCHOOL.sub("nhà trường", text)
    if level:
        text = _LEVEL_MENTION.sub(lambda m: f"{m[1]} {level}", text)
    text = replace_person_names(text, "người được phân công")
    if modern_bodies:
        text = _DISTRICT_BODY.sub(upper_body, text)
    return _capital(" ".join(move_dates(text, school_year).split()))


# --------------------------------------------------------------------------------------------
# Budget
# --------------------------------------------------------------------------------------------

NO_COST = "Không phát sinh kinh phí"
STATE_BUDGET = "Ngân sách nhà nước (chi thường xuyên)"
_AMOUNT = re.compile(r"(\d[\d.,]*)\s*(triệu|tr\b|nghìn|ngàn|tỷ|đồng|đ\b)", re.IGNORECASE)
_SOURCES: tuple[tuple[str, str], ...] = (
    (r"ngan sach dia phuong", "Ngân sách địa phương"),
    (r"ngan sach nha nuoc|ngan sach(?! dia phuong)|chi thuong xuyen", STATE_BUDGET),
    (r"su nghiep|kinh phi nganh|nguon nganh", "Nguồn kinh phí sự nghiệp giáo dục"),
    (r"xa hoi hoa|\bxhh\b|tai tro|nha hao tam", "Xã hội hóa"),
    (r"cmhs|cha me|phu huynh", "Quỹ Hội cha mẹ học sinh (tự nguyện)"),
    (r"nguon thu", "Nguồn thu hợp pháp của nhà trường"),
)


def budget_sources(text: str) -> list[str]:
    """Budget sources a text names, in the vocabulary's wording."""
    folded = fold(text)
    return list(dict.fromkeys(name for pattern, name in _SOURCES if re.search(pattern, folded)))


def adapt_budget(text: str, criterion: Criterion, generation: Generation) -> str:
    """A budget with its source: "Không phát sinh kinh phí", a source, or an estimate plus source."""
    folded = fold(text).strip(" .")
    amount = _AMOUNT.search(text)
    sources = budget_sources(text)
    if amount:
        unit = amount[2].lower()
        unit = "triệu đồng" if unit.startswith("tr") else ("đồng" if unit in ("đ", "đồng") else f"{unit} đồng")
        src = ", ".join(sources) or STATE_BUDGET
        return f"Khoảng {amount[1]} {unit} (ước tính, điều chỉnh theo thực tế); nguồn: {src}"
    if sources:
        return "; ".join(sources)
    if folded in ("", "khong", "khong co") or folded.startswith("khong phat sinh"):
        return NO_COST
    return f"{STATE_BUDGET}; xã hội hóa (nếu có)" if is_facilities(criterion, generation) else NO_COST


def is_facilities(criterion: Criterion, generation: Generation) -> bool:
    """Facilities criteria (2018 TC3, TT57 4.1) usually need money, the others usually do not."""
    return criterion.standard == "3" if generation == Generation.G2018 else criterion.code == "4.1"


# --------------------------------------------------------------------------------------------
# Target, indicators, evidence
# --------------------------------------------------------------------------------------------


def target_wording(current: int | None, target: int, framework: Framework, estimated: bool = False,
                   detail: str = "") -> str:
    """"Đạt Mức 3 (hiện trạng: Mức 2)", "Duy trì Mức 3"; TT57: "Đạt Mức 2".

    ``detail`` is a measurable objective to add after the level ("Đạt Mức 2: 100% mẫu nước…").
    """
    head = f"Duy trì Mức {target}" if current is not None and current >= target else f"Đạt Mức {target}"
    if detail:
        head = f"{head}: {detail}"
    if head.startswith("Duy trì") or framework.generation == Generation.G2026 or current is None:
        return head
    state = "chưa đạt Mức 1" if current == 0 else f"Mức {current}"
    return f"{head} (hiện trạng{' ước tính' if estimated else ''}: {state})"


_STATE_NOTE = re.compile(r"\s*\((?:hiện trạng|hien trang)[^)]*\)", re.IGNORECASE)


def target_detail(source_target: str, target: int) -> str:
    """The measurable part of a source row's target when it aims at the same level, else ''."""
    head, sep, detail = source_target.partition(":")
    if not sep or fold(head).strip() != f"dat muc {target}":
        return ""
    return _STATE_NOTE.sub("", detail).strip(" .;")


def pick_indicators(criterion: Criterion, actions: tuple[str, ...], limit: int = 2) -> tuple[str, ...]:
    """TT57 quantitative indicator names that fit the actions best (column 5), catalogue order on ties."""
    names = criterion.quantitative_indicators
    if not names:
        return ()
    joined = " ".join(actions)
    ranked = sorted(enumerate(names), key=lambda kv: (-overlap(kv[1], joined), kv[0]))
    return tuple(name for _, name in ranked[:limit])


_EVIDENCE_BY_VERB: tuple[tuple[str, str], ...] = (
    (r"\bke hoach\b", "Kế hoạch triển khai được phê duyệt"),
    (r"tham muu|de xuat|de nghi", "Văn bản tham mưu, đề xuất gửi cấp có thẩm quyền"),
    (r"boi duong|tap huan|hoi thao", "Danh sách, kế hoạch và kết quả bồi dưỡng, tập huấn"),
    (r"ra soat|kiem tra|danh gia", "Biên bản rà soát, kiểm tra, đánh giá"),
    (r"mua sam|sua chua|bo sung thiet bi|cai tao|xay dung phong|trang bi", "Hồ sơ mua sắm, sửa chữa; sổ theo dõi tài sản"),
    (r"khao sat|lay y kien|phan hoi", "Phiếu khảo sát, tổng hợp ý kiến phản hồi"),
    (r"du lieu|phan mem|so hoa|cntt|cong nghe thong tin", "Dữ liệu, báo cáo trích xuất từ phần mềm quản lý"),
)


def expected_evidence(
    row_evidence: tuple[str, ...], criterion: Criterion, actions: tuple[str, ...], framework: Framework
) -> tuple[str, ...]:
    """Evidence to expect: the source row's own, else the catalogue's hints (TT57), else by action."""
    if row_evidence:
        return row_evidence
    if framework.generation == Generation.G2026 and criterion.evidence_hints:
        return criterion.evidence_hints[:3]
    folded = fold(" ".join(actions))
    found = [label for pattern, label in _EVIDENCE_BY_VERB if re.search(pattern, folded)]
    found.append(f"Báo cáo kết quả thực hiện các giải pháp của tiêu chí {criterion.code}")
    return tuple(dict.fromkeys(found))[:4]
