"""Choosing what to improve: target levels, reasons, priority, TT57 priority issues."""

from __future__ import annotations

import pytest
from drafting_support import CATALOG, TT18_WEAK, report, tt18_dgn, tt18_tdg

from assistant.domain import Recommendation, SchoolType, StandardSummary
from assistant.issues import NO_CAUSE
from assistant.selection import priority_issues, select_criteria, target_level, unmet_requirements
from corpus.text import has_diacritics

TT18 = CATALOG.get("tt18-2018")
TT57 = CATALOG.get("tt57-2026-pho-thong")


@pytest.mark.parametrize(
    ("framework_id", "target", "current", "expected"),
    [
        ("tt18-2018", "next_level", 1, 2),
        ("tt18-2018", "next_level", 3, 3),
        ("tt18-2018", "next_level", None, 1),
        ("tt18-2018", "keep", 2, 2),
        ("tt18-2018", "cqg1", 1, 2),
        ("tt18-2018", "cqg2", 1, 3),
        ("tt18-2018", "level3", 0, 3),
        ("tt57-2026-pho-thong", "next_level", 1, 2),
        ("tt57-2026-pho-thong", "level3", 1, 2),
        ("tt57-2026-pho-thong", "cqg2", 0, 2),
        ("tt57-2026-pho-thong", "keep", 0, 1),
    ],
)
def test_target_level(framework_id: str, target: str, current: int | None, expected: int) -> None:
    assert target_level(CATALOG.get(framework_id), target, current) == expected  # type: ignore[arg-type]


def test_weak_criteria_are_selected_with_vietnamese_reasons() -> None:
    needs = select_criteria(TT18, tt18_tdg(), None, "cqg2", catalog=CATALOG)
    codes = [n.code for n in needs]
    assert set(codes) == set(TT18_WEAK)
    assert [n.priority for n in needs] == list(range(1, len(needs) + 1))
    assert codes[0] == "3.4"  # the widest gap (Mức 1 -> Mức 3) comes first
    need = needs[0]
    assert need.current_level == 1 and need.target_level == 3 and need.tdg_level == 1
    assert any("chưa đạt Mức 3" in r for r in need.reasons)
    assert any("Khu vệ sinh học sinh đã xuống cấp" in r for r in need.reasons)
    assert need.spans[0].text == TT18_WEAK["3.4"][1]
    assert need.spans[0].end > need.spans[0].start
    assert all(has_diacritics(r) for n in needs for r in n.reasons)


def test_next_level_from_the_school_level_only_keeps_gaps_and_written_weaknesses() -> None:
    # school Mức 1 -> target Mức 2: only 3.4 is below; the others stay because of their weaknesses
    needs = select_criteria(TT18, tt18_tdg(overall=1), None, "next_level", catalog=CATALOG)
    by_code = {n.code: n for n in needs}
    assert by_code["3.4"].target_level == 2
    assert any("chưa đạt Mức 2" in r for r in by_code["3.4"].reasons)
    assert all("chưa đạt" not in r for r in by_code["2.2"].reasons)
    assert any("điểm yếu" in r for r in by_code["2.2"].reasons)
    assert needs[0].code == "3.4"


def test_keep_selects_only_criteria_with_findings() -> None:
    tdg = report("tdg", "tt18-2018", SchoolType.THCS, {"1.5": (3, "Sĩ số một số lớp vượt quy định.")})
    needs = select_criteria(TT18, tdg, None, "keep", catalog=CATALOG)
    assert [n.code for n in needs] == ["1.5"]
    assert needs[0].target_level == 3 and needs[0].current_level == 3


def test_criterion_without_level3_indicators_counts_as_level3() -> None:
    tdg = report("tdg", "tt18-2018", SchoolType.THCS, {}, levels={"1.2": 2})  # 1.2 has no Mức 3 indicators
    assert select_criteria(TT18, tdg, None, "level3", catalog=CATALOG) == []


def test_external_evaluation_is_the_baseline_and_its_recommendations_count() -> None:
    needs = select_criteria(TT18, tt18_tdg(), tt18_dgn(), "cqg2", catalog=CATALOG)
    by_code = {n.code: n for n in needs}
    assert by_code["1.4"].current_level == 1 and by_code["1.4"].tdg_level == 2 and by_code["1.4"].dgn_level == 1
    assert any("thấp hơn mức nhà trường tự đánh giá" in r for r in by_code["1.4"].reasons)
    assert "1.10" in by_code  # named only in a recommendation
    assert any("Khuyến nghị của đoàn ĐGN" in r for r in by_code["1.10"].reasons)
    assert by_code["1.10"].recommendations[0].criteria == ("1.10",)
    assert any(s.text.startswith("Nhà trường cần tham mưu") for s in by_code["3.4"].spans)


