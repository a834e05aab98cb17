"""Word export: golden dumps of both templates, NĐ 30 layout rules, letterhead and appendix.

Set CAITIEN_UPDATE_GOLDEN=1 to rewrite tests/golden/*.txt after a deliberate layout change (then
read the diff before committing).
"""

from __future__ import annotations

import io
import os
from datetime import datetime
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx_dump import dump_docx
from export_samples import letterhead_docx, tt18_thcs_plan, tt57_plan

from assistant.catalog import default_catalog
from assistant.domain import Plan, PlanHeader, PlanRow, SchoolType
from assistant.errors import CaitienError, InputError
from assistant.export import DecisionRecord, export_docx
from assistant.export.docx_header import number_line, place_date_line, recipient_lines, school_abbreviation
from assistant.export.texts import fix_bases

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def catalog():
    return default_catalog()


@pytest.fixture(scope="module")
def docx_2018(catalog) -> bytes:
    return export_docx(tt18_thcs_plan(), catalog.get("tt18-2018"))


@pytest.fixture(scope="module")
def docx_tt57(catalog) -> bytes:
    return export_docx(tt57_plan(), catalog.get("tt57-2026-pho-thong"))


def _check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("CAITIEN_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs; see CAITIEN_UPDATE_GOLDEN in this file"


def _open(data: bytes):
    return Document(io.BytesIO(data))


def _texts(data: bytes) -> list[str]:
    return [p.text for p in _open(data).paragraphs]


def test_golden_2018(docx_2018):
    _check_golden("export_2018.txt", dump_docx(docx_2018))


def test_golden_tt57(docx_tt57):
    _check_golden("export_tt57.txt", dump_docx(docx_tt57))


def test_export_is_reproducible(catalog, docx_2018):
    again = export_docx(tt18_thcs_plan(), catalog.get("tt18-2018"))
    assert again == docx_2018
    props = _open(docx_2018).core_properties
    assert props.created == props.modified
    assert props.created.date().isoformat() == "2025-09-28"


@pytest.mark.parametrize("fixture", ["docx_2018", "docx_tt57"])
def test_every_run_and_style_uses_times_new_roman_in_all_slots(fixture, request):
    doc = _open(request.getfixturevalue(fixture))
    parts = [doc.element.body, doc.styles.element] + [s.header._element for s in doc.sections]
    count = 0
    for part in parts:
        for run in part.iter(qn("w:r")):
            rfonts = run.find(qn("w:rPr") + "/" + qn("w:rFonts"))
            assert rfonts is not None
            for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                assert rfonts.get(qn(slot)) == "Times New Roman"
            count += 1
    for rfonts in doc.styles.element.iter(qn("w:rFonts")):
        assert (
            rfonts.get(qn("w:eastAsia")) == "Times New Roman" and rfonts.get(qn("w:cs")) == "Times New Roman"
        )
        assert not any(k.lower().endswith("theme") for k in rfonts.attrib)
    assert count > 100


@pytest.mark.parametrize("fixture", ["docx_2018", "docx_tt57"])
def test_sections_a4_margins_and_orientation(fixture, request):
    sections = _open(request.getfixturevalue(fixture)).sections
    assert [s.page_width > s.page_height for s in sections] == [False, True, False]
    for s in sections:
        assert sorted((round(s.page_width.mm), round(s.page_height.mm))) == [210, 297]
        assert [round(m.mm) for m in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)] == [
            20,
            20,
            30,
            15,
        ]


def test_page_numbers_in_header_except_first_page(docx_2018):
    first = _open(docx_2018).sections[0]
    assert first.different_first_page_header_footer
    instr = [t.text.strip() for t in first.header._element.iter(qn("w:instrText"))]
    assert instr == ["PAGE"]
    assert first.header.paragraphs[0].alignment.name == "CENTER"
    assert not first.first_page_header.paragraphs[0].text


