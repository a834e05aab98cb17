"""The timeline view: free-text "Thời gian" read into months, the months × owners grid and its exports."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from assistant.domain import PlanRow
from assistant.timeline import build_timeline, lead_owner, month_label, parse_timeline, to_markdown, to_xlsx
from assistant.vocab import load_vocabulary
from tests.issue9_support import controller, start_plan, wired_state  # noqa: F401 - the fixture below

pytestmark = pytest.mark.usefixtures("wired_state")

YEAR = "2026-2027"
TEACHING = ["T9/2026", "T10/2026", "T11/2026", "T12/2026", "T1/2027", "T2/2027", "T3/2027", "T4/2027", "T5/2027"]


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("Tháng 9/2026 – Tháng 12/2026", ["T9/2026", "T10/2026", "T11/2026", "T12/2026"]),
        ("Học kỳ I năm học 2026-2027", ["T9/2026", "T10/2026", "T11/2026", "T12/2026"]),
        ("Học kỳ II", ["T1/2027", "T2/2027", "T3/2027", "T4/2027", "T5/2027"]),
        ("Tháng 3/2027", ["T3/2027"]),
        ("Cả năm học", TEACHING),
        ("Trong năm học 2026-2027 và các năm tiếp theo", TEACHING),
        ("Tháng 01/2027 và Tháng 5/2027", ["T1/2027", "T5/2027"]),
        ("Từ tháng 10/2026 đến hết năm học", TEACHING[1:]),
        ("Tháng 9 - 11/2026", ["T9/2026", "T10/2026", "T11/2026"]),
        ("tháng 9, 10/2026", ["T9/2026", "T10/2026"]),
        ("Từ 15/9/2026 đến 30/11/2026", ["T9/2026", "T10/2026", "T11/2026"]),
        ("Quý IV/2026", ["T10/2026", "T11/2026", "T12/2026"]),
        ("Tháng 10", ["T10/2026"]),
        ("Tháng 2", ["T2/2027"]),
        ("Hè 2027", ["T6/2027", "T7/2027", "T8/2027"]),
        ("Cuối học kỳ I", ["T12/2026"]),
        ("HKII", ["T1/2027", "T2/2027", "T3/2027", "T4/2027", "T5/2027"]),
        ("trước ngày 31/12/2026", ["T12/2026"]),
        ("Tháng 11/2026 – Tháng 1/2027", ["T11/2026", "T12/2026", "T1/2027"]),
        ("Ban giám hiệu xây dựng kế hoạch thực hiện", []),
        ("", []),
    ],
)
def test_parse_timeline(text: str, months: list[str]) -> None:
    span = parse_timeline(text, YEAR)
    assert [month_label(m) for m in span.months] == months
    assert span.understood == bool(months)


def test_lead_owner_takes_the_chu_tri_part_or_the_first_role() -> None:
    vocab = load_vocabulary()
    full = "Chủ trì: Phó hiệu trưởng; phối hợp: Tổ trưởng chuyên môn, Nhân viên thư viện"
    assert lead_owner(full) == "Phó hiệu trưởng"
    assert lead_owner(full, vocab) == "Phó hiệu trưởng"
    assert lead_owner("PHT, TTCM và GVCN", vocab) == "Phó hiệu trưởng"
    assert lead_owner("PHT, TTCM và GVCN") == "PHT"
    assert lead_owner("nhân viên thư viện phối hợp giáo viên") == "Nhân viên thư viện"
    assert lead_owner("  ") == "Chưa phân công"


def _rows() -> list[PlanRow]:
    return [
        PlanRow(criterion="3.4", actions=("Bổ sung 200 đầu sách", "Tổ chức ngày hội đọc sách"),
                owners="Chủ trì: Nhân viên thư viện; phối hợp: Tổng phụ trách Đội", timeline="Tháng 10/2026 – Tháng 12/2026"),
        PlanRow(criterion="2.3", actions=("Bồi dưỡng kế toán, văn thư",), owners="Hiệu trưởng",
                timeline="Học kỳ II năm học 2026-2027"),
        PlanRow(criterion="1.4", target="Đạt Mức 2", owners="PHT", timeline="Tháng 8/2026 – Tháng 9/2026"),
        PlanRow(criterion="5.1", actions=("Rà soát kế hoạch giáo dục",), owners="", timeline="Khi có kinh phí"),
        PlanRow(criterion="5.2", actions=("Tổng kết",), owners="Hiệu trưởng", timeline="Tháng 5/2026"),
    ]


def test_build_timeline_lays_actions_out_by_month_and_owner() -> None:
    timeline = build_timeline(_rows(), YEAR, vocabulary=load_vocabulary())
    assert timeline.owners == ("Nhân viên thư viện", "Hiệu trưởng", "Phó hiệu trưởng", "Chưa phân công")
    assert month_label(timeline.months[0]) == "T8/2026"  # a preparation month widens the grid
    assert [month_label(m) for m in timeline.months[1:]] == TEACHING
    november = (2026, 11)
    assert [i.action for i in timeline.cell("Nhân viên thư viện", november)] == [
        "Bổ sung 200 đầu sách", "Tổ chức ngày hội đọc sách"]
    assert timeline.cell("Hiệu trưởng", november) == []
    assert [i.action for i in timeline.cell("Phó hiệu trưởng", (2026, 8))] == ["Đạt Mức 2"]  # a row without actions
    assert [(i.criterion, i.timeline, i.note) for i in timeline.unplaced] == [
        ("5.1", "Khi có kinh phí", ""), ("5.2", "Tháng 5/2026", "ngoài năm học 2026-2027")]
    assert timeline.busiest() == ("Nhân viên thư viện", (2026, 10), 2)


def test_markdown_and_xlsx_exports() -> None:
    timeline = build_timeline(_rows(), YEAR, vocabulary=load_vocabulary())
    text = to_markdown(timeline)
    lines = text.splitlines()
    assert lines[0].startswith("| Người chủ trì | T8/2026 | T9/2026 |")
    assert lines[2] == "| Nhân viên thư viện |  |  | 3.4 | 3.4 | 3.4 |  |  |  |  |  |"
    assert "- Tiêu chí 5.1: Rà soát kế hoạch giáo dục (thời gian ghi: “Khi có kinh phí”)" in text
    assert "- Tiêu chí 5.2: Tổng kết (thời gian ghi: “Tháng 5/2026”, ngoài năm học 2026-2027)" in text
    book = load_workbook(io.BytesIO(to_xlsx(timeline)))
    assert book.sheetnames == ["Tiến độ", "Danh sách hoạt động"]
    grid = book["Tiến độ"]
    assert grid["A1"].value == "Tiến độ thực hiện kế hoạch cải tiến chất lượng năm học 2026-2027"
    assert [c.value for c in grid[2]][:3] == ["Người chủ trì", "T8/2026", "T9/2026"]
    assert grid["A3"].value == "Nhân viên thư viện"
    assert grid["D3"].value == "3.4: Bổ sung 200 đầu sách\n3.4: Tổ chức ngày hội đọc sách"
    listing = book["Danh sách hoạt động"]
    assert listing.max_row == 7 and listing["G6"].value == "Chưa xác định"
    assert listing["G7"].value == "Chưa xác định (ngoài năm học 2026-2027)"
    assert to_xlsx(timeline) == to_xlsx(timeline)  # reproducible bytes


def test_controller_timeline_of_the_draft(tmp_path: Path) -> None:
    ctl = controller(tmp_path)
    start_plan(ctl, year="2026-2027")
    timeline = ctl.timeline()
    assert timeline.school_year == "2026-2027" and len(timeline.items) == len(ctl.state.selected)
    assert all(i.months == ((2026, 10),) for i in timeline.items)  # the fake drafter's "Tháng 10/2026"
    exported = ctl.export_timeline("xlsx")
    assert exported.name == "Tien-do-ke-hoach_2026-2027.xlsx" and exported.data[:2] == b"PK"
    markdown = ctl.export_timeline("md")
    assert markdown.data.decode("utf-8").startswith("| Người chủ trì |")
