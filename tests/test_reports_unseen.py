"""Reports in layouts the parser was not written against (tests/fixtures/unseen/, built by hand by
make_unseen.py): levels, weaknesses, planned actions, conflicts and recommendation ties per document,
plus the layout features one by one."""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

import pytest

from assistant.catalog import Catalog
from assistant.domain import ParsedReport
from assistant.ingest import read_document
from assistant.ingest.base import Document, Paragraph, Table
from assistant.reports import item_span, parse_report, read_report

UNSEEN = Path(__file__).parent / "fixtures" / "unseen"
sys.path.insert(0, str(UNSEEN.parent))

from unseen.score import norm, score  # noqa: E402

TRUTHS = {
    p.name[: -len(".json")]: json.loads(p.read_text("utf-8"))
    for p in sorted((UNSEEN / "expected").glob("*.json"))
}
NAMES = sorted(TRUTHS)
_VIETNAMESE = set("ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load()


_CACHE: dict[str, ParsedReport] = {}


def parsed(name: str, catalog: Catalog) -> ParsedReport:
    if name not in _CACHE:
        _CACHE[name] = read_report((UNSEEN / name).read_bytes(), name, catalog)
    return _CACHE[name]


# ------------------------------------------------------------------------------------------------
# The fixture set
# ------------------------------------------------------------------------------------------------


def test_fixture_set_is_varied() -> None:
    assert len(NAMES) >= 8
    assert {n.rsplit(".", 1)[1] for n in NAMES} == {"docx", "pdf", "txt"}
    assert {t["kind"] for t in TRUTHS.values()} == {"tdg", "dgn"}
    frameworks = {t["framework"] for t in TRUTHS.values()}
    assert {"tt17-2018", "tt18-2018", "tt19-2018", "tt57-2026-pho-thong", "tt57-2026-mam-non"} <= frameworks
    assert all((UNSEEN / n).is_file() for n in NAMES)
    assert sum(len(t["criteria"]) for t in TRUTHS.values()) >= 240


def test_truths_match_their_builder() -> None:
    from unseen.make_unseen import BUILDERS

    for build in BUILDERS:
        _, truth = build()
        assert truth.as_json() == TRUTHS[truth.file], truth.file


# ------------------------------------------------------------------------------------------------
# Per document
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_identity_and_overall_level(name: str, catalog: Catalog) -> None:
    truth, report = TRUTHS[name], parsed(name, catalog)
    s = score(truth, report)
    assert s.identity_errors == []
    assert len(report.assessments) == len(truth["criteria"])


@pytest.mark.parametrize("name", NAMES)
def test_level_of_every_criterion(name: str, catalog: Catalog) -> None:
    truth, report = TRUTHS[name], parsed(name, catalog)
    s = score(truth, report)
    if truth["level_floor"] >= 1.0:
        assert s.wrong_levels == {}
    else:
        assert s.level_share >= truth["level_floor"], s.wrong_levels


@pytest.mark.parametrize("name", NAMES)
def test_weaknesses_and_planned_actions(name: str, catalog: Catalog) -> None:
    truth, report = TRUTHS[name], parsed(name, catalog)
    s = score(truth, report)
    floor = truth["level_floor"]
    assert s.weaknesses_ok >= floor * s.criteria, s.wrong_items
    assert s.actions_ok >= floor * s.criteria, s.wrong_items
    # Sampled by hand: the weakest criteria carry their own items, nothing from the next part.
    weak = [code for code, c in truth["criteria"].items() if c["weaknesses"]]
    assert weak, name
    for code in weak[:3] + weak[-2:]:
        got = report.assessment(code)
        assert got is not None and [norm(w) for w in got.weaknesses] == [
            norm(w) for w in truth["criteria"][code]["weaknesses"]
        ], code
        for text in got.weaknesses:
            span = item_span(got, text)
            assert span is not None and text in span.text


@pytest.mark.parametrize("name", NAMES)
def test_conflicts_reported_and_only_real_ones(name: str, catalog: Catalog) -> None:
    truth, report = TRUTHS[name], parsed(name, catalog)
    s = score(truth, report)
    assert (s.conflicts_missing, s.conflicts_extra) == ([], [])
    for code in truth["conflicts"]:
        notes = report.assessment(code).conflicts
        assert any("Bảng tổng hợp" in n and "hãy kiểm tra lại" in n for n in notes), notes
        assert any(n in report.warnings for n in notes)


@pytest.mark.parametrize("name", NAMES)
def test_warnings_are_vietnamese_and_no_criterion_is_lost(name: str, catalog: Catalog) -> None:
    report = parsed(name, catalog)
    for w in report.warnings:
        assert w == unicodedata.normalize("NFC", w)
        assert _VIETNAMESE & set(w.lower()), w
    assert not any("Không tìm thấy phần đánh giá riêng" in w for w in report.warnings)
    assert not any("không có các tiêu chí này" in w for w in report.warnings)


@pytest.mark.parametrize("name", [n for n in NAMES if TRUTHS[n]["kind"] == "dgn"])
def test_external_evaluation_recommendations(name: str, catalog: Catalog) -> None:
    truth, report = TRUTHS[name], parsed(name, catalog)
    s = score(truth, report)
    assert s.recs == len(truth["recommendations"]) >= 5
    assert s.wrong_recs == []
    expected = {norm(r["text"]) for r in truth["recommendations"]}
    assert [r.text for r in report.recommendations if norm(r.text) not in expected] == []
    for rec in report.recommendations:
        want = next(r for r in truth["recommendations"] if norm(r["text"]) == norm(rec.text))
        if want["tied_by"] == "code":
            assert rec.confidence == 1.0 and list(rec.criteria) == want["criteria"]
        elif want["tied_by"] == "topic":
            assert 0.3 <= rec.confidence <= 0.9  # a topic tie is never as sure as a named code
        assert rec.span is not None and norm(rec.text) in norm(rec.span.text)


def test_external_evaluation_takes_the_team_level(catalog: Catalog) -> None:
    name = "dgn_tt18_thcs_phan_thu.docx"
    truth, report = TRUTHS[name], parsed(name, catalog)
    # The team's level, not the school's claim written just above it.
    assert report.assessment("3.4").level == 1
    assert any(s.text.startswith("Đoàn đánh giá ngoài") for s in report.assessment("3.4").spans)
    # "PHẦN THỨ BA: KẾT LUẬN" ends the last criterion.
    assert report.assessment("5.6").weaknesses == (truth["criteria"]["5.6"]["weaknesses"][0],)


def test_tt57_limitations_feed_criteria_and_standard(catalog: Catalog) -> None:
    report = parsed("tdg_tt57_bieu1.docx", catalog)
    assert [s.standard for s in report.standards] == ["1", "2", "3", "4"]
    std3 = report.standards[2]
    assert len(std3.limitations) == 2 and len(std3.causes) == 2
    assert std3.causes[0].startswith("chưa có phần mềm dùng chung")
    assert report.assessment("3.4").level == 0
    assert report.assessment("1.1").evidence == ("MC.1.1.01", "MC.1.1.02", "MC.1.1.03")
    assert {i.level: i.met for i in report.assessment("4.1").indicators} == {1: True, 2: False}


# ------------------------------------------------------------------------------------------------
# Layout features, one by one (small documents)
# ------------------------------------------------------------------------------------------------


def _doc(*blocks: Paragraph | Table) -> Document:
    return Document(name="mau.docx", format="docx", blocks=blocks)


def _criterion(code: str, title: str, *body: str) -> list[Paragraph]:
    return [Paragraph(f"Tiêu chí {code}: {title}"), *(Paragraph(t) for t in body)]


def test_roman_standards_with_criteria_numbered_inside(catalog: Catalog) -> None:
    doc = _doc(
        Paragraph("BÁO CÁO TỰ ĐÁNH GIÁ"), Paragraph("TRƯỜNG THCS AN BÌNH"),
        Paragraph("TIÊU CHUẨN III: CƠ SỞ VẬT CHẤT"),
        Paragraph("Tiêu chí 4: Khu vệ sinh, hệ thống cấp thoát nước"),
        Paragraph("Điểm yếu:"), Paragraph("- Khu vệ sinh xuống cấp."), Paragraph("Tự đánh giá: đạt mức I"),
        Paragraph("Tiêu chí 6: Thư viện"), Paragraph("Tự đánh giá: Tiêu chí đạt Mức ba"),
        Paragraph("Kết luận về Tiêu chuẩn III"), Paragraph("Điểm yếu cơ bản: cơ sở vật chất còn thiếu."),
    )  # fmt: skip
    report = parse_report(doc, catalog, framework_id="tt18-2018")
    assert {a.criterion: a.level for a in report.assessments} == {"3.4": 1, "3.6": 3}
    assert report.assessment("3.4").weaknesses == ("Khu vệ sinh xuống cấp.",)
    assert report.assessment("3.6").weaknesses == ()
    assert [s.standard for s in report.standards] == ["3"]


def test_joined_weakness_headings_and_none_items(catalog: Catalog) -> None:
    body = ["Tồn tại, hạn chế:", "- Sân trường bong tróc.", "Điểm yếu/hạn chế cần khắc phục", "+ Thiếu cây xanh.",
            "Biện pháp khắc phục:", "- Cải tạo sân trong hè 2025.", "Kết quả: Đạt Mức 2"]  # fmt: skip
    doc = _doc(
        Paragraph("BÁO CÁO TỰ ĐÁNH GIÁ"), *_criterion("3.1", "Khuôn viên, khu sân chơi, bãi tập", *body)
    )
    got = parse_report(doc, catalog, framework_id="tt18-2018").assessment("3.1")
    assert got.weaknesses == ("Sân trường bong tróc.", "Thiếu cây xanh.")
    assert got.planned_actions == ("Cải tạo sân trong hè 2025.",)
    for weak, act in (("Những mặt còn hạn chế:", "Giải pháp:"), ("Khó khăn, hạn chế:", "Biện pháp:"),
                      ("Những vấn đề cần cải tiến:", "Kế hoạch cải tiến chất lượng:")):  # fmt: skip
        body = [weak, "- Sân hẹp.", act, "- Mở rộng sân.", "Tự đánh giá: Đạt Mức 1"]
        doc = _doc(
            Paragraph("BÁO CÁO TỰ ĐÁNH GIÁ"), *_criterion("3.1", "Khuôn viên, khu sân chơi, bãi tập", *body)
        )
        got = parse_report(doc, catalog, framework_id="tt18-2018").assessment("3.1")
        assert (got.weaknesses, got.planned_actions, got.level) == (("Sân hẹp.",), ("Mở rộng sân.",), 1), weak


def test_three_digit_list_labels_open_subsections(catalog: Catalog) -> None:
    body = ["131. Điểm mạnh", "- Có tường rào.", "132. Điểm yếu", "- Sân hẹp.", "133. Tự đánh giá",
            "Tiêu chí đạt Mức 1."]  # fmt: skip
    doc = _doc(
        Paragraph("BÁO CÁO TỰ ĐÁNH GIÁ"), *_criterion("3.1", "Khuôn viên, khu sân chơi, bãi tập", *body)
    )
    got = parse_report(doc, catalog, framework_id="tt18-2018").assessment("3.1")
    assert (got.strengths, got.weaknesses, got.level) == (("Có tường rào.",), ("Sân hẹp.",), 1)


def test_indicator_tables_with_short_not_met_and_marks(catalog: Catalog) -> None:
    kdat = Table((("Mức 1", "", "Mức 2", ""), ("Chỉ báo", "Đạt/K.Đạt", "Chỉ báo", "Đạt/K.Đạt"),
                  ("a", "Đạt", "a", "K.Đạt"), ("b", "Đạt", "b", "Đạt")))  # fmt: skip
    marks = Table((("Mức", "Chỉ báo", "Đạt", "Không đạt"), ("Mức 1", "a", "x", ""), ("", "b", "x", ""),
                   ("Mức 2", "a", "", "x"), ("", "b", "x", "")))  # fmt: skip
    for table in (kdat, marks):
        doc = _doc(Paragraph("BÁO CÁO TỰ ĐÁNH GIÁ"),
                   *_criterion("1.9", "Thực hiện quy chế dân chủ cơ sở", "Tự đánh giá:"), table,
                   Paragraph("Kết quả: Đạt Mức 1"))  # fmt: skip
        got = parse_report(doc, catalog, framework_id="tt18-2018").assessment("1.9")
        assert sorted((i.level, i.id, i.met) for i in got.indicators) == [
            (1, "a", True),
            (1, "b", True),
            (2, "a", False),
            (2, "b", True),
        ]
        assert got.level == 1 and got.conflicts == ()


def test_text_result_summary_and_flattened_single_marks(catalog: Catalog) -> None:
    summary = Table(
        (("Tiêu chuẩn/Tiêu chí", "Kết quả tự đánh giá"), ("1.9", "Đạt Mức 2"), ("1.10", "Không đạt"))
    )
    doc = _doc(Paragraph("BÁO CÁO TỰ ĐÁNH GIÁ"), summary,
               *_criterion("1.9", "Thực hiện quy chế dân chủ cơ sở", "Kết quả: Đạt Mức 1"),
               *_criterion("1.10", "Đảm bảo an ninh trật tự, an toàn trường học", "Kết quả: Không đạt"))  # fmt: skip
    report = parse_report(doc, catalog, framework_id="tt18-2018")
    assert [a.criterion for a in report.assessments if a.conflicts] == ["1.9"]
    # Cumulative marks flattened by a PDF: one "x" is Mức 1 or Không đạt, so no conflict with 0.
    flat = [Paragraph("BẢNG TỔNG HỢP KẾT QUẢ TỰ ĐÁNH GIÁ"), Paragraph("Tiêu chí 1.9 x x"),
            Paragraph("Tiêu chí 1.10 x")]  # fmt: skip
    doc = _doc(Paragraph("BÁO CÁO TỰ ĐÁNH GIÁ"), *flat,
               *_criterion("1.9", "Thực hiện quy chế dân chủ cơ sở", "Kết quả: Đạt Mức 2"),
               *_criterion("1.10", "Đảm bảo an ninh trật tự, an toàn trường học", "Kết quả: Không đạt"))  # fmt: skip
    report = parse_report(doc, catalog, framework_id="tt18-2018")
    assert [a.conflicts for a in report.assessments] == [(), ()]


def test_misread_and_bare_codes_need_the_title(catalog: Catalog) -> None:
    doc = _doc(
        Paragraph("BÁO CÁO TỰ ĐÁNH GIÁ"),
        Paragraph("Tieu chi 2.l: Doi voi hieu truong, pho hieu truong"), Paragraph("Tu danh gia: Dat muc 2"),
        Paragraph("Tieu chi 5 4: Cac hoat dong trai nghiem va huong nghiep"), Paragraph("Ket qua: Dat muc 1"),
        Paragraph("1.2. Hội đồng trường và các hội đồng khác"), Paragraph("Tự đánh giá: Đạt Mức 2"),
    )  # fmt: skip
    report = parse_report(doc, catalog, framework_id="tt18-2018")
    assert {a.criterion: a.level for a in report.assessments} == {"1.2": 2, "2.1": 2, "5.4": 1}


def test_bulleted_criterion_reference_is_not_a_heading(catalog: Catalog) -> None:
    doc = _doc(
        Paragraph("BÁO CÁO TỰ ĐÁNH GIÁ"),
        *_criterion("1.3", "Quản lý kế hoạch, nguồn lực, thông tin và dữ liệu", "Tự đánh giá: Tiêu chí đạt Mức 1"),
        Paragraph("Đánh giá chung về Tiêu chuẩn 1"),
        Paragraph("2. Điểm hạn chế trọng tâm và nguyên nhân cốt lõi:"),
        Paragraph("- Tiêu chí 1.3: Dữ liệu chưa được khai thác. Nguyên nhân: thiếu phần mềm."),
        Paragraph("Tiêu chí 1.4: Chưa công khai kết quả cải tiến. Nguyên nhân: chưa có quy trình."),
    )  # fmt: skip
    report = parse_report(doc, catalog, framework_id="tt57-2026-pho-thong")
    assert [a.criterion for a in report.assessments] == ["1.3"]
    assert report.assessment("1.3").weaknesses == ("Tiêu chí 1.3: Dữ liệu chưa được khai thác",)
    assert report.standards[0].causes == ("thiếu phần mềm", "chưa có quy trình")


def test_parts_numbered_in_words_end_the_last_criterion(catalog: Catalog) -> None:
    doc = _doc(
        Paragraph("BÁO CÁO ĐÁNH GIÁ NGOÀI"), Paragraph("PHẦN THỨ HAI: ĐÁNH GIÁ THEO TỪNG TIÊU CHÍ"),
        *_criterion("5.6", "Kết quả giáo dục", "Điểm yếu:", "- Tỷ lệ học sinh giỏi thấp.",
                    "Nhà trường tự đánh giá: Đạt Mức 3.", "Đoàn đánh giá ngoài đánh giá: Đạt Mức 2.",
                    "Khuyến nghị:", "Không có."),
        Paragraph("PHẦN THỨ BA: KẾT LUẬN"), Paragraph("Những điểm yếu cơ bản:"), Paragraph("- Thiếu phòng học."),
    )  # fmt: skip
    report = parse_report(doc, catalog, framework_id="tt18-2018")
    got = report.assessment("5.6")
    assert (got.level, got.weaknesses) == (2, ("Tỷ lệ học sinh giỏi thấp.",))
    assert report.recommendations == ()


def test_topic_ties_look_past_the_opening_verbs(catalog: Catalog) -> None:
    from assistant.report_parts.topics import object_of, topic_index

    framework = catalog.get("tt18-2018")
    assert object_of("Tiếp tục tham mưu xây dựng nhà vệ sinh cho học sinh.") == "nhà vệ sinh cho học sinh."
    assert object_of("Tham mưu.") == "Tham mưu."
    index = topic_index(framework)
    assert index.match("Tham mưu xây dựng nhà vệ sinh cho học sinh").criteria[0] == "3.4"
    assert (
        index.match("Tham mưu với cấp ủy, chính quyền địa phương về phát triển giáo dục").criteria[0] == "4.2"
    )
    assert index.match("Tham mưu sửa chữa phòng học bộ môn").criteria[0] == "3.2"
    assert (
        index.match("Tiếp tục đẩy mạnh hoạt động trải nghiệm, hướng nghiệp cho học sinh").criteria[0] == "5.4"
    )
    assert index.match("Duy trì và phát huy những kết quả đã đạt được.").criteria == ()


def test_docx_legal_numbering_and_pipe_tables() -> None:
    doc = read_document((UNSEEN / "tdg_tt18_thpt_multilevel.docx").read_bytes(), "x.docx")
    heads = [
        b.text
        for b in doc.blocks
        if isinstance(b, Paragraph) and b.text.startswith(("Tiêu chí", "TIÊU CHUẨN"))
    ]
    assert heads[:2] == ["TIÊU CHUẨN I: TỔ CHỨC VÀ QUẢN LÝ NHÀ TRƯỜNG",
                         "Tiêu chí 1.1: Phương hướng, chiến lược xây dựng và phát triển nhà trường"]  # fmt: skip
    assert "Tiêu chí 2.1: Đối với hiệu trưởng, phó hiệu trưởng" in heads
    text = "\n".join(["| Tiêu chí | Mức 1 | Mức 2 |", "|---|---|---|", "| Tiêu chí 1.1 | x | |",
                      "Tiêu chí 1.2 | | x", "TT| Tieu | chi dung | Noi.", "Hiệu trưởng | Phó hiệu trưởng."])  # fmt: skip
    doc = read_document(text.encode("utf-8"), "dan.txt")
    tables = [b.rows for b in doc.blocks if isinstance(b, Table)]
    assert tables == [(("Tiêu chí", "Mức 1", "Mức 2"), ("Tiêu chí 1.1", "x", ""), ("Tiêu chí 1.2", "", "x"))]
    assert [b.text for b in doc.blocks if isinstance(b, Paragraph)] == [
        "TT| Tieu | chi dung | Noi.",
        "Hiệu trưởng | Phó hiệu trưởng.",
    ]
