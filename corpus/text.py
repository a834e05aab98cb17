"""Vietnamese text utilities used by every layer.

They live in the ``corpus`` leaf (which imports nothing from ``assistant``) so that the retriever,
the corpus builder and the assistant all fold accents and read criterion codes the same way.
"""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_WORD = re.compile(r"[0-9a-z]+")


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC (composed) form."""
    return unicodedata.normalize("NFC", text)


def clean_spaces(text: str) -> str:
    """Collapse runs of horizontal white space (incl. NBSP) into one space and trim each line."""
    lines = (_SPACE.sub(" ", line).strip() for line in nfc(text).splitlines())
    return "\n".join(lines).strip()


def fold(text: str) -> str:
    """Lower-case and strip Vietnamese diacritics, mapping đ/Đ to d.

    >>> fold("Nhà vệ sinh xuống cấp, Đội")
    'nha ve sinh xuong cap, doi'
    """
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", text).lower()


def has_diacritics(text: str) -> bool:
    """True when the text carries any Vietnamese mark (so it was typed with accents)."""
    return fold(text) != text.lower()


def syllables(text: str) -> list[str]:
    """Accent-folded syllables (and numbers) of a text, the unit of the lexical index."""
    return _WORD.findall(fold(text))


# --------------------------------------------------------------------------------------------
# Criterion codes
# --------------------------------------------------------------------------------------------

# "Tiêu chí 3.1.", "Tiêu chí: 3.3", "Tieu chi 3 1", "tiêu chí 2. 3", "TC3 - tiêu chí 1", "TC 3.4"
_CODE_FORMS = [
    re.compile(r"\btc\s*(\d{1,2})\s*[-–:.,]?\s*tieu\s*chi\s*:?\s*(\d{1,2})\b"),
    re.compile(r"\btieu\s*chuan\s*(\d{1,2})\s*[-–:.,]?\s*tieu\s*chi\s*:?\s*(\d{1,2})\b"),
    re.compile(r"\btieu\s*chi\s*:?\s*(\d{1,2})\s*[.,]\s*(\d{1,2})(?!\d)"),
    re.compile(r"\btieu\s*chi\s*:?\s*(\d{1,2})\s+(\d{1,2})(?![\d.,])"),
    re.compile(r"\btc\s*:?\s*(\d{1,2})\s*[.,]\s*(\d{1,2})(?!\d)"),
    re.compile(r"^\s*(\d{1,2})\s*[.,]\s*(\d{1,2})\s*\.?\s*$"),
]


def criterion_code(text: str) -> str | None:
    """Normalise a criterion label to "S.C" (e.g. "3.1"), or None when none is found.

    Accepts the forms real documents use, with or without diacritics:
    "Tiêu chí 3.1.", "Tiêu chí: 3.3", "Tieu chi 3 1", "TC3 - tiêu chí 1", "3.4".
    """
    folded = fold(nfc(text))
    for form in _CODE_FORMS:
        m = form.search(folded)
        if m:
            return f"{int(m.group(1))}.{int(m.group(2))}"
    return None


# --------------------------------------------------------------------------------------------
# School years
# --------------------------------------------------------------------------------------------

_YEAR_PAIR = re.compile(r"(20\d\d)\s*[-–—/]\s*(20\d\d)")
_YEAR_ONE = re.compile(r"nam\s*hoc\s*:?\s*(20\d\d)")


def school_year(text: str) -> str | None:
    """Find a school year and return it as "2025-2026", or None.

    Accepts "2025 - 2026", "2025–2026", "2025/2026", "năm học 2025" (the following year is implied).
    A pair whose years are not consecutive (a multi-year period) is not a school year.
    """
    folded = fold(nfc(text))
    for m in _YEAR_PAIR.finditer(folded):
        first, second = int(m.group(1)), int(m.group(2))
        if second == first + 1:
            return f"{first}-{second}"
    single = _YEAR_ONE.search(folded)
    if single:
        first = int(single.group(1))
        return f"{first}-{first + 1}"
    return None


def school_year_bounds(year: str) -> tuple[int, int]:
    """The two calendar years of a school year "2026-2027" -> (2026, 2027)."""
    parsed = school_year(year)
    if parsed is None:
        raise ValueError(f"not a school year: {year!r}")
    first, second = parsed.split("-")
    return int(first), int(second)
