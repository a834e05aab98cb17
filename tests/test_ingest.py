"""Format readers: .docx, .pdf, .txt, legacy encodings, and every bad input's Vietnamese message."""

from __future__ import annotations

import codecs
import io
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.errors import InputError
from assistant.ingest import read_document
from assistant.ingest.base import Paragraph, Table
from assistant.ingest.legacy import (
    detect_legacy,
    tcvn3_to_unicode,
    unicode_to_tcvn3,
    unicode_to_vni,
    vni_to_unicode,
)
from assistant.ingest.lines import join_wrapped, strip_page_furniture
from assistant.ingest.safety import display_name

REPORTS = Path(__file__).parent / "fixtures" / "reports"
LETTERS = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"


def _read(name: str) -> tuple[str, list]:
    doc = read_document((REPORTS / name).read_bytes(), name)
    return doc.text, list(doc.blocks)


# --------------------------------------------------------------------------------------------
# Legacy encodings
# --------------------------------------------------------------------------------------------


def test_vni_round_trip_every_letter() -> None:
    letters = LETTERS + LETTERS.upper()
    assert vni_to_unicode(unicode_to_vni(letters)) == letters
    assert unicode_to_vni("Trường") == "Tröôøng"


def test_tcvn3_round_trip_lower_case_and_known_bytes() -> None:
    assert tcvn3_to_unicode(unicode_to_tcvn3(LETTERS)) == LETTERS
    assert unicode_to_tcvn3("Trường học") == "Tr\xadêng häc"
    assert tcvn3_to_unicode("§iÓm yÕu") == "Điểm yếu"


def test_detect_legacy_only_on_legacy_text() -> None:
    text = "Trường Trung học cơ sở Nguyễn Du. Điểm yếu: khu vệ sinh xuống cấp, thiếu nước sạch."
    assert detect_legacy(text) is None
    assert detect_legacy(unicode_to_tcvn3(text)) == "tcvn3"
    assert detect_legacy(unicode_to_vni(text)) == "vni"
    # OCR noise without diacritic structure ("ué", "ié") is not VNI.
    assert detect_legacy("Cong van sé 5932 huéng din, kiém dinh chét luong, nhiém vu tiép tuc") is None


def test_legacy_txt_fixtures_convert_with_warning() -> None:
    for name, label in (("tdg_tcvn3.txt", "TCVN3"), ("tdg_vni.txt", "VNI")):
        doc = read_document((REPORTS / name).read_bytes(), name)
        assert any(label in w for w in doc.warnings)
        assert "Tiêu chí 1.1" in doc.text or "TIÊU CHí" in doc.text
        assert unicodedata.is_normalized("NFC", doc.text)


def test_legacy_font_runs_in_docx_are_converted() -> None:
    d = docx.Document()
    p = d.add_paragraph()
    p.add_run(unicode_to_tcvn3("Điểm yếu: khu vệ sinh xuống cấp")).font.name = ".VnTime"
    d.add_paragraph().add_run(unicode_to_tcvn3("tiêu chí")).font.name = ".VnTimeH"
    d.add_paragraph().add_run(unicode_to_vni("Kế hoạch cải tiến")).font.name = "VNI-Times"
    buf = io.BytesIO()
    d.save(buf)
    doc = read_document(buf.getvalue(), "cu.docx")
    texts = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert texts == ["Điểm yếu: khu vệ sinh xuống cấp", "TIÊU CHÍ", "Kế hoạch cải tiến"]
    assert len(doc.warnings) == 2


def test_nfd_and_utf16_text() -> None:
    text = unicodedata.normalize("NFD", "Tiêu chí 3.4: Khu vệ sinh, hệ thống cấp thoát nước")
    doc = read_document(text.encode("utf-8"), "nfd.txt")
    assert doc.text == unicodedata.normalize("NFC", text)
    assert any("NFD" in w for w in doc.warnings)
    doc16 = read_document(codecs.BOM_UTF16_LE + "Điểm yếu: thiếu".encode("utf-16-le"), "u16.txt")
    assert doc16.text == "Điểm yếu: thiếu"


# --------------------------------------------------------------------------------------------
# .txt: wrapping, page furniture, tables
# --------------------------------------------------------------------------------------------


