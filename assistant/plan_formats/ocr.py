"""Plans that went through OCR: diacritics lost, table cells scattered over lines (seed 003).

Nothing here restores words the OCR lost.  What can be recognised reliably is recovered:

* criterion codes at the start of a row ("2 11 1.4 |...", "10 31 |..." = 3.1, a code alone on its
  line, "52" after a row number) kept only when they follow the catalogue order;
* rows whose code the OCR dropped, from a second "Tháng | Ngân sách | Công đoàn | Tháng" head line
  or a second budget cell in one row; their code is inferred from the catalogue order (flagged);
* the timeline and reporting time (dates "11/2022"; "1172022" is "11/2022" with the slash read as
  7), the budget ("Ngân sách"), the supervising body ("Công đoàn"), the owner roles named;
* the rest of the row's words are kept as read (no diacritics, columns possibly interleaved) as its
  action text.  Every row has a confidence below 1 and the plan a warning saying so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from corpus.text import fold

from ..domain import Framework
from ..vocab import Vocabulary
from .assemble import Assembler
from .ocr_tokens import (
    Token,
    field_word,
    find_dates,
    is_junk_line,
    month_word,
    owners_near,
    pair_positions,
    residual_text,
    tokenise,
)
from .result import TableResult, finish

CONFIDENCE = 0.5
_LETTERS = re.compile(r"[^\W\d_]{2,}")
_NUMBER = re.compile(r"(?<![\d/])\d{1,2}(?:[.,]\d{1,2})?(?![\d/])")
_END = re.compile(r"^\s*(?:\d\s*[.)]\s*to\s*ch|noi\s*nh|t\s*/\s*m\b)")
_BARE_CODE = re.compile(r"^\s*(\d[.,]\d{1,2}|\d\d)\s*$")
_BARE_NUMBER = re.compile(r"^\s*\d{1,2}\s*$")


def looks_like_ocr(lines: Sequence[str]) -> bool:
    """Text whose words mostly lack the marks Vietnamese always has (OCR without a language model)."""
    words = [w for line in lines for w in _LETTERS.findall(line)]
    if len(words) < 50:
        return False
    marked = sum(1 for w in words if any(ord(ch) > 127 for ch in w))
    return marked / len(words) < 0.4


class _Row:
    """The lines of one table row and what is known about its start."""

    def __init__(self, code: str | None, lines: list[str], head: bool) -> None:
        self.code = code
        self.lines = lines
        self.head = head


class OcrReader:
    """Cuts the OCR table region into rows and recovers their fields."""

    def __init__(self, framework: Framework | None, vocab: Vocabulary) -> None:
        self.framework = framework
        self.vocab = vocab
        self.codes = [c.code for c in framework.criteria] if framework else []
        self.last_index = -1

    # ---- row starts -----------------------------------------------------------------------

    def _accept(self, candidate: str) -> str | None:
        """A candidate code if it is a catalogue code later than the last one accepted."""
        if candidate not in self.codes:
            return None
        index = self.codes.index(candidate)
        if index <= self.last_index:
            return None
        self.last_index = index
        return candidate

    @staticmethod
    def _candidates(token: str) -> list[str]:
        token = token.replace(",", ".")
        if "." in token:
            return [token]
        return [f"{token[0]}.{token[1]}"] if len(token) == 2 else []

    def code_of(self, line: str, previous: str) -> str | None:
        """The criterion code a line starts a row with, or None."""
        bare = _BARE_CODE.match(line)
        if bare:
            token = bare.group(1)
            if "." in token.replace(",", ".") or _BARE_NUMBER.match(previous):
                return next((c for c in map(self._accept, self._candidates(token)) if c), None)
            return None
        words = _LETTERS.search(line)
        lead = line[: words.start()] if words else line
        if "|" not in line or not lead.strip():
            return None
        for token in reversed(_NUMBER.findall(lead)):
            for candidate in self._candidates(token):
                accepted = self._accept(candidate)
                if accepted:
                    return accepted
        return None

    @staticmethod
    def head_line(line: str) -> bool:
        """A row's first line in the "| Tháng | Ngân sách | Công đoàn | Tháng" layout."""
        if "|" not in line:
            return False
        folded = [fold(t).strip("|[]{}.,;:'\"") for t in re.split(r"[\s|]+", line)]
        months = sum(1 for t in folded if month_word(t))
        budget = any(field_word(t, "ngan") for t in folded)
        union = any(field_word(t, "cong") for t in folded)
        return months + budget + union >= 3

    # ---- segmentation ---------------------------------------------------------------------

    def rows(self, lines: Sequence[str]) -> list[_Row]:
        """The rows of the region, in order (the first row starts at the first code found)."""
        rows: list[_Row] = []
        previous = ""
        for line in lines:
            if not line.strip():
                continue
            code = self.code_of(line, previous)
            head = self.head_line(line)
            if code is not None:
                rows.append(_Row(code, [line], head))
            elif head and rows and rows[-1].head:
                rows.append(_Row(None, [line], True))
            elif rows:
                rows[-1].lines.append(line)
                rows[-1].head = rows[-1].head or head
            previous = line
        return [part for row in rows for part in _split_second_budget(row)]


