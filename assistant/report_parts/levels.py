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

from ..domain import TextSpan
from .indicators import (  # noqa: F401 - re-exported: callers read indicator results from here
    LEVEL_COL,
    PAIR,
    flattened_indicators,
    indicator_results,
    level_from_indicators,
)
from .items import row_part
from .patterns import LEVEL_PHRASE, MARKS, RESULT_START, level_in, level_label
from .textlines import Line, TextLines, fold_same

SOURCE_LABELS = {
    "conclusion": "kết luận của tiêu chí",
    "summary": "Bảng tổng hợp kết quả",
    "indicators": "bảng đánh giá các chỉ báo",
}
_CLAIM = re.compile(r"(?:nha\s*truong|truong|co\s*so)?\s*(?:da\s*)?tu\s*danh\s*gia")


@dataclass(frozen=True)
class LevelSource:
    """One place stating a level."""

    source: str  # key of SOURCE_LABELS
    level: int
    span: TextSpan
    also: tuple[int, ...] = ()  # other levels the source cannot be told apart from


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
    if "chi bao" in folded or len(re.findall(r"\bmuc\s*\d", folded)) > 1 or PAIR.search(folded):
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
            if row_part(ln) == "result" and (
                found := _statement_level(fold_same(" ".join(ln.cells[1:])), kind)
            ):
                preferred.append(LevelSource("conclusion", found[0], lines.line_span(ln)))
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
            elif (m := LEVEL_COL.search(c)) and len(c) < 30:
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
        if coded < 2 or (len(cols) < 2 and not _textual_results(cells, start)):
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


def _textual_results(cells: list[list[str]], start: int) -> bool:
    """A summary whose result column holds words ("Đạt Mức 2", "Không đạt") instead of marks."""
    header = " ".join(c for row in cells[:start] for c in row)
    if not re.search(r"ket\s*qua|muc\s*dat|danh\s*gia", header):
        return False
    stated = sum(
        1 for row in cells[start:] for c in row[1:] if LEVEL_PHRASE.search(c) or c.startswith("khong dat")
    )
    return stated >= 2


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
            # One mark is "Mức 1" or a mark in the "Không đạt" column: flattened, they look the same.
            also = (0,) if count == 1 else ()
            explicit.setdefault(code, LevelSource("summary", min(count, 3), lines.line_span(line), also))
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
        if s.source == "conclusion" or chosen.level in (s.level, *s.also) or (s.source, s.level) in seen:
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
