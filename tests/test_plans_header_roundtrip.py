"""Header round trip: the plan parser reads back the header of our own exported .docx.

The exporter writes the NĐ 30/2020 header as a two-column table whose left cell holds two lines
(managing body, school name) and whose right cell holds the national motto; the number and the
place/date share the next row.  Each field must come back on its own: the managing body without the
school's name, the school's name without "CỘNG HÒA ...", the place without "Số: …/KH-…".
"""

from __future__ import annotations

import pytest
from export_samples import letterhead_docx, tt18_thcs_plan, tt57_plan

from assistant.catalog import Catalog
from assistant.domain import Plan
from assistant.export import export_docx
from assistant.plans import read_plan
from corpus.text import fold

CASES = [
    (tt18_thcs_plan, "tt18-2018", None),
    (tt18_thcs_plan, "tt18-2018", "tt57"),
    (tt57_plan, "tt57-2026-pho-thong", None),
]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load()


def _same(a: str, b: str) -> bool:
    """Equal up to letter case (the exporter prints the header lines in capitals)."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


@pytest.mark.parametrize(("make", "fid", "template"), CASES)
def test_exported_header_reads_back_field_by_field(catalog: Catalog, make, fid: str, template: str | None) -> None:  # noqa: ANN001
    plan: Plan = make()
    written = plan.header
    parsed = read_plan(export_docx(plan, catalog.get(fid), template=template), "ke-hoach.docx", catalog).header
    assert _same(parsed.managing_body, written.managing_body), parsed.managing_body
    assert _same(parsed.school_name, written.school_name), parsed.school_name
    assert "cong hoa" not in fold(parsed.school_name) and "truong" not in fold(parsed.managing_body)
    assert parsed.school_type == written.school_type
    assert (parsed.place, parsed.date, parsed.school_year) == (written.place, written.date, written.school_year)
    assert "so" not in fold(parsed.place).split() and "/kh" not in fold(parsed.place)
    assert parsed.framework_id == fid
    if written.number:
        assert parsed.number == f"{written.number}/KH-{written.abbreviation}"
        assert parsed.abbreviation == written.abbreviation
    else:  # "Số: ……/KH-THTN": the number is left blank for the office to fill in
        assert parsed.number == ""
        assert parsed.abbreviation and parsed.abbreviation.isupper()


def test_tt57_section_one_address_reads_back(catalog: Catalog) -> None:
    plan = tt57_plan()
    parsed = read_plan(export_docx(plan, catalog.get("tt57-2026-pho-thong")), "kh.docx", catalog).header
    assert parsed.address == plan.header.address
    blank = read_plan(
        export_docx(tt18_thcs_plan(), catalog.get("tt18-2018"), template="tt57"), "kh.docx", catalog
    ).header
    assert blank.address == ""  # "3. Địa chỉ: ………" is a blank to fill, not an address


@pytest.mark.parametrize("with_table", [True, False])
def test_letterhead_header_is_what_the_page_shows(catalog: Catalog, with_table: bool) -> None:
    """A province letterhead replaces our header lines: the parser reads the letterhead's body and school."""
    data = export_docx(tt18_thcs_plan(), catalog.get("tt18-2018"), letterhead=letterhead_docx(with_table=with_table))
    header = read_plan(data, "kh.docx", catalog).header
    if with_table:
        assert (header.managing_body, header.school_name) == ("SỞ GIÁO DỤC VÀ ĐÀO TẠO ĐIỆN BIÊN", "TRƯỜNG THPT THANH XƯƠNG")
    else:
        assert (header.managing_body, header.school_name) == ("ỦY BAN NHÂN DÂN XÃ THANH XƯƠNG", "TRƯỜNG MẦM NON HOA BAN")
    assert (header.number, header.place, header.date) == ("166/KH-THCSTX", "Thanh Xương", "28/09/2025")
