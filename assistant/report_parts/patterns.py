"""Regular expressions over accent-folded report text, and the level phrases reports use.

Every pattern here runs on :func:`~assistant.report_parts.textlines.fold_same` output: lower case,
no diacritics, "đ" as "d".  Headings are matched at the start of a line after any list label
("2.", "b)", "-", "II.").
"""

from __future__ import annotations

import re

_NUMBER_WORDS = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "1": 1, "2": 2, "3": 3, "4": 4,
                 "i": 1, "ii": 2, "iii": 3, "iv": 4}  # fmt: skip
# Levels are written as digits, words ("Mức hai") or Roman numerals ("mức III").
NUM = r"(?:[1-4]|mot|hai|ba|bon|iv|iii|ii|i)"
# Standards are numbered 1-5, sometimes in Roman numerals ("TIÊU CHUẨN II").
STD = r"(?:[1-5]|iv|v|i{1,3})(?![a-z0-9])"
_ROMAN_STANDARD = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5}

# A list label in front of a heading: "2.", "2)", "b)", "-", "*", "II.", "B.", "(1)".
# Word lists that never restart give three-digit labels ("131. Điểm yếu").
LABEL = r"(?:\s*(?:[-+•*–—●■>]|\(?\d{1,3}\)|\d{1,3}\.(?!\d)|\(?[a-e]\)|[ivx]{1,4}\.|[a-e]\.(?!\d)))*\s*"

CRITERION_HEAD = re.compile(
    rf"^{LABEL}(?:tieu\s*chi|tc)\s*(?:so\s*)?:?\s*(\d{{1,2}})\s*[.,]\s*(\d{{1,2}})(?!\d)\s*\.?\s*(?P<rest>.*)$"
)
# "Tiêu chí 2.l", "Tieu chi 5 4", "Tiêu chí I.2": OCR or lost numbering; trusted only with the title.
CRITERION_MISREAD = re.compile(
    rf"^{LABEL}(?:tieu\s*chi|tc)\s*([\dli|o]{{1,2}})\s*(?:[.,]\s*|\s)([\dli|o]{{1,2}})(?![a-z0-9])"
    r"\s*[.:\-–)]?\s*(?P<rest>.*)$"
)
CRITERION_LOCAL = re.compile(
    rf"^{LABEL}tieu\s*chi\s*(?:so\s*)?(\d{{1,2}})(?!\s*[.,]\s*\d|[.,][li|o](?![a-z]))\s*(?P<rest>(?:[:.\-–)(]|$).*)$"
)
BARE_CODE_HEAD = re.compile(r"^\s*(\d)\s*\.\s*(\d{1,2})\s*[.:\-–)]?\s+(?P<rest>[^\d\s].*)$")
STANDARD_HEAD = re.compile(
    rf"^{LABEL}(?:tieu\s*chuan|tc)\s*(?:so\s*)?({STD})(?!\s*[.,]\s*\d)\s*(?P<rest>(?:[:.\-–)]|$).*)$"
)
STANDARD_CONCLUSION = re.compile(
    rf"^{LABEL}(?:ket\s*luan|danh\s*gia\s*chung|nhan\s*xet\s*chung)\s*(?:ve|cua)?\s*tieu\s*chuan\s*({STD})"
)
LEVEL4_PART = re.compile(
    rf"^{LABEL}(?:(?:tu\s*)?danh\s*gia\s*(?:cac\s*)?tieu\s*chi\s*muc\s*4|(?:cac\s*)?tieu\s*chi\s*muc\s*4|muc\s*4)\b"
)
END_PART = re.compile(
    rf"^{LABEL}(?:phan\s*(?:(?:iii|iv|3|4)\b|thu\s*(?:ba|tu)\b)|ket\s*luan\s*chung|ket\s*luan\s*(?:va|,)\s*(?:khuyen|kien)\s*nghi|"
    r"phu\s*luc\b|danh\s*muc\s*(?:ma\s*)?minh\s*chung|(?:nhung\s*)?khuyen\s*nghi\s*(?:chung|doi\s*voi|cua\s*doan)|"
    r"kien\s*nghi\s*(?:voi|doi\s*voi)\s*(?:co\s*quan|cap)|ket\s*luan\s*$)"
)
SUMMARY_HEAD = re.compile(r"bang\s*tong\s*hop\s*ket\s*qua|tong\s*hop\s*ket\s*qua\s*(?:tu\s*)?danh\s*gia")
PART_HEAD = re.compile(
    rf"^{LABEL}(?:phan\s*(?:(?:i|ii|1|2)\b|thu\s*(?:nhat|hai)\b)|co\s*so\s*du\s*lieu|dat\s*van\s*de|tong\s*quan\s*$|mo\s*dau\s*$)"
    r"|^\s*(?:[a-e]|[ivx]{1,4})\.\s*tu\s*danh\s*gia\s*$"
)

