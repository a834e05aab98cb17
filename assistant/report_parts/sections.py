"""Cutting a report into criterion sections, standard conclusions and Mức 4 items.

A single pass over the lines recognises headings ("Tiêu chí 1.1:", "TIÊU CHÍ 1.1.", "Tiêu chí 1:"
numbered within "Tiêu chuẩn 2", "1.1. <catalogue title>"), standard headings and conclusions, the
Mức 4 part and the closing parts.  Each heading opens a section that runs to the next heading.
The same code can head several sections (table of contents, flattened summary rows, the real
section); the one with the most content is the criterion's section, the others are "mentions".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from corpus.text import fold

from .items import RunIn
from .patterns import (
    BARE_CODE_HEAD,
    CRITERION_HEAD,
    CRITERION_LOCAL,
    CRITERION_MISREAD,
    END_PART,
    LEVEL4_PART,
    MARKS,
    PART_HEAD,
    STANDARD_CONCLUSION,
    STANDARD_HEAD,
    SUBSECTIONS,
    SUMMARY_HEAD,
    TOC_TAIL,
    standard_number,
)
from .textlines import Line, TextLines

MAX_HEADING = 300  # a heading line longer than this is a sentence that happens to start "Tiêu chí"
MAX_LEVEL4_HEADING = 800  # Mức 4 items are headed by their full text


@dataclass
class Section:
    """Lines from one heading to the next."""

    kind: str  # "criterion" | "level4" | "standard" | "conclusion" | "summary" | "end" | "part"
    key: str  # criterion code, Mức 4 item number, standard code, or ""
    head: Line
    rest: str  # heading text after the code (title, marks...)
    lines: list[Line] = field(default_factory=list)
    runin: RunIn | None = None  # description text run on after the heading's title, same paragraph

    @property
    def body(self) -> list[Line]:
        """Lines after the heading (led by the run-in text after the title, if any)."""
        return ([self.runin] if self.runin is not None else []) + self.lines[1:]

    def score(self) -> int:
        """How much criterion content the section holds (used to pick the real section)."""
        marks = sum(
            10 for ln in self.body if not ln.in_table and any(p.match(ln.folded) for _, p in SUBSECTIONS)
        )
        return marks + sum(1 for ln in self.body if ln.text.strip())


@dataclass
class Outline:
    """All sections of a report, in order, plus the criterion sections chosen per code."""

    sections: list[Section]
    criteria: dict[str, Section]
    mentions: dict[str, list[Section]]
    duplicates: list[str]


def _title_variants(title: str) -> list[set[str]]:
    """Words of a catalogue title, with and without its parenthesised part (schools often drop
    "(Hội đồng quản trị đối với trường tư thục)")."""
    full = set(re.findall(r"[a-z0-9]+", fold(title)))
    short = set(re.findall(r"[a-z0-9]+", fold(re.sub(r"\([^)]*\)", " ", title))))
    return [full, short] if short != full else [full]


def _title_match(rest: str, titles: Iterable[str]) -> bool:
    """True when a heading's text is close to a catalogue title of that code: it covers most of
    the title, or it is a shortened title (three or more words, nearly all from the title)."""
    words = set(re.findall(r"[a-z0-9]+", rest))
    if not words:
        return False
    for title in titles:
        for t in _title_variants(title):
            common = len(words & t)
            if t and common / len(t) >= 0.6:
                return True
            if common >= 3 and common / len(words) >= 0.85:
                return True
    return False


def _clean_rest(rest: str) -> str:
    rest = TOC_TAIL.sub("", rest) if re.search(r"\.{3,}|…", rest) else rest
    return rest.strip(" :.-–—)\t")


def _is_mention(rest: str) -> bool:
    """Heading text that is really a summary row or a result ("x x", "Đạt Mức 2", "15")."""
    stripped = rest.strip()
    if not stripped:
        return False
    if MARKS.fullmatch(" " + stripped) or re.fullmatch(r"[\d\s.…]+", stripped):
        return True
    return bool(re.match(r"^(?:dat|khong dat|chua dat)\b", stripped))


def outline(lines: TextLines, titles: dict[str, list[str]]) -> Outline:
    """Cut the report into sections; ``titles`` maps criterion codes to catalogue titles."""
    sections: list[Section] = []
    standard = ""
    in_level4 = False
    current: Section | None = None
    for line in lines.lines:
        in_conclusion = current is not None and current.kind == "conclusion"
        found = None if line.in_table else _heading(line, standard, in_level4, titles, in_conclusion)
        if found is not None:
            kind, key, rest = found
            if kind == "standard":
                standard, in_level4 = key, False
            elif kind == "level4part":
                in_level4, standard = True, ""
            elif kind in ("end", "summary", "part"):
                in_level4 = False
                standard = "" if kind != "part" else standard
            current = Section(kind=kind, key=key, head=line, rest=rest, lines=[line])
            if kind == "criterion":
                current.runin = _run_in_tail(line, titles.get(key, []))
            sections.append(current)
            continue
        if current is not None:
            current.lines.append(line)
    return _choose(sections)


def _heading(
    line: Line, standard: str, in_level4: bool, titles: dict[str, list[str]], in_conclusion: bool = False
) -> tuple[str, str, str] | None:
    folded = line.folded.strip()
    if not folded:
        return None
    if len(folded) > (MAX_LEVEL4_HEADING if in_level4 else MAX_HEADING):
        return None if in_level4 else _run_in_heading(folded, titles)
    if m := STANDARD_CONCLUSION.match(folded):
        return "conclusion", standard_number(m.group(1)), folded[m.end() :]
    if m := CRITERION_HEAD.match(folded):
        code = f"{int(m.group(1))}.{int(m.group(2))}"
        rest = _clean_rest(m.group("rest"))
        if _is_reference(folded, rest, titles.get(code, []), in_conclusion):
            return None
        return "criterion", code, rest
    if (m := CRITERION_MISREAD.match(folded)) and not in_level4:
        code = f"{_digits(m.group(1))}.{_digits(m.group(2))}"
        rest = _clean_rest(m.group("rest"))
        if _title_match(rest, titles.get(code, [])):
            return "criterion", code, rest
    if m := CRITERION_LOCAL.match(folded):
        n = int(m.group(1))
        rest = _clean_rest(m.group("rest"))
        if in_level4:
            return "level4", str(n), rest
        if len(folded) > MAX_HEADING:
            return None
        if standard:
            return "criterion", f"{int(standard)}.{n}", rest
        return None
    if m := STANDARD_HEAD.match(folded):
        return "standard", standard_number(m.group(1)), _clean_rest(m.group("rest"))
    if LEVEL4_PART.match(folded) and len(folded) < 120:
        return "level4part", "", folded
    if END_PART.match(folded):
        return "end", "", folded
    if SUMMARY_HEAD.search(folded) and len(folded) < 160:
        return "summary", "", folded
    if PART_HEAD.match(folded) and len(folded) < 100:
        return "part", "", folded
    if m := BARE_CODE_HEAD.match(folded):
        code = f"{int(m.group(1))}.{int(m.group(2))}"
        rest = _clean_rest(m.group("rest"))
        if _title_match(rest, titles.get(code, [])):
            return "criterion", code, rest
    return None


def _run_in_heading(folded: str, titles: dict[str, list[str]]) -> tuple[str, str, str] | None:
    """A long paragraph that opens with a criterion code and its catalogue title, then runs on
    into the description ("Tiêu chí 1.2. Cơ cấu tổ chức .... Nhà trường có ..."): a run-in heading.
    Only the first sentence must be the title, so ordinary sentences naming a criterion stay text."""
    m = CRITERION_HEAD.match(folded)
    if m is None or re.match(r"^\s*[-+•*–●]", folded):
        return None
    code = f"{int(m.group(1))}.{int(m.group(2))}"
    first = re.split(r"[.:;]\s", m.group("rest") + " ", maxsplit=1)[0]
    first = _clean_rest(first)
    return ("criterion", code, first) if _title_match(first, titles.get(code, [])) else None


def _run_in_tail(line: Line, titles: list[str]) -> RunIn | None:
    """The text after the title of a heading that runs on into its description ("Tiêu chí 1.1:
    <title>. Nhà trường có ..."), as a line of its own; None unless the heading's first sentence
    is the catalogue title (as for long run-in headings) and real text follows."""
    lead = len(line.folded) - len(line.folded.lstrip())
    m = CRITERION_HEAD.match(line.folded[lead:])
    if m is None:
        return None
    rest = m.group("rest")
    skip = len(rest) - len(rest.lstrip(" :.-–—)\t"))
    stop = re.compile(r"[.:;]\s").search(rest, skip)
    if stop is None or not _title_match(_clean_rest(rest[: stop.start()]), titles):
        return None
    offset = lead + m.start("rest") + stop.end()
    while offset < len(line.text) and line.text[offset].isspace():
        offset += 1
    tail = line.folded[offset:]
    if len(re.findall(r"[a-z]{2,}", tail)) < 2 or _is_mention(tail) or re.fullmatch(r"[\d\s.…]+", tail):
        return None
    return RunIn(line.index, line.text[offset:], tail, line.start + offset, line.page)


def _is_reference(folded: str, rest: str, titles: list[str], in_conclusion: bool) -> bool:
    """A line naming a criterion inside a list or a standard's conclusion ("- Tiêu chí 1.3: Nhà
    trường chưa ..."), not a heading: bulleted or in a conclusion, followed by a sentence that is
    not the criterion's title."""
    if not rest or _is_mention(rest) or _title_match(rest, titles):
        return False
    return in_conclusion or bool(re.match(r"^\s*[-+•*–●]", folded))


def _digits(text: str) -> int:
    """A number read by OCR, with "l", "i", "|" for 1 and "o" for 0."""
    return int(text.translate(str.maketrans("li|o", "1110")))


def _choose(sections: list[Section]) -> Outline:
    by_code: dict[str, list[Section]] = {}
    for s in sections:
        if s.kind == "criterion":
            by_code.setdefault(s.key, []).append(s)
    criteria: dict[str, Section] = {}
    mentions: dict[str, list[Section]] = {}
    duplicates: list[str] = []
    for code, group in by_code.items():
        candidates = [s for s in group if not _is_mention(s.rest)]
        if not candidates:
            mentions[code] = group
            continue
        best = max(candidates, key=Section.score)
        if best.score() < 3:
            mentions[code] = group
            continue
        criteria[code] = best
        mentions[code] = [s for s in group if s is not best]
        substantial = [s for s in candidates if s.score() >= 12]
        if len(substantial) > 1:
            duplicates.append(code)
    return Outline(sections=sections, criteria=criteria, mentions=mentions, duplicates=duplicates)
