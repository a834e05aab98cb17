"""Three real-world report layouts the parser used to miss (fixtures made by
tests/fixtures/unseen/make_layouts_more.py), each in several styles:

1. a criterion laid out as a table, its heading "Tiêu chí 2.3: ..." inside the first cell;
2. "Tự đánh giá: Đạt" with no Mức: the lowest level it guarantees (Mức 1), with a note to check it;
3. a summary table flattened to text: read only where the columns of the marks survive.
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import pytest

from assistant.catalog import Catalog
from assistant.domain import CriterionAssessment, ParsedReport
from assistant.ingest import read_document
from assistant.ingest.base import Document, Paragraph, Table
from assistant.report_parts.cell_sections import is_criterion_table, report_lines
from assistant.report_parts.flat_rows import FlatRow, header_levels, marked_level, read_rows
from assistant.report_parts.levels import LevelSource, choose_level, unstated_note
from assistant.report_parts.textlines import Line
from assistant.reports import item_span, parse_report, read_report

UNSEEN = Path(__file__).parent / "fixtures" / "unseen"
sys.path.insert(0, str(UNSEEN.parent))

from unseen.make_layouts_more import BUILDERS  # noqa: E402

NAMES = sorted(p.name for p in UNSEEN.glob("tdg_more_*"))
NOTE = "không ghi rõ mức"  # part of the "Đạt without a level" note


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load()


_CACHE: dict[str, ParsedReport] = {}


def parsed(name: str, catalog: Catalog) -> ParsedReport:
    if name not in _CACHE:
        _CACHE[name] = read_report((UNSEEN / name).read_bytes(), name, catalog)
    return _CACHE[name]


def levels(report: ParsedReport) -> dict[str, int | None]:
    return {a.criterion: a.level for a in report.assessments}


def get(report: ParsedReport, code: str) -> CriterionAssessment:
    found = report.assessment(code)
    assert found is not None, code
    return found


def noted(report: ParsedReport) -> list[str]:
    """Criteria carrying the "level not stated" note."""
    return [a.criterion for a in report.assessments if any(NOTE in c for c in a.conflicts)]


def disputed(report: ParsedReport) -> list[str]:
    """Criteria with a real disagreement between two places of the report."""
    return [a.criterion for a in report.assessments if any(NOTE not in c for c in a.conflicts)]


# ------------------------------------------------------------------------------------------------
# The fixture set
# ------------------------------------------------------------------------------------------------


def test_fixtures_are_committed_and_match_their_builder() -> None:
    assert len(NAMES) == len(BUILDERS) == 9
    assert {n.rsplit(".", 1)[1] for n in NAMES} == {"docx", "txt", "pdf"}
    for build in BUILDERS:
        name, data = build()
        committed = (UNSEEN / name).read_bytes()
        if name.endswith(".txt"):
            assert committed == data, name
        else:  # .docx / .pdf carry build stamps: compare what a reader sees
            assert read_document(committed, name).text == read_document(data, name).text, name


@pytest.mark.parametrize("name", NAMES)
def test_fixture_text_is_vietnamese_nfc(name: str) -> None:
    text = read_document((UNSEEN / name).read_bytes(), name).text
    assert text == unicodedata.normalize("NFC", text)
    assert "Tiêu chí" in text and "đ" in text


@pytest.mark.parametrize("name", NAMES)
def test_every_note_and_conflict_is_vietnamese_and_in_the_warnings(name: str, catalog: Catalog) -> None:
    report = parsed(name, catalog)
    for a in report.assessments:
        for note in a.conflicts:
            assert note.startswith(f"Tiêu chí {a.criterion}:") and "hãy kiểm tra" in note.lower()
            assert note in report.warnings or NOTE in note
    floors = noted(report)
    summary = [w for w in report.warnings if w.startswith("Báo cáo chỉ ghi “Đạt”")]
    assert len(summary) == (1 if floors else 0)
    if floors:
        assert f"{len(floors)} tiêu chí: {', '.join(floors)}" in summary[0] and "bước 3" in summary[0]


# ------------------------------------------------------------------------------------------------
# 1. Criterion heading inside a table cell
# ------------------------------------------------------------------------------------------------


def test_one_column_tables(catalog: Catalog) -> None:
    report = parsed("tdg_more_cells_one_column.docx", catalog)
    assert (report.kind, report.framework_id, report.school_name) == (
        "tdg",
        "tt18-2018",
        "Trường THCS Nguyễn Trãi",
    )
    assert levels(report) == {"2.1": 2, "2.2": 1, "2.3": 1, "2.4": 3, "3.4": 0}
    assert get(report, "2.1").weaknesses == (
        "Chưa có cán bộ quản lý được đánh giá chuẩn hiệu trưởng ở mức tốt trong 05 năm liên tiếp.",
    )
    assert get(report, "2.1").strengths == (
        "Cán bộ quản lý có năng lực điều hành, được giáo viên, nhân viên tín nhiệm.",
    )
    assert get(report, "2.1").evidence == ("[H2-2.1-01]", "[H2-2.1-02]")
    # The whole body in one cell.
    assert get(report, "2.2").weaknesses == (
        "Tỷ lệ giáo viên trên chuẩn trình độ đào tạo còn thấp (42%).",
        "Còn 02 giáo viên Tin học dạy chéo môn.",
    )
    assert get(report, "2.2").planned_actions == (
        "Tạo điều kiện cho 05 giáo viên học nâng chuẩn trong năm 2026.",
    )
    assert (
        get(report, "2.2").description
        == "Nhà trường có 38 giáo viên, đủ giáo viên dạy các môn học [H2-2.2-01]."
    )
    assert get(report, "2.3").weaknesses == (
        "Nhân viên thư viện chưa có chứng chỉ nghiệp vụ thư viện.",
        "Nhân viên y tế còn kiêm nhiệm.",
    )
    assert get(report, "2.3").planned_actions == (
        "Cử nhân viên thư viện học bồi dưỡng nghiệp vụ trong hè 2025.",
        "Tham mưu tuyển nhân viên y tế.",
    )
    assert get(report, "2.4").weaknesses == ()
    assert get(report, "3.4").weaknesses == (
        "Khu vệ sinh của học sinh xuống cấp, chưa có khu vệ sinh cho học sinh khuyết tật.",
    )
    assert noted(report) == disputed(report) == []


def test_one_column_spans_point_into_the_document(catalog: Catalog) -> None:
    report = parsed("tdg_more_cells_one_column.docx", catalog)
    for a in report.assessments:
        assert a.spans and a.spans[0].text.startswith(f"Tiêu chí {a.criterion}")
        for text in (*a.weaknesses, *a.planned_actions):
            span = item_span(a, text)
            assert span is not None and text in span.text
    level_span = get(report, "2.3").spans[1]
    assert level_span.text == "5. Tự đánh giá: Đạt Mức 1"


def test_two_column_tables_with_merged_heading(catalog: Catalog) -> None:
    report = parsed("tdg_more_cells_two_column.docx", catalog)
    assert (report.framework_id, report.school_type) == ("tt19-2018", "MN")
    assert levels(report) == {"3.1": 2, "3.2": 1, "3.3": 1, "3.5": 2, "3.6": 0}
    assert get(report, "3.1").weaknesses == ("Khu vườn cổ tích chưa có góc cho trẻ trải nghiệm trồng rau.",)
    assert get(report, "3.1").description.startswith("Trường có diện tích 3.200 m²")
    # Code and title in two cells of the heading row.
    assert get(report, "3.2").weaknesses == (
        "Chưa có phòng riêng cho trẻ làm quen với tin học.",
        "Phòng giáo dục nghệ thuật còn chật.",
    )
    assert get(report, "3.3").weaknesses == ()
    # The heading in a left column merged down beside the parts.
    assert get(report, "3.5").weaknesses == (
        "Đồ chơi ngoài trời một số loại đã cũ.",
        "Thiếu đồ dùng cho góc âm nhạc.",
    )
    assert get(report, "3.5").strengths == ("Đồ chơi ngoài trời được bảo dưỡng định kỳ.",)
    assert get(report, "3.5").description.startswith("Các lớp có đủ thiết bị, đồ dùng, đồ chơi")
    assert get(report, "3.6").planned_actions == (
        "Tham mưu UBND phường cải tạo hệ thống thoát nước trước tháng 8/2025.",
    )
    # "Tự đánh giá | Đạt" in a table row: Mức 1 at least, flagged.
    assert noted(report) == ["3.3"] and disputed(report) == []


def test_tables_drawn_with_bars_in_text(catalog: Catalog) -> None:
    report = parsed("tdg_more_cells_boxes.txt", catalog)
    assert (report.framework_id, report.school_name) == ("tt17-2018", "Trường Tiểu học Kim Đồng")
    assert levels(report) == {"4.1": 3, "4.2": 2, "5.1": 2}
    assert get(report, "4.1").weaknesses == (
        "Một số thành viên ban đại diện lớp chưa tham gia đầy đủ các cuộc họp.",
    )
    assert get(report, "4.1").planned_actions == (
        "Từ tháng 9/2025, Hiệu trưởng phối hợp Trưởng ban đại diện họp định kỳ mỗi học kỳ.",
    )
    assert get(report, "4.2").weaknesses == (
        "Nguồn xã hội hóa cho cơ sở vật chất còn hạn chế.",
        "Phối hợp với các tổ chức đoàn thể ở khu dân cư chưa thường xuyên.",
    )
    assert get(report, "5.1").weaknesses == ()
    assert noted(report) == disputed(report) == []


def _line(index: int, *cells: str) -> Line:
    text = "\t".join(cells)
    return Line(index, text, text.lower(), 0, None, table=0, row=index, cells=cells)


def test_a_summary_table_is_not_a_criterion_section() -> None:
    summary = [_line(0, "Tiêu chí 2.3", "", "x"), _line(1, "Tiêu chí 2.4", "x", "")]
    assert not is_criterion_table(summary)
    section = [_line(0, "Tiêu chí 2.3: Đối với nhân viên"), _line(1, "Điểm yếu"), _line(2, "- Thiếu.")]
    assert is_criterion_table(section)


def test_summary_word_table_still_read_next_to_criterion_tables(catalog: Catalog) -> None:
    doc = Document(name="mau.docx", format="docx", blocks=(
        Paragraph("BÁO CÁO TỰ ĐÁNH GIÁ"), Paragraph("TRƯỜNG THCS AN BÌNH"),
        Table(rows=(("Tiêu chí 2.3: Đối với nhân viên",), ("3. Điểm yếu",), ("- Thiếu nhân viên y tế.",),
                    ("5. Tự đánh giá: Đạt",))),
        Table(rows=(("Tiêu chí 2.4: Đối với học sinh", ""), ("Điểm yếu", "Không có."), ("Tự đánh giá", "Đạt Mức 3"))),
        Paragraph("Bảng tổng hợp kết quả tự đánh giá"),
        Table(rows=(("Tiêu chí", "Không đạt", "Mức 1", "Mức 2", "Mức 3"), ("Tiêu chí 2.3", "", "", "x", ""),
                    ("Tiêu chí 2.4", "", "", "", "x"))),
    ))  # fmt: skip
    assert [ln.in_table for ln in report_lines(doc).lines][2:6] == [False] * 4
    report = parse_report(doc, catalog, framework_id="tt18-2018")
    assert levels(report) == {"2.3": 2, "2.4": 3}
    assert get(report, "2.3").weaknesses == ("Thiếu nhân viên y tế.",)
    assert noted(report) == disputed(report) == []


# ------------------------------------------------------------------------------------------------
# 2. "Đạt" without a level
# ------------------------------------------------------------------------------------------------


def test_dat_without_level_in_text(catalog: Catalog) -> None:
    report = parsed("tdg_more_dat_plain.txt", catalog)
    assert (report.framework_id, report.school_name) == ("tt18-2018", "Trường THCS Đồng Phú")
    # 1.1 / 1.2: "Đạt" + the summary table's level; 1.3: "Đạt" against "Không đạt" in the summary;
    # 1.4: "Chưa đạt"; 1.5 / 1.6: "Đạt" with an empty summary row: Mức 1 at least.
    assert levels(report) == {"1.1": 2, "1.2": 1, "1.3": 1, "1.4": 0, "1.5": 1, "1.6": 1}
    assert noted(report) == ["1.3", "1.5", "1.6"]
    assert disputed(report) == ["1.3"]
    (conflict,) = [c for c in get(report, "1.3").conflicts if NOTE not in c]
    assert "“Đạt”" in conflict and "Bảng tổng hợp kết quả ghi Không đạt" in conflict
    assert get(report, "1.5").conflicts == (unstated_note("1.5"),)
    assert get(report, "1.4").weaknesses == ("Chưa đủ số lượng phó hiệu trưởng theo quy định.",)
    assert get(report, "1.6").planned_actions == ("Kế toán cập nhật phần mềm quản lý tài sản hằng tháng.",)
    assert get(report, "1.3").spans[1].text == "Đạt."  # the line under "5. Tự đánh giá"


def test_dat_without_level_tt57(catalog: Catalog) -> None:
    report = parsed("tdg_more_dat_tt57.docx", catalog)
    assert (report.framework_id, report.school_type) == ("tt57-2026-pho-thong", "THPT")
    # 2.1's per-level table says Mức 1 Đạt, Mức 2 Không đạt: the level is known.
    assert levels(report) == {"2.1": 1, "2.2": 1, "2.3": 0}
    assert {i.level: i.met for i in get(report, "2.1").indicators} == {1: True, 2: False}
    assert noted(report) == ["2.2"] and disputed(report) == []
    assert get(report, "2.2").weaknesses == ("Thiếu giáo viên Tin học theo định mức.",)
    assert get(report, "2.3").weaknesses == ("Chưa có nhân viên thiết bị, thí nghiệm.",)


def _src(source: str, level: int, floor: bool = False) -> LevelSource:
    from assistant.domain import TextSpan

    return LevelSource(source, level, TextSpan(text=source, start=0, end=len(source)), floor=floor)


@pytest.mark.parametrize(
    ("sources", "level", "notes"),
    [
        ([_src("conclusion", 1, True), _src("summary", 3)], 3, 0),
        ([_src("conclusion", 1, True), _src("indicators", 2)], 2, 0),
        ([_src("conclusion", 1, True)], 1, 1),
        ([_src("conclusion", 1, True), _src("summary", 0)], 1, 2),
        ([_src("conclusion", 0), _src("conclusion", 1, True)], 0, 1),
        ([_src("conclusion", 2), _src("conclusion", 1, True)], 2, 0),
    ],
)
def test_a_bare_dat_is_a_floor(sources: list[LevelSource], level: int, notes: int) -> None:
    got, conflicts, _ = choose_level("1.1", sources, 3)
    assert got == level and len(conflicts) == notes, conflicts
    assert (unstated_note("1.1") in conflicts) == (level == 1 and all(s.floor for s in sources if s.level))


def _tt57_report(*, stated: str | None) -> Document:
    blocks: list[Paragraph | Table] = [Paragraph("BÁO CÁO TỰ ĐÁNH GIÁ"), Paragraph("TRƯỜNG THCS HÒA AN"),
                                       Paragraph("(Theo Thông tư số 57/2026/TT-BGDĐT)")]  # fmt: skip
    for code in ("1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "3.4", "3.5",
                 "4.1", "4.2", "4.3"):  # fmt: skip
        blocks += [Paragraph(f"Tiêu chí {code}: Nội dung tiêu chí"), Paragraph("Hiện trạng: Đã thực hiện."),
                   Paragraph("Tự đánh giá: Đạt")]  # fmt: skip
    blocks.append(Paragraph("Phần III. KẾT LUẬN"))
    if stated:
        blocks.append(Paragraph(stated))
    return Document(name="tt57.docx", format="docx", blocks=tuple(blocks))


def test_school_level_is_not_derived_from_floors(catalog: Catalog) -> None:
    report = parse_report(
        _tt57_report(stated="3. Mức đạt của cơ sở giáo dục: Cơ sở giáo dục đạt Mức 2."), catalog
    )
    assert report.overall_level == 2 and set(levels(report).values()) == {1}
    assert not any("theo mức của các tiêu chí" in w for w in report.warnings)
    unstated = parse_report(_tt57_report(stated=None), catalog)
    assert unstated.overall_level is None
    assert not any("theo mức của các tiêu chí" in w for w in unstated.warnings)


def test_external_evaluation_does_not_take_the_schools_claim(catalog: Catalog) -> None:
    doc = Document(name="dgn.docx", format="docx", blocks=(
        Paragraph("BÁO CÁO ĐÁNH GIÁ NGOÀI"), Paragraph("TRƯỜNG THCS AN BÌNH"),
        Paragraph("Tiêu chí 1.1: Phương hướng, chiến lược xây dựng và phát triển nhà trường"),
        Paragraph("Điểm yếu: Chưa rà soát chiến lược."), Paragraph("Tự đánh giá: Đạt"),
        Paragraph("Tiêu chí 1.2: Hội đồng trường và các hội đồng khác"),
        Paragraph("Tự đánh giá: Đạt"), Paragraph("Đoàn đánh giá: Đạt"),
    ))  # fmt: skip
    report = parse_report(doc, catalog, framework_id="tt18-2018")
    assert levels(report) == {"1.1": None, "1.2": 1}
    assert noted(report) == ["1.2"]


# ------------------------------------------------------------------------------------------------
# 3. Summary tables flattened to text
# ------------------------------------------------------------------------------------------------


def test_flattened_rows_with_empty_cell_markers(catalog: Catalog) -> None:
    report = parsed("tdg_more_flat_markers.txt", catalog)
    # 3.1, 3.2, 3.5 conclude "Đạt": the summary gives their level, so no note.
    assert levels(report) == {"3.1": 2, "3.2": 3, "3.3": 2, "3.4": 2, "3.5": 1, "3.6": 1}
    assert noted(report) == []
    assert disputed(report) == ["3.4"]  # conclusion Mức 2, summary Mức 1: a real disagreement
    (conflict,) = get(report, "3.4").conflicts
    assert "Bảng tổng hợp kết quả ghi Mức 1" in conflict
    assert get(report, "3.2").spans[1].text == "3.2 - - - x"
    assert get(report, "3.5").weaknesses == (
        "Thiết bị dạy học môn Khoa học còn thiếu so với danh mục tối thiểu.",
    )
    assert report.overall_level == 1


def test_flattened_rows_with_bars_numbered_within_standards(catalog: Catalog) -> None:
    report = parsed("tdg_more_flat_pipes.docx", catalog)
    assert (report.framework_id, report.school_name) == ("tt18-2018", "Trường THPT Yên Khánh A")
    assert levels(report) == {"4.1": 2, "4.2": 1, "5.1": 3, "5.2": 0}
    assert noted(report) == disputed(report) == []
    assert get(report, "5.1").spans[1].text == "Tiêu chí 1 | | | | x"
    assert get(report, "4.1").weaknesses == ("Ban đại diện chưa có kế hoạch hoạt động theo học kỳ.",)


def test_pdf_table_columns_come_back_from_positions(catalog: Catalog) -> None:
    """The PDF's text drops the empty cells ("3.1 x"), but the marks' x positions give the columns
    (assistant/ingest/pdf_columns.py); the table then disagrees with 3.3, 3.4 and 3.5's sections."""
    report = parsed("tdg_more_flat_lost.pdf", catalog)
    assert levels(report) == {"3.1": 1, "3.2": 2, "3.3": 2, "3.4": 2, "3.5": 1, "3.6": 1}
    assert get(report, "3.2").spans[1].text == "3.2\t\t\tx"
    assert disputed(report) == ["3.3", "3.4", "3.5"]


