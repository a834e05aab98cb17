"""The plan parser on plans written by other schools in other layouts (tests/fixtures/unseen_plans).

Each fixture has an expected JSON written from what the page says (see make_unseen_plans.py): the
header, and every row field by field.  Rows whose criterion the document does not name ("topic")
must be tied to the right criterion with a confidence below 1 and a warning; rows read from a table
whose columns were lost ("layout") must be right and also below 1.  Nothing may be invented: every
value read must be found in the document.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest

from assistant.catalog import Catalog
from assistant.ingest import read_document
from assistant.plans import ParsedPlan, parse_plan, read_plan
from corpus.text import fold
from tests.conftest import FIXTURES

HERE = FIXTURES / "unseen_plans"
EXPECTED = sorted((HERE / "expected").glob("*.json"))
NAMES = [p.name.removesuffix(".json") for p in EXPECTED]
SOURCES = [n for n in NAMES if not n.endswith(".pdf")]
LIST_FIELDS = ("actions", "evidence", "indicators")
TEXT_FIELDS = ("content", "target", "owners", "timeline", "budget", "support", "note", "status")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load()


@cache
def _expected(name: str) -> dict:
    return json.loads((HERE / "expected" / f"{name}.json").read_text(encoding="utf-8"))


_PARSED: dict[str, ParsedPlan] = {}


def _parsed(name: str, catalog: Catalog) -> ParsedPlan:
    if name not in _PARSED:
        _PARSED[name] = read_plan((HERE / name).read_bytes(), name, catalog)
    return _PARSED[name]


def test_at_least_eight_documents_in_several_formats() -> None:
    assert len(SOURCES) >= 8
    assert {Path(n).suffix for n in NAMES} == {".docx", ".pdf", ".txt"}
    assert {_expected(n)["header"]["framework_id"] for n in SOURCES} >= {
        "tt17-2018", "tt18-2018", "tt19-2018", "tt57-2026-pho-thong", "tt57-2026-mam-non"
    }
    assert any(r["band"] == "4" for n in SOURCES for r in _expected(n)["rows"])
    assert any(r["tied"] == "topic" for n in SOURCES for r in _expected(n)["rows"])


@pytest.mark.parametrize("name", NAMES)
def test_header_fields(catalog: Catalog, name: str) -> None:
    want = _expected(name)["header"]
    header = _parsed(name, catalog).header.model_dump(mode="json")
    got = {key: header[key] for key in want}
    assert got == want


@pytest.mark.parametrize("name", NAMES)
def test_layout_and_criteria(catalog: Catalog, name: str) -> None:
    plan, want = _parsed(name, catalog), _expected(name)
    assert plan.layout == want["layout"]
    assert [(r.criterion, r.band) for r in plan.rows] == [
        (r["criterion"] if r["tied"] != "topic" else plan.rows[i].criterion, r["band"])
        for i, r in enumerate(want["rows"][: len(plan.rows)])
    ]
    assert len(plan.rows) == len(want["rows"])


@pytest.mark.parametrize("name", NAMES)
def test_rows_field_by_field(catalog: Catalog, name: str) -> None:
    plan, want = _parsed(name, catalog), _expected(name)
    assert len(plan.rows) == len(want["rows"])
    for row, expected in zip(plan.rows, want["rows"], strict=True):
        where = f"{name} row {expected['criterion']}"
        if expected["tied"] == "topic":
            assert row.criterion in [expected["criterion"], *expected["alternatives"]], where
            assert 0 < row.confidence < 1, where
        else:
            assert row.criterion == expected["criterion"], where
        assert row.band == expected["band"], where
        for field in LIST_FIELDS:
            got, want = list(getattr(row, field)), expected[field]
            if name.endswith(".pdf") and field != "actions":
                # A PDF keeps no paragraph marks: two short items typed without punctuation, where the
                # second's first word would not have fitted on the first's line, read as one wrapped item.
                got, want = " ".join(got), " ".join(want)
            assert got == want, f"{where}: {field}"
        for field in TEXT_FIELDS:
            assert getattr(row, field) == expected[field], f"{where}: {field}"


@pytest.mark.parametrize("name", NAMES)
def test_confidence_says_how_sure(catalog: Catalog, name: str) -> None:
    plan, want = _parsed(name, catalog), _expected(name)
    for row, expected in zip(plan.rows, want["rows"], strict=True):
        if expected["tied"] == "code":
            assert row.confidence == 1.0, f"{name} {row.criterion}"
        else:
            assert 0 < row.confidence < 1, f"{name} {row.criterion}"


@pytest.mark.parametrize("name", NAMES)
def test_warnings_in_vietnamese_for_doubtful_rows(catalog: Catalog, name: str) -> None:
    plan, want = _parsed(name, catalog), _expected(name)
    for fragments in want["warnings"]:
        assert any(all(f in w for f in fragments) for w in plan.warnings), (fragments, plan.warnings)
    assert all(w == w.strip() and re.search(r"[àáảãạăâđèéêìíòóôơùúưỳýạ-ỹ]", w.lower()) for w in plan.warnings)
    topic = [r for r in want["rows"] if r["tied"] == "topic"]
    assert sum("theo nội dung" in w for w in plan.warnings) == len(topic)


def _flat(text: str) -> str:
    return " ".join(re.sub(r"(?m)^\s*(?:[-+•]|\d{1,2}\))\s+", " ", fold(text)).split())


def _document_text(name: str) -> str:
    data = (HERE / name).read_bytes()
    doc = read_document(data, name)
    text = doc.text
    if name.endswith(".txt"):
        text += "\n" + data.decode("utf-8")
    return _flat(text.replace("\n", " "))


@pytest.mark.parametrize("name", SOURCES)
def test_nothing_invented(catalog: Catalog, name: str) -> None:
    """Every value read comes from the document: its opening words stand together in the text and
    every word of it is a word of the text (a sentence continued on the next page joins two pieces).
    Labels the reader adds ("phối hợp:", "(hiện trạng: …)") are split off first."""
    source = _document_text(name)
    words = set(source.split())
    for row in _parsed(name, catalog).rows:
        values = [*row.actions, *row.evidence, *row.indicators, row.timeline, row.budget, row.support, row.note,
                  row.content, row.status]
        values += row.owners.split("; phối hợp: ")
        values += re.split(r" \(hiện trạng: |\)$", row.target)
        for value in filter(None, values):
            flat = _flat(value).split()
            assert " ".join(flat[:5]) in source and set(flat) <= words, (name, value)


def test_pdf_gives_the_rows_of_its_word_source(catalog: Catalog) -> None:
    for name in NAMES:
        if not name.endswith(".pdf"):
            continue
        pdf, docx = _parsed(name, catalog), _parsed(_expected(name)["source"], catalog)
        fields = ("criterion", "band", "target", "owners", "timeline", "budget", "support", "actions")
        assert [tuple(getattr(r, f) for f in fields) for r in pdf.rows] == [
            tuple(getattr(r, f) for f in fields) for r in docx.rows
        ], name


# ---- the wording variants the fixtures are made of, one by one ------------------------------------


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("Nội dung cần cải tiến", "content"), ("Biện pháp/giải pháp", "actions"), ("Nội dung công việc", "actions"),
        ("Người/bộ phận thực hiện", "owners"), ("Người phối hợp", "partners"), ("Thời gian hoàn thành", "timeline"),
        ("Kinh phí dự kiến", "budget"), ("Nguồn lực", "budget"), ("Sản phẩm/minh chứng", "evidence"),
        ("Mức hiện tại", "current"), ("Mức phấn đấu", "target"), ("Kết quả cần đạt (so với hiện trạng)", "target"),
        ("Chủ trì và phối hợp thực hiện", "owners"), ("Mức độ hoàn thành", "status"),
    ],
)
def test_header_wording_is_mapped_accent_folded(header: str, kind: str) -> None:
    from assistant.plan_formats.columns import column_kind

    assert column_kind(header) == kind
    assert column_kind(fold(header)) == kind  # typed without diacritics


@pytest.mark.parametrize(
    ("label", "band", "standard", "code"),
    [
        ("TC 1.4", "1-3", "", "1.4"), ("1.4", "1-3", "", "1.4"), ("1.10. Đảm bảo an ninh trật tự", "1-3", "", "1.10"),
        ("Tiêu chí 4 (Tiêu chuẩn 1)", "1-3", "", "1.4"), ("Tieu chi 4 thuoc tieu chuan 2", "1-3", "", "2.4"),
        ("Tiêu chí 4", "1-3", "3", "3.4"), ("Tiêu chí 4", "1-3", "", None), ("Tiêu chí 2", "4", "", "2"),
        ("1,2 tỷ đồng", "1-3", "", None), ("2.5 triệu đồng", "1-3", "", None),
    ],
)
def test_criterion_labels(label: str, band: str, standard: str, code: str | None) -> None:
    from assistant.plan_formats.labels import label_code

    assert label_code(label, band, standard) == code  # type: ignore[arg-type]


def test_standard_and_band_headings() -> None:
    from assistant.plan_formats.labels import band_of, level4_item, standard_heading

    assert [standard_heading(t) for t in ("TIÊU CHUẨN 1", "I. Tiêu chuẩn 1: Tổ chức", "Tiêu chuẩn III.", "Tiêu chuẩn 1, tiêu chí 4")] == [
        "1", "1", "3", None
    ]
    assert [band_of([t]) for t in ("MỨC 1, 2, 3", "A. CÁC TIÊU CHÍ MỨC 1, 2, 3", "B. Các tiêu chí Mức 4", "Đạt Mức 4")] == [
        "1-3", "1-3", "4", None
    ]
    assert (level4_item("Mức 4, tiêu chí 1: Kế hoạch giáo dục"), level4_item("Tiêu chí 3 (Mức 4)")) == ("1", "3")


@pytest.mark.parametrize(
    ("cell", "actions"),
    [
        ("- Rà soát hồ sơ.\n- Cập nhật phần mềm.", ["Rà soát hồ sơ.", "Cập nhật phần mềm."]),
        ("+ Rà soát hồ sơ\n+ Cập nhật phần mềm", ["Rà soát hồ sơ", "Cập nhật phần mềm"]),
        ("+ Rà soát hồ sơ + Cập nhật phần mềm", ["Rà soát hồ sơ", "Cập nhật phần mềm"]),
        ("+ Rà soát hồ sơ; + Cập nhật phần mềm", ["Rà soát hồ sơ", "Cập nhật phần mềm"]),
        ("1) Rà soát hồ sơ.\n2) Cập nhật phần mềm.", ["Rà soát hồ sơ.", "Cập nhật phần mềm."]),
        ("1) Rà soát hồ sơ; 2) Cập nhật phần mềm; 4) in", ["Rà soát hồ sơ", "Cập nhật phần mềm; 4) in"]),
        ("Phối hợp Gia đình - Nhà trường - Xã hội", ["Phối hợp Gia đình - Nhà trường - Xã hội"]),
        ("Xây dựng quy chế chi tiêu nội bộ năm\n2025, lấy ý kiến viên chức.", ["Xây dựng quy chế chi tiêu nội bộ năm 2025, lấy ý kiến viên chức."]),
        ("Số chuyên đề\nTỷ lệ cha mẹ tham dự", ["Số chuyên đề", "Tỷ lệ cha mẹ tham dự"]),  # "chuyên đề" is no "để"
    ],
)
def test_bullets_inside_one_cell(cell: str, actions: list[str]) -> None:
    from assistant.plan_formats.cells import action_lines

    assert action_lines(cell) == actions


def test_companion_columns_in_a_word_table(catalog: Catalog) -> None:
    """Start and end dates, owner and partner, two budget columns, a repeated two-row header."""
    from assistant.ingest import Document, Paragraph, Table

    header = ("TT", "Tiêu chí", "Mức hiện tại", "Mức phấn đấu", "Giải pháp", "Đơn vị chủ trì", "Đơn vị phối hợp",
              "Thời gian bắt đầu", "Thời gian hoàn thành", "Kinh phí", "Nguồn lực")
    row = ("1", "Tiêu chí 3.6", "Mức 1", "Mức 2", "Bổ sung 200 đầu sách.", "Nhân viên thư viện", "Đoàn trường",
           "Tháng 9/2025", "Tháng 12/2025", "10 triệu đồng", "Xã hội hóa")
    blocks = (Paragraph("KẾ HOẠCH"), Paragraph("Cải tiến chất lượng giáo dục năm học 2025-2026"),
              Paragraph("Căn cứ Thông tư số 18/2018/TT-BGDĐT ngày 22/8/2018 đối với trường trung học cơ sở;"),
              Table((header, row, header, ("2",) + row[1:])))  # fmt: skip
    plan = parse_plan(Document(name="x.docx", format="docx", blocks=blocks), catalog)
    assert len(plan.rows) == 1  # the repeated header is skipped; the same row twice is one row
    got = plan.rows[0]
    assert (got.target, got.owners, got.timeline, got.budget, got.support) == (
        "Mức 2 (hiện trạng: Mức 1)", "Nhân viên thư viện; phối hợp: Đoàn trường", "Tháng 9/2025 - Tháng 12/2025",
        "10 triệu đồng", "Xã hội hóa",
    )
