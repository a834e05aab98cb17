"""Cleaning and classifying the text of one plan-table cell.

Plan tables reach us through Word, PDF text layers, web pages pasted into .txt files and OCR, so a
cell may carry HTML fragments (``<p>``, ``<br>``, ``&nbsp;``), template dots ("........"), bullet
dashes and line breaks.  These helpers turn a cell into clean NFC text, split an actions cell into
its action lines and recognise what kind of value a loose cell holds (a target, a time, a budget,
an owner) when the column it came from is unknown.
"""

from __future__ import annotations

import html
import re

from corpus.text import clean_spaces, fold, has_diacritics, nfc

from ..vocab import Vocabulary

_TAG_BREAK = re.compile(r"<\s*(?:br|/p|/div|/li|p|div|li)\b[^>]*>", re.IGNORECASE)
_TAG_ANY = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]{0,200}>")
_DOTS = re.compile(r"^[\s.…·_\-–—:;,]*$")
_TERMINAL = (".", ";", "!", "?", ":", "…")
END_MARKS = (".", ";")  # a cell line made of one of these alone ends the sentence before it
# Words a sentence cannot end on, so a line ending on one runs on.  With diacritics when the text
# has them: folded, "để" (in order to) would also catch "chuyên đề" and "vấn đề".
_CONNECTOR_END = re.compile(
    r"(?:,|-|–|\b(?:và|với|của|các|những|cho|trong|từ|đến|là|để|hoặc|cùng|về|tại|ở|theo|được|phải|nhằm))$"
)
_FOLDED_CONNECTOR_END = re.compile(
    r"(?:,|-|–|\b(?:va|voi|cua|cac|nhung|cho|trong|tu|den|la|de|hoac|cung|ve|tai|o))$"
)
_BULLET = re.compile(r"^\s*(?:[-+•*–—●○■□➢>]|\d{1,2}[.)](?!\d))\s*")

