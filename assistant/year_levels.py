"""Each criterion's level across school years, for a chart: assessed levels and plan targets. Pure.

Assessed levels come from TĐG/ĐGN reports (one per year); targets come from plans ("Đạt Mức 2").
Points of different frameworks are kept apart: a TT18 "3.4" is not a TT57 "3.4".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from corpus.text import fold, school_year, school_year_bounds

from .domain import ParsedReport, PlanRow

SERIES_LABELS = {"tdg": "Tự đánh giá", "dgn": "Đánh giá ngoài", "target": "Mục tiêu kế hoạch"}
_LEVEL = re.compile(r"muc\s*(\d)")


@dataclass(frozen=True)
class LevelPoint:
    """A criterion's level in a school year, from one source ("tdg", "dgn" or "target")."""

    framework: str
    criterion: str
    school_year: str
    level: int
    series: str

    @property
    def series_label(self) -> str:
        """Vietnamese name of the series."""
        return SERIES_LABELS.get(self.series, self.series)


def report_year(report: ParsedReport, fallback: str = "") -> str:
    """The school year a report speaks for: its period when that is one year, else ``fallback``.

    A TĐG often covers a five-year period ("giai đoạn 2021-2026"); its levels are those at the end.
    """
    found = school_year(report.period) if report.period else None
    if found:
        return found
    years = [int(y) for y in re.findall(r"20\d\d", report.period or "")]
    if len(years) >= 2:
        return f"{max(years) - 1}-{max(years)}"
    return fallback


def levels_from_report(report: ParsedReport, year: str) -> list[LevelPoint]:
    """Assessed levels of every criterion the report gives a level for."""
    if not report.framework_id or not year:
        return []
    return [
        LevelPoint(report.framework_id, a.criterion, year, a.level, report.kind)
        for a in report.assessments
        if a.level is not None
    ]


def target_level(text: str) -> int | None:
    """"Đạt Mức 2 (hiện trạng: Mức 1)" -> 2: the first level named in a target."""
    found = _LEVEL.search(fold(text))
    return int(found.group(1)) if found else None


def levels_from_plan(rows: Sequence[PlanRow], framework: str, year: str) -> list[LevelPoint]:
    """The level each criterion's rows aim at (the highest named when rows differ)."""
    best: dict[str, int] = {}
    for row in rows:
        level = target_level(row.target)
        if row.band == "1-3" and level is not None and 0 < level <= 4:
            best[row.criterion] = max(level, best.get(row.criterion, 0))
    return [LevelPoint(framework, code, year, level, "target") for code, level in best.items()]


def level_series(points: Iterable[LevelPoint], *, framework: str | None = None) -> dict[str, list[LevelPoint]]:
    """Points by criterion (of one framework when given), each list in school-year order."""
    out: dict[str, list[LevelPoint]] = {}
    chosen = {(p.framework, p.criterion, p.school_year, p.series): p for p in points
              if framework is None or p.framework == framework}
    for point in sorted(chosen.values(), key=lambda p: (_code_key(p.criterion), school_year_bounds(p.school_year))):
        out.setdefault(point.criterion, []).append(point)
    return out


def chart_rows(series: dict[str, list[LevelPoint]], criteria: Sequence[str] | None = None) -> list[dict[str, object]]:
    """Long-format rows for a chart: Năm học, Tiêu chí, Nguồn, Mức."""
    wanted = list(criteria) if criteria is not None else list(series)
    return [
        {"Năm học": p.school_year, "Tiêu chí": p.criterion, "Nguồn": p.series_label, "Mức": p.level}
        for code in wanted
        for p in series.get(code, ())
    ]


def changes(series: dict[str, list[LevelPoint]], kind: str = "tdg") -> dict[str, int]:
    """Criterion -> level change between its first and last assessed year (one series)."""
    out = {}
    for code, points in series.items():
        mine = [p for p in points if p.series == kind]
        if len(mine) >= 2:
            out[code] = mine[-1].level - mine[0].level
    return out


def _code_key(code: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in code.split("."))
