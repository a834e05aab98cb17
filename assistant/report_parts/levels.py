"""Where a report states a criterion's level, and the disagreements between those places.

Three places can state it: the criterion's own conclusion ("Kết quả: Tiêu chí đạt Mức 2"), the
summary table ("Bảng tổng hợp kết quả", a Word table or flattened text), and the indicator table
(per-indicator Đạt / Không đạt).  The conclusion wins, then the summary, then the indicators; any
disagreement is reported, never hidden.  A conclusion that only says "Đạt" is a floor (Mức 1 or
higher): a place naming the level settles it, and without one the criterion is noted for checking.
The summary tables themselves are read in :mod:`.summary`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..domain import CriterionAssessment, TextSpan
from .indicators import (  # noqa: F401 - re-exported: callers read indicator results from here
    LEVEL_COL,
    PAIR,
    flattened_indicators,
    indicator_results,
    level_from_indicators,
)
from .items import row_part
from .patterns import BARE_MET, LEVEL_PHRASE, RESULT_START, SUBSECTIONS, TARGET, level_in, level_label
from .textlines import Line, TextLines, fold_same

SOURCE_LABELS = {
    "conclusion": "kết luận của tiêu chí",
    "summary": "Bảng tổng hợp kết quả",
    "indicators": "bảng đánh giá các chỉ báo",
}
_ORDER = {"conclusion": 0, "summary": 1, "indicators": 2}  # which place wins
_RESULT_HEAD = dict(SUBSECTIONS)["result"]
_CLAIM = re.compile(r"(?:nha\s*truong|truong|co\s*so)?\s*(?:da\s*)?tu\s*danh\s*gia")


@dataclass(frozen=True)
class LevelSource:
    """One place stating a level."""

    source: str  # key of SOURCE_LABELS
    level: int
    span: TextSpan
    also: tuple[int, ...] = ()  # other levels the source cannot be told apart from
    # A bare "Đạt" guarantees ``level`` (Mức 1) or higher, in the 2018 circulars and in TT57 alike:
    # a criterion is "đạt" once its Mức 1 is met, and higher levels are only judged after that.
    floor: bool = False


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
    found, base = level_in(frag), start
    if found is None and m:
        found, base = level_in(folded), 0  # "Đạt mức: 2": the digit is read together with its label
    if found is None or TARGET.search(folded[base : base + found[1]]):
        return None  # no level, or a target ("phấn đấu đạt Mức 3"), not a result
    return found[0], base + found[1]


def _statement(folded: str, kind: str) -> tuple[int, bool] | None:
    """Level stated in a result line and whether it is only a floor (a bare "Đạt")."""
    found = _statement_level(folded, kind)
    if found is not None:
        return found[0], False
    m = RESULT_START.match(folded)
    if kind == "dgn" and m and "tu danh gia" in m.group(0):
        return None  # the school's own claim, quoted in an external evaluation
    return (1, True) if BARE_MET.match(folded[m.end() :] if m else folded) else None


def _heading_alone(line: Line | None) -> bool:
    """A "5. Tự đánh giá" / "Kết quả:" line with nothing after it (its result is on the next line)."""
    if line is None or line.in_table:
        return False
    m = _RESULT_HEAD.match(line.folded)
    return m is not None and not line.folded[m.end() :].strip(" .:-–")


def _line_statement(ln: Line, before: Line | None, in_part: bool, kind: str) -> tuple[int, bool] | None:
    """(level, is a floor) stated by a text line of a criterion section, if any."""
    if RESULT_START.match(ln.folded) or (in_part and _bare_statement(ln.folded)):
        return _statement(ln.folded, kind)
    if in_part and _heading_alone(before) and BARE_MET.match(ln.folded):
        return 1, True  # "5. Tự đánh giá" then "Đạt." on its own line
    return None


def _bare_statement(folded: str) -> bool:
    """A line of the result part that states a level without a "Kết quả:" lead-in ("Đạt Mức 2"),
    as opposed to the header or rows of a flattened indicator table."""
    if "chi bao" in folded or len(re.findall(r"\bmuc\s*\d", folded)) > 1 or PAIR.search(folded):
        return False
    phrase = LEVEL_PHRASE.search(folded)
    if phrase and TARGET.search(folded[: phrase.start()]):
        return False  # "Phấn đấu đạt Mức 3 vào năm 2028": a plan, not the result
    return bool(phrase or re.match(r"^\W*(?:khong|chua)\s*dat\b", folded))


def conclusion_levels(
    lines: TextLines, body: Sequence[Line], result_lines: Sequence[Line], kind: str
) -> list[LevelSource]:
    """Level statements of a criterion section (those in its result sub-section first)."""
    in_result = {ln.index for ln in result_lines}
    preferred: list[LevelSource] = []
    others: list[LevelSource] = []
    previous: Line | None = None
    for ln in body:
        before, previous = previous, (ln if ln.text.strip() else previous)
        if ln.in_table:
            if row_part(ln) == "result" and (found := _statement(fold_same(" ".join(ln.cells[1:])), kind)):
                preferred.append(LevelSource("conclusion", found[0], lines.line_span(ln), floor=found[1]))
            continue
        in_part = ln.index in in_result
        if (found := _line_statement(ln, before, in_part, kind)) is None:
            continue
        src = LevelSource("conclusion", found[0], lines.line_span(ln), floor=found[1])
        (preferred if in_part else others).append(src)
    return preferred or others


def unstated_note(code: str) -> str:
    """The note on a criterion whose level the report only gives as "Đạt" (no Mức)."""
    return (
        f"Tiêu chí {code}: báo cáo chỉ ghi “Đạt” mà không ghi rõ mức; đã tạm lấy Mức 1 (mức thấp nhất "
        "mà “Đạt” bảo đảm). Hãy kiểm tra và chọn đúng mức ở bước 3 (Kết quả đánh giá)."
    )


def rests_on_floor(assessment: CriterionAssessment) -> bool:
    """True when a criterion's level is only the Mức 1 a bare "Đạt" guarantees."""
    return unstated_note(assessment.criterion) in assessment.conflicts


