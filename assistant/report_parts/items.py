"""Sub-sections of a criterion section and the items in them.

"2. Điểm mạnh:" may be numbered or not, inline ("Điểm yếu: Khu vệ sinh ...") or followed by
bullets or paragraphs; the items run until the next sub-section marker.  Every item keeps the span
of the line it came from.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..domain import TextSpan
from .patterns import LABEL, LEVEL_PHRASE, NONE_ITEM, NOT_MET, RESULT_START, SUBSECTIONS, level_in
from .textlines import Line, TextLines, fold_same

_BULLET = re.compile(r"^\s*(?:[-+•*–—●○■□✓➢>]+|\(?\d{1,3}[.)](?!\d)|\(?[a-zđ]\)|[ivx]{1,4}\.)\s*")
_GENERIC = {"result", "description"}
# A level statement on its own line ("Tiêu chí đạt Mức hai.", "Nhà trường tự đánh giá: Đạt Mức 3.",
# "Đoàn đánh giá ngoài đánh giá: Đạt Mức 2.") closes the lists above it, like a "Tự đánh giá" heading.
_LEVEL_SENTENCE = re.compile(
    r"^\W*(?:tieu\s*chi\s*(?:\d{1,2}(?:\.\d{1,2})?\s*)?(?:dat|khong\s*dat|chua\s*dat)\b|"
    r"(?:nha\s*truong|truong|co\s*so)\s*(?:da\s*)?tu\s*danh\s*gia\b)"
)
_RESULT_FOLLOW = re.compile(r"^(?:tieu\s*chi\b|dat\b|khong\s*dat\b|chua\s*dat\b|muc\s*\d)")


@dataclass(frozen=True)
class RunIn(Line):
    """The text after a run-in criterion heading's title, in the heading's own paragraph
    ("Tiêu chí 1.1: <title>. Nhà trường có ..."): the start of the description unless it opens
    another sub-section itself ("... <title>. Điểm mạnh: ...")."""


@dataclass
class Item:
    """One extracted item: cleaned text and where it came from."""

    text: str
    span: TextSpan


@dataclass
class Parts:
    """The sub-sections of one criterion section."""

    items: dict[str, list[Item]] = field(default_factory=dict)
    lines: dict[str, list[Line]] = field(default_factory=dict)  # raw lines per sub-section
    preamble: list[Line] = field(default_factory=list)  # lines before the first marker

    def texts(self, name: str) -> tuple[str, ...]:
        """Item texts of a sub-section."""
        return tuple(i.text for i in self.items.get(name, []))


def marker(line: Line) -> tuple[str, int] | None:
    """Which sub-section a line opens, and where its inline content starts; None if none.

    A keyword counts as a marker when it is numbered ("2. Điểm mạnh"), followed by a colon, or
    alone on its line, so sentences such as "Điểm mạnh của nhà trường là ..." inside a narrative
    are not mistaken for markers.  Table rows never open a sub-section.
    """
    if line.in_table:
        return None
    folded = line.folded
    for name, pattern in SUBSECTIONS:
        m = pattern.match(folded)
        if not m:
            continue
        after = folded[m.end(1) :]
        numbered = bool(re.match(rf"^{LABEL}$", folded[: m.start(1)]) and folded[: m.start(1)].strip())
        colon = after.lstrip().startswith((":", "-", "–"))
        alone = not after.strip(" .:")
        if name in _GENERIC and not _generic_marker(name, after, colon, alone):
            continue
        if not (numbered or colon or alone):
            continue
        offset = m.end(1)
        while offset < len(folded) and folded[offset] in " :.-–\t":
            offset += 1
        return name, offset
    if (
        len(folded) < 120
        and (_LEVEL_SENTENCE.match(folded) or RESULT_START.match(folded))
        and level_in(folded)
    ):
        return "result", 0
    return None


def row_part(line: Line) -> str | None:
    """The sub-section a table row stands for when its first cell names one ("3. Điểm yếu" |
    items): criteria written as a "phiếu đánh giá tiêu chí" table, one row per part."""
    if not line.in_table or len(line.cells) < 2 or not any(c.strip() for c in line.cells[1:]):
        return None
    head = fold_same(line.cells[0]).strip()
    for name, pattern in SUBSECTIONS:
        if (m := pattern.match(head)) and not head[m.end(1) :].strip(" .:"):
            return name
    return None


def _generic_marker(name: str, after: str, colon: bool, alone: bool) -> bool:
    """Accept "Kết quả", "Đánh giá", "Hiện trạng" (which start many ordinary sentences) as markers
    only alone on a line, or (for results) when what follows is a level ("Kết quả: Tiêu chí đạt Mức 2")."""
    if alone:
        return True
    if name == "description":
        return colon
    rest = after.lstrip(" :-–")
    if _RESULT_FOLLOW.match(rest):
        return True
    return colon and bool(LEVEL_PHRASE.search(rest) or NOT_MET.match(rest))


def clean_item(text: str) -> str:
    """An item without its bullet or list label and surrounding white space."""
    return _BULLET.sub("", text, count=1).strip()


def split_parts(lines: TextLines, body: Sequence[Line]) -> Parts:
    """Split a section body into sub-sections with their items (tables are left to the callers)."""
    parts = Parts()
    current: str | None = None
    for line in body:
        if (name := row_part(line)) is not None:
            current = name
            parts.lines.setdefault(name, []).append(line)
            span = lines.line_span(line)
            for piece in (p for cell in line.cells[1:] for p in cell.split("\n")):
                if piece.strip():
                    _add(parts, name, piece, span)
            continue
        found = marker(line)
        if found is None and current is None and isinstance(line, RunIn):
            found = ("description", 0)
        if found:
            current, offset = found
            parts.lines.setdefault(current, []).append(line)
            inline = line.text[offset:].strip()
            if inline:
                _add(parts, current, inline, lines.line_span(line, offset))
            continue
        if current is None:
            parts.preamble.append(line)
            continue
        parts.lines.setdefault(current, []).append(line)
        if line.in_table or not line.text.strip():
            continue
        _add(parts, current, line.text, lines.line_span(line))
    return parts


def _add(parts: Parts, name: str, raw: str, span: TextSpan) -> None:
    text = clean_item(raw)
    if not text or (
        name in ("weaknesses", "strengths", "actions", "recommendations") and NONE_ITEM.match(fold_same(text))
    ):
        return
    parts.items.setdefault(name, []).append(Item(text=text, span=span))
