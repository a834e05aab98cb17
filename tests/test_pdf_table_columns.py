"""Summary tables of marks in a PDF: the column of each mark comes back from the characters' x
positions (pdfium drops the empty cells, "Tiêu chí 1.1 ✓"), and only when it is clear.

The PDFs are drawn here with fpdf2 (header labels and marks centred in their cells) and read with
the real pdfium reader.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from fpdf import FPDF

from assistant.catalog import Catalog
from assistant.ingest import read_document
from assistant.ingest.base import Document
from assistant.reports import read_report

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
pytestmark = pytest.mark.skipif(not FONT.exists(), reason="needs the DejaVu Sans font")

LEFT, FIRST, WIDTH, HEIGHT = 15.0, 70.0, 25.0, 8.0  # mm: first column, then the level columns
LEVELS = ("Mức 1", "Mức 2", "Mức 3")
Row = tuple[str, float | tuple[float, ...] | None]  # first-column text, columns of marks (1.5 = on a border)


def _pdf() -> FPDF:
    pdf = FPDF(format="A4")
    pdf.add_font("dv", "", str(FONT))
    pdf.set_font("dv", size=11)
    pdf.set_auto_page_break(False)
    pdf.add_page()
    return pdf


def _paragraphs(pdf: FPDF, lines: Sequence[str]) -> None:
    for text in lines:
        if pdf.get_y() > 260:
            pdf.add_page()
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")


def _table(pdf: FPDF, header: Sequence[str], rows: Sequence[Row], *, per_page: int = 40) -> None:
    """Cells with borders; the header (repeated on every page) and marks centred in their columns."""
    for start in range(0, len(rows), per_page):
        if start:
            pdf.add_page()
        y = pdf.get_y()
        pdf.set_xy(LEFT, y)
        pdf.cell(FIRST, HEIGHT, "Tiêu chí", border=1)
        for label in header:
            pdf.cell(WIDTH, HEIGHT, label, border=1, align="C")
        for n, (first, column) in enumerate(rows[start : start + per_page], start=1):
            top = y + n * HEIGHT
            pdf.set_xy(LEFT, top)
            pdf.cell(FIRST, HEIGHT, first, border=1)
            for _ in header:
                pdf.cell(WIDTH, HEIGHT, "", border=1)
            for at in (column,) if isinstance(column, float | int) else column or ():
                pdf.set_xy(LEFT + FIRST + at * WIDTH, top)
                pdf.cell(WIDTH, HEIGHT, "✓", align="C")
        pdf.set_xy(LEFT, y + (len(rows[start : start + per_page]) + 1) * HEIGHT + 4)


def _read(pdf: FPDF) -> Document:
    return read_document(bytes(pdf.output()), "bang.pdf")


def _level_rows(doc: Document) -> dict[str, str]:
    """Criterion -> the header label over its mark, from the document's tables."""
    out: dict[str, str] = {}
    for table in doc.tables:
        header = table.rows[0]
        for row in table.rows[1:]:
            marked = [header[i] for i, cell in enumerate(row) if i and cell.strip()]
            if row[0].startswith("Tiêu chí ") and len(marked) == 1:
                out[row[0].removeprefix("Tiêu chí ")] = marked[0]
    return out


INTRO = ["BẢNG TỔNG HỢP KẾT QUẢ TỰ ĐÁNH GIÁ", "Kết quả tự đánh giá của nhà trường được tổng hợp dưới đây."]


def test_single_marks_in_varied_columns_give_their_levels() -> None:
    pdf = _pdf()
    _paragraphs(pdf, INTRO)
    _table(pdf, LEVELS, [("Tiêu chí 1.1", 1), ("Tiêu chí 1.2", 0), ("Tiêu chí 1.3", 2), ("Tiêu chí 1.4", 1)])
    _paragraphs(pdf, ["Số tiêu chí đạt Mức 1 trở lên: 4/4; đạt Mức 2 trở lên: 3."])
    doc = _read(pdf)
    assert _level_rows(doc) == {"1.1": "Mức 2", "1.2": "Mức 1", "1.3": "Mức 3", "1.4": "Mức 2"}
    assert doc.tables[0].rows[0] == ("Tiêu chí", "Mức 1", "Mức 2", "Mức 3")
    assert any("đạt Mức 2 trở lên" in line for line in doc.text.splitlines())  # text after stays text


def test_khong_dat_column_and_standard_rows() -> None:
    pdf = _pdf()
    _paragraphs(pdf, INTRO)
    rows: list[Row] = [("Tiêu chuẩn 1", None), ("Tiêu chí 1.1", 0), ("Tiêu chí 1.2", 2),
                       ("Tiêu chuẩn 2", None), ("Tiêu chí 2.1", 3)]
    _table(pdf, ("Không đạt", *LEVELS), rows)
    doc = _read(pdf)
    assert _level_rows(doc) == {"1.1": "Không đạt", "1.2": "Mức 2", "2.1": "Mức 3"}
    assert len(doc.tables) == 1 and ("Tiêu chuẩn 2", "", "", "", "") in doc.tables[0].rows


