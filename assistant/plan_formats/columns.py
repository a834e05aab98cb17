"""Mapping plan-table columns by their header text, whatever their order.

Schools reorder, merge, rename and add columns, so a column's meaning comes from its (accent-
folded) header, never from its position.  Three families are known: the 2018 9-column table
(``TT | Tiêu chuẩn, tiêu chí | Kết quả cần đạt | Công việc/giải pháp | Chủ trì và phối hợp | Thời
gian | Dự kiến kinh phí | Điều kiện hỗ trợ khác | Ghi chú``), the TT57 Biểu 2 10-column table and
the 10-column variant of seed 003 (separate Tiêu chuẩn / Tiêu chí columns, supervision and
reporting-time columns).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from corpus.text import fold

from .cells import clean_cell

Kind = Literal[
    "tt", "criterion", "standard", "content", "target", "current", "actions", "indicators", "owners", "partners",
    "timeline", "timeline_end", "budget", "support", "evidence", "status", "note", "supervisor", "report_time",
    "extra",
]

# Ordered: the first rule whose pattern matches the folded header wins ("Thời điểm báo cáo" must
# be tested before "Thời gian", "Phân công giám sát" before "Phân công thực hiện", "Mức hiện tại"
# before "Mức phấn đấu", "Người phối hợp" before "Người thực hiện", "Nội dung công việc" (actions)
# before "Nội dung cần cải tiến" (content)).
_PATTERNS: tuple[tuple[Kind, str], ...] = (
    ("tt", r"^(?:s?tt|so tt|so thu tu|thu tu)$"),
    ("criterion", r"tieu chuan\W+tieu chi|tieu chi"),
    ("standard", r"tieu chuan|^linh vuc"),
    ("report_time", r"thoi diem bao cao|bao cao ket qua"),
    ("supervisor", r"giam sat"),
    ("status", r"muc do (?:thuc hien|hoan thanh)|tinh trang|ket qua thuc hien"),
    ("indicators", r"chi so|chi tieu danh gia|tieu chi danh gia"),
    ("evidence", r"minh chung|du lieu|san pham"),
    ("current", r"hien tai|^muc da dat|^thuc trang"),
    ("target", r"ket qua can dat|muc tieu|ket qua du kien|ket qua mong doi|chi tieu|phan dau|muc can dat"),
    ("actions", r"cong viec|giai phap|hoat dong|bien phap|nhiem vu"),
    ("content", r"noi dung|van de|han che|diem yeu|hien trang"),
    ("partners", r"^(?:nguoi |don vi |bo phan |ca nhan |cac )?phoi hop"),
    ("owners", r"chu tri|phoi hop|phu trach|phan cong|nguoi thuc hien|don vi|ca nhan|bo phan|trach nhiem"),
    ("timeline", r"thoi gian|thoi han|tien trinh|tien do|hoan thanh"),
    ("budget", r"kinh phi|nguon luc|tai chinh|ngan sach|du toan|chi phi"),
    ("support", r"dieu kien|ho tro"),
    ("note", r"ghi chu"),
)
_RULES: tuple[tuple[Kind, re.Pattern[str]], ...] = tuple((k, re.compile(p)) for k, p in _PATTERNS)
# A second column of a kind already taken: "Kinh phí dự kiến" then "Nguồn lực" (the second holds the
# other support), "Người thực hiện" then "Đơn vị phối hợp", "Thời gian bắt đầu" then "... hoàn thành".
_SECOND: dict[str, Kind] = {"budget": "support", "owners": "partners", "timeline": "timeline_end"}

CORE_KINDS: frozenset[str] = frozenset({"actions", "owners", "timeline", "target", "budget"})


def column_kind(header: str) -> Kind:
    """The meaning of one column from its header text ("extra" when unknown)."""
    folded = " ".join(re.sub(r"[()/\\,.;:]", " ", fold(clean_cell(header))).split())
    if not folded or re.match(r"^(?:[ivx]{1,4}|\d{1,2})\s*[.)]?\s+[a-z]", folded):
        return "extra"  # a section heading ("III. NỘI DUNG KẾ HOẠCH") is not a column
    for kind, pattern in _RULES:
        if pattern.search(folded):
            return kind
    return "extra"


@dataclass(frozen=True)
class ColumnMap:
    """Which column holds what: ``kinds[i]`` is the meaning of column ``i``."""

    kinds: tuple[Kind, ...]
    headers: tuple[str, ...]

    def index(self, kind: Kind) -> int | None:
        """The first column of this kind, or None."""
        return self.kinds.index(kind) if kind in self.kinds else None

    @property
    def layout(self) -> Literal["2018", "tt57", "other"]:
        """Which table family the header belongs to.

        Biểu 2 of TT57 has result indicators and an implementation-status column; a table that names
        content (not criteria) with objectives or expected evidence is of that family too.  The 2018
        table names the criterion, the actions and who carries them out.
        """
        kinds = set(self.kinds)
        if kinds & {"indicators", "status"} or (
            "content" in kinds and "criterion" not in kinds and kinds & {"evidence", "target"}
        ):
            return "tt57"
        if {"criterion", "actions", "owners"} <= kinds and not kinds & {"standard", "content"}:
            return "2018"
        return "other"

    @property
    def extra_headers(self) -> tuple[str, ...]:
        """Headers of columns we do not know (kept out of the rows, reported in warnings)."""
        return tuple(h for h, k in zip(self.headers, self.kinds, strict=True) if k == "extra" and h.strip())


def map_header(cells: Sequence[str]) -> ColumnMap | None:
    """A :class:`ColumnMap` when these cells are a plan-table header row, else None.

    A header needs an actions column plus a column naming the criterion or the content and at
    least two more known columns.  A kind seen twice gives its second column the companion kind
    (a second budget column is the other support, a second owners column the partners) or else
    "extra", which is what merged header cells repeated by a reader look like.
    """
    kinds: list[Kind] = []
    seen: set[str] = set()
    for cell in cells:
        kind = column_kind(cell)
        if kind in seen and kind != "extra":
            second = _SECOND.get(kind)
            kind = second if second is not None and second not in seen else "extra"
        seen.add(kind)
        kinds.append(kind)
    known = seen - {"extra", "tt"}
    if "actions" not in known or not known & {"criterion", "content", "standard"}:
        return None
    if len(known & CORE_KINDS) < 3:
        return None
    return ColumnMap(kinds=tuple(kinds), headers=tuple(clean_cell(c) for c in cells))


def known_kinds(cmap: ColumnMap | None) -> int:
    """How many different known columns a header names (0 for None)."""
    return len(set(cmap.kinds) - {"extra"}) if cmap is not None else 0


def header_like(cells: Sequence[str]) -> bool:
    """Whether a row could be the second line of a header: short labels, no numbers, no criterion code.

    Data rows carry a row number, a date or a criterion code; sub-headings ("Mức hiện tại", "Bắt
    đầu", "dự kiến") do not.
    """
    filled = [clean_cell(c) for c in cells if clean_cell(c)]
    return bool(filled) and all(len(c) <= 60 and not re.search(r"\d", c) for c in filled)


def merge_header_rows(first: Sequence[str], second: Sequence[str]) -> list[str]:
    """Join a two-line header (group headings above sub-headings) column by column.

    A sub-heading that names a column on its own wins ("Kết quả đánh giá" over "Mức hiện tại" /
    "Mức phấn đấu"); otherwise the two lines are read together ("Kinh phí" over "dự kiến", or a
    heading cut in two by a PDF cell border), else the group heading stands.
    """
    width = max(len(first), len(second))
    pad = lambda row: list(row) + [""] * (width - len(row))  # noqa: E731
    out = []
    for top, bottom in zip(pad(first), pad(second), strict=True):
        top, bottom = clean_cell(top), clean_cell(bottom)
        joined = f"{top} {bottom}".strip()
        if not bottom or top == bottom:
            out.append(top)
        elif not top or column_kind(bottom) != "extra":
            out.append(bottom)
        else:
            out.append(joined if column_kind(joined) != "extra" else top)
    return out


def is_numbering_row(cells: Sequence[str]) -> bool:
    """The "(1) (2) (3) ..." row printed under many headers."""
    values = [re.sub(r"[()\s.]", "", clean_cell(c)) for c in cells if clean_cell(c)]
    if len(values) < 3 or not all(v.isdigit() for v in values):
        return False
    numbers = [int(v) for v in values]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))
