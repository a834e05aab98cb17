"""Where a report states a criterion's level, and the disagreements between those places.

Three places can state it: the criterion's own conclusion ("Kết quả: Tiêu chí đạt Mức 2"), the
summary table ("Bảng tổng hợp kết quả", a Word table or flattened text), and the indicator table
(per-indicator Đạt / Không đạt).  The conclusion wins, then the summary, then the indicators; any
disagreement is reported, never hidden.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from corpus.text import criterion_code

from ..domain import IndicatorResult, TextSpan
from .patterns import LEVEL_PHRASE, MARKS, RESULT_START, level_in, level_label
from .textlines import Line, TextLines, fold_same

SOURCE_LABELS = {
    "conclusion": "kết luận của tiêu chí",
    "summary": "Bảng tổng hợp kết quả",
    "indicators": "bảng đánh giá các chỉ báo",
}
_CLAIM = re.compile(r"(?:nha\s*truong|truong|co\s*so)?\s*(?:da\s*)?tu\s*danh\s*gia")
_LEVEL_COL = re.compile(r"\bmuc\s*([1-4])\b")
_ID = re.compile(r"^\(?\s*([a-eđd*]|\*)\s*\)?\.?$")


@dataclass(frozen=True)
class LevelSource:
    """One place stating a level."""

    source: str  # key of SOURCE_LABELS
    level: int
    span: TextSpan


def _statement_level(folded: str, kind: str) -> tuple[int, int] | None:
    """Level stated in a result line and its offset; ĐGN lines quoting the school's claim skip it."""
    m = RESULT_START.match(folded)
    start = m.end() if m else 0
    frag = folded[start:]
    if kind == "dgn":
        claim = _CLAIM.search(frag)
        if claim:
            before = level_in(frag[: claim.start()])
            if before:
                return before[0], start + before[1]
            team = frag.find("doan", claim.end())
            if team < 0:
                return None
            after = level_in(frag[team:])
            return (after[0], start + team + after[1]) if after else None
    found = level_in(frag)
    return (found[0], start + found[1]) if found else None


def _bare_statement(folded: str) -> bool:
    """A line of the result part that states a level without a "Kết quả:" lead-in ("Đạt Mức 2"),
    as opposed to the header or rows of a flattened indicator table."""
    if "chi bao" in folded or len(re.findall(r"\bmuc\s*\d", folded)) > 1 or _PAIR.search(folded):
        return False
    return bool(LEVEL_PHRASE.search(folded) or re.match(r"^\W*(?:khong|chua)\s*dat\b", folded))


def conclusion_levels(
    lines: TextLines, body: Sequence[Line], result_lines: Sequence[Line], kind: str
) -> list[LevelSource]:
    """Level statements of a criterion section (those in its result sub-section first)."""
    in_result = {ln.index for ln in result_lines}
    preferred: list[LevelSource] = []
    others: list[LevelSource] = []
    for ln in body:
        if ln.in_table:
            continue
        starts = RESULT_START.match(ln.folded)
        if not starts and not (ln.index in in_result and _bare_statement(ln.folded)):
            continue
        found = _statement_level(ln.folded, kind)
        if found is None:
            continue
        src = LevelSource("conclusion", found[0], lines.line_span(ln))
        (preferred if ln.index in in_result else others).append(src)
    return preferred or others


# --------------------------------------------------------------------------------------------
# Indicator tables
# --------------------------------------------------------------------------------------------


def _result_cell(folded: str) -> bool | None:
    text = folded.strip(" .*()")
    if text.startswith(("khong dat", "chua dat")):
        return False
    if text.startswith("dat") or text in ("x", "v", "✓"):
        return True
    return None


def indicator_results(tables: Iterable[Sequence[Line]]) -> list[IndicatorResult]:
    """Per-indicator results from indicator tables (2018 paired columns or TT57 "Mức" rows)."""
    results: list[IndicatorResult] = []
    for rows in tables:
        cells = [[fold_same(c).strip() for c in ln.cells] for ln in rows]
        results.extend(_tt57_rows(cells) or _paired_columns(cells))
    return results


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
            if j < len(above) and (m := _LEVEL_COL.search(above[j])):
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


_PAIR = re.compile(r"(\(\*\)|\*|\b[a-e]\b|(?<!\w)-(?!\w))\s*\)?\s+(khong dat|chua dat|dat|-)(?=\s|$)")


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
        pairs = _PAIR.findall(f)
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


# --------------------------------------------------------------------------------------------
# Summary tables
# --------------------------------------------------------------------------------------------


def _is_data_cell(folded: str) -> bool:
    """A summary row's first cells: "Tiêu chí 1.1", "1.1", "Tiêu chí 1" (numbered within a standard)."""
    return bool(criterion_code(folded) or re.match(r"^\W*(?:tieu\s*chi|tieu\s*chuan)\s*\d", folded))


def _column_levels(cells: list[list[str]]) -> tuple[dict[int, int], int]:
    """Map column -> level (0 = Không đạt) from the header rows; returns the map and header end."""
    cols: dict[int, int] = {}
    end = 0
    for i, row in enumerate(cells[:4]):
        if any(_is_data_cell(c) for c in row[:2]):
            break
        for j, c in enumerate(row):
            if "khong dat" in c or "chua dat" in c:
                cols[j] = 0
            elif (m := _LEVEL_COL.search(c)) and len(c) < 30:
                cols[j] = int(m.group(1))
        end = i + 1
    return cols, end


