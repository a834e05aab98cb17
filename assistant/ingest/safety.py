"""Checks that run before any parser touches an uploaded file.

Schools upload whatever is on their laptops: old .doc files renamed .docx, password-protected
files, scans, and occasionally something hostile (a zip bomb, an XML external entity).  Each check
here refuses early with a Vietnamese message that names the problem and says what to do, so no
parser ever sees such input and macros are never run (we only read XML text parts).
"""

from __future__ import annotations

import io
import lzma
import struct
import zipfile
import zlib
from typing import Literal

import olefile
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as safe_fromstring

from ..errors import InputError

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
# A .docx of a 120-page report unpacks to ~20 MB of XML; 400 MB or a ratio above 200:1 is a bomb.
MAX_UNPACKED_BYTES = 400 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 5000

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
PDF_MAGIC = b"%PDF"

OleKind = Literal["encrypted", "doc", "xls", "other"]
# What zipfile raises for a damaged archive: besides BadZipFile, a flipped byte can give an
# unsupported version or method (NotImplementedError), an "encrypted" flag (RuntimeError) or a
# broken deflate/LZMA stream (zlib.error, LZMAError).  All of them mean "this file is corrupt".
UNZIP_ERRORS = (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError,
                zlib.error, lzma.LZMAError, struct.error)


