"""The year after: last year's plan, how far each action got, what carries over, what keeps repeating. Pure.

TT57 Biểu 2 column (10) "Mức độ thực hiện" (Hoàn thành / Đang thực hiện / Chưa hoàn thành) is
filled in as the year goes, and section VI reviews the plan twice a year ("Cuối học kỳ I",
"Cuối năm học").  Here a status is kept per *action* (a row often lists several) and per
checkpoint; a row's status follows from its actions.  Unfinished actions are carried into the
new draft with their dates moved to the new school year, and an action that was already left
unfinished in earlier plans is flagged, because repeating it unchanged a third time rarely helps.
Levels per criterion across years are in :mod:`assistant.year_levels`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from corpus.text import school_year, school_year_bounds, syllables

from .domain import Frozen, MonitoringRow, Plan, PlanHeader, PlanRow
from .errors import InputError

Status = Literal["Hoàn thành", "Đang thực hiện", "Chưa hoàn thành"]
STATUSES: tuple[str, ...] = ("Hoàn thành", "Đang thực hiện", "Chưa hoàn thành")
UNFINISHED: tuple[str, ...] = ("Đang thực hiện", "Chưa hoàn thành")
Checkpoint = Literal["hk1", "cuoi_nam"]
CHECKPOINTS: dict[str, str] = {"hk1": "Cuối học kỳ I", "cuoi_nam": "Cuối năm học"}
REPEAT_THRESHOLD = 0.6
# Function words that make unrelated actions look alike ("tổ chức các hoạt động cho học sinh").
_STOP = frozenset({
    "va", "cac", "cua", "cho", "de", "trong", "theo", "voi", "nhung", "mot",
    "nhu", "tai", "tu", "den", "khi", "duoc", "co", "la", "ve", "nay",
})


def carry_note(old_year: str) -> str:
    """"Chuyển tiếp từ năm học 2025-2026"."""
    return f"Chuyển tiếp từ năm học {old_year}"


class PriorPlan(Frozen):
    """An earlier year's plan as imported: header, rows, and the file it came from."""

    header: PlanHeader
    rows: tuple[PlanRow, ...]
    source_name: str = ""

    @property
    def school_year(self) -> str:
        """"2025-2026"."""
        return self.header.school_year


@dataclass(frozen=True)
class ActionItem:
    """One action of a prior plan; ``key`` is "row.action" counted from 1 ("3.2")."""

    key: str
    row_index: int
    criterion: str
    text: str
    owners: str
    timeline: str


def actions_of(plan: PriorPlan) -> list[ActionItem]:
    """Every action of the plan (a row without actions counts as one, its target as the text)."""
    items: list[ActionItem] = []
    for r, row in enumerate(plan.rows):
        texts = row.actions or (row.target or row.content or f"Tiêu chí {row.criterion}",)
        items.extend(
            ActionItem(f"{r + 1}.{a + 1}", r, row.criterion, text, row.owners, row.timeline)
            for a, text in enumerate(texts)
        )
    return items


def prior_plan(plan: Plan | Any, source_name: str = "", *, year_hint: str = "") -> PriorPlan:
    """A :class:`PriorPlan` from our own ``Plan`` or a parsed Word plan (anything with header and rows)."""
    header: PlanHeader = plan.header
    year = header.school_year or school_year(year_hint or source_name) or ""
    if not year:
        raise InputError(
            "Không xác định được năm học của kế hoạch năm trước.",
            "Hãy kiểm tra tiêu đề kế hoạch có ghi “năm học 2025-2026”, hoặc đặt tên tệp có năm học.",
        )
    if not plan.rows:
        raise InputError("Kế hoạch năm trước không có hàng nào để rà soát.",
                         "Hãy chọn tệp kế hoạch có bảng nội dung (các tiêu chí, giải pháp, thời gian).")
    return PriorPlan(header=header.model_copy(update={"school_year": year}), rows=tuple(plan.rows),
                     source_name=source_name)


# --------------------------------------------------------------------------------------------
# Statuses and the monitoring table
# --------------------------------------------------------------------------------------------


def check_status(value: str) -> Status | None:
    """A status as the plan writes it ("" clears it); anything else is an :class:`InputError`."""
    text = " ".join(str(value).split())
    if not text:
        return None
    for status in STATUSES:
        if text.lower() == status.lower():
            return status  # type: ignore[return-value]
    raise InputError(f"Mức độ thực hiện “{value}” không hợp lệ.",
                     "Hãy chọn Hoàn thành, Đang thực hiện hoặc Chưa hoàn thành.")


def initial_statuses(plan: PriorPlan) -> dict[str, str]:
    """Statuses already written in the imported plan's column (10), copied to each of the row's actions."""
    return {item.key: plan.rows[item.row_index].status for item in actions_of(plan) if plan.rows[item.row_index].status}


