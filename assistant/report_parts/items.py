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
from .patterns import LABEL, LEVEL_PHRASE, NONE_ITEM, NOT_MET, SUBSECTIONS
from .textlines import Line, TextLines, fold_same

_BULLET = re.compile(r"^\s*(?:[-+•*–—●○■□✓➢>]+|\(?\d{1,2}[.)](?!\d)|\(?[a-zđ]\)|[ivx]{1,4}\.)\s*")
_GENERIC = {"result", "description"}
_RESULT_FOLLOW = re.compile(r"^(?:tieu\s*chi\b|dat\b|khong\s*dat\b|chua\s*dat\b|muc\s*\d)")


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
        found = marker(line)
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
    if not text or (name in ("weaknesses", "strengths", "actions") and NONE_ITEM.match(fold_same(text))):
        return
    parts.items.setdefault(name, []).append(Item(text=text, span=span))
