"""Plan tables given as rows of cells: Word tables and tab-separated text.

Both arrive as a grid (rows of cell strings).  The header row is found by its text and mapped to
column kinds; then each row is classified: a repeated header (tables split over pages repeat it),
a column-numbering row, a band row ("MỨC 1, 2, 3" / "Mức 1,2,3" / "MỨC 4"), a standard heading
("Tiêu chuẩn 1: ..."), the first row of a criterion, or a continuation row.  Merged cells repeated
by the reader (the same text in every cell of a horizontal merge, or in every row of a vertical
one) are recognised by their text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from corpus.text import criterion_code, fold

from ..domain import Band
from .assemble import Assembler
from .cells import clean_cell, continues, flat
from .columns import ColumnMap, is_numbering_row, map_header, merge_header_rows

_BAND = re.compile(r"^muc\s*(1\s*[,;-]?\s*2\s*[,;]?\s*(?:va\s*)?3|1\s*-\s*3|4)\.?$")
_STANDARD = re.compile(r"^tieu\s*chuan\s*(\d{1,2})\b\s*[:.\-–]?\s*(.*)$")
_ITEM = re.compile(r"^tieu\s*chi\s*:?\s*(\d{1,2})\b(?!\s*[.,]\s*\d)\s*[:.\-–]?")
_LABEL_PREFIX = re.compile(r"^\s*(?:tieu\s*chi|tc)\s*:?\s*\d{1,2}(?:\s*[.,]\s*\d{1,2})?\s*[.:\-–]?\s*")


def find_header(grid: Sequence[Sequence[str]], limit: int = 6) -> tuple[int, ColumnMap] | None:
    """The index of the header row and its column map, looking at the first ``limit`` rows.

    A header split over two rows (group headings above sub-headings) is joined first.
    """
    for i, row in enumerate(grid[:limit]):
        cmap = map_header(row)
        if cmap is not None:
            if i + 1 < len(grid):
                joined = map_header(merge_header_rows(row, grid[i + 1]))
                if joined is not None and len(set(joined.kinds)) > len(set(cmap.kinds)):
                    return i + 1, joined
            return i, cmap
    return None


def band_of(cells: Sequence[str]) -> Band | None:
    """The band a row announces, when all its filled cells say "MỨC 1, 2, 3" or "MỨC 4"."""
    values = {fold(flat(c)) for c in cells if flat(c)}
    if len(values) != 1:
        return None
    m = _BAND.match(values.pop())
    if not m:
        return None
    return "4" if m.group(1) == "4" else "1-3"


def standard_of(cells: Sequence[str], cmap: ColumnMap) -> str | None:
    """The standard code when the row is a "Tiêu chuẩn N" heading (other cells empty or equal)."""
    texts = [flat(c) for k, c in zip(cmap.kinds, cells, strict=False) if k != "tt" and flat(c)]
    if not texts or len(set(texts)) != 1:
        return None
    m = _STANDARD.match(fold(texts[0]))
    return str(int(m.group(1))) if m else None


def label_code(label: str, band: Band, standard: str = "") -> str | None:
    """The criterion code of a label cell ("Tiêu chí 3.1.Khuôn viên" -> "3.1"; Mức 4 "Tiêu chí 1" -> "1")."""
    folded = fold(label).strip()
    if band == "4":
        m = _ITEM.match(folded)
        return str(int(m.group(1))) if m else None
    code = criterion_code(label)
    if code is None and standard and re.fullmatch(r"\d{1,2}\.?", folded):
        code = f"{standard}.{int(folded.rstrip('.'))}"
    return code


def label_title(label: str) -> str:
    """The title written after the code in a label cell ("Tiêu chí 1.5: Lớp học" -> "Lớp học")."""
    text = flat(label)
    folded = fold(text)
    m = _LABEL_PREFIX.match(folded)
    if not m:
        return ""
    return text[m.end():].strip(" .:;-–")


def _header_remainder(cells: Sequence[str]) -> bool:
    """The rest of a header row cut by a page break: a few short lower-case words, no label or number."""
    filled = [flat(c) for c in cells if flat(c)]
    return bool(filled) and all(len(c) <= 20 and not c[:1].isupper() and not c[:1].isdigit() for c in filled)


class GridReader:
    """Feeds the rows of one plan table, below its header, to an :class:`Assembler`."""

    def __init__(self, cmap: ColumnMap, assembler: Assembler) -> None:
        self.cmap = cmap
        self.asm = assembler
        self.label_kind = "criterion" if "criterion" in cmap.kinds else "content"
        self.last_tt = ""
        self.after_header = False  # the next row may be the header's remainder after a page break

    def read(self, rows: Sequence[Sequence[str]]) -> None:
        """Process every row (header repeats, their page-split remainder and numbering rows are skipped)."""
        for raw in rows:
            cells = [clean_cell(c) for c in raw]
            if not any(cells) or is_numbering_row(cells):
                continue
            if map_header(cells) is not None:
                self.after_header = True
                continue
            if self.after_header and _header_remainder(cells):
                continue
            self.after_header = False
            self.row(cells)

    def row(self, cells: list[str]) -> None:
        """Classify one row and pass it on."""
        band = band_of(cells)
        if band:
            self.asm.set_band(band)
            return
        standard = standard_of(cells, self.cmap)
        if standard:
            self.asm.set_standard(standard)
            return
        values = self._values(cells)
        tt = flat(values.pop("tt", ""))
        standard_cell = flat(values.pop("standard", ""))
        if standard_cell and re.fullmatch(r"\d{1,2}\.?", standard_cell):
            self.asm.set_standard(str(int(standard_cell.rstrip("."))))
        label = values.pop("criterion", "") if self.label_kind == "criterion" else values.get("content", "")
        self._label(label, tt, values)
        self.asm.feed(values)
        if tt:
            self.last_tt = tt

    def _values(self, cells: list[str]) -> dict[str, str]:
        values: dict[str, str] = {}
        for kind, cell in zip(self.cmap.kinds, cells, strict=False):
            if kind != "extra" and kind not in values:
                values[kind] = cell
        return values

    def _label(self, label: str, tt: str, values: dict[str, str]) -> None:
        """Open a criterion, extend a split title, or open an unlabelled row."""
        asm, draft = self.asm, self.asm.current
        code = label_code(label, asm.band, asm.standard_code) if label else None
        if code is None and self.label_kind == "content":
            code = self._code_in_other_cells(values) or self._code_by_title(label)
        if code:
            same = draft is not None and draft.code == code and flat(label) == draft.label
            if not same:
                title = label_title(label) if self.label_kind == "criterion" else ""
                asm.start(code, title=title, label=flat(label))
            return
        if label and self.label_kind == "criterion":
            if draft is not None and draft.code and continues(asm.titles.get(draft.code, draft.label), label):
                asm.extend_title(flat(label))
                return
            asm.start(None, label=flat(label))
            return
        has_content = any(values.get(k) for k in ("actions", "target", "content"))
        new_number = bool(tt) and tt != self.last_tt and re.fullmatch(r"\d{1,3}\.?", tt) is not None
        if has_content and (draft is None or (new_number and self.label_kind == "criterion")):
            asm.start(None)
        elif has_content and self.label_kind == "content" and draft is not None and draft.fed:
            content = flat(values.get("content", ""))
            if content and content != draft.single["content"] and not continues(draft.single["content"], content):
                asm.start(None)  # a TT57 row whose content names no criterion

    def _code_by_title(self, text: str) -> str | None:
        """The criterion whose catalogue title the content cell quotes (TT57 rows name topics)."""
        framework = self.asm.framework
        folded = fold(text)
        if framework is None or not folded:
            return None
        found = [c.code for c in framework.criteria if len(c.title) > 8 and fold(c.title) in folded]
        return found[0] if len(found) == 1 else None

    @staticmethod
    def _code_in_other_cells(values: dict[str, str]) -> str | None:
        for key in ("content", "target", "actions", "note"):
            code = criterion_code(values.get(key, "")) if values.get(key) else None
            if code:
                return code
        return None


def read_grid(rows: Sequence[Sequence[str]], assembler: Assembler) -> ColumnMap | None:
    """Find the header in ``rows`` and feed the rest to ``assembler``; None when no header."""
    found = find_header(rows)
    if found is None:
        return None
    index, cmap = found
    GridReader(cmap, assembler).read(rows[index + 1 :])
    return cmap
