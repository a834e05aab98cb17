"""Reading the text of one table cell back from a PDF page, with its paragraphs.

pdfium's bounded-text call takes every character whose box touches a rectangle, so the stacked
marks of a capital in the row below ("Ổ", "Ế") leak into the cell above; here a character belongs
to the cell its centre lies in.  A PDF keeps lines, not paragraphs: a line break inside a cell is
a new paragraph when the previous line ends a sentence, when the next line opens with a bullet or
an item number, or when the next line's first word would have fitted on the previous line (the
writer pressed Enter; a wrap happens only when the word does not fit).  Otherwise the line goes on
the same sentence ("đề nghị" + "UBND thị xã"), glued without a space when a word or a number was
cut at the border ("trưởn" + "g", "9/202" + "5").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

Box = tuple[float, float, float, float]  # left, bottom, right, top

_VOWELLESS = re.compile(
    r"^[^\W\d_aeiouyàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]+\b"
)
_ITEM_START = re.compile(r"^\s*(?:[-+•*–—●○■□➢]\s|\d{1,2}[.)]\s|[a-zđ]\)\s)")
_ENDS = (".", ":", "!", "?", "…")  # not ";": it separates clauses inside one action as often as items
SPACE = 3.0  # points: about one space at the 12-13 pt sizes plans are printed in
DEFAULT_PADDING = 5.0  # points between a cell's right border and its text when nothing says otherwise


@dataclass(frozen=True)
class Line:
    """One printed line of a cell: its text, right edge and the right edge of its first word."""

    text: str
    right: float
    first_word: float  # width of the first word


class PageText:
    """The characters of a page with their boxes (generated spaces and line breaks have none)."""

    def __init__(self, textpage: object) -> None:
        self.text: str = textpage.get_text_range()  # type: ignore[attr-defined]
        count = min(len(self.text), textpage.count_chars())  # type: ignore[attr-defined]
        self.boxes: list[Box | None] = []
        for i in range(count):
            left, bottom, right, top = textpage.get_charbox(i)  # type: ignore[attr-defined]
            self.boxes.append(None if right - left <= 0 and top - bottom <= 0 else (left, bottom, right, top))

    def lines(self, box: Box) -> list[Line]:
        """The lines of text whose characters' centres lie in ``box``."""
        left, bottom, right, top = box
        runs: list[list[int]] = []
        last = -2
        for i, char_box in enumerate(self.boxes):
            if char_box is None:
                continue
            x, y = (char_box[0] + char_box[2]) / 2, (char_box[1] + char_box[3]) / 2
            if not (left < x < right and bottom < y < top):
                continue
            gap = self.text[last + 1 : i] if last >= 0 else ""
            if not runs or "\n" in gap or "\r" in gap or gap.strip():
                runs.append([i])
            else:
                runs[-1].extend(range(last + 1, i + 1))
            last = i
        return [line for run in runs if (line := self._line(run)) is not None]

    def _line(self, run: Sequence[int]) -> Line | None:
        text = "".join(self.text[i] for i in run)
        boxes = [self.boxes[i] for i in run]
        if not text.strip():
            return None
        start = next(b for b in boxes if b is not None)[0]
        word_end = start
        for ch, b in zip(text, boxes, strict=True):
            if ch.isspace() and word_end > start:
                break
            if b is not None:
                word_end = b[2]
        right = max(b[2] for b in boxes if b is not None)
        return Line(text.strip(), right, word_end - start)


def padding(cells: Sequence[tuple[Box, Sequence[Line]]]) -> float:
    """The space left between a cell's right border and its text: the smallest gap of any line
    followed by another in its cell (a wrapped line nearly touches the limit)."""
    gaps = [box[2] - line.right for box, lines in cells for line in lines[:-1]]
    gaps = [g for g in gaps if g >= 0]
    return min(gaps) if gaps else DEFAULT_PADDING


def cell_text(lines: Sequence[Line], limit: float) -> str:
    """The text of a cell, its lines joined as the writer typed them (``limit``: where lines wrap)."""
    out = ""
    previous: Line | None = None
    for line in lines:
        text = line.text
        if previous is None:
            out = text
        elif out[-1:].isdigit() and text[:1].isdigit():
            out += text  # "9/202" + "5": a number cut at the border
        elif text[:1].islower() and _VOWELLESS.match(text):
            out += text  # a fragment without a vowel ("g", "ng") is the end of a cut word
        elif out.endswith(_ENDS) or _ITEM_START.match(text) or _would_fit(previous, line, limit):
            out += "\n" + text
        else:
            out += " " + text
        previous = line
    return out.strip()


def _would_fit(previous: Line, line: Line, limit: float) -> bool:
    """The next line opens with a capital whose word had room on the previous line: a new paragraph."""
    return line.text[:1].isupper() and previous.right + SPACE + line.first_word < limit - 1.0