def test_pasted_pdf_text_is_rejoined_without_page_furniture() -> None:
    text, blocks = _read("tdg_pdf_pasted.txt")
    assert "Trang 3" not in text
    assert "Báo cáo tự đánh giá – Trường THCS Tân Lập" not in text
    assert (
        "- Khu vệ sinh học sinh nam dãy B xuống cấp, thường xuyên bị rò rỉ nước; số lượng thiết bị vệ sinh chưa đủ "
        "so với số học sinh." in text.split("\n")
    )
    assert all(isinstance(b, Paragraph) for b in blocks)


def test_join_wrapped_rules() -> None:
    lines = [
        "Nhà trường đã xây dựng kế hoạch chiến lược giai đoạn 2020-2025, được cấp có thẩm quyền",
        "phê duyệt và công bố công khai trên trang thông tin điện tử của nhà trường; định kỳ",
        "rà soát, điều chỉnh phù hợp với thực tế.",
        "2. Điểm yếu",
        "- Khu vệ sinh xuống cấp, kinh phí sửa chữa từ nguồn xã hội hóa còn hạn chế vì phụ",
        "huynh khó khăn.",
        "a Đạt a Đạt (*) Không đạt",
        "Hồ sơ về khối hành chính",
        "- quản trị chưa đầy đủ.",
        "Kết nối Inter-",
        "net cho phòng máy.",
    ]
    out = [text for text, _ in join_wrapped(lines)]
    assert out == [
        " ".join(lines[0:3]),
        "2. Điểm yếu",
        lines[4] + " " + lines[5],
        "a Đạt a Đạt (*) Không đạt",
        "Hồ sơ về khối hành chính - quản trị chưa đầy đủ.",
        "Kết nối Internet cho phòng máy.",
    ]


def test_page_furniture_needs_repetition() -> None:
    pages = [["Trường THCS A – Báo cáo", f"Nội dung trang {i} khác hẳn nhau về chữ", "vì mỗi trang một ý", str(i)]
             for i in range(1, 6)]  # fmt: skip
    cleaned = strip_page_furniture(pages)
    assert all(p[0].startswith("Nội dung") for p in cleaned)
    assert all(len(p) == 2 for p in cleaned)


def test_seed_with_tabs_gives_tables(seeds_dir: Path) -> None:
    seed = next(seeds_dir.glob("002_*.txt"))
    doc = read_document(seed.read_bytes(), seed.name)
    assert doc.tables and any("Tiêu chí 1.1" in row[1] for t in doc.tables for row in t.rows if len(row) > 1)


# --------------------------------------------------------------------------------------------
# .docx and .pdf
# --------------------------------------------------------------------------------------------


def test_docx_structure_nested_tables_headers_numbering() -> None:
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "Báo cáo tự đánh giá – Trường Tiểu học A"
    d.add_paragraph("Mô tả", style="List Number")
    d.add_paragraph("Điểm yếu", style="List Number")
    t = d.add_table(rows=2, cols=3)
    t.cell(0, 0).merge(t.cell(0, 1)).text = "Mức 1"
    t.cell(0, 2).text = "Mức 2"
    t.cell(1, 0).text = "a"
    inner = t.cell(1, 2).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "lồng"
    inner.cell(0, 1).text = "nhau"
    frame = d.add_table(rows=1, cols=1)
    frame.cell(0, 0).text = "Đoạn trong khung"
    d.add_paragraph("Sau bảng")
    buf = io.BytesIO()
    d.save(buf)
    blocks = read_document(buf.getvalue(), "a.docx").blocks
    assert blocks[0] == Paragraph(text="Báo cáo tự đánh giá – Trường Tiểu học A", style="Header")
    assert [b.text for b in blocks[1:3]] == ["1. Mô tả", "2. Điểm yếu"]  # type: ignore[union-attr]
    assert blocks[3] == Table(rows=(("Mức 1", "", "Mức 2"), ("a", "", "")))
    assert blocks[4] == Table(rows=(("lồng", "nhau"),))
    assert [b.text for b in blocks[5:]] == ["Đoạn trong khung", "Sau bảng"]  # type: ignore[union-attr]


def test_fixture_docx_reads_tables_in_order() -> None:
    text, blocks = _read("tdg_tt18_thcs.docx")
    assert (
        text.index("BÁO CÁO TỰ ĐÁNH GIÁ")
        < text.index("BẢNG TỔNG HỢP")
        < text.index("Tiêu chí 3.4: Khu vệ sinh")
    )
    summary = next(b for b in blocks if isinstance(b, Table) and b.rows[0][0] == "Tiêu chuẩn, tiêu chí")
    assert summary.rows[2] == ("", "", "Mức 1", "Mức 2", "Mức 3")
    assert ("Tiêu chí 2.3", "", "x", "x", "x") in summary.rows


