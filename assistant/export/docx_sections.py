"""Pieces of content shared by both templates: numbered lists, labels, row order, organisation."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from docx.document import Document

from ..domain import Framework, OrganisationItem, PlanRow
from .docx_common import add_body, add_heading

_MARKER = re.compile(r"^\s*(?:[-–•+*]|\d{1,2}[.)]|[a-zđ][.)])\s+", re.IGNORECASE)
LETTERS = ("a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n")


def strip_marker(text: str) -> str:
    """Drop a leading list marker ("- ", "1. ", "a) ") so the document numbers items itself."""
    return _MARKER.sub("", text.strip(), count=1).strip()


def add_numbered(doc: Document, items: Iterable[str], *, style: str = "number") -> None:
    """Body paragraphs numbered "1." / "a)" / "-" in order, whatever markers the items came with."""
    for i, item in enumerate(i for i in (strip_marker(t) for t in items) if i):
        if style == "number":
            prefix = f"{i + 1}. "
        elif style == "letter":
            prefix = f"{LETTERS[i % len(LETTERS)]}) "
        else:
            prefix = "- "
        add_body(doc, prefix + item)


def add_organisation(doc: Document, items: Sequence[OrganisationItem]) -> None:
    """ "1. <role>" as a sub-heading, then its duties, one paragraph per line."""
    for i, item in enumerate(items, 1):
        add_heading(doc, f"{i}. {strip_marker(item.role)}", level=2)
        lines = [strip_marker(x) for x in item.duties.split("\n") if x.strip()]
        for line in lines:
            add_body(doc, f"- {line}" if len(lines) > 1 else line)


def action_lines(items: Sequence[str]) -> list[str]:
    """Cell lines for a list of actions: a dash before each when there are several."""
    texts = [strip_marker(t) for t in items if t.strip()]
    return [f"- {t}" for t in texts] if len(texts) > 1 else texts


def criterion_title(row: PlanRow, framework: Framework) -> str:
    """The row's own criterion title, else the catalogue's."""
    if row.criterion_title.strip():
        return row.criterion_title.strip()
    found = framework.criterion(row.criterion)
    return found.title if found else ""


def criterion_label(row: PlanRow, framework: Framework) -> str:
    """ "Tiêu chí 1.4: Hiệu trưởng, phó hiệu trưởng, tổ chuyên môn và tổ văn phòng"."""
    title = criterion_title(row, framework)
    return f"Tiêu chí {row.criterion}: {title}" if title else f"Tiêu chí {row.criterion}"


def level4_label(row: PlanRow) -> str:
    """A Mức 4 item is named by its number in Điều 22 ("Tiêu chí 1"), with the typed title if any."""
    title = row.criterion_title.strip()
    return f"Tiêu chí {row.criterion}: {title}" if title else f"Tiêu chí {row.criterion}"


def standard_of(row: PlanRow, framework: Framework) -> str:
    """Standard code of a row: its own, the catalogue's, or the code before the dot."""
    if row.standard.strip():
        return row.standard.strip()
    found = framework.criterion(row.criterion)
    return found.standard if found else row.criterion.split(".")[0]


def standard_label(code: str, framework: Framework) -> str:
    """ "Tiêu chuẩn 1: Tổ chức và quản lý nhà trường" (a non-code is shown as given)."""
    found = framework.standard(code)
    if found:
        return f"Tiêu chuẩn {found.code}: {found.title}"
    return code if not code.isdigit() else f"Tiêu chuẩn {code}"


def _code_key(code: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 999 for p in code.split("."))


def catalogue_order(rows: Sequence[PlanRow], framework: Framework) -> list[PlanRow]:
    """Rows sorted by the catalogue position of their criterion; ties keep the plan's order."""
    position = {c.code: i for i, c in enumerate(framework.criteria)}
    return sorted(rows, key=lambda r: (position.get(r.criterion, 10_000), _code_key(r.criterion)))


def group_by(rows: Sequence[PlanRow], key) -> list[tuple[str, list[PlanRow]]]:
    """Consecutive-or-not rows grouped by ``key``, groups in order of first appearance."""
    groups: dict[str, list[PlanRow]] = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    return list(groups.items())