def _stated(src: LevelSource) -> str:
    return "“Đạt” (không ghi mức)" if src.floor else level_label(src.level)


def _pick(valid: Sequence[LevelSource]) -> LevelSource:
    """Conclusion > summary > indicators; a bare "Đạt" gives way to any place that names a level
    it allows (it only says "Mức 1 or higher"), and stands only when nothing more precise does."""
    exact = [s for s in valid if not s.floor]
    floors = [s for s in valid if s.floor]
    conclusions = [s for s in exact if s.source == "conclusion"]
    if conclusions:
        # The last conclusion of a section is its final word ("Kết quả: ..." after "Tự đánh giá").
        return conclusions[-1]
    bound = max((s.level for s in floors), default=0)
    ranked = sorted(exact, key=lambda s: _ORDER[s.source])
    fitting = [s for s in ranked if s.level >= bound]
    if fitting:
        return fitting[0]
    return floors[-1] if floors else ranked[0]


def choose_level(
    code: str, sources: Sequence[LevelSource], top: int
) -> tuple[int | None, list[str], LevelSource | None]:
    """Pick the level (conclusion > summary > indicators) and describe every disagreement.

    When the level rests on a bare "Đạt" alone, :func:`unstated_note` is among the notes.
    """
    valid = [s for s in sources if 0 <= s.level <= top]
    if not valid:
        return None, [], None
    chosen = _pick(valid)
    conclusions = [s for s in valid if s.source == "conclusion" and not s.floor]
    conflicts: list[str] = []
    stated = sorted({s.level for s in conclusions})
    if len(stated) > 1:
        conflicts.append(
            f"Tiêu chí {code}: phần kết luận của tiêu chí ghi cả "
            + " và ".join(level_label(v) for v in stated)
            + f"; đã lấy {level_label(chosen.level)} (ghi sau cùng), hãy kiểm tra lại báo cáo."
        )
    conflicts += _floor_conflicts(code, chosen, [s for s in valid if s.floor and s is not chosen])
    seen: set[tuple[str, int]] = set()
    for s in sorted(valid, key=lambda s: _ORDER[s.source]):
        if s.source == "conclusion" or chosen.level in (s.level, *s.also) or (s.source, s.level) in seen:
            continue
        if s.source == chosen.source:
            continue
        seen.add((s.source, s.level))
        conflicts.append(
            f"Tiêu chí {code}: {SOURCE_LABELS[chosen.source]} ghi {_stated(chosen)} nhưng "
            f"{SOURCE_LABELS[s.source]} ghi {level_label(s.level)}; đã lấy {level_label(chosen.level)} "
            f"theo {SOURCE_LABELS[chosen.source]}, hãy kiểm tra lại báo cáo."
        )
    if chosen.floor:
        conflicts.append(unstated_note(code))
    return chosen.level, conflicts, chosen


def _floor_conflicts(code: str, chosen: LevelSource, floors: Sequence[LevelSource]) -> list[str]:
    """A bare "Đạt" contradicts only a level below it (a "Không đạt")."""
    if not any(chosen.level < f.level for f in floors):
        return []
    return [
        f"Tiêu chí {code}: phần kết luận của tiêu chí ghi “Đạt” nhưng {SOURCE_LABELS[chosen.source]} ghi "
        f"{level_label(chosen.level)}; đã lấy {level_label(chosen.level)}, hãy kiểm tra lại báo cáo."
    ]
