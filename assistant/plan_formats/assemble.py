"""Assembling plan rows from table rows, whatever layout they were read from.

Every format parser (Word tables, tab-separated text, one cell per line, OCR) ends up feeding the
same :class:`Assembler`: a band row ("MỨC 1, 2, 3" / "MỨC 4"), a standard heading, the start of a
criterion, and the values of the cells that follow.  The assembler decides what a value that comes
after the first row of a criterion means:

* the same text again is a merged cell repeated (Word vertical merges, seed 001) and is dropped;
* text that continues the previous value mid-sentence is a row split over a page (seed 002 1.6);
* a different owner, time, budget or target opens a sub-row of the same criterion, one per
  solution with its own owner and time (seed 002 Tiêu chuẩn 5);
* an extra action line alone is added to the criterion's actions (seed 002 3.5).

Rows whose criterion label is missing are resolved at the end from the catalogue order between
their labelled neighbours, with a lower confidence and a warning (seed 001 after 2.1).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from corpus.text import fold

from ..domain import Band, Framework, PlanRow
from ..vocab import Vocabulary
from .cells import (
    END_MARKS,
    action_lines,
    continues,
    ends_sentence,
    flat,
    is_time,
    join,
    starts_item,
    strip_bullet,
)
from .resolve import criterion_name, resolve_unlabelled

SINGLE_FIELDS = ("target", "content", "owners", "timeline", "budget", "support", "note", "status")
LIST_FIELDS = ("actions", "indicators", "evidence")
# A different value in one of these opens a sub-row (its own solution, owner, time, budget).
SPLITTING = ("target", "owners", "timeline", "budget", "support")
_STATUSES = {fold(s): s for s in ("Hoàn thành", "Đang thực hiện", "Chưa hoàn thành")}


@dataclass
class Draft:
    """A plan row being built."""

    code: str | None
    standard: str
    band: Band
    label: str = ""
    confidence: float = 1.0
    single: dict[str, str] = field(default_factory=lambda: dict.fromkeys(SINGLE_FIELDS, ""))
    lists: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in LIST_FIELDS})
    fed: bool = False
    sub_row: bool = False

    def empty(self) -> bool:
        """True when no cell of the row has any content (a blank template row)."""
        return not any(self.single.values()) and not any(self.lists.values())


class Assembler:
    """Collects band/standard/criterion events and cell values into :class:`PlanRow` values."""

    def __init__(
        self,
        framework: Framework | None,
        vocab: Vocabulary,
        *,
        confidence: float = 1.0,
        infer_by_order: bool = True,
        expect_target: bool = True,
        expect_owners: bool = False,
    ) -> None:
        self.framework = framework
        self.expect_target = expect_target
        self.expect_owners = expect_owners
        self.infer_by_order = infer_by_order
        self.vocab = vocab
        self.base_confidence = confidence
        self.band: Band = "1-3"
        self.standard_code = ""
        self.free = False  # under a group of issues outside the criteria ("Vấn đề ưu tiên khác")
        self.drafts: list[Draft] = []
        self.titles: dict[str, str] = {}
        self.warnings: list[str] = []
        self.blank_rows = 0

    # ---- events ---------------------------------------------------------------------------

    @property
    def current(self) -> Draft | None:
        """The row being filled, if any."""
        return self.drafts[-1] if self.drafts else None

    def set_band(self, band: Band) -> None:
        """A band row: the criteria that follow are Mức 1-3 criteria or Mức 4 items."""
        self.band = band

    def set_standard(self, code: str) -> None:
        """A "Tiêu chuẩn N" heading row."""
        self.standard_code = code
        self.free = False

    def set_group(self, free: bool) -> None:
        """A group row that is not a standard; ``free``: its rows name no criterion ("... khác").

        The rows of such a group keep an empty criterion instead of one guessed from their topic.
        """
        self.free = free

    def start(
        self, code: str | None, title: str = "", label: str = "", confidence: float | None = None,
        band: Band | None = None,
    ) -> None:
        """Open a new row for a criterion (``code`` None when its label is missing).

        ``band`` overrides the current band for this row only (a "Mức 4, tiêu chí 1" label in a
        table without band rows).
        """
        base = self.base_confidence if confidence is None else confidence
        if code is None and self.free:
            code = ""  # deliberately without a criterion: nothing to infer
        standard = code.split(".")[0] if code and "." in code else self.standard_code
        if code and "." in code:
            self.standard_code = standard
        self.drafts.append(
            Draft(code=code, standard=standard, band=band or self.band, label=label, confidence=base)
        )
        if code and title and not self.titles.get(code):
            self.titles[code] = title

    def extend_title(self, text: str) -> bool:
        """Append a title continuation (a label cell split over a page); False if no open row."""
        draft = self.current
        if draft is None or not draft.code:
            return False
        self.titles[draft.code] = f"{self.titles.get(draft.code, '')} {text}".strip()
        return True

    def feed(self, values: Mapping[str, str], *, continued: bool = False) -> None:
        """Add the cell values of one table row (or one loose cell) to the open criterion.

        ``continued``: the row has neither a number nor a label, so it is the rest of the row above
        cut by a page break; a sentence left unfinished there goes on even with a capital ("...
        địa phương tỉnh" / "Bình Dương cho khối 6, 7.").
        """
        values = {k: v for k, v in values.items() if v and v.strip()}
        if not values:
            return
        draft = self.current
        if draft is None:
            self.start(None)
            draft = self.drafts[-1]
        if draft.fed and self._opens_sub_row(draft, values):
            draft = self._sub_row(draft)
            continued = False
        self._fill(draft, values, continued)
        draft.fed = True

    # ---- filling --------------------------------------------------------------------------

    def _opens_sub_row(self, draft: Draft, values: Mapping[str, str]) -> bool:
        for kind in SPLITTING:
            new = strip_bullet(flat(values.get(kind, "")))
            old = draft.single[kind]
            if new and old and new != old and not continues(old, new):
                return True
        return False

    def _sub_row(self, draft: Draft) -> Draft:
        sub = Draft(
            code=draft.code, standard=draft.standard, band=draft.band, label=draft.label,
            confidence=draft.confidence, sub_row=True,
        )
        sub.single["target"] = draft.single["target"]
        sub.single["content"] = draft.single["content"]
        self.drafts.append(sub)
        return sub

    def _fill(self, draft: Draft, values: Mapping[str, str], continued: bool = False) -> None:
        for kind, raw in values.items():
            if kind in LIST_FIELDS:
                lines = draft.lists[kind]
                if continued and lines and not ends_sentence(lines[-1]) and not starts_item(raw):
                    first, *rest = action_lines(raw) or [""]
                    lines[-1] = lines[-1] + first if first in END_MARKS else join(lines[-1], first)
                    raw = "\n".join(rest)
                self._add_lines(lines, raw)
            elif kind in SINGLE_FIELDS:
                value = strip_bullet(flat(raw))
                old = draft.single[kind]
                if value in END_MARKS:
                    draft.single[kind] = old + value if old else ""  # a full stop pushed onto the next page
                elif not old or (draft.sub_row and not draft.fed and kind == "target"):
                    draft.single[kind] = value
                elif value != old and continues(old, value):
                    draft.single[kind] = join(old, value)
                elif value != old and value not in old:
                    draft.single[kind] = f"{old}; {value}"

    @staticmethod
    def _add_lines(lines: list[str], raw: str) -> None:
        for line in action_lines(raw):
            if line in END_MARKS:
                if lines:
                    lines[-1] += line  # a full stop pushed onto the next page
            elif lines and continues(lines[-1], line, numbers=True):
                lines[-1] = join(lines[-1], line)
            elif line not in lines:
                lines.append(line)

    # ---- results --------------------------------------------------------------------------

    def rows(self) -> list[PlanRow]:
        """The finished rows (blank template rows dropped, missing labels resolved)."""
        kept = []
        for draft in self.drafts:
            if draft.empty():
                self.blank_rows += 1 if not draft.sub_row else 0
            else:
                kept.append(draft)
        self.warnings.extend(resolve_unlabelled(kept, self.framework, by_order=self.infer_by_order))
        return [self._row(d) for d in kept]

    def _row(self, d: Draft) -> PlanRow:
        code = d.code or ""
        title = self.titles.get(code, "")
        if not title:
            title = self._catalogue_title(code, d.band)
        status = _STATUSES.get(fold(d.single["status"]).strip(" ."), "")
        self._check(d, code)
        return PlanRow(
            criterion=code,
            criterion_title=title,
            standard=d.standard if d.band == "1-3" else "",
            band=d.band,
            content=d.single["content"],
            target=d.single["target"],
            actions=tuple(d.lists["actions"]),
            indicators=tuple(d.lists["indicators"]),
            owners=d.single["owners"],
            timeline=d.single["timeline"],
            budget=d.single["budget"],
            support=d.single["support"],
            evidence=tuple(d.lists["evidence"]),
            note=d.single["note"] if status or not d.single["status"] else _join(d.single["note"], d.single["status"]),
            status=status,  # type: ignore[arg-type]
            confidence=round(min(1.0, max(0.0, d.confidence)), 2),
        )

    def _catalogue_title(self, code: str, band: Band) -> str:
        """The title the catalogue gives a criterion (or a Mức 4 item), for rows that quote none."""
        if self.framework is None or not code:
            return ""
        if band == "4":
            item = next((i for i in self.framework.level4 if str(i.number) == code), None)
            return item.text if item else ""
        criterion = self.framework.criterion(code)
        return criterion.title if criterion else ""

    def _check(self, d: Draft, code: str) -> None:
        """Warnings about a row the school should look at again (not parse failures)."""
        name = criterion_name(code, d.band)
        if d.sub_row:
            return
        if not d.lists["actions"]:
            self.warnings.append(f"{name}: không có công việc/giải pháp.")
        if self.expect_target and not d.single["target"] and not d.single["content"]:
            self.warnings.append(f"{name}: không ghi kết quả cần đạt.")
        if self.expect_owners and not d.single["owners"]:
            self.warnings.append(f"{name}: chưa ghi người chủ trì/thực hiện.")
        if fold(d.single["owners"]).strip(" .") == "khong":
            self.warnings.append(f"{name}: cột chủ trì ghi “{d.single['owners']}”, chưa có người phụ trách.")
        timeline = d.single["timeline"]
        if timeline and not is_time(timeline):
            self.warnings.append(
                f"{name}: cột thời gian ghi “{timeline}”, không giống một mốc thời gian (có thể nhập nhầm cột)."
            )
        if code and self.framework and d.band == "1-3" and self.framework.criterion(code) is None:
            self.warnings.append(f"{name}: không có trong bộ tiêu chí {self.framework.circular}.")


def _join(*parts: str) -> str:
    return "; ".join(p for p in parts if p)