def test_pdf_text_layer_without_headers_and_page_numbers() -> None:
    doc = read_document((REPORTS / "tdg_long_100p.pdf").read_bytes(), "dai.pdf")
    lines = doc.text.split("\n")
    assert not any(ln.strip().isdigit() for ln in lines)
    assert "Báo cáo tự đánh giá – Trường THCS Nguyễn Du" not in lines
    assert max(b.page or 0 for b in doc.blocks) >= 90
    assert "Khu vệ sinh học sinh nam dãy B xuống cấp, thường xuyên bị rò rỉ nước; số lượng thiết bị vệ sinh chưa đủ" \
        in doc.text  # fmt: skip


# --------------------------------------------------------------------------------------------
# Bad inputs: each names the problem and what to do
# --------------------------------------------------------------------------------------------

BAD = [
    ("bad_corrupt.docx", "bị hỏng", "Lưu thành .docx"),
    ("bad_word97.doc", "Word 97-2003 (.doc)", "Lưu thành .docx"),
    ("bad_encrypted.docx", "đặt mật khẩu", "gỡ mật khẩu"),
    ("bad_encrypted.pdf", "đặt mật khẩu", "không mật khẩu"),
    ("bad_macro.docm", "có macro", "bỏ macro"),
    ("bad_scanned.pdf", "là bản quét (không có lớp chữ)", "nhận dạng chữ (OCR)"),
    ("bad_empty.txt", "không có nội dung", "tải lên bản có nội dung"),
    ("bad_zero.docx", "rỗng (0 byte)", "tải lên bản có nội dung"),
    ("bad_zipbomb.docx", "bom nén", "lưu lại thành .docx mới"),
    ("bad_xxe.docx", "khai báo XML không an toàn", "lưu lại thành .docx mới"),
]


@pytest.mark.parametrize(("name", "problem", "todo"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_message(name: str, problem: str, todo: str) -> None:
    with pytest.raises(InputError) as err:
        read_document((REPORTS / name).read_bytes(), name)
    assert f"“{name}”" in err.value.message
    assert problem in err.value.message
    assert todo in err.value.hint
    assert unicodedata.is_normalized("NFC", str(err.value))


def test_too_large_refused_early() -> None:
    with pytest.raises(InputError, match="quá lớn") as err:
        read_document(b"x" * 2048, "lon.txt", max_bytes=1024)
    assert "CAITIEN_MAX_UPLOAD_MB" in err.value.hint


def test_wrong_formats() -> None:
    with pytest.raises(InputError, match="không phải tệp văn bản"):
        read_document(bytes(range(256)) * 20, "anh.txt")
    xlsx = io.BytesIO()
    with zipfile.ZipFile(xlsx, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(InputError, match="Excel"):
        read_document(xlsx.getvalue(), "bang.docx")
    with pytest.raises(InputError, match="không phải PDF hợp lệ"):
        read_document(b"hello", "gia.pdf")
    with pytest.raises(InputError, match="RTF"):
        read_document(b"{\\rtf1\\ansi Bao cao}", "cu.doc")


def test_display_name_strips_paths_and_controls() -> None:
    assert display_name("C:\\Users\\a\\..\\bao cao\x07.docx") == "bao cao.docx"
    assert display_name("../../etc/passwd") == "passwd"
    assert display_name("\x00\x01") == "tệp tải lên"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=600), suffix=st.sampled_from([".txt", ".docx", ".pdf", ".doc", ""]))
def test_arbitrary_bytes_only_raise_input_error(data: bytes, suffix: str) -> None:
    try:
        doc = read_document(data, "x" + suffix)
    except InputError as exc:
        assert exc.message
    else:
        assert unicodedata.is_normalized("NFC", doc.text)


def test_file_just_over_the_limit_never_reads_as_equal_to_it() -> None:
    from assistant.errors import InputError
    from assistant.ingest import read_document

    limit = 1048576
    with pytest.raises(InputError) as err:
        read_document(b"x" * (limit + 10), "bao-cao.txt", max_bytes=limit)
    assert "hơn 1 MB; giới hạn 1 MB" in str(err.value)