def test_official_header_layout(docx_2018):
    table = _open(docx_2018).tables[0]
    left, right = table.cell(0, 0).paragraphs, table.cell(0, 1).paragraphs
    assert left[0].text == "UBND XÃ THANH XƯƠNG" and not left[0].runs[0].bold
    assert left[1].text == "TRƯỜNG THCS XÃ THANH XƯƠNG" and left[1].runs[0].bold
    assert right[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and right[0].runs[0].bold
    assert right[1].text == "Độc lập - Tự do - Hạnh phúc" and right[1].runs[0].bold
    for rule in (left[2], right[2]):  # the short solid lines under the school name and the Tiêu ngữ
        assert rule._p.find(qn("w:pPr") + "/" + qn("w:pBdr")) is not None
    assert table.cell(1, 0).text == "Số: 166/KH-THCSTX"
    date = table.cell(1, 1).paragraphs[0]
    assert date.text == "Thanh Xương, ngày 28 tháng 9 năm 2025" and date.runs[0].italic


def test_2018_sections_numbered_i_to_iv_and_right_circular(docx_2018):
    texts = _texts(docx_2018)
    headings = [t for t in texts if t.split(".")[0] in ("I", "II", "III", "IV", "V", "VI")]
    assert [h.split(".")[0] for h in headings] == ["I", "II", "III", "IV"]
    assert "KẾ HOẠCH" in texts and "Cải tiến chất lượng giáo dục năm học 2025-2026" in texts
    cited = next(t for t in texts if "Thông tư số" in t)
    assert "18/2018/TT-BGDĐT" in cited and "trường trung học cơ sở" in cited


def test_2018_table_bands_standards_and_merged_criterion(docx_2018):
    table = _open(docx_2018).tables[1]
    assert len(table.columns) == 9
    assert table.rows[0].cells[2].text == "Kết quả cần đạt (so với hiện trạng)"
    firsts = [row.cells[1].text for row in table.rows]
    assert table.rows[1].cells[0].text == "MỨC 1, 2, 3"
    assert "Tiêu chuẩn 1: Tổ chức và quản lý nhà trường" in firsts
    assert any(t.startswith("Tiêu chí 1.4: Hiệu trưởng") for t in firsts)
    five_one = [i for i, t in enumerate(firsts) if t.startswith("Tiêu chí 5.1")]
    assert len(five_one) == 2 and five_one[1] == five_one[0] + 1  # one criterion, two rows, merged cell
    level4 = [i for i, row in enumerate(table.rows) if row.cells[0].text == "MỨC 4"]
    assert level4 and firsts[level4[0] + 1].startswith("Tiêu chí 1")
    trs = table._tbl.tr_lst
    assert trs[0].trPr.find(qn("w:tblHeader")) is not None
    assert all(tr.trPr.find(qn("w:cantSplit")) is not None for tr in trs)


def test_2018_without_level4_rows_has_no_level4_band(catalog):
    plan = tt18_thcs_plan().model_copy(update={"rows": tt18_thcs_plan().rows[:3]})
    table = _open(export_docx(plan, catalog.get("tt18-2018"))).tables[1]
    assert [r.cells[0].text for r in table.rows].count("MỨC 4") == 0


@pytest.mark.parametrize(
    ("fid", "number", "words"),
    [
        ("tt17-2018", "17/2018/TT-BGDĐT", "trường tiểu học"),
        ("tt19-2018", "19/2018/TT-BGDĐT", "trường mầm non"),
    ],
)
def test_2018_cites_the_circular_of_the_framework(catalog, fid, number, words):
    header = PlanHeader(school_name="Trường X", school_year="2025-2026", date="05/01/2026", place="Mường Ảng")
    plan = Plan(header=header, rows=(PlanRow(criterion="1.1", target="Đạt Mức 2"),))
    texts = _texts(export_docx(plan, catalog.get(fid)))
    cited = next(t for t in texts if "Thông tư số" in t)
    assert number in cited and cited.rstrip(";").endswith(words)


def test_wrong_sibling_circular_is_replaced(catalog):
    framework = catalog.get("tt18-2018")
    wrong = "Căn cứ Thông tư số 17/2018/TT-BGDĐT ngày 22/8/2018 ... trường THCS, THPT;"
    fixed = fix_bases((wrong, "Báo cáo tự đánh giá"), framework)
    assert fixed[0].startswith("Căn cứ Thông tư số 18/2018/TT-BGDĐT") and "17/2018" not in fixed[0]
    kept = fix_bases(("Báo cáo tự đánh giá",), framework)
    assert kept[0].startswith("Căn cứ Thông tư số 18/2018") and kept[1] == "Báo cáo tự đánh giá"


def test_tt57_sections_tables_and_requirement_b(docx_tt57):
    doc = _open(docx_tt57)
    texts = [p.text for p in doc.paragraphs]
    for heading in ("I. Thông tin chung", "IV. Tóm tắt các vấn đề trọng tâm cần cải tiến",
                    "V. Kế hoạch cải tiến chất lượng", "VIII. Cơ chế đánh giá và báo cáo"):  # fmt: skip
        assert heading in texts
    assert any("Không xây dựng kế hoạch cải tiến đối với toàn bộ tiêu chí mà tập trung vào các vấn đề ưu tiên" in t
               for t in texts)  # fmt: skip
    assert "3. Địa chỉ: Bản Hồng Lếch Cang, xã Thanh Nưa, tỉnh Điện Biên" in texts
    issues, plan_table, monitoring = doc.tables[1], doc.tables[2], doc.tables[3]
    assert [c.text for c in issues.rows[0].cells][2] == "Tiêu chí liên quan (nếu có)"
    assert issues.rows[1].cells[1].text == "Tiêu chuẩn 2: Phát triển đội ngũ"
    assert len(plan_table.columns) == 10
    assert [c.text for c in plan_table.rows[1].cells] == [f"({i})" for i in range(1, 11)]
    assert sum(tr.trPr.find(qn("w:tblHeader")) is not None for tr in plan_table._tbl.tr_lst) == 2
    assert "(Tiêu chí 2.2)" in plan_table.rows[2].cells[1].text
    assert [r.cells[0].text for r in monitoring.rows[1:]] == ["Cuối học kỳ I", "Cuối năm học"]


def test_tt57_date_is_padded(docx_tt57):
    assert _open(docx_tt57).tables[0].cell(1, 1).text == "Thanh Xương, ngày 09 tháng 9 năm 2026"
    assert _open(docx_tt57).tables[0].cell(1, 0).text == "Số: ……/KH-THTN"


def test_template_switch_and_unknown_template(catalog):
    plan = tt57_plan()
    data = export_docx(plan, catalog.get("tt57-2026-pho-thong"), template="2018")
    table = _open(data).tables[1]
    assert len(table.columns) == 9 and table.rows[1].cells[0].text == "MỨC 1, 2"
    with pytest.raises(CaitienError):
        export_docx(plan, catalog.get("tt57-2026-pho-thong"), template="2020")  # type: ignore[arg-type]


def test_empty_plan_still_gives_a_complete_document(catalog):
    data = export_docx(Plan(), catalog.get("tt18-2018"))
    doc = _open(data)
    assert doc.tables[0].cell(1, 0).text == "Số: ……/KH-……"
    assert doc.tables[0].cell(1, 1).text == "……, ngày … tháng … năm 20…"
    assert len(doc.tables[1].rows) == 3  # header, band, one blank row to fill in


def test_place_date_number_and_abbreviation_rules():
    h = PlanHeader(place="Điện Biên", date="9/1/2027", school_year="2026-2027", number="7")
    assert place_date_line(h) == "Điện Biên, ngày 09 tháng 01 năm 2027"
    assert (
        place_date_line(h.model_copy(update={"date": "15/12/2026"})) == "Điện Biên, ngày 15 tháng 12 năm 2026"
    )
    assert (
        place_date_line(h.model_copy(update={"date": "31/02/2026"})) == "Điện Biên, ngày … tháng … năm 2026"
    )
    assert (
        number_line(h.model_copy(update={"school_name": "Trường THCS xã Thanh Xương"})) == "Số: 07/KH-THCSTX"
    )
    assert number_line(PlanHeader(number="Số: 166/KH-thcstx")) == "Số: 166/KH-THCSTX"
    assert number_line(PlanHeader(number="/KH-MNHB")) == "Số: ……/KH-MNHB"
    assert number_line(PlanHeader(number="…/KH-MNHB")) == "Số: ……/KH-MNHB"
    assert number_line(PlanHeader(number="…/KH", school_name="Trường Mầm non Hoa Ban")) == "Số: ……/KH-MNHB"
    assert school_abbreviation("Trường Tiểu học Thanh Nưa") == "THTN"
    assert school_abbreviation("Trường Mầm non Đông Sơn") == "MNĐS"
    assert school_abbreviation("Trường THPT số 2 Điện Biên") == "THPT2ĐB"


def test_recipient_lines_end_with_archive():
    lines = recipient_lines(["- Sở GDĐT (để b/c);", "Lưu: VT", "Website nhà trường."])
    assert lines == ["- Sở GDĐT (để b/c);", "- Website nhà trường;", "- Lưu: VT."]
    assert recipient_lines([])[-1] == "- Lưu: VT, hồ sơ KĐCL."


def test_closing_block_nơi_nhận_beside_signature(docx_2018):
    closing = _open(docx_2018).tables[-1]
    left, right = closing.cell(0, 0).paragraphs, closing.cell(0, 1).paragraphs
    assert left[0].text == "Nơi nhận:" and left[0].runs[0].bold and left[0].runs[0].italic
    assert left[0].runs[0].font.size.pt == 12 and left[1].runs[0].font.size.pt == 11
    assert left[-1].text.startswith("- Lưu:") and left[-1].text.endswith(".")
    assert right[0].text == "HIỆU TRƯỞNG" and right[1].text == "(Ký, ghi rõ họ tên, đóng dấu)"
    assert right[-1].text == "Nguyễn Duy Quảng" and right[-1].runs[0].bold


def test_letterhead_table_replaces_header_and_fills_placeholders(catalog):
    data = export_docx(tt18_thcs_plan(), catalog.get("tt18-2018"), letterhead=letterhead_docx())
    doc = _open(data)
    head = doc.tables[0]
    assert head.cell(0, 0).text.startswith("SỞ GIÁO DỤC VÀ ĐÀO TẠO ĐIỆN BIÊN")
    assert head.cell(1, 0).text == "Số: 166/KH-THCSTX"
    assert head.cell(1, 1).text == "Thanh Xương, ngày 28 tháng 9 năm 2025"
    texts = [p.text for p in doc.paragraphs]
    assert "Nội dung mẫu không được chép sang kế hoạch." not in texts
    assert "UBND XÃ THANH XƯƠNG" not in dump_docx(data)
    first = doc.sections[0].first_page_header
    assert first._element.find(".//" + qn("w:drawing")) is not None  # the logo came along
    assert any(rel.reltype.endswith("/image") for rel in first.part.rels.values())
    assert "Địa chỉ: xã Thanh Xương" in doc.sections[0].first_page_footer.paragraphs[0].text


def test_letterhead_symbol_is_kept_when_the_plan_sets_none(catalog):
    plan = tt18_thcs_plan()
    plan = plan.model_copy(update={"header": plan.header.model_copy(update={"abbreviation": ""})})
    doc = _open(export_docx(plan, catalog.get("tt18-2018"), letterhead=letterhead_docx()))
    assert doc.tables[0].cell(1, 0).text == "Số: 166/KH-THPTTX"


def test_letterhead_paragraphs_get_our_number_and_date(catalog):
    data = export_docx(
        tt57_plan(), catalog.get("tt57-2026-pho-thong"), letterhead=letterhead_docx(with_table=False)
    )
    doc = _open(data)
    assert [p.text for p in doc.paragraphs[:2]] == [
        "ỦY BAN NHÂN DÂN XÃ THANH XƯƠNG",
        "TRƯỜNG MẦM NON HOA BAN",
    ]
    assert doc.tables[0].cell(0, 0).text == "Số: ……/KH-THTN"
    assert doc.tables[0].cell(0, 1).text == "Thanh Xương, ngày 09 tháng 9 năm 2026"


@pytest.mark.parametrize("bad", [b"", b"not a word file", b"\xd0\xcf\x11\xe0" + b"\0" * 100])
def test_bad_letterhead_gives_vietnamese_error(catalog, bad):
    with pytest.raises(InputError) as err:
        export_docx(tt18_thcs_plan(), catalog.get("tt18-2018"), letterhead=bad)
    assert "mẫu tiêu đề" in str(err.value)


def test_appendix_of_decisions(catalog):
    records = [
        DecisionRecord(
            criterion="1.4",
            origin="suggested",
            approved_by="Nguyễn Duy Quảng",
            at=datetime(2025, 9, 20, 8, 30),
        ),
        DecisionRecord(
            criterion="2.2", origin="edited", approved_by="Lò Thị Hoa", comment="Bổ sung số lượng"
        ),
        DecisionRecord(criterion="3.4", origin="typed"),
    ]
    doc = _open(export_docx(tt18_thcs_plan(), catalog.get("tt18-2018"), appendix=records))
    assert "Phụ lục: Nhật ký duyệt đề xuất" in [p.text for p in doc.paragraphs]
    table = doc.tables[-1]
    assert [c.text for c in table.rows[0].cells] == [
        "TT",
        "Tiêu chí",
        "Nguồn gốc",
        "Người duyệt",
        "Thời điểm",
        "Ghi chú",
    ]
    assert [c.text for c in table.rows[1].cells][1:5] == [
        "1.4",
        "Đề xuất",
        "Nguyễn Duy Quảng",
        "20/09/2025 08:30",
    ]
    assert [r.cells[2].text for r in table.rows[1:]] == ["Đề xuất", "Đã sửa", "Tự nhập"]
    assert len(doc.sections) == 4 and doc.sections[-1].page_width < doc.sections[-1].page_height


def test_school_type_label_in_general_information(catalog):
    plan = tt57_plan().model_copy(
        update={"header": tt57_plan().header.model_copy(update={"school_type": SchoolType.THCS})}
    )
    assert "2. Cấp học: Trung học cơ sở" in _texts(export_docx(plan, catalog.get("tt57-2026-pho-thong")))


def test_tt57_drafted_purposes_holding_requirements_are_split(catalog):
    purposes = (
        "Xác định các vấn đề ưu tiên cần cải tiến.",
        "Tập trung, khả thi, hiệu quả;",
        "Không xây dựng kế hoạch cải tiến đối với toàn bộ tiêu chí mà tập trung vào các vấn đề ưu tiên;",
        "Có cơ chế theo dõi, đánh giá và điều chỉnh.",
    )
    plan = tt57_plan().model_copy(update={"purposes": purposes})
    texts = _texts(export_docx(plan, catalog.get("tt57-2026-pho-thong")))
    start = texts.index("1. Mục đích")
    part = texts[start : texts.index("IV. Tóm tắt các vấn đề trọng tâm cần cải tiến")]
    assert part[1] == "- Xác định các vấn đề ưu tiên cần cải tiến."
    assert part[2] == "2. Yêu cầu" and part[3] == "a) Tập trung, khả thi, hiệu quả;"
    assert part[4].startswith("b) Không xây dựng kế hoạch cải tiến") and part[5].startswith("c) Có cơ chế")
    assert sum("Không xây dựng kế hoạch cải tiến" in t for t in texts) == 1


def test_landscape_tables_fill_the_text_width_exactly():
    from assistant.export import docx_2018, docx_tt57
    from assistant.export.docx_common import LANDSCAPE_TEXT_MM

    for widths in (docx_2018.WIDTHS_MM, docx_tt57.ISSUE_WIDTHS_MM, docx_tt57.PLAN_WIDTHS_MM,
                   docx_tt57.MONITORING_WIDTHS_MM):  # fmt: skip
        assert sum(widths) == LANDSCAPE_TEXT_MM
    assert len(docx_2018.COLUMNS) == len(docx_2018.WIDTHS_MM) == 9
    assert len(docx_tt57.PLAN_COLUMNS) == len(docx_tt57.PLAN_WIDTHS_MM) == 10
