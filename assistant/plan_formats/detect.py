"""What kind of document this is: an improvement plan, a TĐG/ĐGN report, or something else.

Decided by the title near the top, accent-folded so OCR text without marks is recognised too.
A report mentions "Kế hoạch cải tiến chất lượng" inside every criterion, and a plan cites the
"Báo cáo tự đánh giá" among its bases, so only titles count and the earliest title wins.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from corpus.text import fold

_TOP = 60
_PLAN = re.compile(r"^ke\s*hoach\b")
_IMPROVE = re.compile(r"cai\s*tien")
# A text layer may run the title onto the end of the place/date line (or the motto line) above it:
# "Hòa Bình, ngày 06 tháng 10 năm 2025 KẾ HOẠCH" / "Cải tiến chất lượng giáo dục năm học ...".
_TITLE_AFTER = re.compile(r"(?:ngay\s*\d{1,2}\s*thang\s*\d{1,2}\s*nam\s*\d{4}|hanh\s*phuc)\W*\s+(?=ke\s*hoach\b)")
_REPORT = re.compile(r"^bao\s*cao\b(?:\s+ket\s*qua)?\s*(tu\s*danh\s*gia|danh\s*gia\s*ngoai)?")


def _top_lines(lines: Sequence[str]) -> list[str]:
    return [fold(line).strip() for line in lines if line.strip()][:_TOP]


def document_kind(lines: Sequence[str]) -> Literal["plan", "tdg", "dgn", "other"]:
    """The kind of document from its title: a plan title or a report title, whichever comes first."""
    top = _top_lines(lines)
    for i, line in enumerate(top):
        shared = _TITLE_AFTER.search(line)
        if shared:
            line = line[shared.end() :]
        after = " ".join([line, *top[i + 1 : i + 3]])
        if _PLAN.match(line) and _IMPROVE.search(after) and len(line) < 120:
            return "plan"
        m = _REPORT.match(line)
        if m and len(line) < 100:
            what = m.group(1) or " ".join(top[i + 1 : i + 2])
            if re.search(r"danh\s*gia\s*ngoai", what):
                return "dgn"
            if re.search(r"tu\s*danh\s*gia", what):
                return "tdg"
    return "other"


def mentions_appendix(lines: Sequence[str]) -> bool:
    """Whether the plan says its table is in an attached appendix ("(Phụ lục kèm theo)")."""
    return any(re.search(r"phu\s*luc\s*(kem\s*theo|dinh\s*kem)", fold(line)) for line in lines)
