"""Turning raw text lines (from a PDF page or a pasted .txt) back into paragraphs.

Text copied out of a PDF keeps the PDF's line breaks, its running headers and footers and its page
numbers; tables arrive tab-separated or drawn with vertical bars.  These helpers remove the page furniture and re-join lines that were only wrapped, while
keeping real breaks: headings, numbered items, bullets and table rows stay on their own line.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from corpus.text import fold

from .base import Block, Paragraph, Table

_PAGE_NUMBER = re.compile(
    r"^\s*(?:trang\s*)?[-–—(\[]?\s*\d{1,4}\s*(?:/\s*\d{1,4}|tren\s*\d{1,4})?\s*[-–—)\]]?\s*$"
)
_ROMAN_PAGE = re.compile(r"^\s*[ivxlc]{1,6}\s*$")
_TERMINAL = tuple(".!?:;…")
# Starts of a line that begin a new paragraph even without a blank line before them.
_ITEM_START = re.compile(
    r"^\s*(?:[-+•*–—●○■□✓➢>]\s*|\(?\d{1,2}(?:\.\d{1,2})*[.)]\s|\(?[a-zđ][).]\s|[ivx]{1,4}[.)]\s|\(\*\))"
)
_HEADING_WORDS = re.compile(
    r"^\s*(?:tieu chi|tieu chuan|muc \d|diem manh|diem yeu|diem han che|ke hoach cai tien|tu danh gia|"
    r"ket qua|ket luan|mo ta hien trang|phan [ivx\d]|bang tong hop|khuyen nghi|danh gia chung|"
    r"chi bao|minh chung|noi dung|nguyen nhan|han che|dinh huong)\b"
)
_DASH_LOWER = re.compile(r"^[-–]\s+[a-zà-ỹđ]")
_TABLE_ROW = re.compile(r"^(?:[a-e]|\(\*\))\s+(?:dat|khong dat|-)(?:\s|$)")
# A summary-table row flattened to text: a criterion code and then only marks or empty-cell markers
# ("2.1 - x - -", "Tiêu chí 1 x - -").  It stands on its own line: never glued to its neighbours
# (its trailing "-" is a cell, not a word broken at the line end).
_MARK = r"\s+[-–—_x+v✓✔☑☒√●○□☐]+"
_MARK_ROW = re.compile(
    rf"^\W*(?:(?:tieu chi|tieu chuan|tc)\s*)?(?:\d{{1,2}}[.,]\d{{1,2}}(?:{_MARK})+|\d{{1,2}}(?:{_MARK}){{2,}})\s*$"
)
_CONNECTOR_END = re.compile(r"(?:,|\band|\bva|\bcua|\bvoi|\bcac|\bnhung|\bcho|\btrong|\btu|\bden|\bla|\bde)$")


def is_page_number(line: str) -> bool:
    """A line that is only a page number ("12", "- 12 -", "Trang 12", "12/120")."""
    folded = fold(line).strip()
    return bool(folded) and (bool(_PAGE_NUMBER.match(folded)) or bool(_ROMAN_PAGE.match(folded)))


def _furniture_key(line: str) -> str:
    """Key under which running headers/footers repeat (digits vary: "Trang 3", "Trang 4")."""
    return re.sub(r"\d+", "#", fold(line).strip())


_MAX_FURNITURE = 120  # running headers and footers are short


def _edge_size(lines: int, edge: int) -> int:
    """How many lines at each end of a page may be furniture (fewer on short pages)."""
    return min(edge, max(1, lines // 4)) if lines else 0


def strip_page_furniture(pages: Sequence[Sequence[str]], *, edge: int = 3) -> list[list[str]]:
    """Remove page numbers and lines repeated at the top or bottom of many pages.

    A line is a running header/footer when it sits within ``edge`` non-blank lines of a page edge
    and its digit-insensitive form appears at an edge of at least half the pages (and of 3 or more).
    """
    counts: Counter[str] = Counter()
    for page in pages:
        body = [ln for ln in page if ln.strip()]
        n = _edge_size(len(body), edge)
        seen = {_furniture_key(ln) for ln in body[:n] + body[-n:] if len(ln.strip()) <= _MAX_FURNITURE}
        counts.update(seen)
    threshold = max(3, (len(pages) + 1) // 2)
    repeated = {key for key, n in counts.items() if n >= threshold and key}
    cleaned: list[list[str]] = []
    for page in pages:
        body = [ln for ln in page if ln.strip()]
        n = _edge_size(len(body), edge)
        edges = set(range(n)) | set(range(len(body) - n, len(body)))
        kept: list[str] = []
        index = -1
        for ln in page:
            if ln.strip():
                index += 1
                on_edge = index in edges
                if on_edge and (
                    is_page_number(ln)
                    or (len(ln.strip()) <= _MAX_FURNITURE and _furniture_key(ln) in repeated)
                ):
                    continue
            kept.append(ln)
        cleaned.append(kept)
    return cleaned


def split_pseudo_pages(lines: Sequence[str]) -> list[list[str]]:
    """Split pasted text into pages at form feeds, or else after each page-number line."""
    if any("\f" in ln for ln in lines):
        pages: list[list[str]] = [[]]
        for ln in lines:
            parts = ln.split("\f")
            pages[-1].append(parts[0])
            for part in parts[1:]:
                pages.append([part])
        return pages
    pages = [[]]
    for ln in lines:
        pages[-1].append(ln)
        if is_page_number(ln):
            pages.append([])
    return pages


def _typical_width(lines: Sequence[str]) -> int:
    lengths = sorted(len(ln.strip()) for ln in lines if len(ln.strip()) > 20)
    if not lengths:
        return 0
    return lengths[int(len(lengths) * 0.8) - 1 if len(lengths) > 1 else 0]


def starts_new_paragraph(line: str) -> bool:
    """True when a line opens a heading, a numbered item, a bullet or an indicator-table row.

    Heading words ("Kết quả", "Minh chứng") only count with a capital first letter: in lower case
    they are the continuation of a wrapped sentence.
    """
    stripped = line.strip()
    folded = fold(stripped)
    if _MARK_ROW.match(folded):
        return True
    if _DASH_LOWER.match(stripped):
        return False  # "- quản trị ..." is a wrapped "hành chính - quản trị", not a bullet
    if _ITEM_START.match(folded) or _TABLE_ROW.match(folded):
        return True
    return stripped[:1].isupper() and bool(_HEADING_WORDS.match(folded))


def _blank_lines_are_soft(lines: Sequence[str]) -> bool:
    """Some exports put a blank line after every text line; then blanks do not end paragraphs."""
    nonblank = sum(1 for ln in lines if ln.strip())
    singles = sum(
        1
        for i in range(1, len(lines) - 1)
        if not lines[i].strip() and lines[i - 1].strip() and lines[i + 1].strip()
    )
    return nonblank > 10 and singles >= 0.6 * nonblank


def join_wrapped(lines: Sequence[str]) -> list[tuple[str, list[int]]]:
    """Re-join hard-wrapped lines into paragraphs.

    Returns each paragraph with the indexes of the input lines it was built from.  A line is
    joined to the previous one when the previous one does not end a sentence and either the new
    line starts in lower case, the previous one ends with a comma or connective word, or the
    previous line is as long as the text's wrapped lines usually are; never when the new line opens
    a heading, an item or a table row.
    """
    width = _typical_width(lines)
    soft = _blank_lines_are_soft(lines)
    out: list[tuple[str, list[int]]] = []
    open_para = False
    last_raw = ""
    previous_row = False
    piped_rows = pipe_rows(lines)
    for i, raw in enumerate(lines):
        piped = piped_rows.get(i)
        if piped is not None:
            if piped:
                out.append(("\t".join(piped), [i]))
            previous_row, open_para = bool(piped), False
            continue
        line = raw.rstrip(" \r\n\f\v")
        if not line.strip():
            if not soft:
                open_para = False
            continue
        row = is_table_row(line, previous_row)
        previous_row = row
        if row:
            out.append((line, [i]))
            open_para = False
            continue
        if line.lstrip(" ").startswith("\t"):
            # Word's "one cell per line" text export: each cell stays its own paragraph.
            out.append((line.replace("\t", " ").strip(), [i]))
            open_para = False
            continue
        line = line.replace("\t", " ").strip()
        if open_para and out and _continues(last_raw, line, width):
            prev, idx = out[-1]
            out[-1] = (_glue(prev, line), [*idx, i])
        else:
            out.append((line, [i]))
        open_para = True
        last_raw = line
    return out


def _continues(prev: str, line: str, width: int) -> bool:
    """Whether ``line`` continues the paragraph whose last raw line is ``prev``."""
    if starts_new_paragraph(line) or _MARK_ROW.match(fold(prev.strip())):
        return False
    tail = prev.rstrip()
    first = line.strip()[:1]
    if tail.endswith(";") and first.islower():
        return True  # a sentence with semicolons wrapped after one; new items are labelled or capitalised
    if tail.endswith(_TERMINAL):
        return False
    if first.islower() or first in "(,;" or _DASH_LOWER.match(line.strip()):
        return True
    if _CONNECTOR_END.search(fold(tail)) or tail.endswith(("-", "–")):
        return True
    return width > 0 and len(tail) >= 0.75 * width


def _glue(prev: str, line: str) -> str:
    """Join two wrapped pieces; a word broken with a hyphen at the line end is re-joined."""
    if re.search(r"[a-zà-ỹ]-$", prev) and line[:1].islower():
        return prev[:-1] + line
    return f"{prev} {line}"


def is_table_row(line: str, previous_was_row: bool) -> bool:
    """A tab-separated row: a tab after some text, or a line with tabs (leading, or trailing empty
    cells) right after another row."""
    body = line.lstrip("\t ")
    if "\t" in body.rstrip("\t "):
        return True
    return previous_was_row and "\t" in line and bool(body.strip())


_PIPE_RULE = re.compile(r"^[\s|:+=-]*$")
_BOX_RULE = re.compile(r"^\s*\+[-=+:]*-[-=+:]*\+\s*$")  # "+-------+----+" of a drawn box
_EMPTY_CELL = re.compile(r"\|\s*\|")


def _split_pipes(stripped: str) -> list[str]:
    cells = [c.strip() for c in stripped.split("|")]
    if stripped.startswith("|"):
        cells = cells[1:]
    if stripped.endswith("|"):
        cells = cells[:-1]
    return cells


def pipe_rows(lines: Sequence[str]) -> dict[int, list[str]]:
    """Table rows typed or pasted with vertical bars ("| Tiêu chí 1.1 | | x |", "Tiêu chí 1.1 | | | x"),
    by line index; rule lines ("|---|---|", "+-----+") map to an empty list.

    Bars scattered by OCR ("TT| Tiêu | chí") are not a table: a row must be framed by bars or have
    an empty cell, or stand next to such a row with about as many cells (a header row above it, a
    half-framed row below it).
    """
    candidates = {i: ln.strip() for i, ln in enumerate(lines) if ln.count("|") >= 2}
    rows: dict[int, list[str]] = {i: [] for i, ln in enumerate(lines) if _BOX_RULE.match(ln)}
    for i, text in candidates.items():
        if _PIPE_RULE.match(text):
            rows[i] = []
        elif (text.startswith("|") and text.endswith("|")) or _EMPTY_CELL.search(text):
            rows[i] = _split_pipes(text)
    changed = True
    while changed:
        changed = False
        for i, text in candidates.items():
            if i in rows:
                continue
            cells = _split_pipes(text)
            following, preceding = rows.get(i + 1), rows.get(i - 1)
            header = bool(following) and abs(len(following or ()) - len(cells)) <= 1
            # A row right after a row, half-framed ("1.3 | x |": no empty cell shows it is a row; OCR
            # scatters bars inside text, not at its ends), may have dropped trailing empty cells.
            half_framed = text.startswith("|") or text.endswith("|")
            row = bool(preceding) and half_framed and len(cells) <= len(preceding or ()) + 1
            if header or row:
                rows[i] = cells
                changed = True
    return rows


def blocks_from_pages(pages: Sequence[Sequence[str]], *, numbered: bool) -> tuple[Block, ...]:
    """Paragraph and table blocks from the lines of each page (page furniture already removed).

    Tab-separated lines become tables; other lines are re-joined into paragraphs.  ``numbered``
    sets each block's page number (PDF); pasted text has no reliable pages.
    """
    flat: list[tuple[str, int]] = [(ln, p) for p, page in enumerate(pages, start=1) for ln in page]
    lines = [ln for ln, _ in flat]
    blocks: list[Block] = []
    rows: list[tuple[str, ...]] = []
    row_page: int | None = None
    for text, idx in join_wrapped(lines):
        page = flat[idx[0]][1] if numbered else None
        if "\t" in text:
            if not rows:
                row_page = page
            rows.append(tuple(cell.strip() for cell in text.split("\t")))
            continue
        if rows:
            blocks.append(Table(rows=tuple(rows), page=row_page))
            rows = []
        blocks.append(Paragraph(text=text, page=page))
    if rows:
        blocks.append(Table(rows=tuple(rows), page=row_page))
    return tuple(blocks)
