"""All actions of a plan over the school year, by month and by owner, and their export. Pure.

Plans write their timing in free text: "Tháng 9/2026 – Tháng 12/2026", "Học kỳ I năm học
2026-2027", "Tháng 01/2027 và Tháng 5/2027", "Cả năm học", "Trong năm học 2025-2026 và các năm
tiếp theo".  :func:`parse_timeline` turns such text into the months it covers; :func:`build_timeline`
lays the actions out as a months × owners grid that :func:`to_markdown` and :func:`to_xlsx` export.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from corpus.text import fold, school_year_bounds

from .domain import PlanRow
from .vocab import Vocabulary

Month = tuple[int, int]  # (year, month)
NO_OWNER = "Chưa phân công"

_DATE = r"\d{1,2}\s*/\s*(?P<dm>\d{1,2})\s*/\s*(?P<dy>20\d\d)"
_MONTH_YEAR = r"\b(?:thang|t)\s*(?P<mm>\d{1,2})\s*(?:/|-|nam)\s*(?P<my_y>20\d\d)"
_POINT = re.compile(
    rf"(?P<date>{_DATE})|(?P<my>{_MONTH_YEAR})"
    r"|(?P<list>thang\s*(?P<l1>\d{1,2})(?P<lrest>(?:\s*(?:,|va|-|den)\s*(?:thang\s*)?\d{1,2})+)\s*/\s*(?P<ly>20\d\d))"
    r"|(?P<quarter>quy\s*(?P<q>iv|iii|ii|i|[1-4])\b(?:\s*(?:/|nam)\s*(?P<qy>20\d\d))?)"
    r"|(?P<term>(?P<tpos>dau|cuoi|giua)?\s*(?:hoc\s*ky|hk)\s*(?P<t>ii|i|2|1)\b)"
    r"|(?P<bare>thang\s*(?P<bm>\d{1,2})\b(?!\s*/))"
)
_RANGE_GAP = re.compile(r"^\s*(?:-|den|toi|→)\s*(?:het\s*)?$")
_TO_YEAR_END = re.compile(r"^\s*(?:-|den|toi)\s*(?:het\s*)?(?:cuoi\s*)?nam\s*hoc")
_WHOLE_YEAR = re.compile(r"ca\s*nam|suot\s*nam|trong\s*nam\s*hoc|nam\s*hoc|thuong\s*xuyen|hang\s*thang|hang\s*tuan|lien\s*tuc")
_SUMMER = re.compile(r"(?:dip|mua|ky\s*nghi|nghi)\s*he\b|\bhe\s*20\d\d")
_START = re.compile(r"dau\s*nam\s*hoc")
_END = re.compile(r"cuoi\s*nam\s*hoc")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_LEAD = re.compile(r"chu\s*tri\s*:?\s*(.+?)(?:;|\.|phoi\s*hop|$)")


@dataclass(frozen=True)
class MonthSpan:
    """The months a timeline text covers (empty when it could not be read)."""

    text: str
    months: tuple[Month, ...]

    @property
    def understood(self) -> bool:
        """Whether any month was found."""
        return bool(self.months)


def teaching_months(school_year: str) -> tuple[Month, ...]:
    """Tháng 9 of the first year to Tháng 5 of the second: the months of a school year's teaching."""
    first, second = school_year_bounds(school_year)
    return tuple([(first, m) for m in range(9, 13)] + [(second, m) for m in range(1, 6)])


def window(school_year: str) -> tuple[Month, ...]:
    """Tháng 8 of the first year to Tháng 8 of the second (preparation and summer included)."""
    first, second = school_year_bounds(school_year)
    return tuple([(first, m) for m in range(8, 13)] + [(second, m) for m in range(1, 9)])


def month_label(month: Month) -> str:
    """"T9/2026"."""
    return f"T{month[1]}/{month[0]}"


def _in_year(month: int, school_year: str) -> Month:
    """A month written without a year, placed in the school year (Tháng 8-12: first year)."""
    first, second = school_year_bounds(school_year)
    return (first, month) if month >= 8 else (second, month)


