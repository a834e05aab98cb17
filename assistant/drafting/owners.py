"""Owners of a drafted row: roles that exist in this school type, never another school's staff names.

The owner cell of a retrieved row is read only for the roles it names (through the vocabulary);
the raw text is never copied, so a person's name in another school's plan cannot leak into ours.
Roles missing in this school type are replaced by the role that does that job there.
"""

from __future__ import annotations

import re

from corpus.text import fold

from ..domain import Generation, SchoolType
from ..vocab import Role, Vocabulary

# Abbreviation of a role -> abbreviations of the roles that do its job where it does not exist
# (e.g. no Đội in THPT, no homeroom teacher in preschool, no principal in a GDTX centre).
SUBSTITUTES: dict[str, tuple[str, ...]] = {
    "TPT Đội": ("ĐTN",),
    "ĐTN": ("TPT Đội", "GV"),
    "GVCN": ("GV",),
    "GVBM": ("GV",),
    "NVTV": ("PHT", "PGĐ"),
    "NVTB": ("PHT", "PGĐ"),
    "PCGD": ("PHT",),
    "TVTL": ("GV",),
    "NVND": ("NVYT",),
    "HT": ("GĐ",),
    "GĐ": ("HT",),
    "PHT": ("PGĐ",),
    "PGĐ": ("PHT",),
    "HĐT": ("BGH",),
    "BĐD CMHS": ("GV",),
}

# Default owners per criterion when the source names no usable role (domain.md §8.1 heuristic map
# for 2018; the TT57 map follows the same jobs under the new codes).
DEFAULT_2018: dict[str, tuple[str, ...]] = {
    "1.1": ("HT", "HĐT"), "1.2": ("HĐT",), "1.3": ("CB", "CĐ", "ĐTN", "TPT Đội"), "1.4": ("BGH", "TTCM", "TTVP"),
    "1.5": ("HT", "GVCN"), "1.6": ("HT", "KT", "VT"), "1.7": ("HT",), "1.8": ("PHT", "TTCM"),
    "1.9": ("HT", "CĐ", "TTND"), "1.10": ("PHT", "NVYT", "BV", "TPT Đội"), "2.1": ("HT", "PHT"),
    "2.2": ("BGH", "TTCM", "GV"), "2.3": ("HT", "KT"), "2.4": ("GVCN", "TPT Đội"), "3": ("HT", "KT", "NVTB", "NVTV"),
    "4.1": ("BĐD CMHS", "HT", "GVCN"), "4.2": ("HT",), "5": ("PHT", "TTCM", "GV", "TPT Đội"),
}
DEFAULT_TT57: dict[str, tuple[str, ...]] = {
    "1.1": ("HT", "HĐT"), "1.2": ("HT", "BGH"), "1.3": ("PHT", "VT", "CNTT"), "1.4": ("HT", "HĐTĐG", "TGS"),
    "2.1": ("HT", "PHT"), "2.2": ("PHT", "TTCM"), "2.3": ("HT", "KT"), "3.1": ("PHT", "TTCM"),
    "3.2": ("PHT", "TTCM", "GV"), "3.3": ("PHT", "TPT Đội", "GVCN"), "3.4": ("GVCN", "TVTL", "NVYT"),
    "3.5": ("PHT", "TTCM", "GVCN"), "4.1": ("HT", "KT", "NVTB"), "4.2": ("PHT", "NVYT", "BV"),
    "4.3": ("HT", "BĐD CMHS", "GVCN"),
}
MAX_OWNERS = 4
# Short forms seen in real owner cells that the vocabulary does not list (accent-folded).
EXTRA_SPELLINGS: dict[str, tuple[str, ...]] = {
    "BĐD CMHS": ("ban dai dien cha me hs", "ban dai dien cha me hoc sinh", "bdd cmhs", "ban dai dien"),
    "TTCM": ("to cm", "to truong cm", "tt cm", "ttcm"),
    "PHT": ("cm truong", "phu trach chuyen mon"),
    "BGH": ("bgh nha truong",),
}


def default_owner_abbrs(code: str, generation: Generation) -> tuple[str, ...]:
    """The usual owners of a criterion (by code, then by standard for 2018 TC3 and TC5)."""
    table = DEFAULT_TT57 if generation == Generation.G2026 else DEFAULT_2018
    return table.get(code) or table.get(code.split(".")[0]) or ("BGH",)