@pytest.mark.parametrize("name", ["tdg_more_flat_collapsed.txt"])
def test_lost_columns_are_ignored_never_guessed(name: str, catalog: Catalog) -> None:
    report = parsed(name, catalog)
    # The rows ("3.1 x", "3.1<tab>x") would put 3.1 at Mức 1, 3.5 at Không đạt...: not read at all.
    assert levels(report) == {"3.1": 1, "3.2": 1, "3.3": 2, "3.4": 2, "3.5": 1, "3.6": 1}
    assert noted(report) == ["3.1", "3.2", "3.5"]
    assert disputed(report) == []
    assert all(not s.text.startswith("3.") for a in report.assessments for s in a.spans)
    assert get(report, "3.3").weaknesses == ("Phòng thiết bị giáo dục còn chật, sắp xếp chưa khoa học.",)


def test_flattened_rows_stay_on_their_own_lines() -> None:
    text = "Tiêu chí Mức 1 Mức 2 Mức 3 Mức 4\n2.1 - x - -\n2.2 x - - -\nNhà trường đạt Mức 1.\n"
    doc = read_document(text.encode("utf-8"), "bang.txt")
    assert [b.text for b in doc.blocks if isinstance(b, Paragraph)] == [
        "Tiêu chí Mức 1 Mức 2 Mức 3 Mức 4", "2.1 - x - -", "2.2 x - - -", "Nhà trường đạt Mức 1.",
    ]  # fmt: skip


