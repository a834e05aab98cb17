"""``caitien parse-report``: stable JSON keys, readable text, Vietnamese errors without tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main

REPORTS = Path(__file__).parent / "fixtures" / "reports"


def test_json_keys_are_stable(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse-report", str(REPORTS / "dgn_tt18_thcs.docx"), "--json"]) == 0
    out = capsys.readouterr().out
    assert "\\u" not in out  # UTF-8, not ASCII-escaped
    data = json.loads(out)
    assert {"kind", "framework", "school_type", "school_name", "criteria", "overall_level", "recommendations",
            "warnings"} <= set(data)  # fmt: skip
    assert (data["kind"], data["framework"], data["school_type"]) == ("dgn", "tt18-2018", "THCS")
    assert data["school_name"] == "Trường THCS Nguyễn Du"
    assert data["overall_level"] == 1
    first = data["criteria"][0]
    assert {"criterion", "level", "strengths", "weaknesses", "planned_actions", "evidence"} <= set(first)
    assert len(data["criteria"]) == 28
    c22 = next(c for c in data["criteria"] if c["criterion"] == "2.2")
    assert c22["level"] == 1 and len(c22["weaknesses"]) == 2
    assert all({"text", "criteria"} <= set(r) for r in data["recommendations"])
    assert ["3.2", "3.4"] in [r["criteria"] for r in data["recommendations"]]


def test_tdg_json_levels_and_conflict(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse-report", str(REPORTS / "tdg_tt18_thcs.docx"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    levels = {c["criterion"]: c["level"] for c in data["criteria"]}
    assert levels["3.4"] == 1 and levels["2.3"] == 2 and levels["1.1"] == 3
    assert any("Tiêu chí 2.3" in w for w in data["warnings"])
    assert data["recommendations"] == []


def test_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse-report", str(REPORTS / "tdg_tt57_pho_thong.docx")]) == 0
    out = capsys.readouterr().out
    assert "Trường THCS Lê Quý Đôn" in out and "tt57-2026-pho-thong" in out
    assert "Không đạt (chưa đạt Mức 1)" in out


def test_framework_option_warns_when_report_differs(capsys: pytest.CaptureFixture[str]) -> None:
    path = REPORTS / "tdg_tt17_th.docx"
    assert main(["parse-report", str(path), "--json", "--framework", "tt19-2018"]) == 0
    warnings = json.loads(capsys.readouterr().out)["warnings"]
    assert any("tt17-2018" in w and "tt19-2018" in w for w in warnings)


@pytest.mark.parametrize(
    ("name", "phrase"),
    [("bad_scanned.pdf", "OCR"), ("bad_word97.doc", ".doc"), ("plan_not_report.docx", "Kế hoạch cải tiến")],
)
def test_unreadable_file_exits_nonzero_with_vietnamese_message(
    name: str, phrase: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["parse-report", str(REPORTS / name), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("Lỗi: ") and phrase in captured.err
    assert "Traceback" not in captured.err


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse-report", str(tmp_path / "khong-co.docx")]) == 2
    assert "Không mở được tệp “khong-co.docx”" in capsys.readouterr().err