def roles_in(text: str, school_type: SchoolType, vocab: Vocabulary) -> list[Role]:
    """Roles a free-text owner cell names, in order, mapped to roles that exist in this school type.

    Longer spellings are matched first and their span blanked, so "Phó hiệu trưởng" does not
    also count as "Hiệu trưởng".
    """
    folded = f" {fold(text)} "
    found: list[tuple[int, Role]] = []
    forms = sorted(
        (
            (form, role)
            for role in vocab.roles
            for form in {*role.spellings(), fold(role.abbr), *EXTRA_SPELLINGS.get(role.abbr, ())}
            if form
        ),
        key=lambda fr: (-len(fr[0]), fr[0]),
    )
    for form, role in forms:
        for m in re.finditer(rf"(?<![a-z0-9]){re.escape(form)}(?![a-z0-9])", folded):
            found.append((m.start(), role))
            folded = folded[: m.start()] + " " * len(form) + folded[m.end() :]
    ordered = [role for _, role in sorted(found, key=lambda pr: pr[0])]
    return _available(list(dict.fromkeys(ordered)), school_type, vocab)


def _available(roles: list[Role], school_type: SchoolType, vocab: Vocabulary) -> list[Role]:
    out: list[Role] = []
    for role in roles:
        for candidate in (role.abbr, *SUBSTITUTES.get(role.abbr, ())):
            match = vocab.role(candidate)
            if match is not None and school_type in match.school_types:
                if match not in out:
                    out.append(match)
                break
    return out


def adapt_owners(
    text: str, code: str, generation: Generation, school_type: SchoolType, vocab: Vocabulary
) -> str:
    """An owner cell for this school: "Hiệu trưởng (chủ trì); Kế toán, Văn thư (phối hợp)"."""
    roles = roles_in(text, school_type, vocab)
    if not roles:
        defaults = [r for a in default_owner_abbrs(code, generation) if (r := vocab.role(a)) is not None]
        roles = _available(defaults, school_type, vocab)
    if not roles:
        roles = [r for r in vocab.roles_for(school_type)[:1]]
    return format_owners(roles[:MAX_OWNERS])


def format_owners(roles: list[Role]) -> str:
    """First role leads, the others coordinate."""
    if not roles:
        return ""
    lead = f"{roles[0].name} (chủ trì)"
    if len(roles) == 1:
        return lead
    return f"{lead}; {', '.join(r.name for r in roles[1:])} (phối hợp)"


# Spellings seen in real plans -> the partner's name today (support column "Điều kiện hỗ trợ khác").
PARTNERS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), name)
    for p, name in (
        (r"\b(ubnd|uy ban nhan dan|chinh quyen)", "Ủy ban nhân dân xã/phường"),
        (r"\bphong (gd|giao duc)", "Phòng Giáo dục và Đào tạo"),
        (r"\bso (gd|giao duc)", "Sở Giáo dục và Đào tạo"),
        (r"\bhoi khuyen hoc", "Hội Khuyến học"),
        (r"\b(tram y te|trung tam y te|co so y te)", "Trạm y tế xã/phường"),
        (r"\bcong an\b", "Công an xã/phường"),
        (r"\bban nganh,? doan the (dia phuong|o dia phuong|tai dia phuong)", "các ban ngành, đoàn thể địa phương"),
        (r"\b(doanh nghiep|nha hao tam|manh thuong quan)", "doanh nghiệp, nhà hảo tâm"),
        (r"\b(cmhs|phhs|cha me|phu huynh)\b", "Ban đại diện cha mẹ học sinh"),
    )
)


def external_partners(text: str, school_type: SchoolType, first_year: int) -> list[str]:
    """External partners a text names, using today's bodies (no district level after 7/2025)."""
    folded = fold(text)
    partners = [name for pattern, name in PARTNERS if pattern.search(folded)]
    if school_type == SchoolType.GDTX:
        partners = [p for p in partners if "cha mẹ" not in p]
    if first_year >= 2025:
        partners = [current_authority(p, school_type) for p in partners]
    return list(dict.fromkeys(partners))


def current_authority(name: str, school_type: SchoolType) -> str:
    """Phòng GD&ĐT and district bodies were abolished in 7/2025: MN/TH/THCS answer to the commune."""
    if "Phòng Giáo dục" in name:
        return upper_body(school_type)
    return name


def upper_body(school_type: SchoolType) -> str:
    """The body a school reports to today: the Sở for THPT and GDTX, the commune for the others."""
    if school_type in (SchoolType.THPT, SchoolType.PTNCH, SchoolType.GDTX):
        return "Sở Giáo dục và Đào tạo"
    return "Ủy ban nhân dân xã/phường"