def _criteria_with_bare_dat(summary: str) -> bytes:
    body = "".join(
        f"Tiêu chí {code}: {title}\n3. Điểm yếu\nCòn hạn chế.\n5. Tự đánh giá: Đạt\n"
        for code, title in (("2.1", "Đối với hiệu trưởng, phó hiệu trưởng"), ("2.2", "Đối với giáo viên"),
                            ("2.3", "Đối với nhân viên"))
    )  # fmt: skip
    return f"TRƯỜNG THCS AN BÌNH\nBÁO CÁO TỰ ĐÁNH GIÁ\n{body}Bảng tổng hợp kết quả tự đánh giá\n{summary}".encode()


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        # The brief's example: bars keep the empty cells, the header stayed a line of text.
        (
            "Tiêu chí Mức 1 Mức 2 Mức 3 Mức 4\n2.1 | | x |\n2.2 | | | x |\n2.3 | x |\n",
            {"2.1": 2, "2.2": 3, "2.3": 1},
        ),
        (
            "Tiêu chí\tMức 1\tMức 2\tMức 3\n2.1\t\tx\t\n2.2\t\t\tx\n2.3\tx\t\t\n",
            {"2.1": 2, "2.2": 3, "2.3": 1},
        ),
        ("Tiêu chí Mức 1 Mức 2 Mức 3\n2.1 □ ☒ □\n2.2 □ □ ☒\n2.3 ☒ □ □\n", {"2.1": 2, "2.2": 3, "2.3": 1}),
        ("Tiêu chí Mức 1 Mức 2 Mức 3\n2.1 x x -\n2.2 x x x\n2.3 x - -\n", {"2.1": 2, "2.2": 3, "2.3": 1}),
        # Not readable: bare marks, collapsed bars, a header whose columns came out of order.
        ("Tiêu chí Mức 1 Mức 2 Mức 3 Mức 4\n2.1 x\n2.2 X\n2.3 ✓\n", {"2.1": 1, "2.2": 1, "2.3": 1}),
        (
            "Tiêu chí | Mức 1 | Mức 2 | Mức 3\n2.1 | x |\n2.2 | x |\n2.3 | x |\n",
            {"2.1": 1, "2.2": 1, "2.3": 1},
        ),
        (
            "Tiêu chí Mức 1 Mức 2 Không đạt Mức 3\n2.1 - x - -\n2.2 - - - x\n2.3 x - - -\n",
            {"2.1": 1, "2.2": 1, "2.3": 1},
        ),
    ],
)
def test_flattened_summary_styles(summary: str, expected: dict[str, int], catalog: Catalog) -> None:
    report = read_report(_criteria_with_bare_dat(summary), "bang.txt", catalog, framework_id="tt18-2018")
    assert levels(report) == expected
    readable = expected != {"2.1": 1, "2.2": 1, "2.3": 1}
    assert noted(report) == ([] if readable else ["2.1", "2.2", "2.3"])
    assert disputed(report) == []