def status_at(statuses: Mapping[str, Mapping[str, str]], key: str, checkpoint: str = "cuoi_nam") -> str:
    """An action's status at a checkpoint; at the end of the year an unmarked action keeps its term-I status."""
    found = statuses.get(checkpoint, {}).get(key, "")
    if not found and checkpoint == "cuoi_nam":
        found = statuses.get("hk1", {}).get(key, "")
    return found


def row_status(texts: Sequence[str]) -> str:
    """A row's status from its actions' statuses ("" when none is marked)."""
    marked = [t for t in texts if t]
    if not marked:
        return ""
    if len(marked) == len(texts) and all(t == "Hoàn thành" for t in marked):
        return "Hoàn thành"
    if any(t in ("Hoàn thành", "Đang thực hiện") for t in marked):
        return "Đang thực hiện"
    return "Chưa hoàn thành"


def _codes(items: Iterable[ActionItem]) -> str:
    return ", ".join(dict.fromkeys(i.criterion for i in items))


def monitoring_rows(
    plan: PriorPlan, statuses: Mapping[str, Mapping[str, str]], *, reviewer: str = "", next_year: str = "",
) -> tuple[MonitoringRow, MonitoringRow]:
    """TT57 section VI for the plan: "Cuối học kỳ I" and "Cuối năm học", results counted from statuses."""
    items = actions_of(plan)
    criteria = len({i.criterion for i in items})
    out = []
    for checkpoint, when in CHECKPOINTS.items():
        marks = {i.key: status_at(statuses, i.key, checkpoint) for i in items}
        done = [i for i in items if marks[i.key] == "Hoàn thành"]
        going = [i for i in items if marks[i.key] == "Đang thực hiện"]
        not_done = [i for i in items if marks[i.key] == "Chưa hoàn thành"]
        unmarked = len(items) - len(done) - len(going) - len(not_done)
        verb = "Tiến độ thực hiện" if checkpoint == "hk1" else "Mức độ hoàn thành"
        content = f"{verb} {len(items)} hoạt động cải tiến của {criteria} tiêu chí"
        if unmarked == len(items):
            out.append(MonitoringRow(when=when, content=content, result="Chưa đánh giá", reviewer=reviewer))
            continue
        result = f"Hoàn thành {len(done)}/{len(items)} hoạt động; đang thực hiện {len(going)}; chưa hoàn thành {len(not_done)}"
        if going or not_done:
            result += f" (tiêu chí {_codes([*going, *not_done])})"
        if unmarked:
            result += f"; {unmarked} hoạt động chưa đánh giá"
        if not (going or not_done):
            adjustment = "Không"
        elif checkpoint == "hk1":
            adjustment = f"Đẩy nhanh tiến độ trong học kỳ II đối với tiêu chí {_codes([*going, *not_done])}"
        else:
            target = f"kế hoạch năm học {next_year}" if next_year else "kế hoạch năm học sau"
            adjustment = f"Chuyển {len(going) + len(not_done)} hoạt động chưa hoàn thành sang {target}"
        out.append(MonitoringRow(when=when, content=content, result=result + ".", adjustment=adjustment,
                                 reviewer=reviewer))
    return out[0], out[1]


def reviewed_plan(plan: PriorPlan, statuses: Mapping[str, Mapping[str, str]], *, reviewer: str = "",
                  next_year: str = "") -> Plan:
    """Last year's plan with column (10) filled from the end-of-year statuses and section VI written."""
    items = actions_of(plan)
    rows = []
    for index, row in enumerate(plan.rows):
        marks = [status_at(statuses, i.key) for i in items if i.row_index == index]
        rows.append(row.model_copy(update={"status": row_status(marks)}))
    return Plan(header=plan.header, rows=tuple(rows),
                monitoring=monitoring_rows(plan, statuses, reviewer=reviewer, next_year=next_year))


# --------------------------------------------------------------------------------------------
# Carrying over
# --------------------------------------------------------------------------------------------

_SHIFTABLE = re.compile(
    r"\b(?P<a>20\d\d)(?P<sep>\s*[-–]\s*)(?P<b>20\d\d)\b"  # a school year "2025-2026"
    r"|(?P<pre>\b\d{1,2}\s*/\s*\d{1,2}\s*/\s*"  # a date "31/12/2025"
    r"|(?:\b[Tt]háng|\b[Tt]|\b[Qq]uý)\s*(?:\d{1,2}|IV|I{1,3})\s*(?:/|\s+năm\s+)\s*"  # "Tháng 9/2025", "Quý IV/2025"
    r"|\b(?:[Nn]ăm|[Hh]è)\s+)(?P<y>20\d\d)\b(?!\s*[-–]\s*20\d\d)"  # "năm 2025", "hè 2026"
)


