"""Every hostile or broken file of the bad-input matrix, built in memory (nothing is written to disk).

Schools upload whatever is on their laptops: Word 97 files renamed .docx, password-protected files,
scans, files typed with the old .VnTime/VNI fonts, the plan in the report slot, and, rarely, a file
crafted to hurt (a zip bomb, an XML external entity, a macro).  Each builder returns the bytes of
one such file; :data:`REFUSED` and :data:`ACCEPTED` list the matrix with the file name a user would
upload.  Valid content comes from the real sample reports under ``tests/fixtures`` and is read here
with lxml directly, so these inputs do not depend on the code under test.
"""

from __future__ import annotations

import io
import random
import re
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
REPORTS = FIXTURES / "reports"
PLANS = FIXTURES / "plans"
MIB = 1024 * 1024

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{" + W_NS + "}"
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_CONTENT_TYPES = (
    _XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="{main}"/>{extra}</Types>'
)
_DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
_RELS = (
    _XML_HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)


# ----------------------------------------------------------------------------------- real content


def fixture(name: str) -> bytes:
    """Bytes of a sample file under tests/fixtures/reports (or plans/ when prefixed "plans/")."""
    return (FIXTURES / name if "/" in name else REPORTS / name).read_bytes()


@cache
def report_text(name: str = "tdg_tt18_thcs.docx") -> str:
    """Plain text of a sample .docx report: paragraphs one per line, table rows tab-separated."""
    with zipfile.ZipFile(io.BytesIO(fixture(name))) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    lines: list[str] = []
    body = root.find(_W + "body")
    assert body is not None
    for child in body:
        if child.tag == _W + "p":
            lines.append("".join(t.text or "" for t in child.iter(_W + "t")))
        elif child.tag == _W + "tbl":
            for row in child.iter(_W + "tr"):
                cells = ["".join(t.text or "" for t in tc.iter(_W + "t")) for tc in row.iter(_W + "tc")]
                lines.append("\t".join(cells))
    return "\n".join(lines)


def criterion_section(text: str, code: str) -> tuple[int, int]:
    """Start and end offsets of the body section "Tiêu chí <code>: ..." (the last heading, not the contents)."""
    heads = [m.start() for m in re.finditer(rf"^Tiêu chí {re.escape(code)}:", text, flags=re.MULTILINE)]
    start = heads[-1]
    nxt = re.compile(r"^Tiêu chí \d+\.\d+:|^Tiêu chuẩn \d+:", flags=re.MULTILINE).search(text, start + 10)
    return start, nxt.start() if nxt else len(text)


# ----------------------------------------------------------------------------------- containers


def docx_package(document_xml: str | bytes, *, extra: dict[str, bytes] | None = None,
                 main_type: str = _DOCX_MAIN, extra_types: str = "") -> bytes:
    """A minimal WordprocessingML package with the given document part and extra parts."""
    buffer = io.BytesIO()
    body = document_xml.encode("utf-8") if isinstance(document_xml, str) else document_xml
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES.format(main=main_type, extra=extra_types))
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", body)
        for part, data in (extra or {}).items():
            archive.writestr(part, data)
    return buffer.getvalue()


def document_xml(paragraphs: list[str], *, prolog: str = "") -> str:
    """A document part with one paragraph per string (text XML-escaped)."""
    def para(text: str) -> str:
        safe = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return f'<w:p><w:r><w:t xml:space="preserve">{safe}</w:t></w:r></w:p>'

    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{prolog}'
            f'<w:document xmlns:w="{W_NS}"><w:body>{"".join(para(p) for p in paragraphs)}</w:body></w:document>')


def docx_of_text(text: str) -> bytes:
    """A .docx holding ``text`` one paragraph per line."""
    return docx_package(document_xml(text.split("\n")))


