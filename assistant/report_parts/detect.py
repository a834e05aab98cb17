"""What a document is: TĐG, ĐGN, a plan or something else; which framework; which school.

The cover page (first lines) says most of it: "BÁO CÁO TỰ ĐÁNH GIÁ", "TRƯỜNG THCS ...", the
circular cited in "Đặt vấn đề".  Cues from the whole text (evidence code style, TT57 headings,
plan table headers) settle the rest.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from ..catalog import Catalog
from ..domain import Framework, Generation, SchoolType
from .textlines import TextLines

Kind = Literal["tdg", "dgn", "plan", "unknown"]
HEAD_LINES = 60

# Titles stand at the start of a short cover line ("1. Báo cáo tự đánh giá ..." in a plan's list
# of grounds is not a title).
_TDG_TITLE = re.compile(r"(?m)^[ \t\"“]*bao\s*cao\s*(?:ket\s*qua\s*)?tu\s*danh\s*gia(?!\s*ngoai).{0,60}$")
_DGN_TITLE = re.compile(r"(?m)^[ \t\"“]*bao\s*cao\s*(?:ket\s*qua\s*)?danh\s*gia\s*ngoai.{0,60}$")
_PLAN_TITLE = re.compile(r"^\W*ke\s*hoach\b(?!\s*(?:tu\s*danh\s*gia|danh\s*gia\s*ngoai))")
_PLAN_HEADERS = (
    "ket qua can dat", "chu tri", "phoi hop", "thoi gian thuc hien", "thoi gian hoan thanh", "kinh phi",
    "dieu kien ho tro", "noi dung cai tien", "chi so danh gia", "nguon luc", "muc do thuc hien",
    "cong viec", "giai phap", "bien phap",
)  # fmt: skip
_TEAM = re.compile(r"doan\s*(?:danh\s*gia\s*ngoai|dgn)|doan\s*danh\s*gia")
_SELF = re.compile(r"tu\s*danh\s*gia")
_CIRCULAR = re.compile(
    r"\b(17|18|19)\s*/\s*2018\s*/\s*tt|\b57\s*/\s*2026\s*/\s*tt|thong\s*tu\s*(?:so\s*)?57\b"
)
_SCHOOL_LINE = re.compile(r"^\W*(truong|trung\s*tam)\s+\S")
_TYPES: tuple[tuple[re.Pattern[str], SchoolType], ...] = (
    (re.compile(r"nhieu\s*cap\s*hoc|th\s*(?:&|va)\s*thcs|thcs\s*(?:&|va)\s*thpt|tieu\s*hoc\s*va\s*trung\s*hoc"), SchoolType.PTNCH),
    (re.compile(r"giao\s*duc\s*thuong\s*xuyen|gdtx|gdnn\s*-\s*gdtx"), SchoolType.GDTX),
    (re.compile(r"mam\s*non|mau\s*giao|nha\s*tre|\bmn\b|\bmg\b"), SchoolType.MN),
    (re.compile(r"trung\s*hoc\s*pho\s*thong|\bthpt\b"), SchoolType.THPT),
    (re.compile(r"trung\s*hoc\s*co\s*so|\bthcs\b"), SchoolType.THCS),
    (re.compile(r"tieu\s*hoc|\bth\b"), SchoolType.TH),
)  # fmt: skip
_CIRCULAR_IDS = {"17": "tt17-2018", "18": "tt18-2018", "19": "tt19-2018"}
_ABBREVIATIONS = {"THCS", "THPT", "TH", "MN", "MG", "PTDTBT", "PTDTNT", "DTNT", "GDTX", "GDNN", "TTGDTX", "PT",
                  "II", "III", "IV", "TP", "TP.", "HCM", "TX", "TT"}  # fmt: skip


def unaccent(text: str) -> str:
    """Diacritics removed, case kept ("Mầm Non" -> "Mam Non")."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize(
        "NFC", "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    )


def head(lines: TextLines) -> list[str]:
    """Folded text of the first non-empty lines (the cover)."""
    return [ln.folded for ln in lines.lines if ln.text.strip()][:HEAD_LINES]


