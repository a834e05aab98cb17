"""Reading TĐG / ĐGN reports: every fixture field by field, conflicts, ties, spans, odd layouts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.catalog import Catalog
from assistant.domain import ParsedReport, SchoolType
from assistant.errors import CaitienError, NotAReportError
from assistant.ingest import read_document
from assistant.ingest.base import Document, Paragraph, Table
from assistant.reports import detect_kind, item_span, parse_report, read_report

REPORTS = Path(__file__).parent / "fixtures" / "reports"
EXPECTED = sorted((REPORTS / "expected").glob("*.json"))


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load()


_CACHE: dict[str, ParsedReport] = {}


def parsed(name: str, catalog: Catalog) -> ParsedReport:
    if name not in _CACHE:
        _CACHE[name] = read_report((REPORTS / name).read_bytes(), name, catalog)
    return _CACHE[name]


def test_every_report_fixture_has_expectations() -> None:
    names = {p.name[: -len(".json")] for p in EXPECTED}
    assert len(names) >= 13
    assert {"tdg_tt18_thcs.docx", "dgn_tt18_thcs.docx", "tdg_tt17_th.docx", "tdg_tt19_mn.docx",
            "tdg_tt57_pho_thong.docx", "tdg_pdf_pasted.txt", "tdg_tcvn3.txt", "tdg_vni.txt",
            "tdg_numbered_within_standard.docx", "tdg_levels_in_words.docx", "tdg_no_diacritics.txt",
            "tdg_long_100p.docx", "tdg_long_100p.pdf"} <= names  # fmt: skip


@pytest.mark.parametrize("expected_file", EXPECTED, ids=lambda p: p.name[: -len(".json")])
def test_fixture_read_field_by_field(expected_file: Path, catalog: Catalog) -> None:
    exp = json.loads(expected_file.read_text(encoding="utf-8"))
    report = parsed(exp["file"], catalog)
    assert report.kind == exp["kind"]
    assert report.framework_id == exp["framework"]
    assert report.school_type == SchoolType(exp["school_type"])
    assert report.school_name == exp["school_name"]
    assert report.overall_level == exp["overall_level"]
    assert [a.criterion for a in report.assessments] == list(exp["criteria"])
    for code, want in exp["criteria"].items():
        got = report.assessment(code)
        assert got is not None, code
        assert got.level == want["level"], code
        assert list(got.weaknesses) == want["weaknesses"], code
        assert list(got.planned_actions) == want["planned_actions"], code
        assert list(got.strengths) == want["strengths"], code
    conflicted = [a.criterion for a in report.assessments if a.conflicts]
    assert conflicted == exp["conflicts"]
    assert {str(r.number): r.met for r in report.level4} == exp["level4"]
    for rec in exp["recommendations"]:
        found = next((r for r in report.recommendations if r.text == rec["text"]), None)
        assert found is not None, rec["text"]
        assert found.tied_by == rec["tied_by"]
        if rec["tied_by"] == "code":
            assert list(found.criteria) == rec["criteria"]
            assert found.confidence == 1.0
        elif rec["tied_by"] == "topic":
            assert found.criteria[0] == rec["criteria"][0]
            assert 0.5 <= found.confidence <= 0.9
        else:
            assert found.criteria == () and found.confidence == 0.0
    assert len(report.recommendations) == len(exp["recommendations"])


def test_tt18_conflict_is_reported_not_hidden(catalog: Catalog) -> None:
    report = parsed("tdg_tt18_thcs.docx", catalog)
    a = report.assessment("2.3")
    assert a is not None and a.level == 2  # the criterion's own conclusion wins
    (message,) = a.conflicts
    assert "Tiêu chí 2.3" in message and "Mức 2" in message and "Mức 3" in message
    assert "Bảng tổng hợp kết quả" in message
    assert message in report.warnings


def test_tt18_weak_criteria_texts(catalog: Catalog) -> None:
    a = parsed("tdg_tt18_thcs.docx", catalog).assessment("3.4")
    assert a is not None and a.level == 1
    assert a.weaknesses == (
        "Khu vệ sinh học sinh nam dãy B xuống cấp, thường xuyên bị rò rỉ nước; số lượng thiết bị vệ sinh chưa đủ "
        "so với số học sinh.",
        "Hệ thống thoát nước sân trường bị ngập cục bộ khi mưa lớn.",
    )
    assert a.planned_actions[0].startswith("Hiệu trưởng lập tờ trình đề nghị UBND huyện cải tạo khu vệ sinh")
    assert a.evidence[:2] == ("[H3-3.4-01]", "[H3-3.4-02]")
    assert {(i.level, i.id, i.met) for i in a.indicators} >= {(1, "a", True), (2, "a", False)}


def test_spans_point_into_document_text(catalog: Catalog) -> None:
    doc = read_document((REPORTS / "tdg_tt18_thcs.docx").read_bytes(), "tdg_tt18_thcs.docx")
    report = parse_report(doc, catalog)
    text = doc.text
    for a in report.assessments:
        assert a.spans, a.criterion
        assert a.spans[0].text.startswith(f"Tiêu chí {a.criterion}")
        for span in a.spans:
            assert text[span.start : span.end] == span.text
        for item in (*a.strengths, *a.weaknesses, *a.planned_actions):
            span = item_span(a, item)
            assert span is not None and item in span.text


def test_dgn_team_levels_below_school(catalog: Catalog) -> None:
    tdg = parsed("tdg_tt18_thcs.docx", catalog)
    dgn = parsed("dgn_tt18_thcs.docx", catalog)
    lower = [
        a.criterion
        for a in dgn.assessments
        if a.level is not None
        and (t := tdg.assessment(a.criterion))
        and t.level is not None
        and a.level < t.level
    ]
    assert lower == ["1.4", "2.2", "3.6", "5.1"]
    assert dgn.assessment("2.2").level == 1  # type: ignore[union-attr]
    assert all(not a.planned_actions for a in dgn.assessments)
    # The school's own claim quoted in the ĐGN ("nhà trường tự đánh giá đạt Mức 2") is not the team's level.
    assert not any(a.conflicts for a in dgn.assessments)


def test_dgn_recommendations(catalog: Catalog) -> None:
    recs = parsed("dgn_tt18_thcs.docx", catalog).recommendations
    by_code = [r for r in recs if r.tied_by == "code"]
    assert {c for r in by_code for c in r.criteria} == {"1.4", "2.2", "3.2", "3.4", "3.6", "5.1"}
    sanitation = next(r for r in recs if r.text.startswith("Cải tạo khu vệ sinh"))
    assert sanitation.criteria == ("3.4",) and sanitation.tied_by == "topic" and sanitation.confidence >= 0.8
    vague = next(r for r in recs if r.text.startswith("Tiếp tục duy trì"))
    assert vague.tied_by == "none"
    assert all(r.span is not None and r.text in r.span.text for r in recs)
    assert not any("Kết luận" in r.text for r in recs)


def test_tt57_standards_and_evidence(catalog: Catalog) -> None:
    report = parsed("tdg_tt57_pho_thong.docx", catalog)
    assert report.framework_id == "tt57-2026-pho-thong"
    assert [s.standard for s in report.standards] == ["1", "2", "3", "4"]
    s1 = report.standards[0]
    assert s1.limitations[0].startswith("Việc số hóa hồ sơ, dữ liệu quản lý chưa đồng bộ")
    assert s1.causes == (
        "Hạ tầng công nghệ thông tin còn thiếu; cán bộ phụ trách dữ liệu làm kiêm nhiệm.",
        "Chưa phân công cụ thể người theo dõi, tổng hợp minh chứng cải tiến.",
    )
    assert s1.priorities == ("Chuẩn hóa cơ sở dữ liệu quản lý và hồ sơ minh chứng điện tử.",)
    assert all(not p.startswith("Xu hướng") for s in report.standards for p in s.priorities)
    a = report.assessment("1.1")
    assert a is not None and a.evidence == ("MC.1.1.01", "MC.1.1.02", "MC.1.1.03", "MC.1.1.04")
    assert report.assessment("3.4").level == 0  # type: ignore[union-attr]
    assert {(i.level, i.met) for i in report.assessment("3.4").indicators} == {(1, False)}  # type: ignore[union-attr]
    assert report.overall_level == 1
    assert report.level4 == ()


def test_tt19_level4_items(catalog: Catalog) -> None:
    report = parsed("tdg_tt19_mn.docx", catalog)
    assert [(r.number, r.met) for r in report.level4] == [(1, True), (2, True), (3, False), (4, True)]
    assert all(r.span is not None for r in report.level4)
    assert report.overall_level == 3


def test_legacy_and_unaccented_reports_warn(catalog: Catalog) -> None:
    assert any("TCVN3" in w for w in parsed("tdg_tcvn3.txt", catalog).warnings)
    assert any("VNI" in w for w in parsed("tdg_vni.txt", catalog).warnings)
    plain = parsed("tdg_no_diacritics.txt", catalog)
    assert plain.assessment("3.4").level == 2  # type: ignore[union-attr]


def test_plan_is_refused_with_a_pointer_to_plan_import(catalog: Catalog) -> None:
    data = (REPORTS / "plan_not_report.docx").read_bytes()
    assert detect_kind(read_document(data, "kh.docx")) == "plan"
    with pytest.raises(NotAReportError) as err:
        read_report(data, "kh.docx", catalog)
    assert "Kế hoạch cải tiến" in str(err.value) and "Nhập kế hoạch" in err.value.hint


def test_seed_plans_are_not_reports(seeds_dir: Path, catalog: Catalog) -> None:
    for seed in sorted(seeds_dir.glob("00[0-2,4]_*.txt")):
        with pytest.raises(NotAReportError, match="Kế hoạch"):
            read_report(seed.read_bytes(), seed.name, catalog)


def test_document_without_criteria(catalog: Catalog) -> None:
    with pytest.raises(NotAReportError, match="Không tìm thấy tiêu chí"):
        read_report((REPORTS / "not_a_report.docx").read_bytes(), "bb.docx", catalog)


def test_other_framework_than_requested_warns_naming_both(catalog: Catalog) -> None:
    data = (REPORTS / "tdg_tt18_thcs.docx").read_bytes()
    report = read_report(data, "r.docx", catalog, framework_id="tt57-2026-pho-thong")
    assert report.framework_id == "tt18-2018"  # the circular cited by the report wins
    (warning,) = [w for w in report.warnings if "khác với bộ tiêu chí đã chọn" in w]
    assert "tt18-2018" in warning and "tt57-2026-pho-thong" in warning


# --------------------------------------------------------------------------------------------
# Layouts the fixtures do not use: built as Documents directly
# --------------------------------------------------------------------------------------------


def _doc(*lines: str | tuple[tuple[str, ...], ...]) -> Document:
    blocks = [Table(rows=b) if isinstance(b, tuple) else Paragraph(text=b) for b in lines]
    return Document(name="mau.docx", format="docx", blocks=tuple(blocks))


COVER = ("PHÒNG GD&ĐT HUYỆN A", "TRƯỜNG THCS HÒA BÌNH", "BÁO CÁO TỰ ĐÁNH GIÁ")


def test_heading_and_level_variants(catalog: Catalog) -> None:
    doc = _doc(
        *COVER,
        "TIÊU CHÍ 1.1. PHƯƠNG HƯỚNG, CHIẾN LƯỢC XÂY DỰNG VÀ PHÁT TRIỂN NHÀ TRƯỜNG",
        "Điểm yếu: Chiến lược chưa được rà soát định kỳ.",
        "Kế hoạch cải tiến chất lượng:",
        "+ Rà soát chiến lược vào tháng 9 hằng năm.",
        "Tự đánh giá: Đạt M2",
        "Tiêu chí 1.2 - Hội đồng trường và các hội đồng khác",
        "2. Điểm mạnh",
        "a) Hội đồng trường hoạt động đúng quy chế.",
        "3. Điểm yếu: Không có.",
        "5. Tự đánh giá",
        "Tiêu chí đạt mức ba.",
        "1.3. Tổ chức Đảng Cộng sản Việt Nam, các đoàn thể và tổ chức khác trong nhà trường",
        "Diem yeu: Sinh hoat doan the con hinh thuc.",
        "Ket qua: Tieu chi khong dat.",
        "Tieu chi 1.4: Hieu truong, pho hieu truong, to chuyen mon",
        "Kết quả: mức 3",
    )
    report = parse_report(doc, catalog)
    levels = {a.criterion: a.level for a in report.assessments}
    assert levels == {"1.1": 2, "1.2": 3, "1.3": 0, "1.4": 3}
    a11, a12, a13 = (report.assessment(c) for c in ("1.1", "1.2", "1.3"))
    assert a11.weaknesses == ("Chiến lược chưa được rà soát định kỳ.",)  # type: ignore[union-attr]
    assert a11.planned_actions == ("Rà soát chiến lược vào tháng 9 hằng năm.",)  # type: ignore[union-attr]
    assert a12.strengths == ("Hội đồng trường hoạt động đúng quy chế.",) and a12.weaknesses == ()  # type: ignore[union-attr]
    assert a13.weaknesses == ("Sinh hoat doan the con hinh thuc.",)  # type: ignore[union-attr]
    assert report.framework_id == "tt18-2018" and report.school_type == SchoolType.THCS
    assert any("Không tìm thấy phần đánh giá riêng" in w for w in report.warnings)


def test_indicator_table_contradicting_conclusion(catalog: Catalog) -> None:
    table = (
        ("Mức 1", "", "Mức 2", "", "Mức 3", ""),
        ("Chỉ báo", "Đạt/Không đạt", "Chỉ báo", "Đạt/Không đạt", "Chỉ báo", "Đạt/Không đạt"),
        ("a", "Đạt", "a", "Không đạt", "(*)", "Không đạt"),
        ("b", "Đạt", "b", "Đạt", "-", "-"),
    )
    doc = _doc(*COVER, "Tiêu chí 1.1: Phương hướng", "Điểm yếu: Chưa có.", "Tự đánh giá:", table,
               "Kết quả: Tiêu chí đạt Mức 2.")  # fmt: skip
    a = parse_report(doc, catalog).assessment("1.1")
    assert a is not None and a.level == 2
    (conflict,) = a.conflicts
    assert "bảng đánh giá các chỉ báo ghi Mức 1" in conflict


def test_flattened_summary_with_words_and_stated_vs_computed_overall(catalog: Catalog) -> None:
    doc = _doc(
        *COVER,
        "BẢNG TỔNG HỢP KẾT QUẢ TỰ ĐÁNH GIÁ",
        "Tiêu chí 1.1 Đạt Mức 3",
        "Tiêu chí 1.2 Đạt Mức 1",
        "Kết quả: Trường đạt Mức 3",
        "Tiêu chí 1.1: Phương hướng",
        "Điểm mạnh: Có chiến lược rõ ràng.",
        "Kết quả: Tiêu chí đạt Mức 3.",
        "Tiêu chí 1.2: Hội đồng trường",
        "Điểm yếu: Hội đồng trường họp chưa đủ số phiên.",
        "Kết quả: Tiêu chí đạt Mức 2.",
    )
    report = parse_report(doc, catalog, framework_id="tt18-2018")
    a = report.assessment("1.2")
    assert a is not None and a.level == 2 and len(a.conflicts) == 1
    assert report.overall_level == 3


def test_duplicate_out_of_range_and_stray_criteria_warn(catalog: Catalog) -> None:
    doc = _doc(
        *COVER,
        "Tiêu chí 1.1: Phương hướng",
        "Điểm yếu: Một.",
        "Kế hoạch cải tiến chất lượng: Hai.",
        "Kết quả: Tiêu chí đạt Mức 3.",
        "Tiêu chí 1.1: Phương hướng (bản sao)",
        "Điểm yếu: Ba.",
        "Kế hoạch cải tiến chất lượng: Bốn.",
        "Kết quả: Tiêu chí đạt Mức 3.",
        "Tiêu chí 1.2: Hội đồng trường",
        "Điểm yếu: Năm.",
        "Kết quả: Tiêu chí đạt Mức 4.",
        "Tiêu chí 6.1: Không có trong bộ tiêu chí",
        "Điểm yếu: Sáu.",
        "Kết quả: Tiêu chí đạt Mức 1.",
    )
    report = parse_report(doc, catalog, framework_id="tt18-2018")
    warnings = " ".join(report.warnings)
    assert "Tiêu chí 1.1 được đánh giá ở nhiều chỗ" in warnings
    assert "vượt quá mức cao nhất" in warnings and report.assessment("1.2").level is None  # type: ignore[union-attr]
    assert "6.1" in warnings and report.assessment("6.1") is None


def test_tdg_without_stated_overall_level_gets_computed_one(catalog: Catalog) -> None:
    lines: list[str] = list(COVER)
    fw = catalog.get("tt57-2026-pho-thong")
    for c in fw.criteria:
        lines += [f"Tiêu chí {c.code}: {c.title}", "Tự đánh giá: Tiêu chí đạt Mức 1."]
    report = parse_report(_doc(*lines), catalog, framework_id="tt57-2026-pho-thong")
    assert report.overall_level == 1
    assert any("không ghi rõ mức của trường" in w for w in report.warnings)


_PIECES = st.sampled_from([
    "Tiêu chí 1.1: Phương hướng", "TIÊU CHÍ 2.3.", "Tiêu chuẩn 3: Cơ sở vật chất", "Tiêu chí 2:", "Điểm yếu:",
    "2. Điểm mạnh", "Kế hoạch cải tiến chất lượng:", "Kết quả: Tiêu chí đạt Mức 2.", "Đạt M9", "Không đạt",
    "BẢNG TỔNG HỢP KẾT QUẢ TỰ ĐÁNH GIÁ", "Tiêu chí 1.1 x x", "II. TỰ ĐÁNH GIÁ TIÊU CHÍ MỨC 4", "Khuyến nghị:",
    "BÁO CÁO ĐÁNH GIÁ NGOÀI", "KẾ HOẠCH", "Trường đạt Mức 7", "(MC.1.1.01)", "[H1-1.1-01]", "- gạch đầu dòng", "",
])  # fmt: skip


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(st.one_of(_PIECES, st.text(max_size=40)), max_size=40))
def test_any_document_parses_or_raises_domain_error(lines: list[str]) -> None:
    catalog = Catalog.load()
    doc = Document(name="x.docx", format="docx", blocks=tuple(Paragraph(text=t) for t in lines))
    try:
        report = parse_report(doc, catalog)
    except CaitienError as exc:
        assert exc.message
    else:
        assert all(a.level is None or 0 <= a.level <= 3 for a in report.assessments)


def test_word_summary_with_rows_numbered_within_standards(catalog: Catalog) -> None:
    summary = (
        ("Tiêu chuẩn, tiêu chí", "Không đạt", "Mức 1", "Mức 2", "Mức 3"),
        ("Tiêu chuẩn 1", "", "", "", ""),
        ("Tiêu chí 1", "", "x", "x", ""),
        ("Tiêu chí 2", "x", "", "", ""),
        ("Tiêu chuẩn 2", "", "", "", ""),
        ("Tiêu chí 1", "", "x", "x", "x"),
    )
    doc = _doc(*COVER, "BẢNG TỔNG HỢP KẾT QUẢ TỰ ĐÁNH GIÁ", summary, "Tiêu chuẩn 1: Tổ chức và quản lý nhà trường",
               "Tiêu chí 1: Phương hướng, chiến lược", "Điểm yếu: Chưa rà soát.", "Kết quả: Tiêu chí đạt Mức 2.")  # fmt: skip
    report = parse_report(doc, catalog, framework_id="tt18-2018")
    levels = {a.criterion: a.level for a in report.assessments}
    assert levels == {"1.1": 2, "1.2": 0, "2.1": 3}
    assert report.assessment("1.2").spans[0].text.startswith("Tiêu chí 2\t")  # type: ignore[union-attr]
