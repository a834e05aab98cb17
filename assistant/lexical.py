"""Lexical overlap between Vietnamese texts (accent-folded syllables), used by drafting and checks.

Dense similarity needs the embedding model; these checks must also work without it, and a plan
action that shares no content word with the requirement it claims to serve is worth a warning.
"""

from __future__ import annotations

import re

from corpus.text import fold, has_diacritics, nfc, syllables

# Function words and words nearly every plan row and requirement share; they say nothing about the
# topic.  Kept with their diacritics: folded, "về" would also remove "vệ" (vệ sinh) and "dạy" "dãy".
_STOP_TEXT = (
    "và các của cho trong để với được có là những một theo từ tại về nhà trường thực hiện trên đầy đủ "
    "bảo đảm mức đạt yêu cầu khi hoặc này do cũng như số tỷ tỉ lệ đã sẽ đang chưa không ra vào lại thì "
    "mà nên quy định việc công tác các cần"
)
STOPWORDS = frozenset(_STOP_TEXT.split(" "))
FOLDED_STOPWORDS = frozenset(fold(w) for w in STOPWORDS) - {"ve", "day", "so", "tu", "le", "co", "dam"}
_TOKEN = re.compile(r"\w+")


def content_syllables(text: str, *, folded: bool = False) -> set[str]:
    """Distinct lower-case content syllables of a text (accent-folded when ``folded``)."""
    if folded:
        return set(syllables(text)) - FOLDED_STOPWORDS
    return {t for t in _TOKEN.findall(nfc(text).lower()) if t not in STOPWORDS}


def _pair(a: str, b: str) -> tuple[set[str], set[str]]:
    """Syllable sets to compare: with diacritics, unless one text was typed without them."""
    folded = not (has_diacritics(a) and has_diacritics(b))
    return content_syllables(a, folded=folded), content_syllables(b, folded=folded)


def shared(a: str, b: str) -> int:
    """How many content syllables two texts share."""
    sa, sb = _pair(a, b)
    return len(sa & sb)


def overlap(a: str, b: str) -> float:
    """Share of the shorter text's content syllables also found in the other (0..1)."""
    sa, sb = _pair(a, b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / min(len(sa), len(sb))


# Verbs every plan uses whatever the topic; left out when asking whether two texts share a topic.
_GENERIC_TEXT = "xây dựng kế hoạch tổ chức triển khai tăng cường nâng cao tiếp tục đẩy mạnh rà soát"
GENERIC = frozenset(_GENERIC_TEXT.split(" "))


def topic_overlap(a: str, b: str) -> float:
    """Like :func:`overlap`, ignoring the generic planning verbs ("xây dựng kế hoạch", "tăng cường")."""
    sa, sb = _pair(a, b)
    generic = GENERIC | {fold(w) for w in GENERIC}
    sa, sb = sa - generic, sb - generic
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / min(len(sa), len(sb))


def jaccard(a: str, b: str) -> float:
    """Jaccard similarity of content syllables (0..1), for spotting near-duplicate actions."""
    sa, sb = _pair(a, b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


# Vietnamese capital and small letters as regex classes (À-Ỹ as a range would mix both cases).
_VI = [chr(c) for c in range(0xC0, 0x1EFA) if chr(c).isalpha()]
UP = "A-ZĐ" + "".join(ch for ch in _VI if ch.isupper())
LOW = "a-zđ" + "".join(ch for ch in _VI if ch.islower())
_HONORIFIC_NAME = re.compile(rf"\b(?:[Đđ]/[Cc]|[Đđ]ồng\s+chí|[Tt]hầy|[Cc]ô|[Ôô]ng|[Bb]à)(?:\s+[{UP}][{LOW}]*){{1,4}}")
_SURNAMES = (
    "Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương|Lý|Lò|Lường|Quàng|Đinh|Mai|"
    "Trịnh|Đào|Cao|Lương|Tạ|Tô|Chu|Lưu|Vương|Kiều|Triệu|Phùng|Hứa|Lâm|Tăng|Mạc|Nông|Hà"
)
_FULL_NAME = re.compile(rf"\b(?:{_SURNAMES})(?:\s+[{UP}][{LOW}]*){{1,3}}\b")
# Capitalised pairs that start like a surname but name places or bodies (kept as they are).
_PLACE_NAMES = {
    "Hà Nội", "Hồ Chí Minh", "Hà Giang", "Hà Tĩnh", "Hà Nam", "Lâm Đồng", "Cao Bằng", "Hoàng Mai",
    "Phan Thiết", "Lê Lợi", "Trần Phú", "Đinh Tiên Hoàng", "Lê Quý Đôn", "Nguyễn Du", "Nguyễn Trãi",
}


def person_names(text: str) -> list[str]:
    """People's names in a text ("Nguyễn Thị Thu Hằng", "đ/c Lan"), place names excluded."""
    found = [m[0].strip() for m in _HONORIFIC_NAME.finditer(text)]
    found += [m[0] for m in _FULL_NAME.finditer(text) if m[0] not in _PLACE_NAMES]
    return found


def replace_person_names(text: str, replacement: str) -> str:
    """The text with people's names replaced (another school's staff never reach our plan)."""
    text = _HONORIFIC_NAME.sub(replacement, text)
    return _FULL_NAME.sub(lambda m: m[0] if m[0] in _PLACE_NAMES else replacement, text)
