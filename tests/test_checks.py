"""Plan-row checks and the plan coverage matrix, on drafted and typed rows."""

from __future__ import annotations

import pytest
from drafting_support import CATALOG, tt18_dgn, tt18_tdg

from assistant.checks import (
    check_budget,
    check_owner,
    check_plan,
    check_result,
    check_row,
    check_serves,
    check_timeline,
)
from assistant.domain import Plan, PlanHeader, PlanRow, Recommendation, SchoolType
from assistant.selection import select_criteria, unmet_requirements
from assistant.vocab import load_vocabulary
from corpus.text import has_diacritics

TT18 = CATALOG.get("tt18-2018")
TT57 = CATALOG.get("tt57-2026-pho-thong")
VOCAB = load_vocabulary()
YEAR = "2026-2027"
GOOD = PlanRow(
    criterion="3.4",
    target="Đạt Mức 2 (hiện trạng: Mức 1)",
    actions=("Tham mưu cải tạo khu vệ sinh học sinh bảo đảm thuận tiện, đúng quy định; xây 01 khu cho học sinh khuyết tật.",),
    owners="Hiệu trưởng (chủ trì); Kế toán (phối hợp)",
    timeline="Tháng 9/2026 – Tháng 12/2026",
    budget="Khoảng 80 triệu đồng; nguồn: Ngân sách nhà nước (chi thường xuyên)",
    evidence=("Biên bản nghiệm thu",),
)


def codes(results: list) -> set[str]:
    return {r.code for r in results}


@pytest.mark.parametrize(
    ("owners", "school_type", "expected"),
    [
        ("", SchoolType.THCS, {"owner.missing"}),
        ("Không", SchoolType.THCS, {"owner.missing"}),
        ("Các đoàn thể", SchoolType.THCS, {"owner.unknown"}),
        ("Tổng phụ trách Đội", SchoolType.THPT, {"owner.school_type"}),
        ("Giáo viên chủ nhiệm", SchoolType.MN, {"owner.school_type"}),
        ("Hiệu trưởng Nguyễn Thị Thu Hằng", SchoolType.THCS, {"owner.person"}),
        ("Phó hiệu trưởng, Tổ trưởng chuyên môn", SchoolType.THCS, set()),
    ],
)
def test_owner(owners: str, school_type: SchoolType, expected: set[str]) -> None:
    assert codes(check_owner(GOOD.model_copy(update={"owners": owners}), school_type, VOCAB)) == expected


@pytest.mark.parametrize(
    ("timeline", "expected"),
    [
        ("", {"timeline.missing"}),
        ("Tháng 9/2025", {"timeline.outside"}),
        ("Tháng 11/2022 – Tháng 5/2023", {"timeline.outside"}),
        ("Năm học 2025-2026", {"timeline.outside"}),
        ("Thường xuyên", {"timeline.vague"}),
        ("Trong năm học 2026-2027 và các năm tiếp theo", {"timeline.beyond"}),
        ("Tháng 8/2026 – Tháng 5/2027", set()),
        ("Học kỳ I năm học 2026-2027", set()),
        ("Trước 30/05/2027", set()),
    ],
)
def test_timeline(timeline: str, expected: set[str]) -> None:
    assert codes(check_timeline(GOOD.model_copy(update={"timeline": timeline}), YEAR)) == expected


@pytest.mark.parametrize(
    ("budget", "expected"),
    [
        ("", {"budget.missing"}),
        ("Không", set()),
        ("Không phát sinh kinh phí", set()),
        ("50 triệu", {"budget.no_source"}),
        ("Ban giám hiệu xây dựng kế hoạch thực hiện", {"budget.no_source"}),
        ("Xã hội hóa", set()),
        ("20.000.000 đ, nguồn kinh phí sự nghiệp", set()),
    ],
)
def test_budget(budget: str, expected: set[str]) -> None:
    assert codes(check_budget(GOOD.model_copy(update={"budget": budget}))) == expected