_FREE, _END_OF_CHAIN, _FAT_SECTOR, _NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def ole_container(streams: dict[str, bytes]) -> bytes:
    """A version-3 Compound File (the container of .doc and of encrypted Office files).

    Streams sit at the root in regular 512-byte sectors (padded to the 4096-byte mini-stream
    cutoff); the directory is a chain of right siblings, which readers accept.
    """
    sector = 512
    names = list(streams)
    blobs = [streams[n] + b"\0" * max(0, 4096 - len(streams[n])) for n in names]
    entries = [_ole_entry("Root Entry", 5, child=1 if names else _NO_STREAM, start=_END_OF_CHAIN, size=0)]
    dir_sectors = (len(names) + 1 + 3) // 4
    first_data = 1 + dir_sectors
    fat = [_FAT_SECTOR] + [*range(2, 1 + dir_sectors), _END_OF_CHAIN]
    cursor = first_data
    for index, (name, blob) in enumerate(zip(names, blobs, strict=True)):
        count = -(-len(blob) // sector)
        right = index + 2 if index + 1 < len(names) else _NO_STREAM
        entries.append(_ole_entry(name, 2, right=right, start=cursor, size=len(blob)))
        fat += [*range(cursor + 1, cursor + count), _END_OF_CHAIN]
        cursor += count
        blobs[index] = blob + b"\0" * (count * sector - len(blob))
    if len(fat) > sector // 4:
        raise ValueError("streams too large for a one-sector FAT")
    fat += [_FREE] * (sector // 4 - len(fat))
    while len(entries) % 4:
        entries.append(_ole_entry("", 0, start=0, size=0))
    header = bytearray(512)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6, 0)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 4096, _END_OF_CHAIN, 0, _END_OF_CHAIN, 0)
    struct.pack_into("<109I", header, 76, 0, *([_FREE] * 108))
    return bytes(header) + struct.pack(f"<{sector // 4}I", *fat) + b"".join(entries) + b"".join(blobs)


def _ole_entry(name: str, kind: int, *, child: int = _NO_STREAM, right: int = _NO_STREAM,
               start: int, size: int) -> bytes:
    encoded = (name.encode("utf-16-le") + b"\0\0") if name else b""
    out = encoded.ljust(64, b"\0")
    out += struct.pack("<HBBIII", len(encoded), kind, 1, _NO_STREAM, right, child)
    out += b"\0" * 36  # CLSID, state bits, creation and modification times
    return out + struct.pack("<IQ", start, size)


def _png(width: int, height: int, seed: int = 7) -> bytes:
    """A grey noise image as PNG (what a scanner produces, minus the text)."""
    rng = random.Random(seed)
    raw = b"".join(b"\0" + bytes(rng.randrange(180, 256) for _ in range(width)) for _ in range(height))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


# ----------------------------------------------------------------------------------- refused files


