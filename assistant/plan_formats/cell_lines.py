"""Plan tables exported one cell per line (seed 001 and the blank template, seed 004).

Some converters write a Word table as one line per cell, each line starting with a tab, rows
separated by blank lines, empty cells dropped or kept at random and vertically merged cells
repeated.  Positions are therefore useless; each cell is classified by what it says (a criterion
label, a target "Đạt Mức 2", a time, an owner, a budget) and by the order cells follow in a row
(target, actions, owners, time, budget, other support, note).  A target that arrives when the open
row already has one starts a row whose label is missing (seed 001 after Tiêu chí 2.1).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from corpus.text import fold

from .assemble import Assembler
from .cells import clean_cell, continues, is_budget, is_owner, is_target, is_time
from .columns import Kind, column_kind
from .labels import band_of, label_code, label_title, standard_heading

CONFIDENCE = 0.9  # fields placed by content, not by column position
_SLOTS = ("target", "actions", "owners", "timeline", "budget", "support", "note")
_END = re.compile(r"^\s*(?:[IVX]{1,4}\s*[.)]\s+\S|n[oơ]i\s+nh[aậ]n\b)", re.IGNORECASE)
_ROW_NUMBER = re.compile(r"^\d{1,3}\.?$")


def cells_of(line: str) -> list[str]:
    """The non-empty cells of one line (split at tabs)."""
    return [c for c in (clean_cell(p) for p in line.split("\t")) if c]


def find_header(lines: Sequence[str], need: int = 4) -> tuple[int, tuple[Kind, ...]] | None:
    """The last line of a header written one cell per line and the columns it names, or None.

    The header is a run of consecutive short lines (blank lines allowed) whose cells name at least
    ``need`` different plan columns, one of them the actions column.
    """
    found = header_span(lines, need)
    return (found[1], found[2]) if found else None


def header_span(lines: Sequence[str], need: int = 4) -> tuple[int, int, tuple[Kind, ...]] | None:
    """Like :func:`find_header`, with the header's first line too: (first, last, kinds)."""
    kinds: list[Kind] = []
    start = 0
    for i, line in enumerate(lines):
        cells = cells_of(line)
        if not cells:
            continue
        line_kinds = [column_kind(c) for c in cells if len(c) < 70]
        if not line_kinds or set(line_kinds) <= {"extra"}:
            kinds = []
            continue
        if not kinds:
            start = i
        kinds.extend(line_kinds)
        known = set(kinds) - {"extra", "tt"}
        if len(known) >= need and "actions" in known and i + 1 < len(lines):
            nxt = cells_of(lines[i + 1]) if lines[i + 1].strip() else []
            if not nxt or column_kind(nxt[0]) in ("extra", "tt") or column_kind(nxt[0]) in kinds:
                return start, i, tuple(kinds)
    return None


class CellLineReader:
    """Feeds cells written one per line to an :class:`Assembler`."""

    def __init__(self, assembler: Assembler, header: Sequence[str] = ()) -> None:
        self.asm = assembler
        self.vocab = assembler.vocab
        # The header's cells, printed again at the top of each page of a PDF the text was copied from.
        self.header = {fold(c) for line in header for c in cells_of(line)}
        self.last: tuple[str, str] | None = None  # the field and text of the last cell fed

    def read(self, lines: Sequence[str]) -> None:
        """Process the lines below the header until the next section heading."""
        for line in lines:
            if "\t" not in line and _END.match(line):
                break
            for cell in cells_of(line):
                self.cell(cell)

    def cell(self, text: str) -> None:
        """Classify one cell and pass it on."""
        asm = self.asm
        if fold(text) in self.header:
            return
        if self.last is not None and self._wrapped(text):
            # A long cell wrapped onto the next line ("... 100% tổ chuyên môn" / "trong năm học.")
            kind, before = self.last
            asm.feed({kind: text})
            self.last = (kind, f"{before} {text}")
            return
        self.last = None
        band = band_of([text])
        if band:
            asm.set_band(band)
            return
        standard = standard_heading(text)
        if standard:
            asm.set_standard(standard)
            return
        code = label_code(text, asm.band, "")
        if code and len(text) < 200:
            asm.start(code, title=label_title(text), label=text)
            return
        if _ROW_NUMBER.match(text):
            return
        if is_target(text) and len(text.split()) <= 8:
            draft = asm.current
            if draft is not None and draft.single["target"] == text:
                return  # a merged target cell repeated
            if draft is not None and draft.fed and self._slot() >= 0:
                asm.start(None)
            asm.feed({"target": text})
            return
        kind = self._kind(text)
        asm.feed({kind: text})
        self.last = (kind, text)

    def _wrapped(self, text: str) -> bool:
        """A lower-case line that goes on the last cell's sentence and is no value of its own.

        "trong năm học." goes on an action; "phó hiệu trưởng, tổ trưởng chuyên môn" is the owner cell.
        """
        if self.last is None or not text[:1].islower() or not continues(self.last[1], text):
            return False
        dated = is_time(text) and any(ch.isdigit() for ch in text)
        return not (dated or is_owner(text, self.vocab) or is_budget(text) or is_target(text))

    def _slot(self) -> int:
        """The last position filled in the open row (-1 when none)."""
        draft = self.asm.current
        if draft is None:
            return -1
        filled = [i for i, k in enumerate(_SLOTS) if draft.single.get(k) or draft.lists.get(k)]
        return max(filled, default=-1)

    def _kind(self, text: str) -> str:
        slot = self._slot()
        if is_time(text) and len(text.split()) <= 16:
            return "timeline"
        if slot < _SLOTS.index("owners"):
            return "owners" if is_owner(text, self.vocab) else "actions"
        if slot == _SLOTS.index("owners"):
            return "owners" if is_owner(text, self.vocab) else "actions"
        draft = self.asm.current
        if is_budget(text) and draft is not None and not draft.single["budget"]:
            return "budget"
        if draft is not None and draft.single["support"]:
            return "note"
        return "support"
