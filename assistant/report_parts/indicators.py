"""Per-indicator results (chỉ báo Đạt / Không đạt) and the level they add up to.

Reports give them as Word tables in three layouts (2018 "Chỉ báo | Đạt/Không đạt" pairs under
"Mức 1 | Mức 2 | Mức 3"; "Mức | Chỉ báo | Đạt | Không đạt" with marks; TT57 "Mức | Hiện trạng |
Đánh giá" rows) or as text lines a PDF flattened.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..domain import IndicatorResult
from .textlines import Line, fold_same

LEVEL_COL = re.compile(r"\bmuc\s*([1-4])\b")
_ID = re.compile(r"^\(?\s*([a-eđd*]|\*)\s*\)?\.?$")

# "Không đạt" shortened the way tables do: "K.Đạt", "K. đạt", "KĐ", "K/đạt", "Không".
_NOT_MET_CELL = re.compile(r"^(?:(?:khong|chua)\s*dat\b|k\s*[./]\s*dat\b|k\s+dat\b|(?:kd|kdat|khong|chua)$)")
_MARK_CELL = ("x", "v", "✓", "✔", "☑", "ü", "+")


def _result_cell(folded: str) -> bool | None:
    text = folded.strip(" .*()")
    if _NOT_MET_CELL.match(text):
        return False
    if text.startswith("dat") or text in _MARK_CELL:
        return True
    return None


def indicator_results(tables: Iterable[Sequence[Line]]) -> list[IndicatorResult]:
    """Per-indicator results from indicator tables (2018 paired columns or TT57 "Mức" rows)."""
    results: list[IndicatorResult] = []
    for rows in tables:
        cells = [[fold_same(c).strip() for c in ln.cells] for ln in rows]
        results.extend(
            _marked_columns(cells) or _tt57_rows(cells) or _paired_columns(cells) or _level_columns(cells)
        )
    return results


def _marked_columns(cells: list[list[str]]) -> list[IndicatorResult]:
    """Columns "Đạt" and "Không đạt" holding marks ("x"), one row per indicator:
    "Mức | Chỉ báo | Đạt | Không đạt" with the level written on the first row of each level."""
    for h, head in enumerate(cells[:3]):
        names = [c.strip(" .:") for c in head]
        met_col = next((j for j, c in enumerate(names) if c == "dat"), None)
        not_col = next((j for j, c in enumerate(names) if _NOT_MET_CELL.match(c)), None)
        id_col = next((j for j, c in enumerate(names) if "chi bao" in c or "yeu cau" in c), None)
        if met_col is None or not_col is None or (id_col is None and "muc" not in names):
            continue
        out: list[IndicatorResult] = []
        level = 0
        for row in cells[h + 1 :]:
            level = _level_cell(row[:2]) or level
            met = _is_mark(row, met_col)
            missed = _is_mark(row, not_col)
            ident = row[id_col].strip() if id_col is not None and id_col < len(row) else "*"
            if level and met != missed and (idm := _ID.match(ident or "*")):
                out.append(IndicatorResult(level=level, id=idm.group(1).replace("d", "đ"), met=met))
        return out
    return []


def _level_columns(cells: list[list[str]]) -> list[IndicatorResult]:
    """A result table without indicators: "Mức 1 | Mức 2 | Mức 3" over "Đạt | Đạt | Không đạt"."""
    for h in range(len(cells) - 1):
        levels = {
            j: int(m.group(1)) for j, c in enumerate(cells[h]) if (m := re.fullmatch(r"muc\s*([1-4])\W*", c))
        }
        if len(levels) < 2:
            continue
        row = cells[h + 1]
        out = [
            IndicatorResult(level=lv, id="*", met=met)
            for j, lv in levels.items()
            if j < len(row) and (met := _result_cell(row[j])) is not None
        ]
        return out if len(out) == len(levels) else []
    return []


def _level_cell(cells: list[str]) -> int | None:
    """The level a row opens ("Mức 2" in its first cells), if any."""
    for cell in cells:
        if m := LEVEL_COL.search(cell):
            return int(m.group(1))
    return None


def _is_mark(row: list[str], col: int) -> bool:
    return col < len(row) and row[col].strip(" .") not in ("", "-", "–", "—")


def _tt57_rows(cells: list[list[str]]) -> list[IndicatorResult]:
    """Rows "Mức 1 | hiện trạng | Đạt": one result per level, id "*"."""
    out: list[IndicatorResult] = []
    for row in cells:
        if not row or not (m := re.fullmatch(r"muc\s*([1-4])\W*", row[0])):
            continue
        met = next((_result_cell(c) for c in reversed(row[1:]) if _result_cell(c) is not None), None)
        if met is not None and len(row) >= 2:
            out.append(IndicatorResult(level=int(m.group(1)), id="*", met=met))
    return out


def _paired_columns(cells: list[list[str]]) -> list[IndicatorResult]:
    """2018 layout: "Chỉ báo | Đạt/Không đạt" pairs under "Mức 1 | Mức 2 | Mức 3"."""
    header = next((i for i, row in enumerate(cells) if sum("chi bao" in c for c in row) >= 1), None)
    if header is None:
        return []
    id_cols = [j for j, c in enumerate(cells[header]) if "chi bao" in c]
    levels: dict[int, int] = {}
    above = cells[header - 1] if header > 0 else []
    for k, col in enumerate(id_cols):
        level = k + 1
        for j in range(min(col, len(above) - 1), -1, -1):
            if j < len(above) and (m := LEVEL_COL.search(above[j])):
                level = int(m.group(1))
                break
        levels[col] = level
    out: list[IndicatorResult] = []
    for row in cells[header + 1 :]:
        for col in id_cols:
            if col + 1 >= len(row):
                continue
            ident, result = row[col], _result_cell(row[col + 1])
            m = _ID.match(ident)
            if m and result is not None:
                out.append(IndicatorResult(level=levels[col], id=m.group(1).replace("d", "đ"), met=result))
    return out


PAIR = re.compile(r"(\(\*\)|\*|\b[a-e]\b|(?<!\w)-(?!\w))\s*\)?\s+(khong dat|chua dat|dat|-)(?=\s|$)")


def flattened_indicators(body: Sequence[Line]) -> list[IndicatorResult]:
    """Indicator tables flattened into text lines (PDF copy): "a Đạt a Đạt (*) Không đạt"."""
    out: list[IndicatorResult] = []
    columns = 0
    for ln in body:
        if ln.in_table:
            continue
        f = ln.folded
        heads = re.findall(r"\bmuc\s*[1-4]\b", f)
        if len(heads) >= 2 and len(f) < 60:
            columns = len(heads)
            continue
        if not columns:
            continue
        if "chi bao" in f:
            # A PDF may glue the first data row to the header: keep what follows the last header cell.
            f = re.split(r"chi\s*bao\s*(?:dat\s*/\s*khong\s*dat)?", f)[-1]
            if not f.strip():
                continue
        pairs = PAIR.findall(f)
        if len(pairs) != columns or not re.fullmatch(r"[\s\w()*/-]+", f):
            continue
        for k, (ident, result) in enumerate(pairs):
            met = None if result == "-" else result == "dat"
            if ident != "-" and met is not None:
                out.append(IndicatorResult(level=k + 1, id=ident.strip("()"), met=met))
    return out


def level_from_indicators(results: Sequence[IndicatorResult], max_level: int) -> int | None:
    """Highest level whose indicators (and all lower ones) are all met.

    None when the table is incomplete (a level up to the first failing one has no data): a
    partial table must not contradict the report's own conclusion.
    """
    by_level: dict[int, list[bool]] = {}
    for r in results:
        if r.met is not None:
            by_level.setdefault(r.level, []).append(r.met)
    reached = 0
    for level in range(1, max_level + 1):
        if level not in by_level:
            return None
        if not all(by_level[level]):
            return reached
        reached = level
    return reached
