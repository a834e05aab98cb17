"""The quality-assurance circular a plan cites, checked against the title quoted after it.

Seed 000 cites "Thông tư số 17/2018" (tiểu học) with the title of Thông tư 18 (THCS, THPT và trường
phổ thông có nhiều cấp học), which the school should correct; OCR turns "2018" into "2012".  The
catalogue id follows from the circular cited, else from the school type and school year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.text import clean_spaces, fold

from ..catalog import Catalog
from ..domain import Generation, SchoolType

_CIRCULAR = re.compile(r"thong\s*tu\s*(?:so\s*|s\S{0,2}\s+)?:?\s*(\d{1,3})\s*/\s*(\d{4})\s*/\s*tt")

# What each 2018 circular's title says the schools are, to catch a number quoted with another title.
_CIRCULAR_TITLES = {
    17: ("tieu hoc", "trường tiểu học"),
    18: ("trung hoc co so", "trường THCS, THPT và trường phổ thông có nhiều cấp học"),
    19: ("mam non", "trường mầm non"),
}
CIRCULAR_TYPES = {17: (SchoolType.TH,), 18: (SchoolType.THCS, SchoolType.THPT, SchoolType.PTNCH), 19: (SchoolType.MN,)}
_CIRCULAR_YEARS = {17: 2018, 18: 2018, 19: 2018, 57: 2026}


@dataclass(frozen=True)
class Citation:
    """A circular cited by the plan: its number, year, the canonical label and any doubt about it."""

    number: int
    year: int
    label: str
    title_number: int | None  # the circular whose title follows the citation, when it differs


def citation(text: str) -> Citation | None:
    """The 2018 or TT57 circular the plan cites first (with the title quoted after it)."""
    flat_text = clean_spaces(" ".join(text.split()))
    folded = fold(flat_text)
    for m in _CIRCULAR.finditer(folded):
        number, year = int(m.group(1)), int(m.group(2))
        expected = _CIRCULAR_YEARS.get(number)
        if expected is None:
            continue
        after = folded[m.end() : m.end() + 400].split(";")[0]
        if year != expected and str(expected) not in after[:60]:
            continue
        return Citation(number, year, f"Thông tư số {number}/{expected}/TT-BGDĐT", _other_title(number, after))
    return None


def _other_title(number: int, quoted: str) -> int | None:
    """The 2018 circular whose title is quoted after the citation of ``number``, when it is another one."""
    if number not in _CIRCULAR_TITLES or _CIRCULAR_TITLES[number][0] in quoted:
        return None
    return next((n for n, (key, _) in _CIRCULAR_TITLES.items() if key in quoted), None)


def framework_for(cite: Citation | None, school_type: SchoolType | None, year: str, catalog: Catalog) -> str | None:
    """The catalogue id the plan belongs to: the cited circular, else school type + school year."""
    if cite is not None and cite.number in (17, 18, 19):
        return f"tt{cite.number}-2018"
    if cite is not None and cite.number == 57:
        found = catalog.for_school(school_type or SchoolType.THCS, Generation.G2026)
        return found.id if found else None
    if school_type is not None and year:
        found = catalog.suggest(school_type, year)
        return found.id if found else None
    return None


def citation_warnings(cite: Citation, stype: SchoolType | None) -> list[str]:
    """Doubts about a citation: a misread year, another circular's title, a circular for another school type."""
    out = []
    expected = _CIRCULAR_YEARS[cite.number]
    if cite.year != expected:
        out.append(
            f"Số hiệu thông tư đọc được là {cite.number}/{cite.year}; đã hiểu là {cite.label} theo ngày ban hành ghi kèm."
        )
    if cite.title_number is not None:
        out.append(
            f"Kế hoạch dẫn {cite.label} (quy định cho {_CIRCULAR_TITLES[cite.number][1]}) nhưng lại ghi tên của "
            f"Thông tư số {cite.title_number}/2018/TT-BGDĐT (quy định cho {_CIRCULAR_TITLES[cite.title_number][1]}); "
            "cần kiểm tra lại căn cứ pháp lý."
        )
    types = CIRCULAR_TYPES.get(cite.number)
    if stype is not None and types and stype not in types:
        out.append(
            f"Trường là trường {stype.label.lower()} nhưng kế hoạch dẫn {cite.label} "
            f"(quy định cho {_CIRCULAR_TITLES[cite.number][1]}); cần kiểm tra lại."
        )
    return out