def _between(start: Month, end: Month) -> list[Month]:
    """Months from start to end inclusive (empty when end is before start)."""
    out: list[Month] = []
    y, m = start
    while (y, m) <= end and len(out) < 60:
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _point_months(match: re.Match[str], school_year: str) -> list[Month]:
    """The months of one point of a timeline (a month, a date, a list, a quarter, a term)."""
    first, second = school_year_bounds(school_year)
    g = match.group
    if g("date"):
        return [(int(g("dy")), int(g("dm")))]
    if g("my"):
        return [(int(g("my_y")), int(g("mm")))]
    if g("list"):
        year = int(g("ly"))
        numbers = [int(g("l1")), *map(int, re.findall(r"\d{1,2}", g("lrest")))]
        if re.search(r"-|den", g("lrest")) and len(numbers) == 2:
            return _between((year, numbers[0]), (year, numbers[1]))
        return [(year, n) for n in numbers]
    if g("quarter"):
        q = _ROMAN[g("q")]
        year = int(g("qy")) if g("qy") else (second if q <= 2 else first)
        return [(year, m) for m in range(3 * q - 2, 3 * q + 1)]
    if g("term"):
        term = _ROMAN[g("t")]
        months = [(first, m) for m in range(9, 13)] if term == 1 else [(second, m) for m in range(1, 6)]
        position = g("tpos")
        if position == "dau":
            return months[:1]
        if position == "cuoi":
            return months[-1:]
        return months
    return [_in_year(int(g("bm")), school_year)]


def parse_timeline(text: str, school_year: str) -> MonthSpan:
    """The months a plan's "Thời gian" text covers within (or around) a school year."""
    folded = fold(text).replace("–", "-").replace("—", "-")
    points = [m for m in _POINT.finditer(folded) if 1 <= _month_number(m) <= 12]
    months: list[Month] = []
    previous_end: Month | None = None
    for index, match in enumerate(points):
        found = _point_months(match, school_year)
        gap = folded[points[index - 1].end() : match.start()] if index else ""
        if previous_end is not None and _RANGE_GAP.match(gap):
            found = _between(previous_end, found[-1]) or found
        months.extend(found)
        previous_end = found[-1]
        tail = folded[match.end() : points[index + 1].start() if index + 1 < len(points) else len(folded)]
        if _TO_YEAR_END.match(tail):
            months.extend(_between(found[-1], teaching_months(school_year)[-1]))
    if not months:
        months = _keyword_months(folded, school_year)
    return MonthSpan(text=text, months=tuple(sorted(set(months))))


def _month_number(match: re.Match[str]) -> int:
    """The month number a point names (quarters and terms count as valid)."""
    g = match.group
    raw = g("dm") if g("date") else g("mm") if g("my") else g("l1") if g("list") else g("bm") if g("bare") else "1"
    return int(raw)


def _keyword_months(folded: str, school_year: str) -> list[Month]:
    """Months of a timeline without any month: summer, start/end of the year, the whole year."""
    first, second = school_year_bounds(school_year)
    if _SUMMER.search(folded):
        return [(second, m) for m in (6, 7, 8)]
    if _START.search(folded) and not _END.search(folded):
        return [(first, 9)]
    if _END.search(folded) and not _START.search(folded):
        return [(second, 5)]
    if _WHOLE_YEAR.search(folded):
        return list(teaching_months(school_year))
    return []


# --------------------------------------------------------------------------------------------
# Owners
# --------------------------------------------------------------------------------------------


def lead_owner(owners: str, vocabulary: Vocabulary | None = None) -> str:
    """Who leads an action: the "Chủ trì" part, else the first person/unit named."""
    text = " ".join(owners.split())
    if not text:
        return NO_OWNER
    folded = fold(text)
    lead = _LEAD.search(folded)
    start, end = (lead.start(1), lead.end(1)) if lead else (0, len(text))
    segment = text[start:end]
    if vocabulary is not None:
        found = _first_role(segment, vocabulary)
        if found:
            return found
    head = re.split(r"[;,]|\s+và\s+|\s+phối hợp\s+|\s+với\s+", segment, maxsplit=1)[0].strip(" .:-")
    head = re.sub(r"^(?:chủ trì|phụ trách)\s*:?\s*", "", head, flags=re.IGNORECASE).strip()
    return (head[:1].upper() + head[1:]) if head else NO_OWNER


def _first_role(text: str, vocabulary: Vocabulary) -> str:
    """The role named first in the text (vocabulary's spellings and abbreviations)."""
    folded = f" {fold(text)} "
    best: tuple[int, str] | None = None
    for role in vocabulary.find_roles(text):
        for form in (*role.spellings(), fold(role.abbr)):
            hit = re.search(rf"(?<![a-z]){re.escape(form)}(?![a-z])", folded)
            if hit and (best is None or hit.start() < best[0]):
                best = (hit.start(), role.name)
    return best[1] if best else ""


# --------------------------------------------------------------------------------------------
# The grid
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineItem:
    """One action with its criterion, lead owner and months."""

    criterion: str
    action: str
    owner: str
    owners: str
    timeline: str
    months: tuple[Month, ...]
    note: str = ""  # why an unplaced action has no month: "ngoài năm học 2025-2026"