def test_result_must_be_measurable() -> None:
    assert codes(check_result(GOOD)) == set()
    vague = GOOD.model_copy(update={"target": "Nâng cao chất lượng công tác vệ sinh", "indicators": ()})
    (found,) = check_result(vague)
    assert found.code == "result.vague" and "nâng cao" in found.message
    assert codes(check_result(vague.model_copy(update={"indicators": ("100% khu vệ sinh đạt chuẩn",)}))) == set()
    assert codes(check_result(GOOD.model_copy(update={"target": ""}))) == {"result.missing"}
    action = GOOD.model_copy(update={"actions": ("Tăng cường công tác kiểm tra nội bộ.",)})
    assert codes(check_result(action)) == {"action.vague"}
    assert codes(check_result(action.model_copy(update={"actions": ("Tăng cường kiểm tra: 02 lần/tháng.",)}))) == set()


def test_actions_are_tied_to_unmet_requirements() -> None:
    need = {n.code: n for n in select_criteria(TT18, tt18_tdg(), None, "cqg2", catalog=CATALOG)}["3.4"]
    unmet = unmet_requirements(TT18, need)
    assert check_serves(GOOD, unmet) == []
    off = GOOD.model_copy(update={"actions": ("Tổ chức giải bóng đá mini cho học sinh khối 9.",)})
    (found,) = check_serves(off, unmet)
    assert found.code == "action.untied" and "3.4 M2 a" in found.message


def test_tt57_rows_need_expected_evidence() -> None:
    row = GOOD.model_copy(update={"criterion": "4.1", "evidence": (), "target": "Đạt Mức 2"})
    found = check_row(row, framework=TT57, school_type=SchoolType.THCS, school_year=YEAR, unmet=())
    assert "evidence.missing" in codes(found)
    assert "evidence.missing" not in codes(check_row(row, framework=TT18, school_type=SchoolType.THCS,
                                                     school_year=YEAR, unmet=()))


def test_every_message_is_vietnamese() -> None:
    bad = PlanRow(criterion="3.4", owners="Nguyễn Văn Nam", timeline="Thường xuyên", budget="50 triệu",
                  target="Đẩy mạnh công tác vệ sinh", actions=("Tăng cường công tác vệ sinh.",))
    found = check_row(bad, framework=TT57, school_type=SchoolType.THCS, school_year=YEAR,
                      unmet=TT57.criterion("4.1").requirements)
    assert len(found) >= 5
    assert all(has_diacritics(r.message) and r.criterion == "3.4" for r in found)


def test_plan_coverage_matrix() -> None:
    tdg, dgn = tt18_tdg(), tt18_dgn()
    needs = select_criteria(TT18, tdg, dgn, "cqg2", catalog=CATALOG)
    rows = tuple(GOOD.model_copy(update={"criterion": n.code}) for n in needs if n.code != "1.10")
    plan = Plan(header=PlanHeader(school_type=SchoolType.THCS, school_year=YEAR), rows=rows)
    coverage = check_plan(plan, framework=TT18, needs=needs, dgn=dgn)
    assert coverage.uncovered_criteria == ("1.10",)
    assert [r.criteria for r in coverage.uncovered_recommendations] == [("1.10",)]
    matrix = {rec.criteria: idx for rec, idx in coverage.recommendation_rows}
    assert matrix[("3.4",)] == (rows.index(next(r for r in rows if r.criterion == "3.4")),)
    assert not coverage.complete
    assert {f.code for f in coverage.findings} == {"plan.criterion_uncovered", "plan.recommendation_uncovered"}
    assert len(coverage.row_results) == len(rows)


def test_recommendation_without_criteria_is_covered_by_wording() -> None:
    rec = Recommendation(text="Cải tạo khu vệ sinh học sinh, xây khu vệ sinh cho học sinh khuyết tật.")
    dgn = tt18_dgn().model_copy(update={"recommendations": (rec,)})
    needs = select_criteria(TT18, tt18_tdg(), None, "cqg2", catalog=CATALOG)
    plan = Plan(header=PlanHeader(school_type=SchoolType.THCS, school_year=YEAR), rows=(GOOD,))
    assert check_plan(plan, framework=TT18, needs=needs, dgn=dgn).uncovered_recommendations == ()
