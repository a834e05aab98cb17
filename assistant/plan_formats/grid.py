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

from .assemble import Assembler
from .cells import clean_cell, continues, ends_sentence, flat
from .columns import (
    ColumnMap,
    column_kind,
    header_like,
    is_numbering_row,
    known_kinds,
    map_header,
    merge_header_rows,
)
from .labels import band_of, label_code, label_title, level4_item, standard_heading

__all__ = ["GridReader", "band_of", "find_header", "label_code", "label_title", "read_grid", "standard_of"]


def find_header(grid: Sequence[Sequence[str]], limit: int = 6) -> tuple[int, ColumnMap] | None:
    """The index of the (last) header row and its column map, looking at the first ``limit`` rows.

    A header written over two rows (group headings above sub-headings, merged cells) is joined
    when the second row reads like sub-headings; the joined header is kept when it names more
    columns than the first row alone, or when the first row alone is not a header.
    """
    for i, row in enumerate(grid[:limit]):
        single = map_header(row)
        joined = None
        if i + 1 < len(grid) and header_like(grid[i + 1]) and not is_numbering_row(grid[i + 1]):
            joined = map_header(merge_header_rows(row, grid[i + 1]))
        if joined is not None and known_kinds(joined) > known_kinds(single):
            return i + 1, joined
        if single is not None:
            return i, single
    return None


def standard_of(cells: Sequence[str], cmap: ColumnMap) -> str | None:
    """The standard code when the row is a "Tiêu chuẩn N" heading (other cells empty or equal)."""
    texts = [flat(c) for k, c in zip(cmap.kinds, cells, strict=False) if k != "tt" and flat(c)]
    if not texts or len(set(texts)) != 1:
        return None
    return standard_heading(texts[0])


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
        """Process every row (header repeats, their second line or page-split remainder and numbering
        rows are skipped)."""
        grid = [[clean_cell(c) for c in raw] for raw in rows]
        for i, cells in enumerate(grid):
            if not any(cells) or is_numbering_row(cells):
                continue
            following = grid[i + 1] if i + 1 < len(grid) else []
            if map_header(cells) is not None or (
                header_like(cells) and header_like(following) and map_header(merge_header_rows(cells, following))
            ):
                self.after_header = True
                continue
            if self.after_header and (_header_remainder(cells) or _sub_headings(cells)):
                continue
            self.after_header = False
            if self._group_row(cells, following):
                continue
            self.row(cells)

    def _group_row(self, cells: Sequence[str], following: Sequence[str]) -> bool:
        """A group heading inside the table ("Vấn đề ưu tiên khác"): only the label cell (or one
        merged text) filled, no number, no code, not a sentence, and a numbered row right after.

        It opens a group rather than a plan row; a group of "other" issues names no criterion.
        """
        texts = {flat(c) for k, c in zip(self.cmap.kinds, cells, strict=False) if k != "tt" and flat(c)}
        tt = [c for k, c in zip(self.cmap.kinds, cells, strict=False) if k == "tt" and flat(c)]
        at = self.cmap.kinds.index(self.label_kind) if self.label_kind in self.cmap.kinds else len(cells)
        label_cell = flat(cells[at]) if at < len(cells) else ""
        next_tt = [c for k, c in zip(self.cmap.kinds, following, strict=False) if k == "tt" and flat(c)]
        if tt or len(texts) != 1 or texts != {label_cell} or not next_tt:
            return False
        text = label_cell
        draft = self.asm.current
        if (
            len(text) > 80
            or not text[:1].isupper()
            or ends_sentence(text)
            or criterion_code(text)
            or not re.fullmatch(r"\d{1,3}\.?", flat(next_tt[0]))
            or (draft is not None and continues(draft.label, text))
        ):
            return False
        self.asm.set_group(re.search(r"\bkhac\b", fold(text)) is not None)
        return True

    def continue_item(self, text: str) -> bool:
        """Add a bare "- ..." line to the actions cell of the row above; False when it has none.

        Bullets are the way schools list actions, so a lost line of bullets belongs there.
        """
        draft = self.asm.current
        if draft is None or not draft.fed or "actions" not in self.cmap.kinds:
            return False
        cells = [""] * len(self.cmap.kinds)
        cells[self.cmap.kinds.index("actions")] = clean_cell(text)
        self.row(cells)
        return True

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
        values = _compose(self._values(cells))
        tt = flat(values.pop("tt", ""))
        standard_cell = flat(values.pop("standard", ""))
        if standard_cell and re.fullmatch(r"\d{1,2}\.?", standard_cell):
            self.asm.set_standard(str(int(standard_cell.rstrip("."))))
        label = values.pop("criterion", "") if self.label_kind == "criterion" else values.get("content", "")
        self._label(label, tt, values)
        self.asm.feed(values, continued=not tt and not flat(label) and not standard_cell)
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
        item = level4_item(label) if label else None
        if item and asm.band != "4":
            if draft is None or draft.code != item or draft.band != "4":
                asm.start(item, title=label_title(label), label=flat(label), band="4")
            return
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


def _sub_headings(cells: Sequence[str]) -> bool:
    """The second line of a repeated two-row header ("Mức hiện tại | Mức phấn đấu")."""
    return header_like(cells) and any(column_kind(c) != "extra" for c in cells if c)


def _compose(values: dict[str, str]) -> dict[str, str]:
    """Fold the companion columns into the row's fields.

    "Mức hiện tại" goes with the target the way the 2018 template words it ("Kết quả cần đạt (so
    với hiện trạng)"): "Mức 3 (hiện trạng: Mức 2)"; a long "Thực trạng" is the row's content; a separate "Người phối hợp" column follows the
    owner as "phối hợp: ...", the way the export writes "Chủ trì: ...; phối hợp: ..."; a start and an
    end date column make one timeline "start - end".
    """
    current, partners = flat(values.pop("current", "")), flat(values.pop("partners", ""))
    if partners == flat(values.get("owners", "")):
        partners = ""  # one merged cell read into both columns
    end = flat(values.pop("timeline_end", ""))
    if end:
        start = flat(values.get("timeline", ""))
        values["timeline"] = f"{start} - {end}" if start and start != end else end
    target, owners = flat(values.get("target", "")), flat(values.get("owners", ""))
    if current and target and len(current) <= 40:
        values["target"] = f"{target} (hiện trạng: {current})"
    elif current and not flat(values.get("content", "")) and len(current) > 40:
        values["content"] = current  # a "Thực trạng" column describing the weakness, not a level
    elif current:
        values["note"] = "; ".join(v for v in (flat(values.get("note", "")), f"Hiện trạng: {current}") if v)
    if partners:
        values["owners"] = f"{owners}; phối hợp: {partners}" if owners else f"Phối hợp: {partners}"
    return values


def read_grid(rows: Sequence[Sequence[str]], assembler: Assembler) -> ColumnMap | None:
    """Find the header in ``rows`` and feed the rest to ``assembler``; None when no header."""
    found = find_header(rows)
    if found is None:
        return None
    index, cmap = found
    GridReader(cmap, assembler).read(rows[index + 1 :])
    return cmap
