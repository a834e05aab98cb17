"""Format readers: bytes + file name in, :class:`Document` out, or an :class:`InputError`.

:func:`read_document` is the one entry point.  It runs the safety checks (size, empty file, OLE
containers such as .doc or password-protected Office files), then picks a reader by content first
and by file name second, because users rename files (".docx" that is really a PDF, and so on).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from ..errors import InputError
from .base import Block, Document, Paragraph, Reader, Table
from .safety import OLE_MAGIC, PDF_MAGIC, ZIP_MAGIC, check_size, display_name, refuse_ole

__all__ = [
    "Block",
    "Document",
    "Paragraph",
    "READERS",
    "Reader",
    "Table",
    "format_of",
    "read_document",
]

# format -> "module:function"; modules are imported on first use so a slow import (pdfium) is
# only paid when that format is read.
READERS: dict[str, str] = {
    "docx": "assistant.ingest.docx:read_docx",
    "pdf": "assistant.ingest.pdf:read_pdf",
    "txt": "assistant.ingest.txt:read_txt",
}

_REFUSED_SUFFIXES = {
    ".xlsx": "bảng tính Excel",
    ".xls": "bảng tính Excel",
    ".pptx": "bản trình chiếu PowerPoint",
    ".ppt": "bản trình chiếu PowerPoint",
    ".odt": "văn bản OpenDocument",
    ".rtf": "văn bản RTF",
    ".jpg": "ảnh",
    ".jpeg": "ảnh",
    ".png": "ảnh",
    ".zip": "tệp nén",
    ".rar": "tệp nén",
}


def _reader(fmt: str) -> Callable[[bytes, str], Document]:
    module, _, func = READERS[fmt].partition(":")
    return getattr(import_module(module), func)  # type: ignore[no-any-return]


def format_of(data: bytes, name: str) -> str:
    """The reader to use ("docx", "pdf", "txt"), by content first and by suffix second.

    Raises :class:`InputError` for formats we refuse (OLE .doc, encrypted Office, images...).
    """
    shown = display_name(name)
    suffix = "." + shown.rsplit(".", 1)[-1].lower() if "." in shown else ""
    if data.startswith(OLE_MAGIC):
        refuse_ole(data, name)
    if data.lstrip()[:5].startswith(PDF_MAGIC) or data[:1024].find(PDF_MAGIC) >= 0:
        return "pdf"
    if data.startswith(ZIP_MAGIC) or suffix in (".docx", ".docm", ".dotx"):
        if suffix in _REFUSED_SUFFIXES and suffix not in (".zip",):
            raise _refused(shown, suffix)
        return "docx"
    if suffix in _REFUSED_SUFFIXES:
        raise _refused(shown, suffix)
    if data.lstrip()[:5] == b"{\\rtf":
        raise _refused(shown, ".rtf")
    if suffix == ".doc":
        # Not an OLE file, so probably an old Word HTML/RTF export renamed ".doc"; try it as text.
        return "txt"
    if suffix == ".pdf":
        raise InputError(
            f"Tệp “{shown}” có đuôi .pdf nhưng không phải PDF hợp lệ (có thể bị hỏng khi tải về).",
            "Hãy mở thử tệp trên máy, xuất lại PDF hoặc tải bản .docx gốc.",
        )
    # Anything else (.txt, no suffix, unknown suffix) is tried as text; the text reader refuses
    # binary content with its own message.
    return "txt"


def _refused(shown: str, suffix: str) -> InputError:
    what = _REFUSED_SUFFIXES[suffix]
    return InputError(
        f"Tệp “{shown}” là {what} ({suffix}), không phải định dạng ứng dụng đọc được.",
        "Hãy tải báo cáo dạng .docx (Word), .pdf có lớp chữ hoặc .txt.",
    )


def read_document(data: bytes, name: str, *, max_bytes: int | None = None) -> Document:
    """Read an uploaded file into a :class:`Document` (NFC text, blocks in reading order).

    ``max_bytes`` defaults to 50 MB (the settings' ``max_upload_mb`` is passed by callers).
    Raises :class:`InputError` with a Vietnamese message and hint for anything unreadable.
    """
    check_size(data, name, max_bytes)
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise InputError(
            f"Tệp “{display_name(name)}” không có nội dung (chỉ có khoảng trắng).",
            "Hãy mở tệp kiểm tra lại rồi tải lên bản có nội dung báo cáo.",
        )
    fmt = format_of(data, name)
    return _reader(fmt)(data, name)
