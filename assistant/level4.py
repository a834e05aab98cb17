"""Mức 4 items of the 2018 circulars (Điều 22) as things to plan for, next to the criteria.

A Mức 4 item is not a criterion: it has a number ("Tiêu chí 2" under the "MỨC 4" band of the plan
table), one text and a Đạt / Không đạt result.  Inside the assistant a selected item is keyed
"M4.<n>" (:func:`level4_code`) so it never collides with a criterion code such as "2.1"; in a plan
row it is ``criterion="<n>"`` with ``band="4"``, which is what the export writes and the plan
parser reads back; corpus rows and their ``serves`` use "M4 <n>" (:func:`level4_ref`).
"""

from __future__ import annotations

from .domain import Framework, Level4Item, Level4Result, ParsedReport, PlanRow, Requirement

PREFIX = "M4."


def level4_code(number: int) -> str:
    """The key of a Mức 4 item among selected criteria: "M4.2"."""
    return f"{PREFIX}{number}"


def level4_number(code: str) -> int | None:
    """The item number of a key made by :func:`level4_code`, else None (a criterion code)."""
    if code.startswith(PREFIX) and code[len(PREFIX):].isdigit():
        return int(code[len(PREFIX):])
    return None


def is_level4(code: str) -> bool:
    """True for a Mức 4 item key ("M4.2"), False for a criterion code."""
    return level4_number(code) is not None


def level4_ref(number: int) -> str:
    """The requirement reference of an item, as exemplar rows write it in ``serves``: "M4 2"."""
    return f"M4 {number}"


def code_label(code: str) -> str:
    """How a key reads after "tiêu chí": "3.4" stays, "M4.2" becomes "Mức 4 số 2"."""
    number = level4_number(code)
    return code if number is None else f"Mức 4 số {number}"


def row_key(row: PlanRow) -> str:
    """The selection key a plan row belongs to: its criterion code, or "M4.<n>" in the Mức 4 band."""
    if row.band == "4" and row.criterion.strip().isdigit():
        return level4_code(int(row.criterion))
    return row.criterion


class Level4Requirement(Requirement):
    """A Mức 4 item seen as the one requirement its plan rows serve (``ref`` is "M4 <n>").

    ``criterion`` holds the item number, as in a plan row of the Mức 4 band.
    """

    @property
    def ref(self) -> str:
        """ "M4 2", the form exemplar rows use in ``serves``."""
        return f"M4 {self.criterion}"


def level4_requirement(item: Level4Item) -> Level4Requirement:
    """The requirement a plan row for this item must serve: the item's own text."""
    return Level4Requirement(criterion=str(item.number), level=4, id="*", text=item.text)


def level4_item(framework: Framework, code: str) -> Level4Item | None:
    """The framework's Mức 4 item for a key "M4.<n>" (None for a criterion code or an unknown item)."""
    number = level4_number(code)
    return next((i for i in framework.level4 if i.number == number), None) if number is not None else None


def applies(report: ParsedReport | None, framework: Framework) -> bool:
    """Whether a report's Mức 4 results speak about this framework's items (same catalogue)."""
    return report is not None and report.framework_id in (None, framework.id)


def results(report: ParsedReport | None, framework: Framework) -> dict[int, Level4Result]:
    """A report's Mức 4 results by item number (empty when the report follows another catalogue)."""
    if not applies(report, framework):
        return {}
    assert report is not None
    return {r.number: r for r in report.level4}
