"""Plain-text reader: any encoding a Vietnamese school is likely to produce, any line wrapping.

Text files arrive as UTF-8 (with or without BOM), UTF-16 from Notepad, Windows-1258, or legacy
TCVN3/VNI bytes from old .VnTime documents; and often as text pasted out of a PDF, with hard line
breaks, running headers and page numbers.  We decode, convert to NFC, drop page furniture and
re-join wrapped lines so parsers see one paragraph per line.
"""

from __future__ import annotations

import codecs
import unicodedata

from charset_normalizer import from_bytes

from ..errors import InputError
from .base import Document
from .legacy import LEGACY_NAMES, convert_legacy, detect_legacy
from .lines import blocks_from_pages, split_pseudo_pages, strip_page_furniture
from .safety import display_name

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _looks_utf16(data: bytes) -> str | None:
    """Guess BOM-less UTF-16 from NUL bytes at every other position (ASCII-heavy text)."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, name: str) -> tuple[str, list[str]]:
    """Decode text bytes to NFC Unicode; returns the text and Vietnamese notes on conversions."""
    notes: list[str] = []
    text: str | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(encoding, errors="replace")
            break
    if text is None and (utf16 := _looks_utf16(data)):
        text = data.decode(utf16, errors="replace")
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_8bit(data, notes)
    if _is_binary(text):
        raise InputError(
            f"Tệp “{display_name(name)}” không phải tệp văn bản (có vẻ là tệp nhị phân).",
            "Hãy tải báo cáo dạng .docx, .pdf hoặc .txt (lưu bằng Unicode UTF-8).",
        )
    return normalise_text(text, notes), notes


def _decode_8bit(data: bytes, notes: list[str]) -> str:
    """Decode non-UTF-8 bytes: legacy Vietnamese fonts first, then the best guess of a detector."""
    latin = data.decode("latin-1")
    if detect_legacy(latin):
        return latin  # converted by normalise_text, which also records the note
    best = from_bytes(data).best()
    if best is not None and best.encoding:
        notes.append(f"Tệp không dùng mã UTF-8; đã đọc theo bảng mã {best.encoding}.")
        return str(best)
    notes.append("Không nhận ra bảng mã của tệp; một số ký tự có thể hiển thị sai.")
    return data.decode("cp1252", errors="replace")


def _is_binary(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    return "\x00" in sample or controls > 0.01 * len(sample)


def normalise_text(text: str, notes: list[str]) -> str:
    """Convert legacy TCVN3/VNI text and decomposed (NFD) text to NFC, noting what was done."""
    legacy = detect_legacy(text)
    if legacy:
        text = convert_legacy(text, legacy)
        notes.append(
            f"Văn bản dùng bảng mã cũ {LEGACY_NAMES[legacy]}; đã chuyển sang Unicode. "
            "Hãy kiểm tra lại dấu tiếng Việt ở các đoạn trích."
        )
    composed = unicodedata.normalize("NFC", text)
    if composed != text and not legacy:
        notes.append("Văn bản dùng dấu tổ hợp (Unicode NFD); đã chuyển sang dạng dựng sẵn (NFC).")
    return composed


def read_txt(data: bytes, name: str) -> Document:
    """Read a .txt file into paragraphs (wrapped lines re-joined) and tab-separated tables."""
    text, notes = decode_bytes(data, name)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    pages = strip_page_furniture(split_pseudo_pages(lines))
    blocks = blocks_from_pages(pages, numbered=False)
    if not any(getattr(b, "text", "").strip() or getattr(b, "rows", ()) for b in blocks):
        raise InputError(
            f"Tệp “{display_name(name)}” không có nội dung chữ (chỉ có khoảng trắng).",
            "Hãy mở tệp kiểm tra lại rồi tải lên bản có nội dung báo cáo.",
        )
    return Document(name=display_name(name), format="txt", blocks=blocks, warnings=tuple(notes))