# Sub-section keywords; several may be joined ("Tồn tại, hạn chế", "Điểm yếu/hạn chế").
_STRONG = r"(?:diem\s*manh|uu\s*diem)"
_WEAK = (
    r"(?:diem\s*yeu|ton\s*tai|diem\s*han\s*che|han\s*che|nhuoc\s*diem|kho\s*khan|"
    r"mat\s*(?:con\s*)?(?:han\s*che|yeu|ton\s*tai)|van\s*de\s*can\s*(?:cai\s*tien|khac\s*phuc))"
)

# "Mức đạt được", "Mức đánh giá của Đoàn (đánh giá ngoài)": the line that gives the level.
_LEVEL_OF = r"muc\s*(?:dat\s*duoc|danh\s*gia)(?:\s*cua\s*doan(?:\s*danh\s*gia\s*ngoai|\s*dgn)?)?"
# "Mức đạt:", "Mức độ đạt được:", "Đạt mức:", "Kết quả đạt:": a label whose colon is followed by the
# level.  Only with the colon, so sentences ("mức đạt chuẩn ...") and plans are not labels.
_LEVEL_LABEL = (
    r"(?:muc\s*(?:do\s*)?dat(?:\s*duoc)?|dat\s*(?:duoc\s*)?(?:o\s*)?muc(?:\s*do)?|ket\s*qua\s*dat(?:\s*duoc)?)"
    r"(?=\s*:)"
)

# Sub-sections of a criterion.  Each maps to a field of the assessment.
SUBSECTIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("description", re.compile(rf"^{LABEL}(mo\s*ta\s*(?:hien\s*trang|thuc\s*trang)|hien\s*trang)\b\s*:?")),
    (
        "strengths",
        re.compile(
            rf"^{LABEL}((?:nhung\s*)?{_STRONG}(?:\s*(?:,|/|va)\s*{_STRONG})*(?:\s*(?:noi\s*bat|co\s*ban|chinh))?)\b\s*:?"
        ),
    ),
    (
        "weaknesses",
        re.compile(
            rf"^{LABEL}((?:nhung\s*)?{_WEAK}(?:\s*(?:,|/|-|–|va)\s*(?:nhung\s*)?{_WEAK})*"
            r"(?:\s*(?:co\s*ban|can\s*khac\s*phuc))?(?:\s*trong\s*tam)?"
            r"(?:\s*va\s*nguyen\s*nhan(?:\s*cot\s*loi)?)?)\b\s*:?"
        ),
    ),
    ("priorities", re.compile(rf"^{LABEL}(dinh\s*huong\s*cai\s*tien(?:\s*chat\s*luong)?)\b\s*:?")),
    (
        "counts",
        re.compile(rf"^{LABEL}((?:tong\s*)?so\s*(?:luong\s*)?tieu\s*chi\s*(?:dat|khong\s*dat|chua\s*dat))"),
    ),
    (
        "actions",
        re.compile(
            rf"^{LABEL}(ke\s*hoach\s*(?:cai\s*tien(?:\s*chat\s*luong)?|hanh\s*dong|khac\s*phuc)|"
            r"(?:bien\s*phap|giai\s*phap)(?:\s*(?:cai\s*tien|khac\s*phuc|thuc\s*hien))?(?:\s*chat\s*luong)?|"
            r"huong\s*khac\s*phuc)\b\s*:?"
        ),
    ),
    ("recommendations", re.compile(rf"^{LABEL}((?:cac\s*)?khuyen\s*nghi)\b\s*:?")),
    (
        "result",
        re.compile(
            rf"^{LABEL}({_LEVEL_LABEL}|tu\s*danh\s*gia|ket\s*qua\s*(?:danh\s*gia|tu\s*danh\s*gia)?|{_LEVEL_OF}|"
            r"danh\s*gia(?:\s*cua\s*doan)?|ket\s*luan)\b\s*:?"
        ),
    ),
)

