"""The report as numbered lines with offsets into ``Document.text`` and accent-folded twins.

All matching is done on the folded text (lower case, no diacritics, đ -> d) so that reports typed
without accents, or OCR'd, read the same; folding keeps one character per character, so a match
in the folded line is also the span of the original line.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..domain import TextSpan
from ..ingest.base import Document, Paragraph


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[:1].lower()
    return base if len(base) == 1 else ch


def fold_same(text: str) -> str:
    """Accent-fold ``text`` keeping its length (so offsets stay valid)."""
    table = {ord(ch): _fold_char(ch) for ch in set(text)}
    return text.translate(table)


@dataclass(frozen=True)
class Line:
    """One line of the document text: a paragraph (or part of one) or a table row."""

    index: int
    text: str
    folded: str
    start: int
    page: int | None
    table: int | None = None  # index of the table block, None for paragraphs
    row: int | None = None
    cells: tuple[str, ...] = ()

    @property
    def end(self) -> int:
        """Offset just after the line in ``Document.text``."""
        return self.start + len(self.text)

    @property
    def in_table(self) -> bool:
        """True for a table row."""
        return self.table is not None


@dataclass(frozen=True)
class TextLines:
    """The lines of a document plus its full text (``Document.text``)."""

    text: str
    lines: tuple[Line, ...]

    def span(self, start: int, end: int, page: int | None = None) -> TextSpan:
        """A :class:`TextSpan` for ``text[start:end]`` (trimmed of surrounding white space)."""
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return TextSpan(text=self.text[start:end], start=start, end=end, page=page)

    def line_span(self, line: Line, offset: int = 0) -> TextSpan:
        """Span of one line, optionally starting ``offset`` characters into it."""
        return self.span(line.start + offset, line.end, line.page)

    def block_span(self, lines: Sequence[Line]) -> TextSpan | None:
        """Span covering several consecutive lines."""
        if not lines:
            return None
        return self.span(lines[0].start, lines[-1].end, lines[0].page)


def build_lines(doc: Document) -> TextLines:
    """Split a document into :class:`Line` objects whose offsets index ``doc.text``."""
    out: list[Line] = []
    pos = 0
    for bi, block in enumerate(doc.blocks):
        if isinstance(block, Paragraph):
            pieces = block.text.split("\n")
            for piece in pieces:
                out.append(Line(len(out), piece, fold_same(piece), pos, block.page))
                pos += len(piece) + 1
        else:
            for ri, row in enumerate(block.rows):
                text = "\t".join(cell.replace("\n", " ") for cell in row)
                out.append(Line(len(out), text, fold_same(text), pos, block.page, bi, ri, tuple(row)))
                pos += len(text) + 1
    text = doc.text
    return TextLines(text=text, lines=tuple(out))
