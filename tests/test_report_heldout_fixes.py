"""Layouts met in the held-out report set, rebuilt here on small synthetic texts (the held-out files
themselves stay a measurement, see benchmarks/heldout_reports.py):

1. level labels "Mức đạt:", "Đạt mức:", "Kết quả đạt:", "Mức đạt được:" followed by the level;
   targets ("Phấn đấu đạt Mức 3") are not results;
2. a run-in heading "Tiêu chí 1.2. <title>. <description ...>" longer than a heading line;
3. the closing "Kiến nghị" to the Sở is not a recommendation to the school;
4. "Đạt" without a level is told apart from real disagreements.
"""

from __future__ import annotations

import pytest

from assistant.catalog import Catalog
from assistant.domain import CriterionAssessment
from assistant.report_parts.levels import unstated_note
from assistant.report_parts.patterns import RESULT_START, level_in
from assistant.report_parts.recommendations import _STOP_LINE
from assistant.report_parts.textlines import fold_same
from assistant.reports import read_report, split_notes


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load()


def _report(catalog: Catalog, framework: str, tails: list[list[str]], *, run_in: bool = False) -> str:
    fw = catalog.get(framework)
    out = ["BÁO CÁO TỰ ĐÁNH GIÁ", "Trường THCS Thử Nghiệm", "Phần II. TỰ ĐÁNH GIÁ", "Tiêu chuẩn 1. Tổ chức và quản lý"]
    for c, tail in zip(fw.criteria, tails, strict=False):
        if run_in:
            long = " ".join(["Nhà trường thực hiện đầy đủ các nội dung theo quy định, có minh chứng (MC.1.1.01)."] * 4)
            out += [f"Tiêu chí {c.code}. {c.title}. {long}", "Điểm mạnh: Thực hiện tốt.", "Hạn chế: Không có."]
        else:
            out += [f"{c.code}. {c.title}", "a) Mô tả hiện trạng: Nhà trường thực hiện đầy đủ (MC.1.1.01).",
                    "b) Điểm mạnh: Thực hiện tốt.", "c) Điểm yếu: Không có.", "d) Kế hoạch cải tiến: Duy trì."]
        out += tail
    return "\n".join(out)


def _levels(catalog: Catalog, text: str) -> dict[str, int | None]:
    report = read_report(text.encode("utf-8"), "bao_cao.txt", catalog)
    return {a.criterion: a.level for a in report.assessments}


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("Mức đạt: Mức 2", 2),
        ("Mức đạt được: Mức 3", 3),
        ("Đạt mức: 2", 2),
        ("Đạt mức: Mức 1", 1),
        ("Kết quả đạt: Mức 2", 2),
        ("Mức độ đạt: mức hai", 2),
    ],
)
def test_level_labels_state_the_level(line: str, level: int) -> None:
    folded = fold_same(line)
    assert RESULT_START.match(folded)
    found = level_in(folded)
    assert found is not None and found[0] == level


def test_level_label_needs_its_colon() -> None:
    # "mức đạt chuẩn ..." inside a sentence is not a label
    assert not RESULT_START.match(fold_same("Mức đạt chuẩn quốc gia của trường được duy trì"))


def test_tt57_report_with_level_labels(catalog: Catalog) -> None:
    text = _report(
        catalog,
        "tt57-2026-pho-thong",
        [["Mức đạt: Mức 2"], ["Đạt mức: 1"], ["Kết quả đạt: Mức 2"], ["Mức đạt được: Mức 1"]],
    )
    assert _levels(catalog, text) == {"1.1": 2, "1.2": 1, "1.3": 2, "1.4": 1}


def test_target_after_the_result_is_not_a_result(catalog: Catalog) -> None:
    text = _report(
        catalog,
        "tt57-2026-pho-thong",
        [["Mức đạt: Mức 1", "Phấn đấu đạt Mức 2 vào năm 2028."], ["Mức đạt: Mức 2"],
         ["Tự đánh giá: Đạt Mức 1", "Nhà trường hướng tới đạt Mức 2 trong giai đoạn tới."], ["Mức đạt: Mức 2"]],
    )
    assert _levels(catalog, text) == {"1.1": 1, "1.2": 2, "1.3": 1, "1.4": 2}


def test_run_in_heading_longer_than_a_heading_line(catalog: Catalog) -> None:
    words = ["một", "hai", "một", "hai"]
    text = _report(catalog, "tt57-2026-mam-non", [[f"Tự đánh giá: tiêu chí đạt mức {w}."] for w in words], run_in=True)
    assert _levels(catalog, text) == {"1.1": 1, "1.2": 2, "1.3": 1, "1.4": 2}


def test_long_sentence_naming_a_criterion_is_not_a_heading(catalog: Catalog) -> None:
    text = _report(catalog, "tt57-2026-pho-thong", [["Mức đạt: Mức 2"], ["Mức đạt: Mức 1"]])
    sentence = "Tiêu chí 1.1. Nhà trường đã " + "thực hiện rất nhiều hoạt động khác nhau, " * 10 + "đạt kết quả tốt."
    levels = _levels(catalog, text + "\n" + sentence)
    assert levels["1.1"] == 2 and levels["1.2"] == 1


@pytest.mark.parametrize(
    ("line", "stops"),
    [
        ("3. Kiến nghị", True),
        ("Kiến nghị:", True),
        ("Đoàn đánh giá ngoài đề nghị Giám đốc Sở GD&ĐT công nhận trường đạt kiểm định cấp độ 2.", True),
        ("2. Khuyến nghị đối với nhà trường", False),
        ("1. Tăng cường bồi dưỡng giáo viên về ứng dụng công nghệ thông tin (tiêu chí 2.2).", False),
        ("3. Kiến nghị nhà trường bổ sung thiết bị dạy học", False),
    ],
)
def test_closing_kien_nghi_ends_the_recommendations(line: str, stops: bool) -> None:
    assert bool(_STOP_LINE.match(fold_same(line))) is stops


def test_split_notes_tells_unstated_level_from_conflicts() -> None:
    real = "Tiêu chí 1.1: kết luận của tiêu chí ghi Mức 2 nhưng Bảng tổng hợp kết quả ghi Mức 1; ..."
    a = CriterionAssessment(criterion="1.1", title="T", level=1, conflicts=(real, unstated_note("1.1")))
    assert split_notes(a) == ((real,), (unstated_note("1.1"),))
    b = CriterionAssessment(criterion="1.2", title="T", level=2, conflicts=(real,))
    assert split_notes(b) == ((real,), ())