def test_header_and_row_rules() -> None:
    assert header_levels("tieu chuan, tieu chi ket qua khong dat dat muc 1 muc 2 muc 3") == [0, 1, 2, 3]
    assert header_levels("tieu chi | muc 1 | muc 2 | ghi chu") == [1, 2]
    assert header_levels("so tieu chi dat muc 1: 20; muc 2: 8") is None  # a sentence, not a header
    assert header_levels("muc 2 muc 1") is None
    assert marked_level(["-", "x", "-"], [1, 2, 3]) == 2
    assert marked_level(["x", "x", "-"], [1, 2, 3]) == 2  # cumulative marks
    assert marked_level(["x", "-", "x"], [1, 2, 3]) is None
    assert marked_level(["x", "x"], [0, 1]) is None  # "Không đạt" and Mức 1 both marked
    line = Line(0, "", "", 0, None)
    collapsed = [FlatRow("2.1", ("x",), True, line), FlatRow("2.2", ("x",), True, line)]
    assert read_rows([1, 2, 3], collapsed) == {}
    kept = [FlatRow("2.1", ("", "x"), True, line), FlatRow("2.2", ("x",), True, line)]
    assert {code: level for code, (level, _) in read_rows([1, 2, 3], kept).items()} == {"2.1": 2, "2.2": 1}
