"""A school's or province's own letterhead (.docx) in place of the default header.

From the template we take its first-page header block (the first table when the document starts
with one, otherwise the paragraphs before the title) and its page header and footer (a logo band,
an address line).  Pictures are copied with their image data; links to anything else are dropped.
When the block has "Số: …" or "ngày … tháng … năm …" lines they are filled in with the plan's
number and date; what it lacks is added under it in our own number-and-date row.
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Callable

from docx import Document as open_document
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from corpus.text import fold

from ..domain import Plan, PlanHeader
from ..errors import InputError
from .docx_common import CENTER, HEADER_PT
from .docx_header import HEADER_WIDTHS_MM, number_line, place_date_line
from .docx_tables import add_table, set_cell

MAX_TEMPLATE_BYTES = 10 * 1024 * 1024
MAX_BLOCK_PARAGRAPHS = 12
_TITLE = re.compile(r"^(ke hoach|quyet dinh|bao cao|thong bao|to trinh|cong van)\b")
_SYMBOL = re.compile(r"/\s*KH\s*-\s*([A-ZĐ0-9]+)")
_REL_ATTRS = (qn("r:embed"), qn("r:id"), qn("r:link"), qn("r:pict"))
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"

HeaderWriter = Callable[[Document, Plan], None]


def _open(data: bytes) -> Document:
    """Open the template, or say in Vietnamese why it cannot be used."""
    if len(data) > MAX_TEMPLATE_BYTES:
        raise InputError(
            "Tệp mẫu tiêu đề quá lớn (trên 10 MB).", "Hãy dùng một tệp .docx chỉ chứa phần tiêu đề."
        )
    if data.startswith(_OLE_MAGIC):
        raise InputError(
            "Tệp mẫu tiêu đề là định dạng Word cũ (.doc) hoặc đã đặt mật khẩu.",
            "Hãy mở bằng Word, bỏ mật khẩu nếu có và lưu lại dưới dạng .docx.",
        )
    try:
        return open_document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several unrelated types for a bad package
        raise InputError(
            "Không đọc được tệp mẫu tiêu đề: đây không phải tệp Word .docx hợp lệ.",
            "Hãy chọn tệp .docx có phần tiêu đề (tên cơ quan, Quốc hiệu) của đơn vị.",
        ) from exc


def _text(el) -> str:
    return "".join(t.text or "" for t in el.iter(qn("w:t"))).strip()


def header_block(template: Document) -> list:
    """The template's first table, or its paragraphs before the title (copies, no section breaks)."""
    children = [el for el in template.element.body if el.tag in (qn("w:p"), qn("w:tbl"))]
    while (
        children and children[0].tag == qn("w:p") and not _text(children[0]) and not _has_drawing(children[0])
    ):
        children.pop(0)
    if not children:
        return []
    if children[0].tag == qn("w:tbl"):
        return [copy.deepcopy(children[0])]
    block = []
    for el in children[:MAX_BLOCK_PARAGRAPHS]:
        if el.tag == qn("w:tbl") or _TITLE.match(fold(_text(el))):
            break
        block.append(copy.deepcopy(el))
    while block and not _text(block[-1]) and not _has_drawing(block[-1]):
        block.pop()
    for el in block:
        for sect in el.iter(qn("w:sectPr")):
            sect.getparent().remove(sect)
    return block


def _has_drawing(el) -> bool:
    return next(el.iter(qn("w:drawing"), qn("w:pict")), None) is not None


def _relink(el, source_part, target_part) -> None:
    """Point relationship ids at ``target_part``: images copied, external links kept, others dropped."""
    for node in list(el.iter()):
        for attr in _REL_ATTRS:
            old = node.get(attr)
            if old is None:
                continue
            rel = source_part.rels.get(old)
            new = None
            if rel is not None and rel.is_external:
                new = target_part.relate_to(rel.target_ref, rel.reltype, is_external=True)
            elif rel is not None and rel.reltype == RT.IMAGE:
                new, _ = target_part.get_or_add_image(io.BytesIO(rel.target_part.blob))
            if new is None:
                _drop_run(node)
                break
            node.set(attr, new)


