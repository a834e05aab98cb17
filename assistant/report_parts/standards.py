"""Per-standard conclusions, Mức 4 results and the school's overall level.

2018 reports close each standard with "Kết luận về Tiêu chuẩn n" (điểm mạnh nổi bật, điểm yếu cơ
bản, "Tiêu chuẩn đạt Mức N"); TT57 reports with "Đánh giá chung về Tiêu chuẩn n" whose item 2,
"Điểm hạn chế trọng tâm và nguyên nhân cốt lõi", feeds section IV of the TT57 plan.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..domain import Level4Result, StandardSummary, TextSpan
from .items import Item, split_parts
from .patterns import OVERALL, RESULT_START, STANDARD_LEVEL, level_in, level_label, number
from .sections import Section
from .textlines import Line, TextLines, fold_same

_CAUSE = re.compile(r"^\W*nguyen\s*nhan(?:\s*cot\s*loi|\s*chu\s*yeu|\s*chinh)?\s*(?:la)?\s*[:\-–]?\s*")
_LIMIT = re.compile(r"^\W*(?:diem\s*)?han\s*che(?:\s*trong\s*tam)?\s*[:\-–]\s*")
_INLINE_CAUSE = re.compile(r"[;.,]?\s*\(?nguyen\s*nhan(?:\s*cot\s*loi)?\s*[:\-–]\s*")
_PRIORITY = re.compile(r"^\W*(?:[a-dđ]\)\s*)?(?:van\s*de\s*uu\s*tien|uu\s*tien)[^:]*:\s*")
_TREND = re.compile(r"^\W*(?:[a-dđ]\)\s*)?(?:xu\s*huong|xu\s*the)")


def _split_limitations(items: Sequence[Item]) -> tuple[list[Item], list[Item]]:
    """Separate "Hạn chế: ..." from "Nguyên nhân: ..." items (also when both share one line)."""
    limits: list[Item] = []
    causes: list[Item] = []
    for item in items:
        folded = fold_same(item.text)
        if m := _CAUSE.match(folded):
            causes.append(Item(item.text[m.end() :].strip(), item.span))
            continue
        text, ftext = item.text, folded
        if m := _LIMIT.match(ftext):
            text, ftext = text[m.end() :], ftext[m.end() :]
        if m := _INLINE_CAUSE.search(ftext):
            causes.append(Item(text[m.end() :].strip(" ."), item.span))
            text = text[: m.start()]
        if text.strip(" .;"):
            limits.append(Item(text.strip(), item.span))
    return limits, causes


def standard_summary(lines: TextLines, section: Section) -> tuple[StandardSummary, list[Item]]:
    """Read one "Kết luận về Tiêu chuẩn n" / "Đánh giá chung về Tiêu chuẩn n" section.

    Returns the summary and the limitation items (with spans) so callers can attach them to the
    criteria they name.
    """
    parts = split_parts(lines, section.body)
    limits, causes = _split_limitations(parts.items.get("weaknesses", []))
    priorities = [
        Item(
            item.text[m.end() :].strip() if (m := _PRIORITY.match(fold_same(item.text))) else item.text,
            item.span,
        )
        for item in parts.items.get("priorities", [])
        if not _TREND.match(fold_same(item.text))
    ]
    level = None
    for ln in section.body:
        if not ln.in_table and (m := STANDARD_LEVEL.search(ln.folded)):
            found = level_in(ln.folded[m.start() :])
            if found is not None:
                level = found[0]
    summary = StandardSummary(
        standard=section.key,
        level=level,
        strengths=parts.texts("strengths"),
        limitations=tuple(i.text for i in limits),
        causes=tuple(i.text for i in causes),
        priorities=tuple(i.text for i in priorities if i.text),
        span=lines.block_span(section.lines),
    )
    return summary, limits


def level4_from_section(lines: TextLines, section: Section) -> Level4Result:
    """Đạt / Không đạt of one Mức 4 item from its own "Tự đánh giá" / "Kết quả" line."""
    met: bool | None = None
    span: TextSpan | None = None
    for ln in section.body:
        if ln.in_table or not (m := RESULT_START.match(ln.folded)):
            continue
        frag = ln.folded[m.end() :].strip(" :.")
        frag = re.sub(r"^tieu\s*chi\s*", "", frag)
        if frag.startswith(("khong dat", "chua dat")):
            met, span = False, lines.line_span(ln)
        elif frag.startswith("dat"):
            met, span = True, lines.line_span(ln)
    return Level4Result(number=int(section.key), met=met, span=span)


def level4_from_tables(lines: TextLines, tables: Iterable[Sequence[Line]]) -> dict[int, Level4Result]:
    """Mức 4 summary table: rows "Tiêu chí n (Khoản n, Điều 22)" with Đạt / Không đạt columns."""
    found: dict[int, Level4Result] = {}
    for rows in tables:
        cells = [[fold_same(c).strip() for c in ln.cells] for ln in rows]
        cols: dict[int, bool] = {}
        for row in cells[:3]:
            for j, c in enumerate(row):
                if c.strip(" .") in ("dat", "x dat"):
                    cols[j] = True
                elif c.strip(" .") in ("khong dat", "chua dat"):
                    cols[j] = False
        if len(cols) < 2 or any(re.search(r"\bmuc\s*[123]\b", c) for row in cells[:3] for c in row):
            continue
        for ln, row in zip(rows, cells, strict=True):
            m = re.match(r"^\W*tieu\s*chi\s*(\d{1,2})\b(?!\s*[.,]\s*\d)", row[0] if row else "")
            if not m:
                continue
            marks = [met for j, met in cols.items() if j < len(row) and row[j].strip(" .-–")]
            if len(marks) == 1:
                found[int(m.group(1))] = Level4Result(
                    number=int(m.group(1)), met=marks[0], span=lines.line_span(ln)
                )
    return found


def overall_statements(lines: TextLines, kind: str) -> list[tuple[int, TextSpan, bool]]:
    """Every "Trường đạt Mức N" statement: (level, span, is a Kết quả/Kết luận line)."""
    out: list[tuple[int, TextSpan, bool]] = []
    for ln in lines.lines:
        folded = ln.folded
        if "dat" not in folded:
            continue
        for m in OVERALL.finditer(folded):
            gap = m.group("gap")
            if re.search(r"tieu\s*chi|tieu\s*chuan|\d|%|chi\s*bao", gap):
                continue
            if (
                kind == "dgn"
                and "tu danh gia" in folded[max(0, m.start() - 30) : m.end()]
                and "doan" not in gap
            ):
                continue
            level = number(m.group("n"))
            headline = bool(re.match(r"^\W*(?:\d+\.\s*)?(?:ket\s*qua|ket\s*luan)", folded))
            out.append((level, lines.line_span(ln), headline))
    return out


def overall_level(statements: Sequence[tuple[int, TextSpan, bool]]) -> tuple[int | None, list[str]]:
    """The report's stated overall level (a Kết quả/Kết luận line first) and disagreement notes."""
    if not statements:
        return None, []
    ranked = sorted(statements, key=lambda s: not s[2])
    chosen = ranked[0][0]
    others = sorted({s[0] for s in statements if s[0] != chosen})
    notes = (
        [
            f"Báo cáo ghi mức của trường ở nhiều chỗ không giống nhau ({level_label(chosen)} và "
            + ", ".join(level_label(o) for o in others)
            + f"); đã lấy {level_label(chosen)} ở dòng kết quả/kết luận, hãy kiểm tra lại."
        ]
        if others
        else []
    )
    return chosen, notes
