"""The header of a level table ("Tiêu chí | Không đạt | Mức 1 | Mức 2 | Mức 3") and its marks.

Shared by the PDF reader, which places marks into columns by position, and the report parser,
which reads tables whose columns survived as text: both must agree on what a header is.
"""

from __future__ import annotations

import re

MARKS = frozenset({"x", "v", "+", "✓", "✔", "☑", "☒", "⊠", "√", "●", "ü"})

_COLUMN = re.compile(r"(?:khong|chua)\s*dat|muc\s*([1-4])\b")
# What may stand around the level columns of a header: the first column's name and group labels.
_LABELS = re.compile(r"^\W*(?:(?:tieu\s*chuan|tieu\s*chi|noi\s*dung|ket\s*qua|danh\s*gia|dat)\b\W*)*$")
_TAIL = re.compile(r"^\W*(?:ghi\s*chu\W*)?$")


def level_columns(folded: str) -> list[re.Match[str]] | None:
    """The level labels of an accent-folded header line, left to right, or None if not a header.

    The columns must rise strictly (tables always run Không đạt, Mức 1, Mức 2...): any other order
    means the text extraction shuffled the header, and then rows cannot be trusted either.  Only
    label words may stand before, between and after them.
    """
    found = list(_COLUMN.finditer(folded))
    if len(found) < 2:
        return None
    levels = column_levels(found)
    if any(b <= a for a, b in zip(levels, levels[1:], strict=False)):
        return None
    gaps = [folded[: found[0].start()]] + [folded[a.end() : b.start()] for a, b in zip(found, found[1:], strict=False)]
    if not all(_LABELS.match(g) for g in gaps) or not _TAIL.match(folded[found[-1].end() :]):
        return None
    return found


def column_levels(found: list[re.Match[str]]) -> list[int]:
    """The level of each label found by :func:`level_columns` (0 = Không đạt)."""
    return [int(m.group(1)) if m.group(1) else 0 for m in found]