def detect_kind_lines(lines: TextLines) -> Kind:
    """tdg / dgn / plan / unknown from the cover and the whole text."""
    cover = head(lines)
    cover_text = "\n".join(cover)
    whole = "\n".join(ln.folded for ln in lines.lines)
    tdg_title = bool(_TDG_TITLE.search(cover_text))
    dgn_title = bool(_DGN_TITLE.search(cover_text))
    if dgn_title and not tdg_title:
        return "dgn"
    if tdg_title and not dgn_title:
        return "tdg"
    if dgn_title and tdg_title:
        first_dgn = _DGN_TITLE.search(cover_text)
        first_tdg = _TDG_TITLE.search(cover_text)
        return "dgn" if first_dgn and first_tdg and first_dgn.start() < first_tdg.start() else "tdg"
    # "KẾ HOẠCH" with "cải tiến chất lượng" on the same or one of the next two lines is a plan's title.
    plan_title = any(
        _PLAN_TITLE.match(ln) and any("cai tien" in x for x in cover[i : i + 3])
        for i, ln in enumerate(cover[:30])
    )
    plan_headers = sum(1 for h in _PLAN_HEADERS if h in whole)
    if plan_title:
        return "plan"
    team = len(_TEAM.findall(whole))
    criteria = len(re.findall(r"(?m)^\W*tieu\s*chi\s*\d", whole))
    if criteria >= 3:
        return "dgn" if team >= 3 and team * 2 >= len(_SELF.findall(whole)) else "tdg"
    if plan_headers >= 4 and "cai tien" in whole:
        return "plan"
    return "unknown"


@dataclass(frozen=True)
class Identity:
    """School and framework as the report states them."""

    school_name: str
    school_type: SchoolType | None
    framework: Framework | None
    strong: bool  # True when a circular is cited or the cues agree; False for a structural guess
    period: str


_LOWER_AFTER = (
    ("Tiểu Học", "Tiểu học"), ("Trung Học Cơ Sở", "Trung học cơ sở"), ("Trung Học Phổ Thông", "Trung học phổ thông"),
    ("Mầm Non", "Mầm non"), ("Mẫu Giáo", "Mẫu giáo"), ("Nhà Trẻ", "Nhà trẻ"), ("Phổ Thông", "Phổ thông"),
    ("Dân Tộc Bán Trú", "Dân tộc bán trú"), ("Dân Tộc Nội Trú", "Dân tộc nội trú"), ("Nhiều Cấp Học", "nhiều cấp học"),
    ("Giáo Dục Thường Xuyên", "Giáo dục thường xuyên"), ("Trung Tâm", "Trung tâm"),
)  # fmt: skip


def _title_case(text: str) -> str:
    """Cover lines are in capitals; write the name as Vietnamese does ("Trường THCS Nguyễn Du")."""
    letters = [ch for ch in text if ch.isalpha()]
    if letters and sum(ch.isupper() for ch in letters) >= 0.6 * len(letters):
        # Mostly capitals (TCVN3 loses the capital form of toned vowels: "TRƯờNG").
        text = " ".join(w if w.upper() in _ABBREVIATIONS else w.lower() for w in text.split())
    words = []
    for w in text.split():
        core = w.strip(",.;:()")
        if core.upper() in _ABBREVIATIONS or (core.isupper() and len(core) <= 2 and not core.isalpha()):
            words.append(w.upper() if core.upper() in _ABBREVIATIONS else w)
        elif w.isupper() or w.islower():
            words.append(w[:1].upper() + w[1:].lower())
        else:
            words.append(w)
    name = " ".join(words)
    for upper, fixed in _LOWER_AFTER:
        name = name.replace(upper, fixed).replace(unaccent(upper), unaccent(fixed))
    return name


