"""Words of OCR text and the few fields that can be recognised in them without guessing.

Words are compared accent-folded and with one edit allowed (OCR reads "Ngân sách" as "Ngén sach",
"Hiệu trưởng" as "Higu trudng"), and only for words of four letters or more, so short words are
never matched by accident.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from corpus.text import fold, nfc

from ..vocab import Vocabulary

_OCR_CHARS = str.maketrans({"¢": "e", "€": "e", "&": "e", "@": "a"})
_JUNK_CHARS = "[]{}~=*‘’“”'\"¥`^_|\\"
_SYMBOL_LINE = re.compile(r"(?:^|\s)[^\w\s,.;:()/-](?:\s|$)|[¥*=~]")
_DATE = re.compile(r"^(\d{1,3})/(20\d\d)[,.;)]?$")
_SEVEN_AS_SLASH = re.compile(r"^(1[0-2]|0?[1-9])7(20\d\d)$")
_GAP = 6
# How OCR spells the words of the recognised cells (accent-folded): Tháng, Ngân sách, Công đoàn.
FIELD_WORDS = {
    "thang": re.compile(r"^th(?:a|e|i|ea|ie)ng$"),
    "ngan": re.compile(r"^ng(?:a|e|ea|ie)n$"),
    "sach": re.compile(r"^s(?:a|e|i|ea)ch$"),
    "cong": re.compile(r"^c(?:o|e|oe|eo)ng$"),
    "doan": re.compile(r"^(?:doa?n|dodn)$"),
}


@dataclass(frozen=True)
class Token:
    """One word: the line of the row it is on, as read, and folded for matching."""

    line: int
    text: str
    folded: str


@dataclass(frozen=True)
class DateToken:
    """A month/year date found at token ``index`` ("11/2022")."""

    index: int
    text: str


def ocr_fold(word: str) -> str:
    """Accent-folded word with common OCR substitutions undone and punctuation stripped."""
    return fold(word).translate(_OCR_CHARS).strip(".,;:()!?-")


def close(token: str, word: str) -> bool:
    """Equal, or one edit apart when both have four letters or more (same first letter)."""
    if token == word:
        return True
    if len(word) < 4 or len(token) < 4 or abs(len(token) - len(word)) > 1 or token[0] != word[0]:
        return False
    previous = list(range(len(word) + 1))
    for i, ca in enumerate(token, 1):
        current = [i]
        for j, cb in enumerate(word, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1] <= 1


def field_word(folded: str, word: str) -> bool:
    """Whether an OCR word is one of the field words ("Ngén" is "ngan", "Coéng" is "cong")."""
    return bool(FIELD_WORDS[word].match(folded))


def month_word(folded: str) -> bool:
    """"Tháng" as OCR writes it ("Thang", "Théng", "Thing", "Théang")."""
    return field_word(folded, "thang")


def tokenise(lines: Sequence[str], *, drop_lead: bool = False) -> list[Token]:
    """Words of the lines; with ``drop_lead`` the row number and code before the first word go."""
    tokens: list[Token] = []
    for number, line in enumerate(lines):
        words = re.split(r"[\s|]+", line)
        if drop_lead and number == 0:
            while words and not re.search(r"[^\W\d_]{2,}", words[0]):
                words.pop(0)
        for raw in words:
            text = raw.strip(_JUNK_CHARS)
            if len(text) < 2 and not text.isdigit():
                continue
            tokens.append(Token(number, text, ocr_fold(text)))
    return tokens


def find_dates(tokens: Sequence[Token]) -> list[DateToken]:
    """Month/year dates in order; "1172022" is read as "11/2022", "101/2023" as "01/2023"."""
    found = []
    for index, token in enumerate(tokens):
        m = _DATE.match(token.text) or _SEVEN_AS_SLASH.match(token.text)
        if not m:
            continue
        month = m.group(1)
        if len(month) == 3:
            month = month[1:] if 1 <= int(month[1:]) <= 12 else month[2:]
        if 1 <= int(month) <= 12:
            found.append(DateToken(index, f"{month}/{m.group(2)}"))
    return found


def pair_positions(tokens: Sequence[Token], first: str, second: str, window: int = 10) -> list[int]:
    """Where ``first`` is followed within ``window`` words by ``second`` ("Ngan" ... "sach")."""
    out = []
    for i, token in enumerate(tokens):
        if field_word(token.folded, first) and any(
            field_word(t.folded, second) for t in tokens[i + 1 : i + 1 + window]
        ):
            out.append(i)
    return out


def _phrases(vocab: Vocabulary) -> list[tuple[str, tuple[str, ...]]]:
    """Role names with their folded spellings as word tuples, longest first."""
    out = []
    for role in vocab.roles:
        for spelling in role.spellings():
            words = tuple(spelling.split())
            if 2 <= len(words) <= 4:
                out.append((role.name, words))
    return sorted(out, key=lambda item: -len(item[1]))


def is_field(token: Token) -> bool:
    """A word of a recognised cell (month word, budget, supervisor) or a date."""
    return bool(_DATE.match(token.text) or _SEVEN_AS_SLASH.match(token.text)) or any(
        pattern.match(token.folded) for pattern in FIELD_WORDS.values()
    )


def _matches(tokens: Sequence[Token], start: int, words: tuple[str, ...]) -> list[int] | None:
    """Indexes of ``words`` matched from ``start``, or None.

    Cells of a row are interleaved line by line, so after a capitalised first word ("Hiéu" at the
    top of the owner column) the next word may come after the words of the cells to its right:
    any number of field words and at most four others are skipped.
    """
    if not close(tokens[start].folded, words[0]):
        return None
    gapped = tokens[start].text[:1].isupper() and len(words[0]) >= 4
    found = [start]
    for word in words[1:]:
        others = 0
        position = found[-1] + 1
        while position < len(tokens) and not close(tokens[position].folded, word):
            if not gapped or others >= 4 and not is_field(tokens[position]) or position - found[-1] > 12:
                return None
            others += 0 if is_field(tokens[position]) else 1
            position += 1
        if position >= len(tokens):
            return None
        found.append(position)
    return found


def owners_near(tokens: Sequence[Token], before: int, vocab: Vocabulary, reach: int = 6) -> tuple[list[str], set[int]]:
    """Roles that start within ``reach`` words before index ``before`` (the first time cell).

    The owner column sits just left of the time column, so its words come right before the first
    "Tháng"/date of the row; roles named elsewhere in the row belong to its content or solution.
    Returns the role names and the indexes of their words.
    """
    phrases = _phrases(vocab)
    names: list[str] = []
    used: set[int] = set()
    for start in range(max(0, before - reach), before):
        if start in used:
            continue
        for name, words in phrases:
            hit = _matches(tokens, start, words)
            if hit is not None:
                if name not in names:
                    names.append(name)
                used.update(hit)
                break
    return names, used


def residual_text(tokens: Sequence[Token], skip: Iterable[int]) -> str:
    """The words not used for a recognised field, as read (month words and numbers removed)."""
    skipped = set(skip)
    words = [
        t.text for i, t in enumerate(tokens)
        if i not in skipped and not month_word(t.folded) and not re.fullmatch(r"\d{1,3}", t.text)
    ]
    return nfc(" ".join(words)).strip(" ,;")


def is_junk_line(line: str) -> bool:
    """OCR noise lines: stray symbols, single letters, fragments of stamps or signatures."""
    text = line.strip()
    if not text or re.fullmatch(r"[\d.,/ ]+", text):
        return False
    if not re.search(r"[^\W\d_]{2,}", text):
        return True
    words = text.split()
    if all(len(w) <= 2 for w in words):
        return True
    if len(text) <= 12 and _SYMBOL_LINE.search(text):
        return True
    return len(words) == 1 and text.isupper() and len(text) <= 5