@dataclass(frozen=True)
class Timeline:
    """Actions by month and owner over one school year; ``unplaced`` have no month in the year."""

    school_year: str
    months: tuple[Month, ...]
    owners: tuple[str, ...]
    items: tuple[TimelineItem, ...]
    unplaced: tuple[TimelineItem, ...]

    def cell(self, owner: str, month: Month) -> list[TimelineItem]:
        """Actions an owner has running in a month."""
        return [i for i in self.items if i.owner == owner and month in i.months]

    def busiest(self) -> tuple[str, Month, int] | None:
        """The owner and month with the most actions running at once."""
        best = max(((o, m, len(self.cell(o, m))) for o in self.owners for m in self.months),
                   key=lambda t: t[2], default=None)
        return best if best and best[2] else None


def build_timeline(rows: Sequence[PlanRow], school_year: str, *, vocabulary: Vocabulary | None = None) -> Timeline:
    """Every action of the rows (a row without actions counts as one) placed by month and lead owner."""
    span = set(window(school_year))
    placed: list[TimelineItem] = []
    unplaced: list[TimelineItem] = []
    for row in rows:
        parsed = parse_timeline(row.timeline, school_year).months
        months = tuple(m for m in parsed if m in span)
        note = f"ngoài năm học {school_year}" if parsed and not months else ""
        owner = lead_owner(row.owners, vocabulary)
        for action in row.actions or (row.target or row.content,):
            item = TimelineItem(row.criterion, action, owner, row.owners, row.timeline, months, note)
            (placed if months else unplaced).append(item)
    used = {m for i in placed for m in i.months}
    months = tuple(sorted(set(teaching_months(school_year)) | used))
    owners = tuple(dict.fromkeys(i.owner for i in (*placed, *unplaced)))
    return Timeline(school_year, months, owners, tuple(placed), tuple(unplaced))


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def to_markdown(timeline: Timeline) -> str:
    """The grid as a markdown table: one line per owner, the criteria running in each month."""
    head = ["Người chủ trì", *(month_label(m) for m in timeline.months)]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for owner in timeline.owners:
        cells = []
        for month in timeline.months:
            codes = dict.fromkeys(i.criterion for i in timeline.cell(owner, month))
            cells.append(", ".join(codes))
        lines.append("| " + " | ".join([owner.replace("|", "/"), *cells]) + " |")
    if timeline.unplaced:
        lines.append("")
        lines.append("Chưa xác định được tháng thực hiện:")
        lines.extend(f"- Tiêu chí {i.criterion}: {_short(i.action)} (thời gian ghi: “{i.timeline or 'trống'}”"
                     + (f", {i.note})" if i.note else ")") for i in timeline.unplaced)
    return "\n".join(lines) + "\n"


def to_xlsx(timeline: Timeline) -> bytes:
    """The grid (sheet "Tiến độ") and the list of actions (sheet "Danh sách hoạt động") as .xlsx."""
    import io
    from datetime import datetime

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    grid = book.active
    grid.title = "Tiến độ"
    grid.append([f"Tiến độ thực hiện kế hoạch cải tiến chất lượng năm học {timeline.school_year}"])
    grid["A1"].font = Font(bold=True, size=13)
    grid.append(["Người chủ trì", *(month_label(m) for m in timeline.months)])
    fill = PatternFill("solid", fgColor="DDEBF7")
    for owner in timeline.owners:
        cells = ["\n".join(f"{i.criterion}: {_short(i.action, 45)}" for i in timeline.cell(owner, m))
                 for m in timeline.months]
        grid.append([owner, *cells])
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in grid.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
            if cell.row > 2 and cell.column > 1 and cell.value:
                cell.fill = fill
    for cell in grid[2]:
        cell.font = Font(bold=True)
    grid.column_dimensions["A"].width = 28
    for col in range(2, len(timeline.months) + 2):
        grid.column_dimensions[get_column_letter(col)].width = 24
    grid.freeze_panes = "B3"
    listing = book.create_sheet("Danh sách hoạt động")
    listing.append(["TT", "Tiêu chí", "Hoạt động/giải pháp", "Người chủ trì", "Chủ trì và phối hợp",
                    "Thời gian (như trong kế hoạch)", "Các tháng thực hiện"])
    for number, item in enumerate((*timeline.items, *timeline.unplaced), start=1):
        months = ", ".join(month_label(m) for m in item.months) or ("Chưa xác định" + (f" ({item.note})" if item.note else ""))
        listing.append([number, item.criterion, item.action, item.owner, item.owners, item.timeline, months])
    for cell in listing[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFG", (5, 9, 60, 24, 36, 28, 30), strict=True):
        listing.column_dimensions[letter].width = width
    for row in listing.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
    first, _ = school_year_bounds(timeline.school_year)
    book.properties.creator = "caitien"
    book.properties.created = book.properties.modified = datetime(first, 9, 1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