def school(lines: TextLines) -> tuple[str, SchoolType | None]:
    """School name ("Trường THCS Nguyễn Du") and type from the cover."""
    for ln in [ln for ln in lines.lines if ln.text.strip()][:HEAD_LINES]:
        if _SCHOOL_LINE.match(ln.folded) and len(ln.text) < 120 and "hoi dong" not in ln.folded:
            for pattern, kind in _TYPES:
                if pattern.search(ln.folded):
                    name = re.sub(r"\s+", " ", ln.text.strip(" :\t"))
                    return _title_case(name), kind
    whole = "\n".join(head(lines))
    for pattern, kind in _TYPES:
        if pattern.search(whole):
            return "", kind
    return "", None


def _period(lines: TextLines) -> str:
    """The report's period from its cover: "giai đoạn 2019-2024", "năm học 2024-2025", else the year."""
    cover = "\n".join(ln.folded for ln in lines.lines if ln.text.strip() and not ln.in_table)[:1500]
    if m := re.search(
        r"giai\s*doan\s*(?:tu\s*)?(?:nam\s*)?(20\d\d)\s*(?:[-–—]|den)\s*(?:nam\s*)?(20\d\d)", cover
    ):
        return f"{m.group(1)}-{m.group(2)}"
    if m := re.search(r"nam\s*hoc\s*:?\s*(20\d\d)\s*[-–—/]\s*(20\d\d)", cover):
        return f"{m.group(1)}-{m.group(2)}"
    if m := re.search(r"thang\s*\d{1,2}\s*nam\s*(20\d\d)", cover):
        return m.group(1)
    return ""


def identify(lines: TextLines, catalog: Catalog, codes: set[str]) -> Identity:
    """Framework, school and period; ``codes`` are the criterion codes found in the report."""
    name, stype = school(lines)
    whole = "\n".join(ln.folded for ln in lines.lines)
    cited = Counter(m.group(1) or "57" for m in _CIRCULAR.finditer(whole))
    tt57_cues = len(re.findall(r"\bmc\s*\.\s*\d\.\d{1,2}\.\d", whole)) + 5 * len(
        re.findall(r"danh\s*gia\s*chung\s*ve\s*tieu\s*chuan|han\s*che\s*trong\s*tam", whole)
    )
    old_cues = len(re.findall(r"\[h\d{1,2}-\d", whole)) + 5 * len(
        re.findall(r"ket\s*luan\s*ve\s*tieu\s*chuan|muc\s*4\b", whole)
    )
    framework: Framework | None = None
    strong = False
    if cited:
        top, _ = cited.most_common(1)[0]
        if top in _CIRCULAR_IDS:
            framework = catalog.get(_CIRCULAR_IDS[top]) if _has(catalog, _CIRCULAR_IDS[top]) else None
            strong = True
        elif top == "57":
            framework = catalog.for_school(stype or SchoolType.THCS, Generation.G2026)
            strong = stype is not None
    if framework is None:
        generation = Generation.G2026 if tt57_cues > old_cues else Generation.G2018
        if stype is not None:
            framework = catalog.for_school(stype, generation)
            strong = tt57_cues != old_cues
        else:
            framework = _by_structure(catalog, codes, generation)
    if stype is None and framework is not None and len(framework.school_types) == 1:
        stype = framework.school_types[0]
    if framework is not None and stype is not None and stype not in framework.school_types:
        # The cover's school type wins over a circular cited in passing (e.g. TT18 cited by a TH school).
        other = catalog.for_school(stype, framework.generation)
        framework = other or framework
    return Identity(name, stype, framework, strong, _period(lines))


def _has(catalog: Catalog, framework_id: str) -> bool:
    return any(f.id == framework_id for f in catalog.frameworks)


def _by_structure(catalog: Catalog, codes: set[str], generation: Generation) -> Framework | None:
    """Guess from which criterion codes occur (TT18 has 5.6; TT17 has 2.4 but no 5.6; TT19 neither)."""
    if generation == Generation.G2026:
        return catalog.for_school(SchoolType.THCS, generation)
    if "5.6" in codes:
        return catalog.for_school(SchoolType.THCS, generation)
    if "2.4" in codes:
        return catalog.for_school(SchoolType.TH, generation)
    if codes:
        return catalog.for_school(SchoolType.MN, generation)
    return None
