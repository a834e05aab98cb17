"""Low-level Word helpers shared by both templates: fonts, styles, pages, paragraphs, tables.

Layout follows Nghị định 30/2020/NĐ-CP, Phụ lục I: A4, margins 20/20/30/15 mm, Times New Roman.
python-docx only sets the ASCII font slot, so Vietnamese letters outside Latin-1 (ư, ơ, ạ, ...)
would fall back to the theme font; every style and every run here sets all four slots (ascii,
hAnsi, eastAsia, cs) and drops the theme attributes that would otherwise win over them.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from docx import Document as new_document
from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12
HEADER_PT = 13
A4_MM = (210, 297)
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
PORTRAIT_TEXT_MM = A4_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]  # 165
LANDSCAPE_TEXT_MM = A4_MM[1] - MARGINS_MM["left"] - MARGINS_MM["right"]  # 252
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
BLANK = "……"  # a field the office fills in by hand (number, place)
BLANK_LINE = "………………………………"  # a longer blank for a missing name or address

CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
LEFT = WD_ALIGN_PARAGRAPH.LEFT

Container = Document | _Cell

# Child order of property elements is fixed by the schema; Word rejects a file that breaks it.
_PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl", "w:numPr",
    "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
    "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap",
    "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
    "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def insert_ordered(parent, tag: str, order: Sequence[str]):
    """Return ``parent``'s ``tag`` child, creating it at its schema position when missing."""
    found = parent.find(qn(tag))
    if found is not None:
        return found
    child = OxmlElement(tag)
    parent.insert_element_before(child, *order[order.index(tag) + 1 :])
    return child


_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
_FONT_ATTRS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")


def set_rfonts(rpr: Any) -> None:
    """Set Times New Roman in all four font slots of a ``w:rPr`` and drop theme overrides."""
    _force_fonts(rpr.get_or_add_rFonts())


def _force_fonts(rfonts: Any) -> None:
    for attr in _THEME_ATTRS:
        rfonts.attrib.pop(qn(attr), None)
    for attr in _FONT_ATTRS:
        rfonts.set(qn(attr), FONT)


def _set_lang(rpr: Any) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")


def _style_font(style, size: float, *, bold: bool | None = None, italic: bool | None = None) -> None:
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = italic
    style.font.color.rgb = None  # the default headings are blue; official documents are black
    set_rfonts(style.element.get_or_add_rPr())


def create_document() -> Document:
    """A blank A4 document whose styles all use Times New Roman in every font slot."""
    doc = new_document()
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_rfonts(rpr)
    _set_lang(rpr)
    for style in doc.styles:
        if style.type != WD_STYLE_TYPE.LIST:  # numbering styles carry no run properties
            set_rfonts(style.element.get_or_add_rPr())
    for rfonts in doc.styles.element.iter(qn("w:rFonts")):  # incl. table styles' conditional parts
        _force_fonts(rfonts)
    normal = doc.styles["Normal"]
    _style_font(normal, BODY_PT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    for name, size in (("Heading 1", BODY_PT), ("Heading 2", BODY_PT)):
        style = doc.styles[name]
        _style_font(style, size, bold=True, italic=False)
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after = Pt(6), Pt(6)
        fmt.keep_with_next = True
        fmt.alignment = JUSTIFY
        fmt.first_line_indent = Mm(0) if name == "Heading 1" else Mm(12.7)
    setup_section(doc.sections[0], landscape=False)
    return doc


def setup_section(section: Section, *, landscape: bool) -> None:
    """A4 in the given orientation with the NĐ 30 margins; no different first page."""
    short, long_ = Mm(A4_MM[0]), Mm(A4_MM[1])
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long_, short) if landscape else (short, long_)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    section.different_first_page_header_footer = False