def display_name(name: str) -> str:
    """A file name safe to show: last path component, no control characters, at most 80 chars."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable()).strip() or "tệp tải lên"
    return cleaned if len(cleaned) <= 80 else cleaned[:77] + "..."


def check_size(data: bytes, name: str, max_bytes: int | None) -> None:
    """Refuse empty and oversized files before reading them."""
    shown = display_name(name)
    if len(data) == 0:
        raise InputError(
            f"Tệp “{shown}” rỗng (0 byte).",
            "Hãy kiểm tra lại tệp trên máy (có thể tệp chưa được lưu xong) rồi tải lên bản có nội dung.",
        )
    limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    if len(data) > limit:
        raise InputError(
            f"Tệp “{shown}” quá lớn ({_megabytes(len(data), limit)} MB; giới hạn {limit / 1048576:g} MB).",
            "Hãy bỏ bớt hình ảnh, phụ lục minh chứng hoặc lưu lại dưới dạng .docx nén rồi tải lại; "
            "người quản trị có thể tăng giới hạn bằng biến CAITIEN_MAX_UPLOAD_MB.",
        )


def classify_ole(data: bytes) -> OleKind:
    """What an OLE (Compound File) container holds: an encrypted OOXML file, a Word 97-2003 file..."""
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception:  # a damaged container is still not something we can read
        return "other"
    try:
        streams = {"/".join(entry).lower() for entry in ole.listdir(streams=True, storages=True)}
    finally:
        ole.close()
    if "encryptioninfo" in streams or "encryptedpackage" in streams:
        return "encrypted"
    if "worddocument" in streams:
        return "doc"
    if "workbook" in streams or "book" in streams:
        return "xls"
    return "other"


def refuse_ole(data: bytes, name: str) -> None:
    """Raise the right message for an OLE file (encrypted OOXML, .doc, .xls or unknown)."""
    shown = display_name(name)
    kind = classify_ole(data)
    if kind == "encrypted":
        raise InputError(
            f"Tệp “{shown}” được đặt mật khẩu (mã hóa) nên không đọc được.",
            "Hãy mở tệp trong Word, gỡ mật khẩu (Tệp > Thông tin > Bảo vệ tài liệu) rồi lưu và tải lại.",
        )
    if kind == "doc":
        raise InputError(
            f"Tệp “{shown}” là định dạng Word 97-2003 (.doc), ứng dụng không đọc định dạng cũ này.",
            "Hãy mở tệp trong Word hoặc LibreOffice và chọn Lưu thành .docx rồi tải lại.",
        )
    if kind == "xls":
        raise InputError(
            f"Tệp “{shown}” là bảng tính Excel 97-2003 (.xls), không phải báo cáo.",
            "Hãy tải báo cáo dạng .docx, .pdf hoặc .txt.",
        )
    raise InputError(
        f"Tệp “{shown}” là tệp Office định dạng cũ không nhận ra được.",
        "Hãy lưu lại thành .docx (Word) rồi tải lên.",
    )


def open_zip(data: bytes, name: str) -> zipfile.ZipFile:
    """Open a .docx package after checking it is a sane zip (not corrupt, not a bomb, no macros)."""
    shown = display_name(name)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except UNZIP_ERRORS as exc:
        raise InputError(
            f"Tệp “{shown}” bị hỏng hoặc không phải tệp Word (.docx) hợp lệ.",
            "Hãy mở tệp trong Word, chọn Lưu thành .docx rồi tải lại; nếu Word báo lỗi, hãy dùng bản sao khác.",
        ) from exc
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if (
        len(infos) > MAX_MEMBERS
        or total > MAX_UNPACKED_BYTES
        or (total > 50 * 1048576 and total / packed > MAX_RATIO)
    ):
        raise InputError(
            f"Tệp “{shown}” có cấu trúc bất thường (giải nén ra {total / 1048576:.0f} MB, dạng “bom nén”) "
            "nên đã bị từ chối để bảo vệ máy.",
            "Hãy mở tệp trong Word, lưu lại thành .docx mới rồi tải lên; nếu không phải tệp của trường, đừng mở nó.",
        )
    names = {i.filename for i in infos}
    if "word/vbaProject.bin" in names or any(n.lower().endswith("vbaproject.bin") for n in names):
        # Macro-enabled document (.docm) renamed or not: we never run macros, but refuse to be safe.
        raise InputError(
            f"Tệp “{shown}” là tài liệu Word có macro (.docm); ứng dụng không mở tệp chứa macro.",
            "Hãy mở tệp trong Word, chọn Lưu thành “Tài liệu Word (.docx)” (bỏ macro) rồi tải lại.",
        )
    return archive


def read_part(archive: zipfile.ZipFile, part: str, name: str, *, limit: int = MAX_UNPACKED_BYTES) -> bytes:
    """Read one XML part, refusing a DTD or entity declaration (XXE, billion laughs)."""
    shown = display_name(name)
    info = archive.getinfo(part)
    if info.file_size > limit:
        raise InputError(
            f"Phần “{part}” của tệp “{shown}” quá lớn để đọc an toàn.",
            "Hãy lưu lại tài liệu thành .docx mới rồi tải lên.",
        )
    try:
        # Read with a cap: a crafted entry can lie about its size in the zip directory.
        with archive.open(info) as stream:
            data = stream.read(limit + 1)
    except UNZIP_ERRORS as exc:
        raise InputError(
            f"Tệp “{shown}” bị hỏng (không giải nén được phần “{part}”).",
            "Hãy mở tệp trong Word, lưu lại thành .docx rồi tải lên.",
        ) from exc
    if len(data) > limit:
        raise InputError(
            f"Tệp “{shown}” có cấu trúc bất thường (dạng “bom nén”) nên đã bị từ chối để bảo vệ máy.",
            "Hãy mở tệp trong Word, lưu lại thành .docx mới rồi tải lên.",
        )
    refuse_dtd(data, part, name)
    return data


def refuse_dtd(xml: bytes, part: str, name: str) -> None:
    """Raise when an XML part declares a DTD or entities; a genuine Office part never does."""
    head = xml[:4096].lstrip()
    if b"<!DOCTYPE" not in head and b"<!ENTITY" not in xml[:65536]:
        return
    try:
        safe_fromstring(xml, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except (DefusedXmlException, ValueError, SyntaxError) as exc:
        raise InputError(
            f"Tệp “{display_name(name)}” chứa khai báo XML không an toàn (DTD/thực thể ngoài trong “{part}”) "
            "nên đã bị từ chối.",
            "Tệp Word bình thường không có phần này. Hãy mở tệp trong Word, lưu lại thành .docx mới rồi tải lên.",
        ) from exc


def _megabytes(size: int, limit: int) -> str:
    """The size in MB, phrased so that a file just over the limit never reads as equal to it."""
    shown = f"{size / 1048576:.1f}"
    return shown if float(shown) > limit / 1048576 else f"hơn {limit / 1048576:g}"
