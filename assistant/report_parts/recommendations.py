"""Khuyến nghị of an external evaluation, each tied to the criteria it concerns.

A recommendation written under a criterion, or naming one ("tiêu chí 3.4", "(TC 3.4)"), is tied
by code.  A general one ("Tăng cường bồi dưỡng giáo viên về ứng dụng CNTT") is tied by topic with
the confidence of the match; when nothing stands out it stays untied so the plan can show it as
"chưa gắn tiêu chí" instead of guessing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..domain import Framework, Recommendation
from .items import Item, clean_item, split_parts
from .patterns import STD, standard_number
from .sections import Section
from .textlines import Line, TextLines, fold_same
from .topics import topic_index

_CODE_LIST = re.compile(r"\b(?:tieu\s*chi|tc)\s*((?:\d{1,2}\s*[.,]\s*\d{1,2}(?:\s*(?:,|;|va|-|–|/)\s*)?)+)")
_BRACKET_CODE = re.compile(r"\(\s*(\d)\s*\.\s*(\d{1,2})\s*\)")
_STANDARD = re.compile(rf"\btieu\s*chuan\s*({STD})(?!\s*[.,]\s*\d)")
_REC_HEAD = re.compile(r"^\W*(?:(?:\d{1,2}|[ivx]{1,4}|[a-e])[.)]\s*)?(?:nhung\s*|cac\s*)?khuyen\s*nghi")
# Signatures, the next part, or the closing "Kiến nghị" (to the Sở, asking for recognition), which is
# not a recommendation to the school: a "Kiến nghị" heading alone, or a request to the Sở.
_STOP_LINE = re.compile(
    r"^\W*(?:(?:\d{1,2}|[ivx]{1,4}|[a-e])[.)]\s*kien\s*nghi\W*$|"
    r"truong\s*doan|thu\s*ky|thanh\s*vien|noi\s*nhan|kien\s*nghi\s*(?:voi|doi\s*voi)|kien\s*nghi\W*$|"
    r"(?:doan\s*(?:danh\s*gia\s*ngoai\s*|dgn\s*)?)?de\s*nghi\s*(?:giam\s*doc\s*)?(?:so|cong\s*nhan)|"
    r"phan\s*[ivx\d]+\b)"
)


def codes_in(text: str, framework: Framework) -> list[str]:
    """Criterion codes named in a text that exist in the framework, in order."""
    folded = fold_same(text)
    found: list[str] = []
    for m in _CODE_LIST.finditer(folded):
        found += [f"{int(a)}.{int(b)}" for a, b in re.findall(r"(\d{1,2})\s*[.,]\s*(\d{1,2})", m.group(1))]
    found += [f"{int(a)}.{int(b)}" for a, b in _BRACKET_CODE.findall(folded)]
    known = {c.code for c in framework.criteria}
    return [c for c in dict.fromkeys(found) if c in known]


def tie(
    item: Item, framework: Framework, *, criterion: str | None = None, standard: str | None = None
) -> Recommendation:
    """Tie one recommendation: by the criterion it sits under or names, else by topic."""
    named = codes_in(item.text, framework)
    if criterion and criterion not in named:
        named.insert(0, criterion)
    if named:
        return Recommendation(
            text=item.text, criteria=tuple(named), confidence=1.0, tied_by="code", span=item.span
        )
    if standard is None and (m := _STANDARD.search(fold_same(item.text))):
        standard = standard_number(m.group(1))
    match = topic_index(framework).match(item.text, standard)
    if not match.criteria:
        return Recommendation(text=item.text, criteria=(), confidence=0.0, tied_by="none", span=item.span)
    return Recommendation(
        text=item.text, criteria=match.criteria, confidence=match.confidence, tied_by="topic", span=item.span
    )


def criterion_recommendations(
    lines: TextLines, code: str, section: Section, framework: Framework
) -> list[Recommendation]:
    """Recommendations written inside a criterion's section."""
    parts = split_parts(lines, section.body)
    return [tie(item, framework, criterion=code) for item in parts.items.get("recommendations", [])]


def general_recommendations(
    lines: TextLines, sections: Iterable[Section], framework: Framework
) -> list[Recommendation]:
    """Recommendations outside criterion sections (per standard or for the whole school)."""
    out: list[Recommendation] = []
    for section in sections:
        if section.kind == "criterion" or section.kind == "level4":
            continue
        standard = section.key if section.kind in ("standard", "conclusion") else None
        if _REC_HEAD.match(section.head.folded) and section.kind in ("end", "part", "summary"):
            # "Khuyến nghị đối với Tiêu chuẩn 2:" narrows the topic search to that standard.
            if m := _STANDARD.search(section.head.folded):
                standard = standard_number(m.group(1))
            items = _items_until_stop(lines, section)
        else:
            items = _until_stop(split_parts(lines, section.body).items.get("recommendations", []))
        out.extend(tie(item, framework, standard=standard) for item in items)
    return out


def _items_until_stop(lines: TextLines, section: Section) -> list[Item]:
    """Every paragraph of a khuyến nghị section up to the signatures or the next part."""
    head = section.head
    items: list[Item] = []
    inline = re.split(r"khuyen\s*nghi[^:]*:", head.folded, maxsplit=1)
    if len(inline) == 2 and inline[1].strip():
        offset = len(head.text) - len(inline[1])
        items.append(_item(lines, head, offset))
    for ln in section.body:
        if _STOP_LINE.match(ln.folded):
            break
        if ln.in_table or not ln.text.strip():
            continue
        items.append(_item(lines, ln, 0))
    return [i for i in items if len(i.text) > 8]


def _until_stop(items: list[Item]) -> list[Item]:
    """Items up to the signatures or the next part ("TRƯỞNG ĐOÀN", "Kiến nghị với cơ quan ...")."""
    out: list[Item] = []
    for item in items:
        if _STOP_LINE.match(fold_same(item.text)):
            break
        if len(item.text) > 8:
            out.append(item)
    return out


def _item(lines: TextLines, line: Line, offset: int) -> Item:
    span = lines.line_span(line, offset)
    return Item(text=clean_item(span.text), span=span)