def add_section(doc: Document, *, landscape: bool) -> Section:
    """Start a new page in a new section (python-docx copies the previous one; reset it)."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    setup_section(section, landscape=landscape)
    return section


def add_page_numbers(doc: Document) -> None:
    """Page number centred in the top margin on every page but the first (NĐ 30)."""
    first = doc.sections[0]
    first.different_first_page_header_footer = True
    par = first.header.paragraphs[0]
    par.alignment = CENTER
    _field(par, "PAGE", "2")
    first.first_page_header.paragraphs[0].text = ""


def _field(par: Paragraph, instruction: str, shown: str) -> None:
    """A complex field (begin, instruction, separate, cached result, end) in Times New Roman."""
    parts = (
        ("begin", None),
        ("instr", f" {instruction} "),
        ("separate", None),
        ("text", shown),
        ("end", None),
    )
    for kind, text in parts:
        run = add_run(par, "", size=HEADER_PT)
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        elif kind == "text":
            el = OxmlElement("w:t")
            el.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._r.append(el)


# --------------------------------------------------------------------------------------------
# Paragraphs and runs
# --------------------------------------------------------------------------------------------


def add_run(
    par: Paragraph,
    text: str,
    *,
    bold: bool | None = None,
    italic: bool | None = None,
    size: float | None = None,
):
    """A run with Times New Roman in all four slots; line breaks in ``text`` become breaks."""
    run = par.add_run()
    set_rfonts(run._r.get_or_add_rPr())
    for i, line in enumerate(text.split("\n")):
        if i:
            run.add_break()
        if line:
            run.add_text(line)
    run.bold, run.italic = bold, italic
    if size is not None:
        run.font.size = Pt(size)
    return run


def format_paragraph(
    par: Paragraph,
    *,
    align=None,
    first_line_mm: float | None = None,
    before: float | None = None,
    after: float | None = None,
    keep_next: bool = False,
) -> Paragraph:
    """Apply the paragraph-level settings used across the document."""
    fmt = par.paragraph_format
    if align is not None:
        par.alignment = align
    if first_line_mm is not None:
        fmt.first_line_indent = Mm(first_line_mm)
    if before is not None:
        fmt.space_before = Pt(before)
    if after is not None:
        fmt.space_after = Pt(after)
    if keep_next:
        fmt.keep_with_next = True
    return par


def add_text(
    container: Container,
    text: str,
    *,
    style: str | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
    size: float | None = None,
    **fmt,
) -> Paragraph:
    """Add a paragraph holding one run of ``text`` to the document or a table cell."""
    par = container.add_paragraph(style=style)
    add_run(par, text, bold=bold, italic=italic, size=size)
    return format_paragraph(par, **fmt)


def add_body(doc: Document, text: str, **kw) -> Paragraph:
    """Body text: justified, first-line indent 1.27 cm, 6 pt after, 1.15 lines (NĐ 30)."""
    par = add_text(doc, text, align=JUSTIFY, first_line_mm=12.7, after=6, **kw)
    par.paragraph_format.line_spacing = 1.15
    return par


def add_heading(doc: Document, text: str, level: int = 1) -> Paragraph:
    """A section heading ("I. MỤC ĐÍCH, YÊU CẦU") in the restyled Heading 1/2 (outline in Word)."""
    par = doc.add_paragraph(style=f"Heading {level}")
    add_run(par, text)
    return par


def add_rule(container: Container, width_mm: float, box_mm: float, *, after: float = 0) -> Paragraph:
    """A short centred solid line: an empty paragraph whose top border spans ``width_mm``."""
    par = container.add_paragraph()
    side = max((box_mm - width_mm) / 2, 0)
    fmt = par.paragraph_format
    fmt.left_indent, fmt.right_indent = Mm(side), Mm(side)
    fmt.space_before, fmt.space_after = Pt(3), Pt(after)  # a gap so the rule clears the descenders
    fmt.line_spacing = Pt(2)
    add_run(par, "", size=2)
    borders = insert_ordered(par._p.get_or_add_pPr(), "w:pBdr", _PPR_ORDER)
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    return par


# --------------------------------------------------------------------------------------------
# Saving
# --------------------------------------------------------------------------------------------


def stamp_properties(doc: Document, *, title: str, author: str, at: datetime) -> None:
    """Fixed core properties: python-docx would otherwise stamp the current time and its own name."""
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = title, author, author
    props.subject, props.keywords, props.comments = "Kế hoạch cải tiến chất lượng giáo dục", "KĐCLGD", ""
    props.category, props.language = "Kế hoạch", "vi-VN"
    props.created = props.modified = props.last_printed = at
    props.revision = 1


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with a fixed entry time so the same plan always gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def document_bytes(doc: Document) -> bytes:
    """The document as .docx bytes, reproducible byte for byte."""
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalise_zip(buffer.getvalue())
