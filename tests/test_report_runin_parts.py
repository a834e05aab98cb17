"""A bold run-in criterion heading whose paragraph runs on into the description ("Tiêu chí 1.1:
<title>. Nhà trường có ..." in one paragraph, then "Điểm mạnh:", "Điểm yếu:" paragraphs): the text
after the title is the start of the description, unless it opens another part itself."""

from __future__ import annotations

import io

import docx
import pytest

from assistant.catalog import Catalog
from assistant.domain import ParsedReport
from assistant.reports import read_report

FRAMEWORK = "tt57-2026-mam-non"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load()


def _docx(catalog: Catalog, heads: list[tuple[str, str]], *, title_of: dict[str, str] | None = None) -> bytes:
    """A report whose criterion paragraphs are a bold heading run plus a normal run; ``heads``
    gives the run-in text and the first following paragraph per criterion."""
    fw = catalog.get(FRAMEWORK)
    d = docx.Document()
    for text in (
        "BÁO CÁO TỰ ĐÁNH GIÁ",
        "Trường Mầm non Thử Nghiệm",
        "Phần II. TỰ ĐÁNH GIÁ",
        "Tiêu chuẩn 1. Tổ chức",
    ):
        d.add_paragraph(text)
    for c, (runin, follow) in zip(fw.criteria, heads, strict=False):
        title = (title_of or {}).get(c.code, c.title)
        p = d.add_paragraph()
        p.add_run(f"Tiêu chí {c.code}: {title}. ").bold = True
        p.add_run(runin)
        for text in (follow, "Điểm yếu: Hồ sơ còn thiếu.", "Tự đánh giá: Đạt Mức 2."):
            if text:
                d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _parse(catalog: Catalog, data: bytes) -> ParsedReport:
    return read_report(data, "runin.docx", catalog, framework_id=FRAMEWORK)


def test_runin_text_starts_the_description(catalog: Catalog) -> None:
    heads = [
        ("Nhà trường có kế hoạch năm học đầy đủ (MC.1.1.01).", "Điểm mạnh: Kế hoạch sát thực tế."),
        ("Có tổ chuyên môn và tổ văn phòng.", "Các tổ họp định kỳ hằng tháng."),
    ]
    report = _parse(catalog, _docx(catalog, heads))
    first, second = report.assessments[0], report.assessments[1]
    assert first.description == "Nhà trường có kế hoạch năm học đầy đủ (MC.1.1.01)."
    assert first.strengths == ("Kế hoạch sát thực tế.",)
    assert first.weaknesses == ("Hồ sơ còn thiếu.",)
    assert first.level == 2
    # The description goes on in the paragraphs up to the next part.
    assert second.description == "Có tổ chuyên môn và tổ văn phòng.\nCác tổ họp định kỳ hằng tháng."
    assert second.weaknesses == ("Hồ sơ còn thiếu.",)
    assert second.level == 2


def test_runin_part_marker_is_not_moved(catalog: Catalog) -> None:
    heads = [("Điểm mạnh: Kế hoạch sát thực tế.", "Nhà trường công khai kế hoạch.")]
    a = _parse(catalog, _docx(catalog, heads)).assessments[0]
    assert a.description == ""
    assert a.strengths == ("Kế hoạch sát thực tế.", "Nhà trường công khai kế hoạch.")
    assert a.weaknesses == ("Hồ sơ còn thiếu.",)


def test_runin_needs_the_catalogue_title(catalog: Catalog) -> None:
    code = catalog.get(FRAMEWORK).criteria[0].code
    heads = [("Nhà trường có kế hoạch năm học đầy đủ.", "Điểm mạnh: Kế hoạch sát thực tế.")]
    data = _docx(catalog, heads, title_of={code: "Một câu hoàn toàn khác về sân chơi bãi tập"})
    a = _parse(catalog, data).assessment(code)
    assert a is None or a.description == ""


def test_heading_without_runin_is_unchanged(catalog: Catalog) -> None:
    heads = [("", "Mô tả hiện trạng: Nhà trường có kế hoạch."), ("", "Điểm mạnh: Tốt.")]
    report = _parse(catalog, _docx(catalog, heads))
    assert report.assessments[0].description == "Nhà trường có kế hoạch."
    assert report.assessments[1].description == ""
    assert report.assessments[1].strengths == ("Tốt.",)
