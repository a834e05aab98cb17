"""Corpus rows from plans: the bundled seed rows, ``caitien corpus add`` and ``caitien corpus stats``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.catalog import Catalog
from assistant.cli import main
from assistant.corpus_build import dedup_key, new_rows, plan_rows_to_corpus, plan_source
from assistant.plans import read_plan
from corpus.loader import BUNDLED_DATA
from corpus.schema import read_rows
from tests.conftest import FIXTURES, SEEDS, seed_path

PLANS = FIXTURES / "plans"
SEED_ROWS = BUNDLED_DATA / "seed_rows.jsonl"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load()


def _user_rows(data_dir: Path) -> list:
    path = data_dir / "corpus" / "rows.jsonl"
    return list(read_rows(path)) if path.exists() else []


def test_seed_rows_carry_source_and_position(catalog: Catalog) -> None:
    path = seed_path("002")
    plan = read_plan(path.read_bytes(), path.name, catalog)
    rows = plan_rows_to_corpus(plan, source=plan_source(plan, path.name), source_file=path.name)
    assert len(rows) == 37
    first = rows[0]
    assert (first.id, first.kind, first.framework, first.criterion, first.school_type, first.school_year) == (
        "seed-002-1", "seed", "tt18-2018", "1.1", "THCS", "2025-2026"
    )
    assert first.source == "Kế hoạch CTCL Trường THCS xã Thanh Xương, năm học 2025-2026"
    assert (first.source_file, first.position) == (path.name, 1)
    assert first.owners == "Nguyễn Thị Thu Hằng"  # kept as the school wrote it
    assert [r.position for r in rows] == list(range(1, 38))
    assert len({r.id for r in rows}) == 37


def test_committed_seed_rows_match_the_seeds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """corpus/data/seed_rows.jsonl is what ``caitien corpus build-seeds`` makes from shared/seeds."""
    out = tmp_path / "seed_rows.jsonl"
    assert main(["corpus", "build-seeds", str(SEEDS), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "002_7039023e353dc83f.txt: 37 hàng" in printed and "Đã ghi 85 hàng" in printed
    assert "004_cced116977321b6f.txt: 0 hàng — Đây là mẫu kế hoạch chưa điền" in printed
    assert out.read_text(encoding="utf-8") == SEED_ROWS.read_text(encoding="utf-8")


def test_bundled_seed_rows_by_file() -> None:
    rows = list(read_rows(SEED_ROWS))
    by_file: dict[str, int] = {}
    for row in rows:
        by_file[row.source_file[:3]] = by_file.get(row.source_file[:3], 0) + 1
        assert row.id == f"seed-{row.source_file[:3]}-{row.position}"
    assert by_file == {"001": 25, "002": 37, "003": 23}
    frameworks = {r.source_file[:3]: r.framework for r in rows}
    assert frameworks == {"001": "tt17-2018", "002": "tt18-2018", "003": "tt18-2018"}
    assert all(r.confidence < 1 for r in rows if r.source_file.startswith(("001", "003")))


def test_dedup_key_ignores_punctuation_case_and_accents(catalog: Catalog) -> None:
    path = PLANS / "plan_2018_merged.docx"
    plan = read_plan(path.read_bytes(), path.name, catalog)
    rows = plan_rows_to_corpus(plan, source="x", source_file=path.name, kind="user")
    retyped = rows[0].model_copy(update={"id": "other", "actions": tuple(a.upper().rstrip(".") for a in rows[0].actions)})
    assert dedup_key(retyped) == dedup_key(rows[0])
    kept, dropped = new_rows([retyped, *rows], [])
    assert dropped == 1 and kept[0].id == "other"


def test_corpus_add_appends_without_duplicates(_isolated_data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan_file = str(PLANS / "plan_2018_merged.docx")
    assert main(["corpus", "add", plan_file]) == 0
    assert "đã thêm 6 hàng, bỏ qua 0 hàng trùng" in capsys.readouterr().out
    rows = _user_rows(_isolated_data_dir)
    assert len(rows) == 6 and all(r.kind == "user" and r.framework == "tt18-2018" for r in rows)
    assert rows[0].source == "Kế hoạch CTCL TRƯỜNG THCS AN BÌNH, năm học 2025-2026"
    assert main(["corpus", "add", plan_file, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["files"][0]["added"] == 0 and report["files"][0]["duplicates"] == 6
    assert len(_user_rows(_isolated_data_dir)) == 6


def test_corpus_add_skips_rows_already_bundled(_isolated_data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["corpus", "add", str(seed_path("002"))]) == 0
    assert "đã thêm 0 hàng, bỏ qua 37 hàng trùng" in capsys.readouterr().out
    assert _user_rows(_isolated_data_dir) == []


def test_corpus_add_bad_and_empty_files(_isolated_data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["corpus", "add", str(PLANS / "encrypted.docx"), str(seed_path("004")), str(PLANS / "plan_tt57.docx")])
    assert code == 2
    captured = capsys.readouterr()
    assert "mật khẩu" in captured.err and "không có hàng kế hoạch nào" in captured.err and "Traceback" not in captured.err
    # The second row names a priority issue, not a criterion: it is tied by topic (helper K) and kept
    # with its lower confidence.
    assert "plan_tt57.docx: đã thêm 2 hàng" in captured.out
    rows = _user_rows(_isolated_data_dir)
    assert [(r.framework, r.criterion) for r in rows][0] == ("tt57-2026-pho-thong", "2.2")
    assert rows[1].criterion in ("4.1", "4.2") and rows[0].confidence == 1.0 > rows[1].confidence
    assert rows[0].indicators == ("Số giáo viên đạt yêu cầu sau tập huấn",)


def test_corpus_add_unknown_framework(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["corpus", "add", str(PLANS / "plan_reordered.docx"), "--framework", "tt99"]) == 2
    assert "Không có bộ tiêu chí 'tt99'" in capsys.readouterr().err


def test_corpus_stats_counts_bundled_and_user_rows(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["corpus", "add", str(PLANS / "plan_reordered.docx")]) == 0
    capsys.readouterr()
    assert main(["corpus", "stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["by_kind"]["seed"] == 85 and stats["by_kind"]["user"] == 3
    assert stats["total"] == sum(stats["by_kind"].values()) == sum(stats["by_framework"].values())
    assert stats["by_source"]["Kế hoạch CTCL Trường THCS xã Thanh Xương, năm học 2025-2026"] == 37
    assert stats["by_source"]["Kế hoạch CTCL TRƯỜNG MẦM NON HOA SEN, năm học 2024-2025"] == 3
    tt19 = stats["by_criterion"]["tt19-2018"]
    assert tt19["5.3"] >= 1 and tt19["1.8"] >= 1
    assert sum(stats["by_criterion"]["tt18-2018"].values()) == stats["by_framework"]["tt18-2018"]
    assert main(["corpus", "stats"]) == 0
    assert "Tổng số hàng" in capsys.readouterr().out
