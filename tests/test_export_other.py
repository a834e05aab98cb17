"""Excel tracker, JSON round trip and the ``caitien export`` command."""

from __future__ import annotations

import io
import json
import sys
import types
from pathlib import Path

import pytest
from docx import Document
from export_samples import tt18_thcs_plan, tt57_plan
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from assistant.catalog import default_catalog
from assistant.cli import main
from assistant.domain import Plan, PlanRow
from assistant.errors import CaitienError, InputError
from assistant.export import export_as, export_xlsx, format_for, plan_from_json, plan_to_json, read_plan_json


@pytest.fixture(scope="module")
def catalog():
    return default_catalog()


def _sheet(data: bytes, name: str = "Kế hoạch"):
    return load_workbook(io.BytesIO(data))[name]


def test_xlsx_one_line_per_action_with_tracking_columns(catalog):
    data = export_xlsx(tt18_thcs_plan(), catalog.get("tt18-2018"))
    ws = _sheet(data)
    header = [c.value for c in ws[3]]
    assert header[:5] == ["TT", "Tiêu chuẩn", "Tiêu chí", "Tên tiêu chí", "Mức"]
    assert "Công việc/giải pháp cần thực hiện" in header and header[-3:] == [
        "Trạng thái",
        "Ngày cập nhật",
        "Nhận xét theo dõi",
    ]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=4) if r[0].value]
    actions = sum(len(r.actions) for r in tt18_thcs_plan().rows)
    assert len(rows) == actions == 10
    first, second = rows[0], rows[1]
    assert first[0] == "1.1" and second[0] == "1.2" and first[2] == second[2] == "1.4"
    assert (
        first[header.index("Chủ trì và phối hợp thực hiện")]
        == second[header.index("Chủ trì và phối hợp thực hiện")]
    )
    assert rows[-1][header.index("Mức")] == "Mức 4"
    assert ws.freeze_panes == "E4" and ws.auto_filter.ref.startswith("A3:")
    action_col = get_column_letter(header.index("Công việc/giải pháp cần thực hiện") + 1)
    assert ws.column_dimensions[action_col].width >= 40 and ws.column_dimensions["A"].width < 10
    validation = ws.data_validations.dataValidation[0]
    assert "Hoàn thành" in validation.formula1 and "Đang thực hiện" in validation.formula1
    assert ws["A1"].value == "KẾ HOẠCH CẢI TIẾN CHẤT LƯỢNG GIÁO DỤC NĂM HỌC 2025-2026"
    assert ws["B4"].font.name == "Times New Roman"


def test_xlsx_tt57_columns_and_extra_sheets(catalog):
    data = export_xlsx(tt57_plan(), catalog.get("tt57-2026-pho-thong"))
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Kế hoạch", "Thông tin chung", "Vấn đề trọng tâm", "Theo dõi, đánh giá"]
    header = [c.value for c in wb["Kế hoạch"][3]]
    assert "Chỉ số đánh giá kết quả" in header and "Thông tin, dữ liệu hoặc minh chứng dự kiến" in header
    info = {r[0].value: r[1].value for r in wb["Thông tin chung"].iter_rows(min_row=2)}
    assert info["Địa chỉ"].startswith("Bản Hồng Lếch Cang") and info["Năm học"] == "2026-2027"
    assert wb["Vấn đề trọng tâm"]["C2"].value == "2.2"
    assert [wb["Theo dõi, đánh giá"][f"A{i}"].value for i in (2, 3)] == ["Cuối học kỳ I", "Cuối năm học"]


def test_xlsx_is_reproducible(catalog):
    framework = catalog.get("tt57-2026-pho-thong")
    assert export_xlsx(tt57_plan(), framework) == export_xlsx(tt57_plan(), framework)


@pytest.mark.parametrize("make", [tt18_thcs_plan, tt57_plan])
def test_json_round_trip_gives_the_same_plan(make):
    plan = make()
    text = plan_to_json(plan, extra={"profile": {"target": "cqg1"}, "decisions": 3})
    assert plan_from_json(text) == plan
    again, extra = read_plan_json(text)
    assert again == plan and extra == {"profile": {"target": "cqg1"}, "decisions": 3}
    data = json.loads(text)
    assert data["format"] == "caitien-plan" and data["version"] == 1
    assert "Trường" in text  # UTF-8, not \\u escapes


@settings(max_examples=30, deadline=None)
@given(
    texts=st.lists(st.text(min_size=0, max_size=40), min_size=1, max_size=4),
    band=st.sampled_from(["1-3", "4"]),
    status=st.sampled_from(["", "Hoàn thành", "Đang thực hiện", "Chưa hoàn thành"]),
)
def test_json_round_trip_property(texts, band, status):
    row = PlanRow(criterion="2.2", band=band, actions=tuple(texts), target=texts[0], status=status)
    plan = Plan(rows=(row,), purposes=tuple(texts))
    assert plan_from_json(plan_to_json(plan)) == plan


