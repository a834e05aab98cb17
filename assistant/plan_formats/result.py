"""What a table parser returns, and the assembler set-up every parser shares."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..domain import Framework, PlanRow
from ..vocab import Vocabulary
from .assemble import Assembler
from .columns import ColumnMap

Layout = Literal["2018", "tt57", "other", "none"]


@dataclass
class TableResult:
    """Rows read from the plan table, with the layout found and parser warnings."""

    rows: list[PlanRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    layout: Layout = "none"
    blank_rows: int = 0


def assembler(
    framework: Framework | None, vocab: Vocabulary, cmap: ColumnMap, confidence: float = 1.0
) -> Assembler:
    """An assembler for a table with these columns.

    TT57 plans list priority issues, not every criterion, so a row without a criterion is not
    given one from the catalogue order; rows are only checked for a target or an owner when the
    table has that column.
    """
    return Assembler(
        framework,
        vocab,
        confidence=confidence,
        infer_by_order=cmap.layout != "tt57",
        expect_target="target" in cmap.kinds,
        expect_owners="owners" in cmap.kinds,
    )


def finish(asm: Assembler, layout: Layout, cmap: ColumnMap | None = None) -> TableResult:
    """Close the assembler and collect its rows and warnings."""
    rows = asm.rows()
    warnings = list(asm.warnings)
    if cmap is not None and cmap.extra_headers:
        warnings.append("Các cột không thuộc mẫu kế hoạch đã bỏ qua: " + "; ".join(cmap.extra_headers) + ".")
    return TableResult(rows=rows, warnings=warnings, layout=layout, blank_rows=asm.blank_rows)