# "Đạt Mức 2", "Đạt mức 3", "Duy trì Mức 3", "Giữ vững mức 2", "Mức 2", "Nâng lên mức 3"
# ... and a bare "Đạt" / "Duy trì" (a Mức 4 item is met or not: it has no level)
_TARGET = re.compile(
    r"^(?:(?:dat|duy tri|giu vung|nang(?: len)?|phan dau dat|tiep tuc dat)?\s*muc\s*\d\b|(?:dat|duy tri|giu vung)\.?$)"
)
_TIME_START = re.compile(
    r"^(?:thoi gian[^:]*:\s*)?(?:tu |trong |ca |suot |den |truoc |sau |vao |moi |cac )?"
    r"(?:nam hoc|thang|hoc ky|hoc ki|quy [ivx1-4]|tuan|thuong xuyen|hang nam|hang thang|hang tuan|hang quy|"
    r"dinh ky|cuoi |dau |giua |nam 20|\d{1,2}/\d{2,4}|20\d\d|lau dai)"
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b|\b\d{1,2}/\d{2,4}\b")
_BUDGET = re.compile(
    r"^(?:khong(?: phat sinh)?(?: kinh phi)?|ngan sach|nguon|kinh phi|xa hoi hoa|xhh|quy\b|"
    r"\d[\d.,]*\s*(?:trieu|nghin|ngan|ty|dong|d\b|vnd))|\b(?:trieu dong|trieu|dong)\b"
)
_OWNER_HEADS = (
    "chu tich", "bi thu", "nhan vien", "can bo", "cac thanh vien", "thanh vien", "to ", "ban ",
    "giao vien", "pho hieu truong", "hieu truong", "ke toan", "van thu", "tong phu trach", "gv",
    "bgh", "cbql", "cm truong", "chuyen mon",
)
_OWNER_FILLER = {
    "va", "cac", "cung", "phoi", "hop", "voi", "chu", "tri", "nha", "truong", "lop", "trong", "toan",
    "the", "tat", "ca", "so", "phu", "trach", "nhan", "vien", "giao", "can", "bo", "to", "ban", "thanh",
    "chuyen", "mon", "doan", "cua", "gv", "hs", "cm", "khoi", "con", "lai", "doi", "my", "van",
}


def strip_html(text: str) -> str:
    """Replace HTML breaks by newlines, drop other tags and decode entities (``&nbsp;`` etc.)."""
    if "<" not in text and "&" not in text:
        return text
    text = _TAG_BREAK.sub("\n", text)
    text = _TAG_ANY.sub(" ", text)
    return html.unescape(text).replace("\u00a0", " ")


def clean_cell(text: str) -> str:
    """A cell as clean NFC text: HTML removed, spaces collapsed, template dots emptied.

    Line breaks inside the cell are kept (they separate action lines); "......" becomes "".
    """
    text = clean_spaces(strip_html(nfc(text or "")))
    lines: list[str] = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        if line.strip() in END_MARKS:
            # A full stop wrapped onto its own line by a narrow cell, or onto the next page (kept
            # alone then, for the row it ends).
            if lines:
                lines[-1] += line.strip()
            else:
                lines.append(line.strip())
            continue
        if _DOTS.match(line):
            continue
        lines.append(line)
    return "\n".join(lines)


def flat(text: str) -> str:
    """A cleaned cell on one line (for single-value fields such as owners or timeline)."""
    return " ".join(clean_cell(text).split())


def strip_bullet(text: str) -> str:
    """Remove a leading bullet ("- ", "+ ", "• ", "1. ") from a line."""
    return _BULLET.sub("", text, count=1).strip()


def action_lines(text: str) -> list[str]:
    """Split an actions cell into action lines.

    Paragraphs (newlines, ``<p>``/``<br>``) and bullet dashes separate lines; a piece that starts in
    lower case after a piece that does not end a sentence is the same line wrapped (a page break
    or a soft return in the middle of a sentence).
    """
    pieces: list[str] = []
    for raw in clean_cell(text).split("\n"):
        for part in _inline_items(raw):
            part = part.strip()
            if not part:
                continue
            if pieces and continues(pieces[-1], part, numbers=True):
                pieces[-1] = join(pieces[-1], part)
            else:
                pieces.append(part)
    return [strip_bullet(p) for p in pieces if strip_bullet(p)]


def _inline_items(line: str) -> list[str]:
    """Bulleted items run together on one line (a cell saved as text keeps no line breaks).

    A dash is a bullet only after a sentence end ("... hiệu quả. - Tổ chức"), since "Gia đình -
    Nhà trường - Xã hội" is one phrase; "+" and "•" are bullets wherever they stand between words
    once the line opens with the same mark ("+ Rà soát hồ sơ + Cập nhật phần mềm"); numbered items
    "1) ... 2) ..." when they follow each other.
    """
    parts = re.split(r"(?<=[.;:!?])\s+(?=[-+]\s+\S)|\s+(?=[•●➢]\s*\S)", line)
    out: list[str] = []
    for part in parts:
        mark = part.lstrip()[:1]
        if mark == "+" and part.lstrip()[1:2] == " ":
            out.extend(re.split(r"\s+(?=\+\s+\S)", part))
        elif re.match(r"\s*1\)\s", part):
            out.extend(_numbered(part))
        else:
            out.append(part)
    # The ";" that separated items run together belongs to no item.
    return [p.rstrip().rstrip(";") for p in out[:-1]] + out[-1:]


def _numbered(line: str) -> list[str]:
    """Split "1) a; 2) b; 3) c" at each next number in sequence (a "3)" out of order stays put)."""
    out, start, expected = [], 0, 2
    for m in re.finditer(r"\s(\d{1,2})\)\s", line):
        if int(m.group(1)) == expected:
            out.append(line[start : m.start()])
            start, expected = m.start() + 1, expected + 1
    out.append(line[start:])
    return out


_CUT_WORD = re.compile(r"^[bcdfghklmnpqrstvxđ]+(?=[\s,.;:)]|$)")
_CUT_DATE = re.compile(r"\d/\d{0,3}$")


def _cut(previous: str, piece: str) -> bool:
    """A word or a date cut in two by a page or a cell border ("trưởn" + "g;", "12/20" + "25")."""
    return bool(_CUT_WORD.match(piece) or (_CUT_DATE.search(previous) and piece[:1].isdigit()))


_NUMBER_WORD = re.compile(r"^\d{1,4}(?:[.,]\d{1,3})*,?\s+[^\W\d]")


def continues(previous: str, piece: str, *, numbers: bool = False) -> bool:
    """Whether ``piece`` is the rest of ``previous`` (a sentence cut by a page or a wrap).

    With ``numbers`` (lines of an actions cell), a piece opening with a number that is not a list
    number ("2025, lấy ý kiến", "04 phòng học") goes on the unfinished sentence before it; single
    values such as a budget ("Không" then "50 triệu") are not joined that way.
    """
    previous, piece = previous.rstrip(), piece.lstrip()
    if not previous or not piece or previous.endswith(_TERMINAL) or _BULLET.match(piece):
        return False
    first = piece[:1]
    if first.islower() or first in "(,;" or _cut(previous, piece) or (numbers and _NUMBER_WORD.match(piece)):
        return True
    if has_diacritics(previous):
        return bool(_CONNECTOR_END.search(previous.lower()))
    return bool(_FOLDED_CONNECTOR_END.search(fold(previous)))


def join(previous: str, piece: str) -> str:
    """``previous`` followed by its continuation, glued without a space when a word was cut."""
    previous, piece = previous.rstrip(), piece.strip()
    return previous + piece if _cut(previous, piece) else f"{previous} {piece}"


def is_target(text: str) -> bool:
    """A "Kết quả cần đạt" value such as "Đạt Mức 2" or "Duy trì mức 3"."""
    return bool(_TARGET.match(fold(text).strip()))


def is_time(text: str) -> bool:
    """A timeline value: a month, a school year, "Thường xuyên", "Hằng năm"...

    It starts with a time expression ("Tháng 9/2025", "Trong năm học 2025-2026", "Từ năm học ...")
    or is short and names a year or a date; a sentence that merely mentions "trong năm học" is not.
    """
    folded = fold(text).strip(" -–•+.")
    words = len(folded.split())
    if _TIME_START.match(folded):
        return words <= 24
    return bool(_YEAR.search(folded)) and words <= 10


def is_budget(text: str) -> bool:
    """A budget value: "Không", "Ngân sách", "50 triệu đồng", "Xã hội hóa"..."""
    folded = fold(text).strip().rstrip(".")
    return bool(_BUDGET.search(folded)) and len(folded.split()) <= 12


def is_owner(text: str, vocab: Vocabulary) -> bool:
    """An owner cell: it opens with a role and says little else ("Hiệu trưởng và kế toán").

    Actions often name roles too ("... của giáo viên"), so the cell must start with a role and
    have at most three words left once roles and connectors are removed.
    """
    folded = fold(text).strip().strip("-–•+ ").rstrip(".")
    if not folded or len(folded.split()) > 16:
        return False
    roles = vocab.find_roles(folded)
    starts = folded.startswith(_OWNER_HEADS) or any(
        folded.startswith(s) for r in roles for s in (*r.spellings(), fold(r.abbr))
    )
    if not starts:
        return False
    rest = folded
    for role in roles:
        for spelling in sorted((*role.spellings(), fold(role.abbr)), key=len, reverse=True):
            rest = re.sub(rf"(?<![a-z]){re.escape(spelling)}(?![a-z])", " ", rest)
    words = [w for w in re.findall(r"[a-z0-9]+", rest) if w not in _OWNER_FILLER]
    return len(words) <= 3


def starts_item(text: str) -> bool:
    """Whether a cell opens with a bullet or an item number ("- ...", "+ ...", "2) ...")."""
    return bool(_BULLET.match(clean_cell(text)[:4])) and bool(clean_cell(text))


def ends_sentence(text: str) -> bool:
    """Whether a cell's text ends with sentence punctuation."""
    return text.rstrip().endswith(_TERMINAL)