def _split_second_budget(row: _Row) -> list[_Row]:
    """Split a row holding two rows' fields (a second budget cell after the reporting date)."""
    tokens = tokenise(row.lines)
    budgets = pair_positions(tokens, "ngan", "sach")
    if len(budgets) < 2:
        return [row]
    dates = find_dates(tokens)
    after = [d for d in dates if d.index > budgets[0]]
    split_line = tokens[after[0].index].line + 1 if len(after) >= 1 else tokens[budgets[0]].line + 1
    if split_line >= len(row.lines):
        return [row]
    first = _Row(row.code, row.lines[:split_line], row.head)
    rest = _Row(None, row.lines[split_line:], False)
    return [first, *_split_second_budget(rest)]


def _region(lines: Sequence[str]) -> list[str]:
    """The lines of the table: from the header row ("TT | Tiêu chuẩn | ...") to section 5."""
    start = next(
        (i for i, line in enumerate(lines) if line.count("|") >= 3 and re.search(r"\btt\b", fold(line))), 0
    )
    out = []
    for line in lines[start + 1 :]:
        if _END.match(fold(line)):
            break
        out.append(line)
    return out


def _values(row: _Row, tokens: list[Token], vocab: Vocabulary) -> dict[str, str]:
    """The fields recovered from one row's tokens."""
    dates = find_dates(tokens)
    date_indexes = {d.index for d in dates}
    budgets = pair_positions(tokens, "ngan", "sach")
    union = pair_positions(tokens, "cong", "doan")
    values: dict[str, str] = {}
    if dates:
        values["timeline"] = f"Tháng {dates[0].text}"
    if budgets:
        values["budget"] = "Ngân sách"
    notes = []
    if union:
        notes.append("Giám sát: Công đoàn")
    if len(dates) >= 2:
        notes.append(f"Thời điểm báo cáo: Tháng {dates[-1].text}")
    if notes:
        values["note"] = "; ".join(notes)
    # The owner column sits just left of the time column: look for roles before the first month/date.
    first_time = next((i for i, t in enumerate(tokens) if month_word(t.folded) or i in date_indexes), len(tokens))
    owners, owner_words = owners_near(tokens, first_time, vocab)
    if owners:
        values["owners"] = ", ".join(owners)
    skip = {d.index for d in dates} | _pair_tokens(tokens, budgets, union) | owner_words
    text = residual_text(tokens, skip=skip)
    if text:
        values["actions"] = text
    return values


def _pair_tokens(tokens: list[Token], budgets: list[int], union: list[int]) -> set[int]:
    """Indexes of the two words of each recognised pair ("Ngân sách", "Công đoàn")."""
    out: set[int] = set()
    for positions, second in ((budgets, "sach"), (union, "doan")):
        for start in positions:
            out.add(start)
            window = range(start + 1, min(start + 11, len(tokens)))
            follow = next((i for i in window if field_word(tokens[i].folded, second)), None)
            if follow is not None:
                out.add(follow)
    return out


def read_ocr(lines: Sequence[str], framework: Framework | None, vocab: Vocabulary) -> TableResult | None:
    """Read the plan table of an OCR text; None when no criterion row is found."""
    reader = OcrReader(framework, vocab)
    rows = reader.rows([line for line in _region(lines) if not is_junk_line(line)])
    if not rows:
        return None
    asm = Assembler(framework, vocab, confidence=CONFIDENCE, expect_target=False)
    for row in rows:
        tokens = tokenise(row.lines, drop_lead=row.code is not None)
        asm.start(row.code)
        asm.feed(_values(row, tokens, vocab))
    result = finish(asm, "other")
    result.warnings.insert(
        0,
        "Văn bản được nhận dạng từ ảnh (OCR): chữ mất dấu và các ô của bảng bị xáo trộn. Đã khôi phục mã tiêu chí, "
        "thời gian, kinh phí, người phụ trách và cơ quan giám sát; phần nội dung, giải pháp giữ nguyên chữ đọc được "
        "(không dấu, có thể lẫn giữa các cột). Mọi hàng có độ tin cậy thấp, cần đối chiếu bản gốc.",
    )
    return result
