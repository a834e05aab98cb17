"""Plan layouts met in the held-out plans, on small inputs of our own.

Tab-separated pastes whose extra "- " lines lost their tabs, group rows of a TT57 table ("Vấn đề
ưu tiên khác") and abbreviated criterion labels ("TCh 1.8").  The held-out files themselves stay a
measurement (``python -m benchmarks heldout_plans_bench``).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document as WordDocument

from assistant.catalog import Catalog
from assistant.plan_formats.labels import label_code, label_title
from assistant.plans import read_plan

HEADER_2018 = (
    "TT\tTiêu chuẩn, tiêu chí\tKết quả cần đạt\tBiện pháp thực hiện\tChủ trì, phối hợp\t"
    "Thời gian thực hiện\tDự kiến kinh phí\tĐiều kiện hỗ trợ khác\tGhi chú"
)
TOP = "TRƯỜNG MẦM NON A\nKẾ HOẠCH\nCải tiến chất lượng giáo dục năm học 2025-2026\nThông tư số 19/2018/TT-BGDĐT\n"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load()


def _txt(body: str, catalog: Catalog):
    return read_plan((TOP + HEADER_2018 + "\n" + body).encode("utf-8"), "kh.txt", catalog)


def test_bare_bullet_lines_join_the_actions_cell_of_the_row_above(catalog: Catalog) -> None:
    body = (
        "1\tTiêu chí 1.5\tĐạt Mức 3\t- Rà soát sĩ số\tHiệu trưởng\tTháng 9/2025\tKhông\t\t\n"
        "- Tập huấn giáo viên\n"
        "- Lắp camera\n"
        "2\tTiêu chí 2.2\tĐạt Mức 2\t- Bồi dưỡng chuyên đề\tPHT\tNăm học 2025-2026\tXã hội hóa\t\t\n"
        "\t\t\t- Dự giờ góp ý\t\t\t\t\t\n"
        "3\tTiêu chí 3.4\tĐạt Mức 2\t- Sửa bếp\tKế toán\tTháng 6/2026\t80 triệu đồng\t\t\n"
    )
    plan = _txt(body, catalog)
    assert [r.criterion for r in plan.rows] == ["1.5", "2.2", "3.4"]
    assert plan.rows[0].actions == ("Rà soát sĩ số", "Tập huấn giáo viên", "Lắp camera")
    assert plan.rows[0].owners == "Hiệu trưởng"
    assert plan.rows[1].actions == ("Bồi dưỡng chuyên đề", "Dự giờ góp ý")
    assert plan.rows[2].budget == "80 triệu đồng"


def test_a_bare_line_that_is_not_a_bullet_still_ends_the_table(catalog: Catalog) -> None:
    body = (
        "1\tTiêu chí 1.5\tĐạt Mức 3\t- Rà soát sĩ số\tHiệu trưởng\tTháng 9/2025\tKhông\t\t\n"
        "IV. TỔ CHỨC THỰC HIỆN\n"
        "- Hiệu trưởng chỉ đạo chung\n"
    )
    plan = _txt(body, catalog)
    assert len(plan.rows) == 1
    assert plan.rows[0].actions == ("Rà soát sĩ số",)


def _tt57_docx(rows: list[list[str]]) -> bytes:
    doc = WordDocument()
    for text in ("TRƯỜNG THCS A", "KẾ HOẠCH", "Cải tiến chất lượng giáo dục năm học 2026-2027",
                 "Căn cứ Thông tư số 57/2026/TT-BGDĐT", "V. KẾ HOẠCH CẢI TIẾN CHẤT LƯỢNG"):
        doc.add_paragraph(text)
    header = ["TT", "Nội dung cải tiến", "Mục tiêu cải tiến", "Hoạt động/giải pháp", "Chỉ số đánh giá kết quả",
              "Thời gian thực hiện", "Đơn vị/cá nhân phụ trách", "Nguồn lực bảo đảm",
              "Thông tin, dữ liệu hoặc minh chứng dự kiến", "Mức độ thực hiện"]
    table = doc.add_table(rows=0, cols=len(header))
    for values in [header, *rows]:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=False):
            cell.text = value
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_a_group_row_of_other_issues_is_not_a_row_and_its_rows_keep_no_criterion(catalog: Catalog) -> None:
    data = _tt57_docx([
        ["I", "Tiêu chuẩn 1: Quản trị nhà trường", "", "", "", "", "", "", "", ""],
        ["1", "Tiêu chí 1.3: Dữ liệu chưa cập nhật", "Cập nhật đủ", "- Phân công cán bộ", "100%",
         "Tháng 9/2026", "PHT", "Không", "Báo cáo", ""],
        ["", "Vấn đề ưu tiên khác", "", "", "", "", "", "", "", ""],
        ["2", "Giảm tỷ lệ học sinh nghỉ học dài ngày", "Dưới 1%", "- GVCN theo dõi chuyên cần", "< 1%",
         "Thường xuyên", "Bí thư Đoàn trường", "Xã hội hóa", "Sổ theo dõi", ""],
    ])
    plan = read_plan(data, "kh.docx", catalog)
    assert [r.criterion for r in plan.rows] == ["1.3", ""]
    assert plan.rows[1].owners == "Bí thư Đoàn trường"
    assert plan.rows[1].actions == ("GVCN theo dõi chuyên cần",)


@pytest.mark.parametrize(
    ("label", "code", "title"),
    [
        ("TCh 1.8", "1.8", ""),
        ("Tch 3.1. Khuôn viên", "3.1", "Khuôn viên"),
        ("T.chí 2.4: Học sinh", "2.4", "Học sinh"),
        ("TC. 5.4", "5.4", ""),
        ("Tiêu chí 1.2", "1.2", ""),
    ],
)
def test_abbreviated_criterion_labels(label: str, code: str, title: str) -> None:
    assert label_code(label, "1-3") == code
    assert label_title(label) == title


def test_abbreviation_needs_a_two_part_code() -> None:
    assert label_code("TCh 8", "1-3") is None
    assert label_code("Tch", "1-3") is None


FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.mark.skipif(not FONT.exists(), reason="needs the DejaVu Sans font")
def test_a_pdf_table_drawn_as_outlined_cells_is_read_by_its_columns(catalog: Catalog) -> None:
    from fpdf import FPDF

    pdf = FPDF(orientation="L", format="A4")
    pdf.add_font("dv", "", str(FONT))
    pdf.set_font("dv", size=9)
    pdf.add_page()
    for text in ("TRƯỜNG TIỂU HỌC A", "KẾ HOẠCH", "Cải tiến chất lượng giáo dục năm học 2025-2026",
                 "Căn cứ Thông tư số 17/2018/TT-BGDĐT"):
        pdf.cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    rows = [
        HEADER_2018.split("\t"),
        ["1", "1.1. Phương hướng, chiến lược xây dựng và phát triển nhà trường", "Đạt Mức 3",
         "- Rà soát chiến lược giai đoạn 2025-2030.\n- Công khai chiến lược trên website.",
         "Hiệu trưởng; Hội đồng trường", "Tháng 10/2025 - Tháng 12/2025", "Không", "", ""],
        ["2", "3.5. Thiết bị", "Đủ thiết bị", "- Kiểm kê thiết bị.", "NV thiết bị; GVCN",
         "Năm học 2025-2026", "Ngân sách nhà nước", "", ""],
    ]
    with pdf.table(col_widths=(8, 40, 25, 60, 30, 25, 22, 22, 15), first_row_as_headings=False) as table:
        for values in rows:
            row = table.row()
            for value in values:
                row.cell(value)
    plan = read_plan(bytes(pdf.output()), "kh.pdf", catalog)
    assert [r.criterion for r in plan.rows] == ["1.1", "3.5"]
    first = plan.rows[0]
    assert first.actions == ("Rà soát chiến lược giai đoạn 2025-2030.", "Công khai chiến lược trên website.")
    assert (first.owners, first.timeline, first.budget) == (
        "Hiệu trưởng; Hội đồng trường", "Tháng 10/2025 - Tháng 12/2025", "Không"
    )
    assert plan.rows[1].budget == "Ngân sách nhà nước"