def test_rated_lower_outranks_equal_gap() -> None:
    needs = select_criteria(TT18, tt18_tdg(), tt18_dgn(), "cqg2", catalog=CATALOG)
    order = [n.code for n in needs]
    # 1.4 and 3.4 both sit two levels below Mức 3; both come before one-level gaps
    assert set(order[:3]) >= {"1.4", "3.4"}
    assert order.index("2.2") > order.index("1.4")


def test_tt57_mandatory_criteria_come_first() -> None:
    levels = {c.code: 2 for c in TT57.criteria}
    levels.update({"1.1": 1, "3.3": 1, "4.2": 1, "1.3": 1})
    tdg = report("tdg", TT57.id, SchoolType.THCS, {}, levels=levels, default_level=2)
    needs = select_criteria(TT57, tdg, None, "level2", catalog=CATALOG)
    assert [n.code for n in needs][:2] == ["1.3", "4.2"]
    assert all(n.mandatory for n in needs[:2]) and not any(n.mandatory for n in needs[2:])
    assert any("Tiêu chí bắt buộc" in r for r in needs[0].reasons)


def test_tt57_mandatory_below_level2_is_selected_even_for_a_level1_target() -> None:
    levels = {c.code: 1 for c in TT57.criteria}
    tdg = report("tdg", TT57.id, SchoolType.THCS, {}, levels=levels, default_level=1)
    needs = select_criteria(TT57, tdg, None, "level1", catalog=CATALOG)
    assert {n.code for n in needs} == set(TT57.mandatory_codes)


def test_priority_issues_use_the_standard_summary_first() -> None:
    summary = StandardSummary(standard="4", level=1, limitations=("Khu vệ sinh xuống cấp.",),
                              causes=("Kinh phí đầu tư hạn chế.",))
    levels = {c.code: 2 for c in TT57.criteria}
    levels.update({"4.1": 1, "2.2": 1})
    tdg = report("tdg", TT57.id, SchoolType.THCS,
                 {"2.2": (1, "Còn thiếu 02 giáo viên Tin học do chưa được giao đủ biên chế.")},
                 levels=levels, default_level=2, standards=(summary,))
    needs = select_criteria(TT57, tdg, None, "level2", catalog=CATALOG)
    issues = priority_issues(TT57, needs, tdg, None)
    by_std = {i.standard.split(":")[0]: i for i in issues}
    four = by_std["Tiêu chuẩn 4"]
    assert four.criteria == ("4.1",)
    assert four.limitation == "Khu vệ sinh xuống cấp." and four.root_cause == "Kinh phí đầu tư hạn chế."
    assert "Tiêu chuẩn đạt Mức 1" in four.current_state and "4.1 (bắt buộc): Mức 1" in four.current_state
    two = by_std["Tiêu chuẩn 2"]
    assert two.limitation.startswith("Còn thiếu 02 giáo viên Tin học")
    assert two.root_cause == "Chưa được giao đủ biên chế."


def test_priority_issue_without_a_cause_asks_for_one() -> None:
    levels = {c.code: 2 for c in TT57.criteria} | {"3.1": 1}
    tdg = report("tdg", TT57.id, SchoolType.THCS, {}, levels=levels, default_level=2)
    needs = select_criteria(TT57, tdg, None, "level2", catalog=CATALOG)
    (issue,) = priority_issues(TT57, needs, tdg, None)
    assert issue.root_cause == NO_CAUSE
    assert issue.limitation == "Tiêu chí 3.1 chưa đạt Mức 2."


def test_unmet_requirements_span_current_to_target() -> None:
    needs = {n.code: n for n in select_criteria(TT18, tt18_tdg(), None, "cqg2", catalog=CATALOG)}
    refs = [r.ref for r in unmet_requirements(TT18, needs["3.4"])]
    assert refs and all(" M2 " in r or " M3 " in r for r in refs)
    assert "3.4 M2 a" in refs


def test_recommendation_without_a_level_still_selects() -> None:
    dgn = report("dgn", "tt18-2018", SchoolType.THCS, {},
                 recommendations=(Recommendation(text="Cần bổ sung sách tham khảo.", criteria=("3.6",)),))
    needs = select_criteria(TT18, None, dgn, "keep", catalog=CATALOG)
    assert [n.code for n in needs] == ["3.6"]