def test_bare_plan_mapping_is_accepted():
    plan = tt57_plan()
    assert plan_from_json(json.dumps(plan.model_dump(mode="json"), ensure_ascii=False)) == plan


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{not json", "lỗi cú pháp ở dòng 1"),
        ("[1, 2]", "không chứa một kế hoạch"),
        ('{"format": "other", "version": 1, "plan": {}}', "không phải tệp kế hoạch của caitien"),
        ('{"format": "caitien-plan", "version": 9, "plan": {}}', "phiên bản caitien mới hơn"),
        ('{"format": "caitien-plan", "version": 1}', "thiếu phần nội dung"),
        ('{"format": "caitien-plan", "version": 1, "plan": {"rows": [{"criterion": "1.1", "band": "5"}]}}',
         "rows → 1 → band"),
        ('{"format": "caitien-plan", "version": 1, "plan": {"colour": "red"}}', "không thuộc định dạng"),
    ],
)  # fmt: skip
def test_bad_json_gives_a_vietnamese_message(text, words):
    with pytest.raises(InputError) as err:
        plan_from_json(text)
    assert words in str(err.value)
    assert "caitien" in err.value.hint or "cập nhật" in err.value.hint


def test_format_for_and_export_as(catalog):
    assert format_for("ke-hoach.DOCX") == "docx" and format_for("a.b.json") == "json"
    with pytest.raises(CaitienError, match="chỉ hỗ trợ"):
        format_for("ke-hoach.pdf")
    data = export_as(tt57_plan(), catalog.get("tt57-2026-pho-thong"), "json")
    assert plan_from_json(data.decode("utf-8")) == tt57_plan()


def test_cli_export_from_json(tmp_path: Path, capsys):
    source = tmp_path / "plan.json"
    source.write_text(plan_to_json(tt18_thcs_plan()), encoding="utf-8")
    out = tmp_path / "out" / "ke-hoach.docx"
    assert main(["export", str(source), "-o", str(out)]) == 0
    doc = Document(str(out))
    assert len(doc.tables[1].columns) == 9
    assert "8 dòng" in capsys.readouterr().out
    xlsx = tmp_path / "theo-doi.xlsx"
    assert main(["export", str(source), "-o", str(xlsx), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["format"] == "xlsx" and report["framework"] == "tt18-2018" and report["rows"] == 8


def test_cli_export_template_switch(tmp_path: Path):
    source = tmp_path / "plan.json"
    source.write_text(plan_to_json(tt18_thcs_plan()), encoding="utf-8")
    out = tmp_path / "tt57.docx"
    assert main(["export", str(source), "-o", str(out), "--template", "tt57"]) == 0
    assert len(Document(str(out)).tables[2].columns) == 10


def test_cli_export_errors_are_vietnamese(tmp_path: Path, capsys):
    source = tmp_path / "plan.json"
    source.write_text("{broken", encoding="utf-8")
    assert main(["export", str(source), "-o", str(tmp_path / "x.docx")]) == 2
    assert "bị hỏng" in capsys.readouterr().err
    assert main(["export", str(tmp_path / "missing.json"), "-o", str(tmp_path / "x.docx")]) == 2
    assert "Không tìm thấy tệp" in capsys.readouterr().err
    source.write_text(plan_to_json(tt18_thcs_plan()), encoding="utf-8")
    assert main(["export", str(source), "-o", str(tmp_path / "x.pdf")]) == 2
    assert "chỉ hỗ trợ .docx, .xlsx và .json" in capsys.readouterr().err


def test_cli_export_from_a_saved_draft(tmp_path: Path, monkeypatch, capsys, _isolated_data_dir):
    """The draft store is reached through assistant.store.DraftStore; a fake goes in at that seam."""
    opened: list[Path] = []

    class FakeStore:
        def __init__(self, path: Path) -> None:
            opened.append(path)

        def plan(self, draft_id: str) -> Plan:
            if draft_id != "7":
                raise KeyError(draft_id)
            return tt57_plan()

    monkeypatch.setitem(sys.modules, "assistant.store", types.SimpleNamespace(DraftStore=FakeStore))
    db = _isolated_data_dir / "drafts.sqlite3"
    db.parent.mkdir(parents=True, exist_ok=True)
    db.write_bytes(b"")
    out = tmp_path / "draft.json"
    assert main(["export", "7", "-o", str(out)]) == 0
    assert plan_from_json(out.read_text(encoding="utf-8")) == tt57_plan()
    assert opened == [db]
    assert main(["export", "8", "-o", str(out)]) == 2
    assert "Không tìm thấy bản nháp «8»" in capsys.readouterr().err


def test_cli_export_of_a_saved_draft_with_the_decisions_appendix(tmp_path: Path, _isolated_data_dir):
    """`caitien export DRAFT_ID --appendix` adds the review log, as the wizard's export does."""
    from tests.issue9_support import controller, start_plan

    ctl = controller(_isolated_data_dir)  # the store the command line opens (settings.db_path)
    start_plan(ctl)
    out = tmp_path / "ke-hoach.docx"
    assert main(["export", ctl.draft_id, "-o", str(out), "--appendix"]) == 0
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "Phụ lục: Nhật ký duyệt đề xuất" in text


def test_cli_export_appendix_needs_a_saved_draft(tmp_path: Path, capsys):
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(plan_to_json(tt18_thcs_plan()), encoding="utf-8")
    assert main(["export", str(plan_file), "-o", str(tmp_path / "x.docx"), "--appendix"]) == 2
    assert "chỉ có với bản nháp đã lưu" in capsys.readouterr().err