def corrupt_docx() -> bytes:
    """A real report cut in half and padded with junk: the zip directory is gone."""
    data = fixture("tdg_tt18_thcs.docx")
    return data[: len(data) // 2] + bytes(random.Random(1).randrange(256) for _ in range(2048))


def doc_as_docx() -> bytes:
    """A Word 97-2003 (.doc) container, as when a user renames "baocao.doc" to "baocao.docx"."""
    fib = b"\xec\xa5" + b"\0" * 510  # wIdent of a Word binary file
    return ole_container({"WordDocument": fib, "1Table": b"\0" * 512, "\x05SummaryInformation": b"\0" * 64})


def docm_with_macro() -> bytes:
    """A macro-enabled document (.docm): a real report with a vbaProject part and an AutoOpen macro."""
    body = document_xml(report_text().split("\n")[:40])
    vba = ole_container({"VBA/dir": b"Attribute VB_Name = \"NewMacros\"\r\nSub AutoOpen()\r\nShell \"calc\"\r\nEnd Sub"})
    rels = (_XML_HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId9" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
            'Target="vbaProject.bin"/></Relationships>')
    return docx_package(body, main_type=_DOCM_MAIN,
                        extra={"word/vbaProject.bin": vba, "word/_rels/document.xml.rels": rels.encode()},
                        extra_types='<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>')


def encrypted_docx() -> bytes:
    """A password-protected .docx: Word stores it as an OLE container with the encrypted package."""
    info = struct.pack("<HHI", 4, 4, 0x40) + b"<?xml version=\"1.0\"?><encryption/>"  # agile encryption
    package = struct.pack("<Q", 12345) + bytes(random.Random(2).randrange(256) for _ in range(8192))
    return ole_container({"EncryptionInfo": info, "EncryptedPackage": package,
                          "\x06DataSpaces": b"\0" * 64})


def encrypted_pdf() -> bytes:
    """A PDF with a user password (fpdf2 encryption), text inside."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    for _ in range(20):
        pdf.cell(text="Bao cao tu danh gia - Tieu chi 1.1: Phuong huong, chien luoc", new_x="LMARGIN", new_y="NEXT")
    pdf.set_encryption(owner_password="chu-so-huu", user_password="mat-khau")
    return bytes(pdf.output())


def scanned_pdf(pages: int = 2) -> bytes:
    """A scan: every page is one image, no text layer."""
    from fpdf import FPDF

    pdf = FPDF()
    image = io.BytesIO(_png(120, 170))
    for _ in range(pages):
        pdf.add_page()
        pdf.image(image, x=10, y=10, w=190)
    return bytes(pdf.output())


def empty_file() -> bytes:
    """Only blanks, line breaks and a byte-order mark."""
    return b"\xef\xbb\xbf   \r\n\t\n  \n"


def zero_byte() -> bytes:
    """Nothing at all (an upload that was interrupted)."""
    return b""


def huge_file(size: int = 50 * MIB + 1) -> bytes:
    """A file just over the limit that looks like a .docx (a zip header), so parsing it would cost."""
    return b"PK\x03\x04" + b"\0" * (size - 4)


def zip_bomb_docx(unpacked_mb: int = 64) -> bytes:
    """A .docx whose document part inflates to ``unpacked_mb`` MB of blanks (ratio about 1000:1)."""
    prefix = f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>'
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b" " * MIB
    pieces = [packer.compress(prefix.encode())]
    pieces += [packer.compress(chunk) for _ in range(unpacked_mb)]
    pieces.append(packer.compress(b"</w:t></w:r></w:p></w:body></w:document>") + packer.flush())
    deflated = b"".join(pieces)
    size = len(prefix) + unpacked_mb * MIB + len("</w:t></w:r></w:p></w:body></w:document>")
    crc = zlib.crc32(prefix.encode())
    for _ in range(unpacked_mb):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(b"</w:t></w:r></w:p></w:body></w:document>", crc)
    base = docx_package(document_xml(["x"]))
    return _replace_member(base, "word/document.xml", deflated, size, crc)


def lying_zip_bomb_docx() -> bytes:
    """A .docx whose directory claims a 2 KB document part that really inflates to 16 MB."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    deflated = b"".join(packer.compress(b"<" * MIB) for _ in range(16)) + packer.flush()
    base = docx_package(document_xml(["x"]))
    return _replace_member(base, "word/document.xml", deflated, 2048, 0)


def _replace_member(package: bytes, member: str, deflated: bytes, size: int, crc: int) -> bytes:
    """Rebuild a zip with one member's raw deflate data, sizes and CRC set by hand."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != member:
                dst.writestr(info, src.read(info))
    entries = out.getvalue()
    # Append the crafted member by hand: local header, data, then a fresh central directory.
    with zipfile.ZipFile(io.BytesIO(entries)) as clean:
        infos = clean.infolist()
        raw = {i.filename: entries[i.header_offset:i.header_offset + _local_len(entries, i)] for i in infos}
    body, central, offset = bytearray(), bytearray(), 0
    for info in infos:
        local = raw[info.filename]
        body += local
        central += _central(info.filename.encode(), 8, info.CRC, info.compress_size, info.file_size, offset)
        offset += len(local)
    name = member.encode()
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(deflated), size, len(name), 0)
    body += local + name + deflated
    central += _central(name, 8, crc, len(deflated), size, offset)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(infos) + 1, len(infos) + 1, len(central), len(body), 0)
    return bytes(body + central + end)


def _local_len(data: bytes, info: zipfile.ZipInfo) -> int:
    start = info.header_offset
    name_len, extra_len = struct.unpack("<HH", data[start + 26:start + 30])
    return 30 + name_len + extra_len + info.compress_size


def _central(name: bytes, method: int, crc: int, packed: int, size: int, offset: int) -> bytes:
    return struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0, crc, packed, size,
                       len(name), 0, 0, 0, 0, 0, offset) + name


def xxe_docx() -> bytes:
    """A .docx whose document part declares an external entity reading a local file."""
    prolog = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    xml = document_xml(["Báo cáo tự đánh giá", "&xxe;"], prolog=prolog).replace("&amp;xxe;", "&xxe;")
    return docx_package(xml)


def billion_laughs_docx() -> bytes:
    """A .docx whose document part nests entities (exponential expansion, "billion laughs")."""
    defs = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    xml = document_xml(["Báo cáo", "&lol9;"], prolog=f"<!DOCTYPE w:document [{defs}]>").replace("&amp;lol9;", "&lol9;")
    return docx_package(xml)


def spreadsheet() -> bytes:
    """A spreadsheet (.xlsx is a zip too): the school's score sheet instead of the report."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


def photo() -> bytes:
    """A photo of a page."""
    return _png(40, 60)


def plan_as_report() -> bytes:
    """A real improvement plan (uploaded in the report slot)."""
    return fixture("plans/plan_2018_merged.docx")


def report_as_plan() -> bytes:
    """A real TĐG report (uploaded where a plan is expected)."""
    return fixture("tdg_tt18_thcs.docx")


def no_criteria_report() -> bytes:
    """Titled like a report, but with no criterion in it (the cover letter was uploaded)."""
    lines = ["PHÒNG GD&ĐT HUYỆN HÒA VANG", "TRƯỜNG THCS NGUYỄN DU", "BÁO CÁO TỰ ĐÁNH GIÁ",
             "Kính gửi: Phòng Giáo dục và Đào tạo.",
             "Nhà trường gửi kèm theo đây báo cáo tự đánh giá năm học 2024-2025 để Phòng xem xét.",
             "Trân trọng."]
    return docx_package(document_xml(lines))


def unrelated_document() -> bytes:
    """A document that is neither a report nor a plan (a meeting invitation)."""
    return "\n".join(["GIẤY MỜI HỌP PHỤ HUYNH", "Thời gian: 8 giờ ngày 12/9/2025.",
                      "Địa điểm: phòng họp nhà trường.", "Nội dung: triển khai kế hoạch năm học."]).encode()


# ----------------------------------------------------------------------------------- read with care


def tcvn3_text() -> bytes:
    """The sample report typed with .VnTime (TCVN3), saved as plain 8-bit text."""
    return fixture("tdg_tcvn3.txt")


def tcvn3_short() -> bytes:
    """A short TCVN3 line built by hand ("Trường" = Tr + 0xAD (ư) + 0xEA (ờ) + ng, "tự" = t + 0xF9), repeated."""
    line = b"B\xb8o c\xb8o t\xf9 \xae\xb8nh gi\xb8 - Tr\xad\xeang THCS Nguy\xd4n Du - Ti\xaau ch\xdd 1.1\n"
    return line * 8


def vni_text() -> bytes:
    """The sample report typed with VNI-Times, saved as plain 8-bit text."""
    return fixture("tdg_vni.txt")


def mixed_nfc_nfd() -> bytes:
    """The sample report as UTF-8 with every other line decomposed (NFD), as after a copy from macOS."""
    lines = report_text().split("\n")
    mixed = [unicodedata.normalize("NFD", ln) if i % 2 else ln for i, ln in enumerate(lines)]
    return "\n".join(mixed).encode("utf-8")


def other_framework_report() -> bytes:
    """A primary school (TT17) report, uploaded for a THCS draft (TT18 chosen)."""
    return fixture("tdg_tt17_th.docx")


def duplicated_criteria_report() -> bytes:
    """The sample report with criterion 1.2 written twice, the copy giving another level."""
    text = report_text()
    start, end = criterion_section(text, "1.2")
    copy = re.sub(r"Kết quả: Tiêu chí đạt Mức \d\.", "Kết quả: Tiêu chí đạt Mức 3.", text[start:end])
    return (text[:end] + copy + text[end:]).encode("utf-8")


def level_out_of_range_report() -> bytes:
    """The sample report where criterion 1.1 "đạt Mức 7" (there are at most 4 levels)."""
    text = report_text()
    start, end = criterion_section(text, "1.1")
    section = re.sub(r"Kết quả: Tiêu chí đạt Mức \d\.", "Kết quả: Tiêu chí đạt Mức 7.", text[start:end])
    assert "Mức 7" in section
    return (text[:start] + section + text[end:]).encode("utf-8")


def injected_report(injection: str, *, school: str | None = None) -> bytes:
    """The sample report with ``injection`` appended to every weakness (and an optional school name)."""
    text = report_text()
    text = re.sub(r"(3\. Điểm yếu\n[^\n]*)", lambda m: f"{m.group(1)} {injection}", text)
    if school is not None:
        text = text.replace("Trường THCS Nguyễn Du", school).replace("TRƯỜNG THCS NGUYỄN DU", school)
    return text.encode("utf-8")


HOSTILE_NAMES = (
    "../../../etc/passwd.docx",
    "C:\\Users\\hieutruong\\Desktop\\..\\bao_cao.docx",
    "bao\x00cao\x1b[31m\r\n.docx",
    "/tmp/\u202egpj.docx",
)


# ----------------------------------------------------------------------------------- the matrix


@dataclass(frozen=True)
class Case:
    """One bad input: how it is uploaded, which reader sees it, and what the message must name."""

    key: str
    name: str
    build: Callable[[], bytes]
    reader: str  # "document" | "report" | "plan"
    names: tuple[str, ...]  # the message names the problem with one of these words
    error: str = "InputError"  # class name in assistant.errors

    def data(self) -> bytes:
        """The file's bytes (built on demand: some are large)."""
        if self.key not in _BUILT:
            _BUILT[self.key] = self.build()
        return _BUILT[self.key]


_BUILT: dict[str, bytes] = {}  # built once per process: the zip bombs take a moment to compress


REFUSED: tuple[Case, ...] = (
    Case("corrupt-docx", "bao_cao_hong.docx", corrupt_docx, "document", ("bị hỏng",)),
    Case("doc-renamed", "bao_cao.docx", doc_as_docx, "document", ("97-2003", ".doc")),
    Case("docm-macro", "bao_cao.docm", docm_with_macro, "document", ("macro",)),
    Case("docm-renamed", "bao_cao.docx", docm_with_macro, "document", ("macro",)),
    Case("encrypted-docx", "bao_cao_mat_khau.docx", encrypted_docx, "document", ("mật khẩu", "mã hóa")),
    Case("encrypted-pdf", "bao_cao_mat_khau.pdf", encrypted_pdf, "document", ("mật khẩu",)),
    Case("scanned-pdf", "bao_cao_scan.pdf", scanned_pdf, "document", ("bản quét", "lớp chữ")),
    Case("empty", "bao_cao.txt", empty_file, "document", ("không có nội dung", "khoảng trắng")),
    Case("zero-byte", "bao_cao.docx", zero_byte, "document", ("0 byte", "rỗng", "trống")),
    Case("huge", "bao_cao_50mb.docx", huge_file, "document", ("quá lớn",)),
    Case("zip-bomb", "bao_cao.docx", zip_bomb_docx, "document", ("bom nén", "bất thường")),
    Case("zip-bomb-lying", "bao_cao.docx", lying_zip_bomb_docx, "document", ("bị hỏng", "bom nén", "bất thường")),
    Case("xxe", "bao_cao.docx", xxe_docx, "document", ("không an toàn",)),
    Case("billion-laughs", "bao_cao.docx", billion_laughs_docx, "document", ("không an toàn",)),
    Case("spreadsheet", "diem_thi_dua.xlsx", spreadsheet, "document", ("Excel",)),
    Case("photo", "trang_1.png", photo, "document", ("ảnh",)),
    Case("plan-as-report", "ke_hoach.docx", plan_as_report, "report", ("kế hoạch",), "NotAReportError"),
    Case("report-as-plan", "bao_cao_tdg.docx", report_as_plan, "plan", ("báo cáo tự đánh giá",), "NotAPlanError"),
    Case("no-criteria", "cong_van.docx", no_criteria_report, "report", ("tiêu chí",), "NotAReportError"),
    Case("unrelated-report", "giay_moi.txt", unrelated_document, "report", ("tiêu chí",), "NotAReportError"),
    Case("unrelated-plan", "giay_moi.txt", unrelated_document, "plan", ("kế hoạch",), "NotAPlanError"),
)


# ----------------------------------------------------------------------------------- mutations

# Real files to mutate: small enough that thousands of mutants parse in minutes.  Text reports
# are cut to their first 6 000 bytes (cover, summary table and the first criterion).
MUTATION_BASES = (
    "dgn_tt18_thcs.docx",
    "tdg_tt57_pho_thong.docx",
    "plans/plan_2018_merged.docx",
    "plans/plan_tt57.docx",
    "plans/plan_2018_bordered.pdf",
    "plans/plan_unbordered.pdf",
    "plans/not_a_plan_tdg.txt",
    "tdg_pdf_pasted.txt",
    "tdg_tcvn3.txt",
    "tdg_vni.txt",
)
MUTATIONS = ("flip", "truncate", "splice", "zip-member", "zip-directory")
_NASTY = (b"<", b"&", b"]]>", b"<!DOCTYPE x [<!ENTITY a SYSTEM 'file:///etc/passwd'>]>", b"\x00", b"\xff\xfe",
          b"Ti\xc3\xaau ch\xc3\xad 9.99:", b"M\xe1\xbb\xa9c 9", b"%%EOF", b"obj", b"endobj", b"stream", b"\xd0\xcf\x11\xe0")


@cache
def mutation_base(name: str) -> bytes:
    """The bytes of one base file (text reports cut to 6 000 bytes at a line end)."""
    data = fixture(name)
    if name.endswith(".txt") and len(data) > 6_000:
        data = data[: data.rfind(b"\n", 0, 6_000) + 1]
    return data


def mutate(data: bytes, rng: random.Random, kind: str | None = None) -> tuple[str, bytes]:
    """One random mutation of ``data``: byte flips, truncation, a splice, or a corrupted zip member."""
    is_zip = data.startswith(b"PK\x03\x04")
    kind = kind or rng.choice(MUTATIONS if is_zip else MUTATIONS[:3])
    if kind in ("zip-member", "zip-directory") and not is_zip:
        kind = "flip"
    if kind == "flip":
        out = bytearray(data)
        for _ in range(rng.randint(1, 24)):
            if out:
                out[rng.randrange(len(out))] = rng.randrange(256)
        return kind, bytes(out)
    if kind == "truncate":
        return kind, data[: rng.randrange(max(1, len(data)))]
    if kind == "splice":
        at = rng.randrange(len(data) + 1)
        piece = rng.choice(_NASTY) if rng.random() < 0.5 else data[rng.randrange(max(1, len(data))):][:rng.randint(1, 4096)]
        return kind, data[:at] + piece * rng.randint(1, 8) + data[at:]
    if kind == "zip-directory":
        out = bytearray(data)
        end = data.rfind(b"PK\x01\x02")
        start = data.find(b"PK\x01\x02")
        for _ in range(rng.randint(1, 6)):
            out[rng.randrange(max(0, start), max(start + 1, end + 46))] = rng.randrange(256)
        return kind, bytes(out)
    return kind, _mutate_member(data, rng)


def _mutate_member(data: bytes, rng: random.Random) -> bytes:
    """Rewrite the zip with one XML part changed (flips, a cut, or a nasty splice), recompressed."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        parts = {i.filename: src.read(i) for i in src.infolist()}
    xml_parts = [n for n in parts if n.endswith(".xml") or n.endswith(".rels")]
    target = "word/document.xml" if "word/document.xml" in parts and rng.random() < 0.6 else rng.choice(xml_parts)
    _, changed = mutate(parts[target], rng, rng.choice(("flip", "truncate", "splice")))
    if rng.random() < 0.2:
        del parts[target]
    else:
        parts[target] = changed
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, body in parts.items():
            dst.writestr(name, body)
    return out.getvalue()
