""".pdf reader (text layer via pdfium): page lines without running headers, footers and page
numbers, wrapped lines and hyphen-broken words re-joined.

A PDF without a text layer (a scan) is refused with a message asking for OCR: we never guess text
we cannot read.  Password-protected PDFs are refused with a message saying how to remove the
password.
"""

from __future__ import annotations

import unicodedata

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..errors import InputError
from .base import Document
from .legacy import convert_legacy, detect_legacy
from .lines import blocks_from_pages, strip_page_furniture
from .pdf_columns import level_table_lines, split_lines
from .safety import display_name
from .txt import normalise_text

# Characters pdfium uses for soft hyphens / unknown glyphs at line ends.
_ARTEFACTS = str.maketrans({"\ufffe": "", "\x02": "", "\u00ad": "", "\x00": ""})
MIN_CHARS_PER_PAGE = 40  # less text than this on a page means the page is an image


def _open(data: bytes, name: str) -> pdfium.PdfDocument:
    shown = display_name(name)
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message or "security" in message:
            raise InputError(
                f"Tệp “{shown}” được đặt mật khẩu nên không đọc được.",
                "Hãy mở PDF bằng mật khẩu, in/xuất lại thành PDF không mật khẩu (hoặc tải bản .docx gốc).",
            ) from exc
        raise InputError(
            f"Tệp “{shown}” bị hỏng hoặc không phải PDF hợp lệ.",
            "Hãy xuất lại PDF từ Word hoặc tải bản .docx gốc.",
        ) from exc


def _page_lines(page: pdfium.PdfPage) -> tuple[list[str], bool]:
    """Text lines of a page and whether the page shows images."""
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        if len(text) == textpage.count_chars():  # text index = character index: boxes line up
            lines = level_table_lines(text, textpage.get_charbox)
        else:
            lines = [line for _, line in split_lines(text)]
    finally:
        textpage.close()
    has_image = any(True for _ in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2))
    return [line.translate(_ARTEFACTS) for line in lines], has_image


def read_pdf(data: bytes, name: str) -> Document:
    """Read a PDF's text layer into paragraphs (with page numbers) in reading order."""
    shown = display_name(name)
    pdf = _open(data, name)
    pages: list[list[str]] = []
    image_pages: list[int] = []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                lines, has_image = _page_lines(page)
            finally:
                page.close()
            pages.append(lines)
            chars = sum(len(ln.strip()) for ln in lines)
            if chars < MIN_CHARS_PER_PAGE and has_image:
                image_pages.append(index + 1)
    except pdfium.PdfiumError as exc:
        raise InputError(
            f"Tệp “{shown}” bị hỏng, không đọc được hết các trang.", "Hãy xuất lại PDF."
        ) from exc
    finally:
        pdf.close()
    total_chars = sum(len(ln.strip()) for page in pages for ln in page)
    if not pages or total_chars < MIN_CHARS_PER_PAGE * max(1, len(pages)) // 4:
        raise InputError(
            f"Tệp “{shown}” là bản quét (không có lớp chữ).",
            "Hãy chạy nhận dạng chữ (OCR) rồi tải lại, hoặc tải bản .docx gốc.",
        )
    notes: list[str] = []
    if image_pages:
        listed = ", ".join(str(p) for p in image_pages[:15]) + (" ..." if len(image_pages) > 15 else "")
        notes.append(
            f"Các trang {listed} là ảnh quét (không có lớp chữ) nên đã bị bỏ qua; "
            "nếu trên đó có nội dung cần thiết, hãy chạy OCR hoặc nhập tay."
        )
    cleaned = strip_page_furniture(pages)
    sample = "\n".join("\n".join(p) for p in cleaned)[:200_000]
    legacy = detect_legacy(sample)
    normalise_text(sample, notes)  # records the conversion note; lines are converted below
    text_pages = [
        [convert_legacy(ln, legacy) if legacy else unicodedata.normalize("NFC", ln) for ln in page]
        for page in cleaned
    ]
    blocks = blocks_from_pages(text_pages, numbered=True)
    if not blocks:
        raise InputError(
            f"Tệp “{shown}” không có nội dung chữ ngoài tiêu đề trang và số trang.",
            "Hãy kiểm tra lại tệp; nếu là bản quét, hãy chạy nhận dạng chữ (OCR) rồi tải lại.",
        )
    return Document(name=shown, format="pdf", blocks=blocks, warnings=tuple(notes))
