"""The year after: last year's plan imported, statuses -> the TT57 review table, unfinished actions
carried into the new draft with new dates, repeated unfinished actions flagged, levels across years."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from assistant.catalog import Catalog
from assistant.domain import CriterionAssessment, ParsedReport, Plan, PlanHeader, PlanRow, SchoolType
from assistant.errors import InputError
from assistant.export import export_docx, plan_to_json
from assistant.year_levels import (
    changes,
    chart_rows,
    level_series,
    levels_from_plan,
    levels_from_report,
    target_level,
)
from assistant.years import (
    carry_over,
    monitoring_rows,
    prior_plan,
    repeated_unfinished,
    reviewed_plan,
    shift_dates,
    similarity,
)
from tests.issue9_support import controller, errors, start_plan, wired_state  # noqa: F401 - the fixture below

pytestmark = pytest.mark.usefixtures("wired_state")

SCHOOL = "Trường THCS Thanh Xương"


def _plan(year: str, rows: list[PlanRow], framework: str = "tt18-2018") -> Plan:
    header = PlanHeader(school_name=SCHOOL, school_type=SchoolType.THCS, school_year=year, framework_id=framework,
                        managing_body="UBND xã Thanh Xương")
    return Plan(header=header, rows=tuple(rows))


def last_year_plan() -> Plan:
    return _plan("2025-2026", [
        PlanRow(criterion="3.4", criterion_title="Khối phòng hành chính - quản trị", standard="3",
                target="Đạt Mức 2 trước ngày 31/12/2025",
                actions=("Bổ sung 200 đầu sách tham khảo cho thư viện nhà trường", "Tổ chức ngày hội đọc sách"),
                owners="Chủ trì: Nhân viên thư viện; phối hợp: Tổng phụ trách Đội",
                timeline="Tháng 9/2025 – Tháng 12/2025", budget="5.000.000 đồng"),
        PlanRow(criterion="1.4", criterion_title="Hiệu trưởng, phó hiệu trưởng, tổ chuyên môn", standard="1",
                target="Đạt Mức 3", actions=("Kiện toàn tổ chuyên môn, phân công tổ trưởng có kinh nghiệm",),
                owners="Hiệu trưởng", timeline="Học kỳ I năm học 2025-2026"),
        PlanRow(criterion="2.3", criterion_title="Nhân viên", standard="2", target="Đạt Mức 2",
                actions=("Bồi dưỡng nhân viên kế toán, văn thư theo vị trí việc làm",), owners="Hiệu trưởng",
                timeline="Tháng 3/2026"),
    ])


def earlier_plans() -> list[Plan]:
    return [
        _plan("2023-2024", [
            PlanRow(criterion="3.4", target="Đạt Mức 2", actions=("Bổ sung sách tham khảo cho thư viện nhà trường",)),
            PlanRow(criterion="1.4", target="Đạt Mức 2", actions=("Kiện toàn tổ chuyên môn",), status="Hoàn thành"),
        ]),
        _plan("2024-2025", [
            PlanRow(criterion="3.4", target="Đạt Mức 2", actions=("Bổ sung sách tham khảo cho thư viện trường",),
                    status="Đang thực hiện"),
            PlanRow(criterion="1.4", target="Đạt Mức 3",
                    actions=("Kiện toàn tổ chuyên môn, phân công tổ trưởng",), status="Hoàn thành"),
        ]),
    ]


STATUSES = {
    "hk1": {"1.1": "Đang thực hiện", "1.2": "Chưa hoàn thành", "2.1": "Chưa hoàn thành"},
    "cuoi_nam": {"1.1": "Đang thực hiện", "1.2": "Hoàn thành", "2.1": "Chưa hoàn thành", "3.1": "Hoàn thành"},
}


def test_statuses_give_the_twice_yearly_review_table() -> None:
    plan = prior_plan(last_year_plan())
    term, year_end = monitoring_rows(plan, STATUSES, reviewer="Hiệu trưởng; Hội đồng tự đánh giá",
                                     next_year="2026-2027")
    assert term.when == "Cuối học kỳ I" and year_end.when == "Cuối năm học"
    assert term.content == "Tiến độ thực hiện 4 hoạt động cải tiến của 3 tiêu chí"
    assert term.result == ("Hoàn thành 0/4 hoạt động; đang thực hiện 1; chưa hoàn thành 2 (tiêu chí 3.4, 1.4); "
                           "1 hoạt động chưa đánh giá.")
    assert term.adjustment == "Đẩy nhanh tiến độ trong học kỳ II đối với tiêu chí 3.4, 1.4"
    assert year_end.result == "Hoàn thành 2/4 hoạt động; đang thực hiện 1; chưa hoàn thành 1 (tiêu chí 3.4, 1.4)."
    assert year_end.adjustment == "Chuyển 2 hoạt động chưa hoàn thành sang kế hoạch năm học 2026-2027"
    assert year_end.reviewer == "Hiệu trưởng; Hội đồng tự đánh giá"
    nothing = monitoring_rows(plan, {})
    assert nothing[0].result == "Chưa đánh giá" and nothing[1].result == "Chưa đánh giá"
    reviewed = reviewed_plan(plan, STATUSES)
    assert [r.status for r in reviewed.rows] == ["Đang thực hiện", "Chưa hoàn thành", "Hoàn thành"]
    assert reviewed.monitoring[1].adjustment.startswith("Chuyển 2 hoạt động")


def test_unfinished_actions_are_carried_with_new_dates_and_a_note() -> None:
    rows = carry_over(prior_plan(last_year_plan()), STATUSES, "2026-2027")
    assert [r.criterion for r in rows] == ["3.4", "1.4"]  # 2.3 was finished
    library, team = rows
    assert library.actions == ("Bổ sung 200 đầu sách tham khảo cho thư viện nhà trường",)  # the finished one is left
    assert library.timeline == "Tháng 9/2026 – Tháng 12/2026"
    assert library.target == "Đạt Mức 2 trước ngày 31/12/2026"
    assert library.note == "Chuyển tiếp từ năm học 2025-2026" and library.status == ""
    assert library.owners == "Chủ trì: Nhân viên thư viện; phối hợp: Tổng phụ trách Đội"
    assert team.timeline == "Học kỳ I năm học 2026-2027"


@pytest.mark.parametrize(
    ("text", "shifted"),
    [
        ("Tháng 9/2025 – Tháng 5/2026", "Tháng 9/2026 – Tháng 5/2027"),
        ("Học kỳ I năm học 2025-2026", "Học kỳ I năm học 2026-2027"),
        ("trước ngày 31/12/2025", "trước ngày 31/12/2026"),
        ("Tháng 12 năm 2025", "Tháng 12 năm 2026"),
        ("Quý IV/2025", "Quý IV/2026"),
        ("Hè 2026", "Hè 2027"),
        ("chiến lược giai đoạn 2025-2030", "chiến lược giai đoạn 2025-2030"),
        ("Cả năm học", "Cả năm học"),
    ],
)
def test_shift_dates(text: str, shifted: str) -> None:
    assert shift_dates(text, 1) == shifted


def test_actions_left_unfinished_for_years_are_flagged() -> None:
    plans = [prior_plan(p) for p in [last_year_plan(), *earlier_plans()]]  # any order
    flags = repeated_unfinished(plans, STATUSES)
    assert [(f.key, f.years) for f in flags] == [("1.1", ("2023-2024", "2024-2025", "2025-2026"))]
    assert "đã có trong kế hoạch 3 năm học" in flags[0].message and flags[0].similarity >= 0.6
    # 1.4 was finished in 2024-2025, so doing it again is not a repeat; one plan alone flags nothing
    assert repeated_unfinished(plans[:1], STATUSES) == []
    assert repeated_unfinished(plans, STATUSES, threshold=0.95) == []
    assert similarity("Bổ sung sách tham khảo cho thư viện", "bo sung sach tham khao thu vien") == 1.0
    assert similarity("Bổ sung sách cho thư viện", "Sửa chữa nhà vệ sinh học sinh") == 0.0


def test_levels_across_years_as_a_series() -> None:
    def report(period: str, levels: dict[str, int]) -> ParsedReport:
        return ParsedReport(kind="tdg", framework_id="tt18-2018", period=period,
                            assessments=tuple(CriterionAssessment(criterion=c, level=v) for c, v in levels.items()))

    points = [
        *levels_from_report(report("năm học 2023-2024", {"3.4": 1, "1.4": 2}), "2023-2024"),
        *levels_from_report(report("năm học 2024-2025", {"3.4": 1, "1.4": 3}), "2024-2025"),
        *levels_from_plan(last_year_plan().rows, "tt18-2018", "2025-2026"),
        *levels_from_report(report("2025", {"3.4": 2}).model_copy(update={"framework_id": "tt57-2026-pho-thong"}),
                            "2026-2027"),
    ]
    series = level_series(points, framework="tt18-2018")
    assert list(series) == ["1.4", "2.3", "3.4"]
    assert [(p.school_year, p.level, p.series) for p in series["3.4"]] == [
        ("2023-2024", 1, "tdg"), ("2024-2025", 1, "tdg"), ("2025-2026", 2, "target")]
    assert changes(series) == {"1.4": 1, "3.4": 0}
    rows = chart_rows(series, ["3.4"])
    assert rows[-1] == {"Năm học": "2025-2026", "Tiêu chí": "3.4", "Nguồn": "Mục tiêu kế hoạch", "Mức": 2}
    assert target_level("Đạt Mức 3 (hiện trạng: Mức 2)") == 3 and target_level("Duy trì kết quả") is None


def test_prior_plan_needs_a_year_and_rows() -> None:
    with pytest.raises(InputError, match="năm học"):
        prior_plan(_plan("", list(last_year_plan().rows)))
    assert prior_plan(_plan("", list(last_year_plan().rows)), year_hint="KH 2025-2026.docx").school_year == "2025-2026"
    with pytest.raises(InputError, match="không có hàng"):
        prior_plan(_plan("2025-2026", []))


# -- through the controller ------------------------------------------------------------------


def test_controller_carries_last_years_plan_into_the_new_draft(tmp_path: Path) -> None:
    ctl = controller(tmp_path)
    start_plan(ctl, year="2026-2027")  # TT57 from 2026-2027: last year's TT18 criteria are mapped over
    for plan in earlier_plans():
        assert ctl.import_last_year(plan_to_json(plan).encode("utf-8"), f"KH-{plan.header.school_year}.json")
    assert ctl.import_last_year(plan_to_json(last_year_plan()).encode("utf-8"), "KH-2025-2026.json")
    assert [p.school_year for p in ctl.prior_plans()] == ["2023-2024", "2024-2025", "2025-2026"]
    assert ctl.last_year().school_year == "2025-2026" and errors(ctl) == []

    for checkpoint, marks in STATUSES.items():
        assert ctl.set_statuses(marks, checkpoint) == len(marks)
    assert ctl.set_action_status("3.1", "", "hk1") is False  # already unmarked: nothing changes
    assert ctl.set_action_status("9.9", "Hoàn thành") is False and "Không có hoạt động 9.9" in errors(ctl)[0]
    assert ctl.set_action_status("1.1", "Xong rồi") is False and "không hợp lệ" in errors(ctl)[0]
    assert ctl.monitoring()[1].result.startswith("Hoàn thành 2/4 hoạt động")

    before = len(ctl.review.accepted_ids(ctl.state.selected))
    ctl.pop_messages()
    assert ctl.carry_over() == 2
    texts = [m.text for m in ctl.pop_messages()]
    assert any(t.startswith("Đã chuyển 2 hàng chưa hoàn thành từ năm học 2025-2026") for t in texts)
    assert any("đã có trong kế hoạch 3 năm học (2023-2024, 2024-2025, 2025-2026)" in t for t in texts)
    kept = ctl.review.accepted_rows(ctl.state.selected)
    assert len(kept) == before + 2
    library = next(r for r in kept if r.note.startswith("Chuyển tiếp"))
    assert library.criterion == "4.1"  # TT18 3.4 -> TT57 4.1 through the crosswalk
    assert library.note == "Chuyển tiếp từ năm học 2025-2026 (tiêu chí 3.4 cũ, quy đổi gần đúng)"
    assert library.timeline == "Tháng 9/2026 – Tháng 12/2026"
    assert {"4.1", "1.2"} <= set(ctl.state.selected)  # 1.4 -> 1.2; both were already chosen, their needs kept
    assert ctl.carry_over() == 0  # carried once only

    again = type(ctl)(ctl.services, ctl.draft_id)  # reload: the year-after data is in the saved draft
    assert again.statuses() == ctl.statuses() and len(again.prior_plans()) == 3
    assert len(again.review.accepted_rows(again.state.selected)) == before + 2

    book = load_workbook(io.BytesIO(ctl.export_last_year("xlsx").data))
    cells = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value]
    assert "Đang thực hiện" in cells and "Hoàn thành" in cells
    assert ctl.level_chart(["4.1"]) and all(r["Tiêu chí"] == "4.1" for r in ctl.level_chart(["4.1"]))


def test_importing_a_word_plan_and_wrong_years(tmp_path: Path) -> None:
    catalog = Catalog.load()
    ctl = controller(tmp_path)
    ctl.set_profile(name=SCHOOL, school_type="THCS", school_year="2026-2027")
    word = export_docx(last_year_plan(), catalog.get("tt18-2018"))  # a Word plan, read by the plan parser
    assert ctl.import_last_year(word, "Ke-hoach-2025-2026.docx")
    plan = ctl.last_year()
    assert plan.school_year == "2025-2026" and [r.criterion for r in plan.rows] == ["1.4", "2.3", "3.4"]
    assert [i.key for i, _, _ in ctl.last_year_actions()] == ["1.1", "2.1", "3.1", "3.2"]
    assert ctl.set_row_status(2, "Chưa hoàn thành") == 2
    assert ctl.carry_over() == 1 and errors(ctl) == []
    assert ctl.state.selected == ["4.1"]  # a criterion not chosen yet is added, saying why
    assert ctl.state.need("4.1").reasons == ("Chuyển tiếp từ năm học 2025-2026: còn hoạt động chưa hoàn thành.",)

    same_year = _plan("2026-2027", list(last_year_plan().rows))
    assert ctl.import_last_year(plan_to_json(same_year).encode(), "KH.json") is False
    assert "không phải năm trước" in errors(ctl)[0]
    assert ctl.import_last_year(b"", "KH.docx") is False and "0 byte" in errors(ctl)[0]
    assert ctl.import_last_year(b"\xff\xfe", "KH.json") is False and errors(ctl)

    fresh = controller(tmp_path / "moi")  # a new draft takes its year from last year's plan
    assert fresh.import_last_year(plan_to_json(last_year_plan()).encode(), "KH.json")
    assert fresh.state.profile.school_year == "2026-2027"


def _years_page() -> None:
    import streamlit as st

    from assistant.ui import page_years

    page_years.render(st.session_state["controller"])


def test_years_page_shows_the_review_and_carries_over(tmp_path: Path) -> None:
    from streamlit.testing.v1 import AppTest

    ctl = controller(tmp_path)
    start_plan(ctl, year="2026-2027")
    for plan in [*earlier_plans(), last_year_plan()]:
        ctl.import_last_year(plan_to_json(plan).encode("utf-8"), f"KH-{plan.header.school_year}.json")
    for checkpoint, marks in STATUSES.items():
        ctl.set_statuses(marks, checkpoint)
    ctl.pop_messages()
    at = AppTest.from_function(_years_page, default_timeout=60)
    at.session_state["controller"] = ctl
    at.run()
    assert not at.exception
    assert any("đã có trong kế hoạch 3 năm học" in w.value for w in at.warning)
    tables = at.dataframe
    assert any("Cuối học kỳ I" in str(t.value) for t in tables)
    assert len(at.get("download_button")) >= 3  # the reviewed plan (.xlsx, .docx) and the timeline
    at.button(key="carry_over").click().run()
    assert not at.exception and sum(r.note.startswith("Chuyển tiếp") for r in
                                    ctl.review.accepted_rows(ctl.state.selected)) == 2


def test_carried_rows_say_so_in_the_docx_appendix(tmp_path: Path) -> None:
    ctl = controller(tmp_path)
    ctl.set_profile(name=SCHOOL, school_type="THCS", school_year="2026-2027", signer="Nguyễn Văn An")
    ctl.import_last_year(plan_to_json(last_year_plan()).encode(), "KH.json")
    ctl.set_statuses(STATUSES["cuoi_nam"])
    assert ctl.carry_over() == 2
    records = ctl.decision_records()
    assert [r.origin for r in records] == ["suggested", "suggested"] and records[0].approved_by == "Nguyễn Văn An"
    assert records[0].comment.startswith("Chuyển tiếp từ năm học 2025-2026")