def test_mark_halfway_between_two_columns_is_not_read() -> None:
    pdf = _pdf()
    _paragraphs(pdf, INTRO)
    _table(pdf, LEVELS, [("Tiêu chí 1.1", 1), ("Tiêu chí 1.2", 0.5), ("Tiêu chí 1.3", 2)])
    doc = _read(pdf)
    assert _level_rows(doc) == {"1.1": "Mức 2", "1.3": "Mức 3"}
    doubtful = next(r for t in doc.tables for r in t.rows if r[0].startswith("Tiêu chí 1.2"))
    assert doubtful[1:] == ("", "", "")  # the mark stays with the row's text, in no column


def test_only_marks_in_doubt_leave_the_table_as_text() -> None:
    pdf = _pdf()
    _paragraphs(pdf, INTRO)
    _table(pdf, LEVELS, [("Tiêu chí 1.1", 0.5), ("Tiêu chí 1.2", 1.5)])
    doc = _read(pdf)
    assert doc.tables == ()
    assert "Tiêu chí 1.1 ✓" in doc.text.splitlines()


def test_words_in_the_level_columns_are_not_marks() -> None:
    pdf = _pdf()
    _paragraphs(pdf, INTRO)
    y = pdf.get_y()
    _table(pdf, LEVELS, [("Tiêu chí 1.1", None), ("Tiêu chí 1.2", None)])
    pdf.text(LEFT + FIRST + WIDTH + 5, y + HEIGHT + 6, "Đạt")
    pdf.text(LEFT + FIRST + WIDTH + 5, y + 2 * HEIGHT + 6, "Đạt")
    assert _read(pdf).tables == ()


def test_pdf_without_a_summary_table_reads_as_before() -> None:
    pdf = _pdf()
    lines = ["Tiêu chí 1.1. Phương hướng, chiến lược xây dựng và phát triển nhà trường",
             "Mức 1: Phù hợp. Mức 2: Được công khai. Mức 3: Được rà soát, điều chỉnh.",
             "Tiêu chí đạt Mức 2."]
    _paragraphs(pdf, lines)
    doc = _read(pdf)
    assert doc.tables == ()
    assert doc.text.splitlines() == lines


def test_table_over_two_pages_with_the_header_repeated() -> None:
    pdf = _pdf()
    _paragraphs(pdf, INTRO)
    rows: list[Row] = [(f"Tiêu chí 1.{n}", (n % 3)) for n in range(1, 9)]
    _table(pdf, LEVELS, rows, per_page=4)
    doc = _read(pdf)
    headers = [r for t in doc.tables for r in t.rows if r == ("Tiêu chí", *LEVELS)]
    assert len(headers) == 2  # each page's header was read for that page's rows
    assert _level_rows(doc) == {f"1.{n}": f"Mức {n % 3 + 1}" for n in range(1, 9)}


def test_cumulative_marks_count_as_the_highest_level() -> None:
    pdf = _pdf()
    _paragraphs(pdf, INTRO)
    _table(pdf, LEVELS, [("Tiêu chí 1.1", 0), ("Tiêu chí 1.2", (0, 1, 2))])
    table = _read(pdf).tables[0]
    assert table.rows[2] == ("Tiêu chí 1.2", "✓", "✓", "✓")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load()


def test_report_levels_come_from_the_rebuilt_table(catalog: Catalog) -> None:
    criteria = catalog.get("tt18-2018").criteria[:6]
    pdf = _pdf()
    body = ["BÁO CÁO TỰ ĐÁNH GIÁ", "Trường THCS Thử Nghiệm", "Phần II. TỰ ĐÁNH GIÁ",
            "Tiêu chuẩn 1. Tổ chức và quản lý nhà trường"]
    for c in criteria:
        body += [f"Tiêu chí {c.code}. {c.title}", "Mô tả hiện trạng: Nhà trường thực hiện đầy đủ (MC: H1-1.1-01).",
                 "Điểm mạnh: Thực hiện tốt.", "Điểm yếu: Không có.", "Kế hoạch cải tiến: Duy trì."]
    _paragraphs(pdf, body)
    pdf.add_page()
    _paragraphs(pdf, ["Phần III. KẾT LUẬN CHUNG", *INTRO])
    columns = [1, 0, 2, 1, 1, 0]
    _table(pdf, ("Không đạt", *LEVELS), [(f"Tiêu chí {c.code}", k + 1) for c, k in zip(criteria, columns, strict=True)])
    report = read_report(bytes(pdf.output()), "bao_cao.pdf", catalog, framework_id="tt18-2018")
    levels = {a.criterion: a.level for a in report.assessments}
    assert {c.code: levels.get(c.code) for c in criteria} == {
        c.code: k + 1 for c, k in zip(criteria, columns, strict=True)
    }