def _drop_run(node) -> None:
    run = node
    while run is not None and run.tag != qn("w:r"):
        run = run.getparent()
    if run is not None and run.getparent() is not None:
        run.getparent().remove(run)


def _set_paragraph_text(p, text: str) -> None:
    """Replace a paragraph's text, keeping the formatting of its first run."""
    runs = [r for r in p.iter(qn("w:r")) if r.find(qn("w:t")) is not None]
    if not runs:
        return
    for run in runs[1:]:
        run.getparent().remove(run)
    texts = runs[0].findall(qn("w:t"))
    texts[0].text = text
    for extra in texts[1:]:
        runs[0].remove(extra)


def _with_template_symbol(header: PlanHeader, line: str) -> PlanHeader:
    """Use the template's own ký hiệu ("…/KH-THPTTX") unless the plan sets one itself."""
    m = _SYMBOL.search(line.upper())
    if m is None or header.abbreviation.strip() or "/" in header.number:
        return header
    return header.model_copy(update={"abbreviation": m.group(1)})


def _fill_placeholders(block: list, plan: Plan) -> tuple[bool, bool]:
    """Fill "Số:" and "ngày … tháng … năm" lines; say which of the two were found."""
    found_number = found_date = False
    for el in block:
        for p in el.iter(qn("w:p")):
            folded = fold(_text(p))
            if folded.startswith("so") and ("/" in folded or ":" in folded) and not found_number:
                _set_paragraph_text(p, number_line(_with_template_symbol(plan.header, _text(p))))
                found_number = True
            elif "ngay" in folded and "thang" in folded and "nam" in folded and not found_date:
                _set_paragraph_text(p, place_date_line(plan.header))
                found_date = True
    return found_number, found_date


def _copy_story(source, target) -> None:
    """Copy a page header or footer's content (paragraphs and tables) into ours."""
    if source.is_linked_to_previous:
        return
    elements = [copy.deepcopy(el) for el in source._element if el.tag in (qn("w:p"), qn("w:tbl"))]
    if not elements:
        return
    target.is_linked_to_previous = False
    for el in list(target._element):
        target._element.remove(el)
    for el in elements:
        _relink(el, source.part, target.part)
        target._element.append(el)


def letterhead_writer(data: bytes) -> HeaderWriter:
    """A header writer that puts the template's header block (and page header/footer) on page 1."""
    template = _open(data)
    block = header_block(template)
    if not block:
        raise InputError(
            "Tệp mẫu tiêu đề không có phần tiêu đề ở đầu văn bản.",
            "Tệp cần bắt đầu bằng bảng hoặc các dòng tên cơ quan, tên trường và Quốc hiệu, Tiêu ngữ.",
        )
    section = template.sections[0]
    first = section.first_page_header if section.different_first_page_header_footer else section.header
    first_footer = section.first_page_footer if section.different_first_page_header_footer else section.footer

    def write(doc: Document, plan: Plan) -> None:
        body = doc.element.body
        copies = [copy.deepcopy(el) for el in block]
        has_number, has_date = _fill_placeholders(copies, plan)
        for el in copies:
            _relink(el, template.part, doc.part)
            body.insert_element_before(el, "w:sectPr")
        if not (has_number and has_date):
            table = add_table(doc, 1, HEADER_WIDTHS_MM, grid=False)
            if not has_number:
                set_cell(table.cell(0, 0), number_line(plan.header), align=CENTER, size=HEADER_PT)
            if not has_date:
                set_cell(table.cell(0, 1), place_date_line(plan.header), italic=True, align=CENTER, size=14)
        ours = doc.sections[0]
        _copy_story(first, ours.first_page_header)
        _copy_story(first_footer, ours.first_page_footer)

    return write
