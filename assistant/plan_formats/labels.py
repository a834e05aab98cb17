"""Reading the labels of a plan table: band rows, standard headings, criterion labels.

Schools write the same thing many ways, so every pattern works on accent-folded text:

* bands: "MỨC 1, 2, 3", "Mức 1-3", "A. CÁC TIÊU CHÍ MỨC 1, 2, 3", "MỨC 4", "B. Các tiêu chí Mức 4";
* standards: "Tiêu chuẩn 1: ...", "TIÊU CHUẨN 1. ...", "I. Tiêu chuẩn 1", "Tiêu chuẩn I";
* criteria: "Tiêu chí 1.4", "TC 1.4", "TCh 1.4", "T.chí 1.4", "1.4", "1.10. Đảm bảo an ninh ...", "Tiêu chí 4 (Tiêu chuẩn 1)",
  "Tiêu chí 4" under a "Tiêu chuẩn 1" heading; Mức 4 items "Tiêu chí 1" in the Mức 4 band, or
  "Mức 4, tiêu chí 1" / "Tiêu chí 1 (Mức 4)" anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from corpus.text import criterion_code, fold

from ..domain import Band
from .cells import flat

_PREFIX = r"(?:(?:[a-e]|[ivx]{1,4}|\d{1,2})\s*[.):\-–]\s*)?"
_BAND = re.compile(
    rf"^{_PREFIX}(?:cac\s*)?(?:tieu\s*chi\s*)?muc\s*(1\s*[,;-]?\s*2\s*[,;]?\s*(?:va\s*)?3|1\s*-\s*3|4)\s*[.:]?$"
)
_STANDARD = re.compile(rf"^{_PREFIX}tieu\s*chuan\s*(\d{{1,2}}|[ivx]{{1,4}})\b\s*[:.\-–]?\s*(.*)$")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
_ITEM = re.compile(r"^tieu\s*chi\s*:?\s*(\d{1,2})\b(?!\s*[.,]\s*\d)\s*[:.\-–]?")
_LEVEL4 = re.compile(
    r"^(?:muc\s*4\s*[,:.\-–]?\s*tieu\s*chi\s*:?\s*(\d{1,2})\b(?!\s*[.,]\s*\d)"
    r"|tieu\s*chi\s*:?\s*(\d{1,2})\s*\(\s*muc\s*4\s*\))"
)
_WITHIN = re.compile(r"^tieu\s*chi\s*:?\s*(\d{1,2})\s*\(?\s*(?:thuoc\s*)?[-,–]?\s*tieu\s*chuan\s*(\d{1,2})\b")
# "1.4", "1.10. Đảm bảo ..." — not "1,2 tỷ đồng" or "2.5 triệu" (amounts in a loose cell)
_BARE = re.compile(
    r"^(\d{1,2})\.(\d{1,2})(?!\d)(?!\s*(?:ty|trieu|dong|nghin|ngan|%|lan|nam|thang|gio|ngay)\b)(?:\s*[.:\-–)]|\s|$)"
)
# "TCh 1.8", "T.chí 1.8", "TC. 1.8": abbreviations of "Tiêu chí" before a two-part code
_ABBREV = re.compile(r"\b(?:tch|t\s*\.\s*chi|tc\s*\.)\s*:?\s*(?=\d{1,2}\s*[.,]\s*\d{1,2}(?!\d))")
_LABEL_PREFIX = re.compile(
    r"^\s*(?:(?:tieu\s*chi|tch|t\s*\.\s*chi|tc\s*\.?)\s*:?\s*\d{1,2}(?:\s*[.,]\s*\d{1,2})?(?:\s*\(\s*(?:tieu\s*chuan|muc)\s*\d{1,2}\s*\))?"
    r"|muc\s*4\s*[,:.\-–]?\s*tieu\s*chi\s*:?\s*\d{1,2}|\d{1,2}\s*[.,]\s*\d{1,2})\s*[.:\-–]?\s*"
)


def band_of(cells: Sequence[str]) -> Band | None:
    """The band a row announces, when all its filled cells say "MỨC 1, 2, 3" or "MỨC 4"."""
    values = {fold(flat(c)) for c in cells if flat(c)}
    if len(values) != 1:
        return None
    m = _BAND.match(values.pop())
    if not m:
        return None
    return "4" if m.group(1) == "4" else "1-3"


def standard_heading(text: str) -> str | None:
    """The standard number of a "Tiêu chuẩn N" heading ("I. Tiêu chuẩn 1: ..." -> "1"), else None.

    "Tiêu chuẩn 1, tiêu chí 4" names a criterion, not a heading.
    """
    folded = fold(flat(text)).strip()
    m = _STANDARD.match(folded)
    if not m or criterion_code(folded) is not None:
        return None
    number = m.group(1)
    return str(int(number)) if number.isdigit() else str(_ROMAN[number])


def level4_item(label: str) -> str | None:
    """The Mức 4 item a label names outside the Mức 4 band ("Mức 4, tiêu chí 1: ..." -> "1")."""
    m = _LEVEL4.match(fold(label).strip())
    return str(int(m.group(1) or m.group(2))) if m else None


def label_code(label: str, band: Band, standard: str = "") -> str | None:
    """The criterion code of a label cell.

    "Tiêu chí 3.1.Khuôn viên" -> "3.1"; "TC 1.4" -> "1.4"; "1.10. Đảm bảo ..." -> "1.10";
    "Tiêu chí 4 (Tiêu chuẩn 1)" -> "1.4"; "Tiêu chí 4" or "4" under standard 1 -> "1.4";
    Mức 4 band: "Tiêu chí 1" -> "1".
    """
    folded = fold(label).strip()
    if band == "4":
        m = _ITEM.match(folded)
        return str(int(m.group(1))) if m else None
    within = _WITHIN.match(folded)
    if within:
        return f"{int(within.group(2))}.{int(within.group(1))}"
    code = criterion_code(_ABBREV.sub("tieu chi ", folded))
    if code is None:
        bare = _BARE.match(folded)
        code = f"{int(bare.group(1))}.{int(bare.group(2))}" if bare else None
    if code is None and standard:
        item = _ITEM.match(folded) or re.fullmatch(r"(\d{1,2})\.?", folded)
        if item:
            code = f"{standard}.{int(item.group(1))}"
    return code


def label_title(label: str) -> str:
    """The title written after the code in a label cell ("Tiêu chí 1.5: Lớp học" -> "Lớp học")."""
    text = flat(label)
    folded = fold(text)
    m = _LABEL_PREFIX.match(folded)
    if not m or len(folded) != len(text):
        return ""
    return text[m.end():].strip(" .:;-–")