def shift_dates(text: str, years: int) -> str:
    """Dates in the text moved by whole years: "Tháng 9/2025" -> "Tháng 9/2026", "năm học 2025-2026" ->
    "năm học 2026-2027", "31/12/2025" -> "31/12/2026".  Multi-year periods ("giai đoạn 2025-2030")
    stay as they are: they are not this year's dates."""
    if not years or not text:
        return text

    def move(m: re.Match[str]) -> str:
        if m.group("a"):
            first, second = int(m.group("a")), int(m.group("b"))
            if second != first + 1:
                return m.group(0)
            return f"{first + years}{m.group('sep')}{second + years}"
        return f"{m.group('pre')}{int(m.group('y')) + years}"

    return _SHIFTABLE.sub(move, text)


CriterionMap = Callable[[str], tuple[str, str, str] | None]


def carry_over(
    plan: PriorPlan, statuses: Mapping[str, Mapping[str, str]], new_year: str, *,
    map_criterion: CriterionMap | None = None,
) -> list[PlanRow]:
    """Rows of the new plan for the actions not finished by the end of last year.

    Each row keeps only its unfinished actions; every date moves to ``new_year``; the note says where
    it came from; the status is cleared.  ``map_criterion`` turns an old criterion code into
    (code, title, standard) of the new framework when the framework changed (None: drop the row).
    """
    old_year = plan.school_year
    years = school_year_bounds(new_year)[0] - school_year_bounds(old_year)[0]
    items = actions_of(plan)

    def shift(text: str) -> str:
        return shift_dates(text, years)

    out = []
    for index, row in enumerate(plan.rows):
        left = [i for i in items if i.row_index == index and status_at(statuses, i.key) in UNFINISHED]
        if not left:
            continue
        note = carry_note(old_year)
        update: dict[str, Any] = {}
        if map_criterion is not None:
            mapped = map_criterion(row.criterion)
            if mapped is None:
                continue
            code, title, standard = mapped
            if code != row.criterion:
                note += f" (tiêu chí {row.criterion} cũ, quy đổi gần đúng)"
            update |= {"criterion": code, "criterion_title": title, "standard": standard}
        actions = tuple(shift(i.text) for i in left) if row.actions else ()
        update |= {
            "actions": actions, "target": shift(row.target), "content": shift(row.content),
            "timeline": shift(row.timeline), "indicators": tuple(map(shift, row.indicators)),
            "evidence": tuple(map(shift, row.evidence)), "budget": shift(row.budget), "note": note, "status": "",
        }
        out.append(row.model_copy(update=update))
    return out


# --------------------------------------------------------------------------------------------
# Actions repeated year after year
# --------------------------------------------------------------------------------------------


def similarity(a: str, b: str) -> float:
    """Dice overlap of the two texts' accent-folded syllables (function words left out)."""
    left = {s for s in syllables(a) if s not in _STOP}
    right = {s for s in syllables(b) if s not in _STOP}
    if not left or not right:
        return 0.0
    return 2 * len(left & right) / (len(left) + len(right))


@dataclass(frozen=True)
class RepeatFlag:
    """An unfinished action that earlier plans already had, unfinished."""

    key: str
    criterion: str
    text: str
    years: tuple[str, ...]
    similarity: float

    @property
    def message(self) -> str:
        """Vietnamese warning for the page."""
        return (f"Tiêu chí {self.criterion}: hoạt động “{self.text}” đã có trong kế hoạch {len(self.years)} năm học "
                f"({', '.join(self.years)}) mà chưa hoàn thành; nên xem lại nguyên nhân và cách làm trước khi "
                "đưa vào kế hoạch mới.")


def repeated_unfinished(
    plans: Sequence[PriorPlan], statuses: Mapping[str, Mapping[str, str]], *,
    threshold: float = REPEAT_THRESHOLD, min_years: int = 2,
) -> list[RepeatFlag]:
    """Last year's unfinished actions that also appear, not marked finished, in the plans just before it.

    ``plans`` are in any order; the latest is "last year" and ``statuses`` are its statuses.  An
    earlier plan counts when one of its actions has a similarity ≥ ``threshold`` and its row is not
    marked "Hoàn thành"; years are counted back without a gap.
    """
    ordered = sorted(plans, key=lambda p: school_year_bounds(p.school_year))
    if len(ordered) < 2:
        return []
    last, earlier = ordered[-1], ordered[:-1]
    flags = []
    for item in actions_of(last):
        if status_at(statuses, item.key) not in UNFINISHED:
            continue
        years, best = [last.school_year], 0.0
        for plan in reversed(earlier):
            score = max((similarity(item.text, old.text) for old in actions_of(plan)
                         if plan.rows[old.row_index].status != "Hoàn thành"), default=0.0)
            if score < threshold:
                break
            years.insert(0, plan.school_year)
            best = max(best, score)
        if len(years) >= min_years:
            flags.append(RepeatFlag(item.key, item.criterion, item.text, tuple(years), round(best, 3)))
    return flags
