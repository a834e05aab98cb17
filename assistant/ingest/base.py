"""What every format reader returns: a document as blocks in reading order, plus its plain text.

Readers take bytes plus a file name (never a path) so the UI, the command line and tests feed them
the same way; they raise :class:`assistant.errors.InputError` with a Vietnamese message for bad input.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Paragraph:
    """A paragraph (or a line of a text file); ``style`` is the Word style name when known."""

    text: str
    style: str = ""
    page: int | None = None


@dataclass(frozen=True)
class Table:
    """A table as rows of cell texts (merged cells repeated or empty as the format gives them)."""

    rows: tuple[tuple[str, ...], ...]
    page: int | None = None


Block = Paragraph | Table


@dataclass(frozen=True)
class Document:
    """A read document: blocks in reading order, the plain text, where it came from, warnings."""

    name: str
    format: str  # "docx" | "pdf" | "txt"
    blocks: tuple[Block, ...]
    warnings: tuple[str, ...] = field(default=())

    @property
    def text(self) -> str:
        """Plain text: paragraphs one per line, table rows as tab-separated cells."""
        lines: list[str] = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                lines.append(block.text)
            else:
                lines.extend("\t".join(cell.replace("\n", " ") for cell in row) for row in block.rows)
        return "\n".join(lines)

    @property
    def tables(self) -> tuple[Table, ...]:
        """Only the tables, in order."""
        return tuple(b for b in self.blocks if isinstance(b, Table))


Reader = Callable[[bytes, str], Document]