# "đạt Mức 2", "đạt mức độ 2", "Đạt (Mức 2)", "đạt được ở mức 2", "không đạt Mức 2".
LEVEL_PHRASE = re.compile(
    rf"(?P<neg>\b(?:khong|chua)\s+)?\bdat\s*(?:duoc\s*)?(?:o\s*)?[(\[:-]?\s*"
    rf"(?:muc(?:\s*do)?|m(?=\s*\d)|cap\s*do)\s*(?P<n>{NUM})\b"
)
# "Đạt", "Tiêu chí đạt.", "Đạt yêu cầu": met, without saying at which level.
BARE_MET = re.compile(r"^\W*(?:tieu\s*chi\s*(?:\d{1,2}(?:\.\d{1,2})?\s*)?)?dat(?:\s*yeu\s*cau)?\W*$")
NOT_MET = re.compile(r"\b(?:khong|chua)\s+dat\b(?!\s*(?:duoc\s*)?(?:muc|m\s*\d|yeu\s*cau|chuan))")
BARE_LEVEL = re.compile(rf"^\W*(?:muc|m)\s*(?P<n>{NUM})\b")
RESULT_START = re.compile(
    rf"^{LABEL}(?:{_LEVEL_LABEL}|ket\s*qua(?:\s*danh\s*gia|\s*tu\s*danh\s*gia)?|ket\s*luan|"
    rf"tu\s*danh\s*gia|danh\s*gia(?:\s*cua\s*doan)?|{_LEVEL_OF}|"
    r"doan\s*(?:danh\s*gia\s*(?:ngoai)?|dgn)?(?:\s*(?:danh\s*gia|ket\s*luan|xac\s*dinh))?)"
    r"(?:\s*:\s*|\s+(?=(?:tieu\s*chi|dat|khong\s*dat|chua\s*dat|muc)\b))"
    r"|^\W*tieu\s*chi\s*(?:\d{1,2}(?:\.\d{1,2})?\s*)?(?=(?:dat|khong\s*dat|chua\s*dat)\b)"
)
LABELLED_LEVEL = re.compile(rf"\b{_LEVEL_LABEL}\s*:\s*(?:muc\s*(?:do\s*)?)?(?P<n>[1-4]|mot|hai|ba|bon)\b")
# Words that make a level a target, not a result: "phấn đấu đạt Mức 3", "hướng tới Mức 2".
TARGET = re.compile(
    r"\b(?:phan\s*dau|huong\s*toi|tien\s*toi|muc\s*tieu|du\s*kien|nham|se|nang\s*len)\b[^.;:]{0,40}$"
)
MARKS = re.compile(r"((?:\s+(?:x|v|\+|-|✓|✔|☑|ü))+)\s*$")
TOC_TAIL = re.compile(r"(?:\.{3,}|…+|\s{2,})\s*\d{1,3}\s*$|\s\d{1,3}\s*$")

EVIDENCE_H = re.compile(r"\[?\s*H\s*(\d{1,2})\s*[-–]\s*(\d{1,2})\s*[.,]\s*(\d{1,2})\s*[-–]\s*(\d{1,3})\s*\]?")
EVIDENCE_MC = re.compile(r"\bMC\s*\.\s*(\d{1,2})\s*\.\s*(\d{1,2})\s*\.\s*(\d{1,3})\b", re.IGNORECASE)

# "Không có.", "Không.", "Không có điểm yếu.", "Không có hạn chế trọng tâm.", "Không có khuyến nghị."
NONE_ITEM = re.compile(
    r"^\W*(?:khong|chua\s*co|khong\s*co)"
    r"(?:\s*(?:diem\s*yeu|diem\s*manh|ton\s*tai|han\s*che|khuyen\s*nghi|kien\s*nghi|gi))?"
    r"(?:\s*(?:nao|trong\s*tam|dang\s*ke|noi\s*bat|can\s*khac\s*phuc))?\W*$"
)


OVERALL = re.compile(
    rf"\b(?:nha\s*truong|truong|co\s*so\s*giao\s*duc|co\s*so|don\s*vi)\b(?P<gap>[^.;:]{{0,60}}?)"
    rf"\bdat\s*(?:duoc\s*)?(?:muc|cap\s*do)\s*(?P<n>{NUM})\b"
)
STANDARD_LEVEL = re.compile(r"\btieu\s*chuan\s*(?:\d\s*)?(?:dat|khong\s*dat|chua\s*dat)\b")


def number(word: str) -> int:
    """1-4 from a digit, its Vietnamese word or its Roman numeral (folded)."""
    return _NUMBER_WORDS[word]


def standard_number(text: str) -> str:
    """A standard's number as a digit string, from "2" or the Roman "ii"."""
    text = text.strip()
    return str(int(text)) if text.isdigit() else str(_ROMAN_STANDARD[text])


def level_in(folded: str) -> tuple[int, int, int] | None:
    """The level a folded phrase states, with the match span: "đạt Mức 2" -> 2; "Không đạt" -> 0.

    "Không đạt Mức 2" means the criterion stops at Mức 1.  Returns (level, start, end) or None.
    """
    m = LEVEL_PHRASE.search(folded)
    neg = NOT_MET.search(folded)
    if m and (neg is None or m.start() <= neg.start()):
        n = number(m.group("n"))
        return (n - 1 if m.group("neg") else n), m.start(), m.end()
    if neg:
        return 0, neg.start(), neg.end()
    m = BARE_LEVEL.search(folded) or LABELLED_LEVEL.search(folded)
    if m:
        return number(m.group("n")), m.start(), m.end()
    return None


def evidence_codes(text: str) -> list[str]:
    """Evidence codes in a text, normalised: "[H1-1.1-01]" and "MC.1.1.01" styles, in order."""
    found: list[tuple[int, str]] = []
    for m in EVIDENCE_H.finditer(text):
        found.append((m.start(), f"[H{int(m[1])}-{int(m[2])}.{int(m[3])}-{int(m[4]):02d}]"))
    for m in EVIDENCE_MC.finditer(text):
        found.append((m.start(), f"MC.{int(m[1])}.{int(m[2])}.{int(m[3]):02d}"))
    return list(dict.fromkeys(code for _, code in sorted(found)))


def level_label(level: int | None) -> str:
    """Vietnamese label of a criterion level (0 = not even Mức 1)."""
    if level is None:
        return "không rõ"
    return "Không đạt (chưa đạt Mức 1)" if level == 0 else f"Mức {level}"
