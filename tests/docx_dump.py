"""A canonical text dump of a .docx for golden tests (never compare bytes: Word files carry times).

The dump lists, in body order: sections (orientation, size, margins, header/footer content,
different first page), paragraphs (style, alignment, effective bold/italic, size, text) and tables
(column count and widths, header rows, rows that may not split, each cell with its merges), then
the font slots used by every run and style and the document's core-property times.
"""

from __future__ import annotations

import io
from collections import Counter

from docx import Document
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Length
from docx.table import Table
from docx.text.paragraph import Paragraph

SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")


def _mm(value: Length | None) -> str:
    return "-" if value is None else str(round(value.mm))


def _style_chain(style):
    while style is not None:
        yield style
        style = style.base_style


def _effective(par: Paragraph, run, attr: str) -> bool:
    value = getattr(run.font, attr)
    if value is not None:
        return bool(value)
    for style in _style_chain(par.style):
        if getattr(style.font, attr) is not None:
            return bool(getattr(style.font, attr))
    return False


def _size(par: Paragraph, run) -> str:
    if run.font.size is not None:
        return f"{run.font.size.pt:g}"
    for style in _style_chain(par.style):
        if style.font.size is not None:
            return f"{style.font.size.pt:g}"
    return "?"


def _flags(par: Paragraph) -> str:
    runs = [r for r in par.runs if r.text.strip()]
    if not runs:
        return ""
    out = []
    for attr, mark in (("bold", "B"), ("italic", "I")):
        values = {_effective(par, r, attr) for r in runs}
        out.append(mark if values == {True} else (mark.lower() + "~" if len(values) > 1 else ""))
    sizes = sorted({_size(par, r) for r in runs})
    return "".join(out) + " sz=" + "/".join(sizes)


def _align(par: Paragraph) -> str:
    align = par.alignment
    if align is None:
        for style in _style_chain(par.style):
            if style.paragraph_format.alignment is not None:
                align = style.paragraph_format.alignment
                break
    return "-" if align is None else align.name


def dump_paragraph(par: Paragraph, indent: str = "") -> str:
    """One line: P[style|align|flags] text (line breaks shown as ⏎)."""
    text = par.text.replace("\n", "⏎")
    border = " rule" if par._p.find(qn("w:pPr") + "/" + qn("w:pBdr")) is not None else ""
    return f"{indent}P[{par.style.name}|{_align(par)}|{_flags(par)}{border}] {text}".rstrip()


def _cell_tag(tc) -> str:
    tcpr = tc.tcPr
    if tcpr is None:
        return ""
    tags = []
    span = tcpr.find(qn("w:gridSpan"))
    if span is not None:
        tags.append(f"span={span.get(qn('w:val'))}")
    vmerge = tcpr.find(qn("w:vMerge"))
    if vmerge is not None:
        tags.append("vm=" + (vmerge.get(qn("w:val")) or "continue"))
    return ("{" + ",".join(tags) + "}") if tags else ""


def dump_table(table: Table) -> list[str]:
    """The table header line and one line per row with each cell's text and merges."""
    grid = [round(int(col.get(qn("w:w"))) / 56.7) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    rows = table._tbl.tr_lst
    header = sum(1 for tr in rows if tr.trPr is not None and tr.trPr.find(qn("w:tblHeader")) is not None)
    whole = sum(1 for tr in rows if tr.trPr is not None and tr.trPr.find(qn("w:cantSplit")) is not None)
    lines = [
        f"TABLE cols={len(grid)} widths_mm={grid} rows={len(rows)} header_rows={header} cant_split={whole}"
    ]
    for i, tr in enumerate(rows):
        cells = []
        for tc in tr.tc_lst:
            pars = [Paragraph(p, table) for p in tc.p_lst]
            texts = []
            for p in pars:
                if p.text.strip():
                    mark = _flags(p).split(" ")[0]
                    texts.append((f"<{mark}>" if mark else "") + p.text.replace("\n", "⏎"))
                elif p._p.find(qn("w:pPr") + "/" + qn("w:pBdr")) is not None:
                    texts.append("<rule>")
            cells.append(_cell_tag(tc) + " / ".join(texts))
        lines.append(f"  R{i}: " + " | ".join(cells))
    return lines


def _story(story) -> str:
    if story.is_linked_to_previous:
        return "linked"
    text = " ".join(p.text for p in story.paragraphs).strip()
    fields = [t.text.strip() for t in story._element.iter(qn("w:instrText"))]
    return (f"fields={fields} " if fields else "") + (f"text={text!r}" if text else "empty")


def dump_section(n: int, section: Section) -> str:
    """Orientation, page size, margins and header/footer of one section."""
    orient = "landscape" if section.page_width > section.page_height else "portrait"
    cols = section._sectPr.find(qn("w:cols"))
    columns = cols.get(qn("w:num"), "1") if cols is not None else "1"
    return (
        f"SECTION {n} {orient} {_mm(section.page_width)}x{_mm(section.page_height)}mm text_columns={columns} "
        f"margins t{_mm(section.top_margin)} b{_mm(section.bottom_margin)} "
        f"l{_mm(section.left_margin)} r{_mm(section.right_margin)} "
        f"title_pg={section.different_first_page_header_footer} header={_story(section.header)} "
        f"first_header={_story(section.first_page_header)}"
    )


def _fonts(doc) -> list[str]:
    runs: Counter[str] = Counter()
    for r in doc.element.body.iter(qn("w:r")):
        rfonts = r.find(qn("w:rPr") + "/" + qn("w:rFonts"))
        slots = "missing" if rfonts is None else ",".join(f"{s[2:]}={rfonts.get(qn(s))}" for s in SLOTS)
        runs[slots] += 1
    styles: Counter[str] = Counter()
    for el in doc.styles.element.iter(qn("w:rFonts")):
        styles[",".join(f"{s[2:]}={el.get(qn(s))}" for s in SLOTS)] += 1
        themes = [k for k in el.attrib if k.endswith("Theme") or k.endswith("theme")]
        if themes:
            styles["theme-attributes"] += 1
    return [f"FONTS runs {k}: {v}" for k, v in sorted(runs.items())] + [
        f"FONTS styles {k}: {v}" for k, v in sorted(styles.items())
    ]


def dump_docx(data: bytes) -> str:
    """The canonical text dump of a .docx given as bytes."""
    doc = Document(io.BytesIO(data))
    lines: list[str] = []
    sections = iter(doc.sections)
    number = 1
    for el in doc.element.body.iterchildren():
        if el.tag == qn("w:p"):
            par = Paragraph(el, doc)
            if par.text.strip() or el.find(qn("w:pPr") + "/" + qn("w:pBdr")) is not None:
                lines.append(dump_paragraph(par))
            if el.find(qn("w:pPr") + "/" + qn("w:sectPr")) is not None:
                lines.append(dump_section(number, next(sections)))
                number += 1
        elif el.tag == qn("w:tbl"):
            lines.extend(dump_table(Table(el, doc)))
        elif el.tag == qn("w:sectPr"):
            lines.append(dump_section(number, next(sections)))
    lines.extend(_fonts(doc))
    props = doc.core_properties
    lines.append(
        f"CORE title={props.title!r} author={props.author!r} created={props.created} modified={props.modified}"
    )
    return "\n".join(lines) + "\n"