def summary_table_levels(lines: TextLines, tables: Iterable[Sequence[Line]]) -> dict[str, LevelSource]:
    """Levels per criterion from Word summary tables (columns Không đạt / Mức 1 / Mức 2 / Mức 3)."""
    found: dict[str, LevelSource] = {}
    for rows in tables:
        cells = [[fold_same(c).strip() for c in ln.cells] for ln in rows]
        coded = sum(1 for row in cells if any(_is_data_cell(c) for c in row[:2]))
        cols, start = _column_levels(cells)
        if coded < 2 or len(cols) < 2:
            continue
        standard = ""
        for ln, row in zip(rows[start:], cells[start:], strict=True):
            code, standard = _row_code(row, standard)
            if not code:
                continue
            level = _row_level(row, cols)
            if level is not None:
                found.setdefault(code, LevelSource("summary", level, lines.line_span(ln)))
    return found


def _row_code(row: list[str], standard: str) -> tuple[str | None, str]:
    head = " ".join(row[:2])
    if m := re.match(r"^\W*(?:tieu\s*chuan|tc)\s*(\d)\b(?!\s*[.,]\s*\d)", head):
        return None, m.group(1)
    code = criterion_code(row[0]) or (criterion_code(row[1]) if len(row) > 1 else None)
    if code is None and standard and (m := re.match(r"^\W*tieu\s*chi\s*(\d{1,2})\b(?!\s*[.,]\d)", head)):
        code = f"{standard}.{int(m.group(1))}"
    return code, standard


def _row_level(row: list[str], cols: dict[int, int]) -> int | None:
    marked = [
        level for j, level in cols.items() if j < len(row) and row[j].strip(" .") not in ("", "-", "–", "—")
    ]
    if marked:
        return max(marked)
    for cell in row[1:]:
        found = level_in(cell)
        if found:
            return found[0]
    return None


def flattened_summary_levels(
    lines: TextLines, mentions: Iterable[tuple[str, Line, str]]
) -> dict[str, LevelSource]:
    """Levels from summary rows flattened into text: "Tiêu chí 1.1 ... x x" or "... Đạt Mức 2".

    A row of marks only counts when rows carry different numbers of marks (one mark per level
    reached); with one mark on every row the column it sat in is lost, so marks are not used.
    """
    explicit: dict[str, LevelSource] = {}
    marked: dict[str, tuple[int, Line]] = {}
    for code, line, rest in mentions:
        found = level_in(rest)
        if found is not None and re.search(r"\bdat\b|\bmuc\b", rest):
            explicit.setdefault(code, LevelSource("summary", found[0], lines.line_span(line)))
            continue
        m = MARKS.search(" " + rest)
        if m:
            count = len(re.findall(r"x|v|\+|✓|✔|☑|ü", m.group(1)))
            if count:
                marked.setdefault(code, (count, line))
    counts = {n for n, _ in marked.values()}
    if len(counts) > 1:
        for code, (count, line) in marked.items():
            explicit.setdefault(code, LevelSource("summary", min(count, 3), lines.line_span(line)))
    return explicit


def choose_level(
    code: str, sources: Sequence[LevelSource], top: int
) -> tuple[int | None, list[str], LevelSource | None]:
    """Pick the level (conclusion > summary > indicators) and describe every disagreement."""
    order = {"conclusion": 0, "summary": 1, "indicators": 2}
    valid = [s for s in sources if 0 <= s.level <= top]
    if not valid:
        return None, [], None
    conclusions = [s for s in valid if s.source == "conclusion"]
    # The last conclusion of a section is its final word ("Kết quả: ..." after "Tự đánh giá").
    chosen = conclusions[-1] if conclusions else sorted(valid, key=lambda s: order[s.source])[0]
    conflicts: list[str] = []
    stated = sorted({s.level for s in conclusions})
    if len(stated) > 1:
        conflicts.append(
            f"Tiêu chí {code}: phần kết luận của tiêu chí ghi cả "
            + " và ".join(level_label(v) for v in stated)
            + f"; đã lấy {level_label(chosen.level)} (ghi sau cùng), hãy kiểm tra lại báo cáo."
        )
    seen: set[tuple[str, int]] = set()
    for s in sorted(valid, key=lambda s: order[s.source]):
        if s.source == "conclusion" or s.level == chosen.level or (s.source, s.level) in seen:
            continue
        if s.source == chosen.source:
            continue
        seen.add((s.source, s.level))
        conflicts.append(
            f"Tiêu chí {code}: {SOURCE_LABELS[chosen.source]} ghi {level_label(chosen.level)} nhưng "
            f"{SOURCE_LABELS[s.source]} ghi {level_label(s.level)}; đã lấy {level_label(chosen.level)} "
            f"theo {SOURCE_LABELS[chosen.source]}, hãy kiểm tra lại báo cáo."
        )
    return chosen.level, conflicts, chosen
