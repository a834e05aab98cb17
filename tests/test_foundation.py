"""Foundation: catalogues, the level rules of both generations, text utilities, the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from assistant.catalog import Catalog, gap_to_level, school_level, standard_level
from assistant.cli import main
from assistant.domain import Generation, SchoolType
from assistant.errors import CatalogueError
from corpus.catalogues import BUNDLED_DIR
from corpus.text import criterion_code, fold, has_diacritics, school_year, syllables
from tests.conftest import seed_path


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load()


def test_six_frameworks_with_expected_counts(catalog: Catalog) -> None:
    counts = {f.id: (len(f.criteria), len(f.mandatory_codes), len(f.standards)) for f in catalog.frameworks}
    assert counts == {
        "tt17-2018": (27, 0, 5),
        "tt18-2018": (28, 0, 5),
        "tt19-2018": (25, 0, 5),
        "tt57-2026-mam-non": (15, 8, 4),
        "tt57-2026-pho-thong": (15, 8, 4),
        "tt57-2026-gdtx": (15, 8, 4),
    }


def test_tt57_mandatory_codes_are_the_same_eight(catalog: Catalog) -> None:
    for f in catalog.frameworks:
        if f.generation == Generation.G2026:
            assert f.mandatory_codes == ("1.3", "1.4", "2.1", "2.2", "3.1", "3.2", "4.1", "4.2")


def test_every_criterion_has_level_one_text_and_refs(catalog: Catalog) -> None:
    for f in catalog.frameworks:
        for c in f.criteria:
            assert c.at_level(1), (f.id, c.code)
            assert all(r.ref.startswith(f"{c.code} M") for r in c.requirements)


def test_known_criteria_without_level_three(catalog: Catalog) -> None:
    tt18 = catalog.get("tt18-2018")
    no_m3 = [c.code for c in tt18.criteria if not c.at_level(3)]
    assert no_m3 == ["1.2", "1.7", "1.8", "1.9", "1.10", "3.4", "5.3", "5.4"]
    assert tt18.criterion("1.5").title == "Lớp học"
    assert tt18.criterion("5.6").title == "Kết quả giáo dục"


def test_suggest_framework_by_year(catalog: Catalog) -> None:
    assert catalog.suggest(SchoolType.THCS, "2025-2026").id == "tt18-2018"
    assert catalog.suggest(SchoolType.THCS, "2026-2027").id == "tt57-2026-pho-thong"
    assert catalog.suggest(SchoolType.MN, "2026 - 2027").id == "tt57-2026-mam-non"
    assert catalog.suggest(SchoolType.TH, "2024-2025").id == "tt17-2018"


def test_broken_catalogue_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "tt99-broken.json"
    text = (BUNDLED_DIR / "tt17-2018.json").read_text(encoding="utf-8")
    data = json.loads(text)
    data["standards"][0]["criteria"][1]["code"] = "1.1"  # duplicate code
    bad.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    with pytest.raises(CatalogueError) as err:
        Catalog.load((tmp_path,))
    msg = str(err.value)
    assert "tt99-broken.json" in msg and "dòng" in msg and "bị trùng" in msg
    line = int(msg.split("dòng ")[1].split(")")[0])
    assert '"code": "1.1"' in bad.read_text(encoding="utf-8").splitlines()[line - 1]


def test_broken_json_syntax_reports_line(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text('{\n "framework": "X",\n oops\n}', encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"x.json \(dòng 3\)"):
        Catalog.load((tmp_path,))


def test_catalogue_missing_level_one(tmp_path: Path) -> None:
    data = json.loads((BUNDLED_DIR / "tt57-2026-gdtx.json").read_text(encoding="utf-8"))
    data["standards"][1]["criteria"][0]["requirements"]["1"] = []
    (tmp_path / "gdtx-bad.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    with pytest.raises(CatalogueError, match="2.1 không có yêu cầu Mức 1"):
        Catalog.load((tmp_path,))


def test_user_catalogue_overrides_bundled(tmp_path: Path) -> None:
    shutil.copy(BUNDLED_DIR / "tt17-2018.json", tmp_path / "tt17-2018.json")
    data = json.loads((tmp_path / "tt17-2018.json").read_text(encoding="utf-8"))
    data["standards"][0]["criteria"][0]["title"] = "Tên đã sửa"
    (tmp_path / "tt17-2018.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert Catalog.load((tmp_path,)).get("tt17-2018").criterion("1.1").title == "Tên đã sửa"


# ---- level rules ---------------------------------------------------------------------------


def test_2018_school_level_is_minimum_with_no_m3_rule(catalog: Catalog) -> None:
    f = catalog.get("tt18-2018")
    levels = {c.code: (2 if not c.at_level(3) else 3) for c in f.criteria}
    assert school_level(f, levels) == 3  # criteria without Mức 3 count as 3 at their max
    assert school_level(f, levels, level4_met=True) == 4
    levels["3.4"] = 1
    assert school_level(f, levels) == 1
    assert standard_level(f, "3", levels) == 1
    assert standard_level(f, "1", levels) == 3
    levels["2.2"] = 0
    assert school_level(f, levels) == 0
    assert gap_to_level(f, levels, 2) == ["2.2", "3.4"]


def test_2018_missing_criterion_gives_unknown(catalog: Catalog) -> None:
    f = catalog.get("tt17-2018")
    assert school_level(f, {"1.1": 3}) is None


def test_tt57_rule_eight_mandatory_plus_five_of_seven(catalog: Catalog) -> None:
    f = catalog.get("tt57-2026-pho-thong")
    others = [c.code for c in f.criteria if not c.mandatory]
    levels = {c.code: 2 for c in f.criteria}
    assert school_level(f, levels) == 2
    for code in others[:2]:
        levels[code] = 1
    assert school_level(f, levels) == 2  # 5 of 7 others at Mức 2 is enough
    levels[others[2]] = 1
    assert school_level(f, levels) == 1  # only 4 of 7
    assert gap_to_level(f, levels, 2) == [others[0]]
    levels = {c.code: 2 for c in f.criteria}
    levels[others[0]] = 0
    assert school_level(f, levels) == 1  # Mức 2 needs none below Mức 1
    levels = {c.code: 2 for c in f.criteria}
    levels["1.4"] = 1
    assert school_level(f, levels) == 1
    assert gap_to_level(f, levels, 2)[0] == "1.4"
    levels["3.2"] = 0
    assert school_level(f, levels) == 0


# ---- text utilities on real strings from the seeds ------------------------------------------


def test_fold_and_syllables() -> None:
    assert fold("Đảm bảo an ninh trật tự") == "dam bao an ninh trat tu"
    assert syllables("Khu vệ sinh, hệ thống cấp thoát nước 3.4") == [
        "khu", "ve", "sinh", "he", "thong", "cap", "thoat", "nuoc", "3", "4",
    ]
    assert has_diacritics("nhà vệ sinh") and not has_diacritics("nha ve sinh xuong cap")


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("Tiêu chí 1.1 Phương hướng, chiến lược", "1.1"),
        ("Tiêu chí 3.1.Khuôn viên", "3.1"),
        ("Tiêu chí: 3.3 Khối hành chính", "3.3"),
        ("Tieu chi 3 1", "3.1"),
        ("TC3 - tiêu chí 1", "3.1"),
        ("Tiêu chí 2. 3", "2.3"),
        ("Tiêu chí 1.10: Đảm bảo an ninh trật tự", "1.10"),
        ("Tieu chi 5.6 Ket qua giao duc", "5.6"),
        ("Tiêu chuẩn 1: Tổ chức và quản lý nhà trường", None),
    ],
)
def test_criterion_code_forms(label: str, code: str | None) -> None:
    assert criterion_code(label) == code


def test_criterion_codes_found_in_real_seed() -> None:
    text = seed_path("002").read_text(encoding="utf-8")
    codes = {criterion_code(line) for line in text.splitlines() if "Tiêu chí" in line}
    assert {"1.1", "1.10", "2.4", "3.6", "5.6"} <= codes


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("Năm học 2025 – 2026", "2025-2026"),
        ("năm học 2024 - 2025", "2024-2025"),
        ("Nim hoc: 2022 - 2023", "2022-2023"),
        ("Từ năm học 2022-2023 hoàn thành năm học 2024-2025", "2022-2023"),
        ("giai đoạn từ năm 2021 đến 2025", None),
        ("trong năm học 2026", "2026-2027"),
    ],
)
def test_school_year_parsing(text: str, year: str | None) -> None:
    assert school_year(text) == year


def test_cli_frameworks_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frameworks", "--json"]) == 0
    out = capsys.readouterr().out
    assert "\\u" not in out and "Phụ lục" in out
    data = json.loads(out)
    rows = {f["id"]: f for f in data["frameworks"]}
    assert [rows[i]["criteria"] for i in ("tt17-2018", "tt18-2018", "tt19-2018")] == [27, 28, 25]
    assert all(rows[i]["criteria"] == 15 and rows[i]["mandatory"] == 8 for i in rows if i.startswith("tt57"))
    assert set(rows["tt18-2018"]) >= {"id", "name", "school_types", "standards", "criteria", "mandatory"}


def test_cli_frameworks_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frameworks"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 6 and "tiêu chí: 28" in lines[1]


def test_readme_documents_every_setting() -> None:
    from assistant.settings import Settings

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert readme.splitlines()[3:5] == [
        "make run    # tạo .venv, cài đặt, chuẩn bị mô hình + chỉ mục còn thiếu, mở ứng dụng tại http://localhost:8501",
        "make test   # cùng bước chuẩn bị, rồi chạy toàn bộ bộ kiểm thử",
    ]
    missing = [name for name in Settings.model_fields if f"CAITIEN_{name.upper()}" not in readme]
    assert missing == []


def test_settings_from_environment(tmp_path: Path) -> None:
    from assistant.settings import load_settings

    s = load_settings({"CAITIEN_DATA_DIR": str(tmp_path), "CAITIEN_MAX_UPLOAD_MB": "7", "CAITIEN_LLM_PROVIDER": "ollama"})
    assert s.data_dir == tmp_path and s.max_upload_mb == 7 and s.llm_provider == "ollama"
    assert s.db_path == tmp_path / "drafts.sqlite3"
    with pytest.raises(ValueError):
        load_settings({"CAITIEN_LLM_PROVIDER": "cloud"})
