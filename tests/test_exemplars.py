"""The exemplar library: every criterion of every catalogue has at least three good rows.

The checks are written against the domain catalogue (assistant.catalog) and the roles
vocabulary (assistant.vocab) so they do not just repeat corpus/exemplars/validate.py; the
validator's own behaviour is tested on hand-made bad rows at the end.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cache

import pytest

from assistant.catalog import default_catalog
from assistant.domain import Framework, SchoolType
from assistant.vocab import load_vocabulary
from corpus.catalogues import BUNDLED_DIR, load_catalogue
from corpus.exemplars import validate
from corpus.schema import CorpusRow, read_rows

FRAMEWORK_IDS = (
    "tt17-2018",
    "tt18-2018",
    "tt19-2018",
    "tt57-2026-mam-non",
    "tt57-2026-pho-thong",
    "tt57-2026-gdtx",
)
HAND_WRITTEN = ("tt17-2018", "tt19-2018")  # files whose owner cells are also checked strictly


@cache
def _rows(framework_id: str) -> tuple[CorpusRow, ...]:
    path = validate.exemplar_path(framework_id)
    assert path.is_file(), f"thiếu tệp ví dụ mẫu {path}"
    return tuple(read_rows(path))


def _framework(framework_id: str) -> Framework:
    return default_catalog().get(framework_id)


def _types(row: CorpusRow) -> set[SchoolType]:
    return {SchoolType(t) for t in re.split(r"[,;/ ]+", row.school_type) if t.strip()}


def _fail_if(problems: list[str]) -> None:
    assert not problems, f"{len(problems)} vấn đề, ví dụ:\n" + "\n".join(problems[:15])


def test_catalogue_list_names_the_six_frameworks() -> None:
    assert {f.id for f in default_catalog().frameworks} == set(FRAMEWORK_IDS)


@pytest.mark.parametrize("framework_id", FRAMEWORK_IDS)
def test_file_is_nfc_utf8_and_rows_are_exemplars(framework_id: str) -> None:
    path = validate.exemplar_path(framework_id)
    text = path.read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", text) == text
    assert "\\u" not in text, "JSON phải ghi UTF-8, không mã hóa \\uXXXX"
    rows = _rows(framework_id)
    assert rows
    assert {r.kind for r in rows} == {"exemplar"}
    assert {r.framework for r in rows} == {framework_id}
    assert all(r.id.startswith(f"ex-{framework_id}-") for r in rows)


@pytest.mark.parametrize("framework_id", FRAMEWORK_IDS)
def test_every_criterion_and_level4_item_has_three_rows(framework_id: str) -> None:
    framework = _framework(framework_id)
    counts: Counter[tuple[str, str]] = Counter((r.band, r.criterion) for r in _rows(framework_id))
    wanted = [("1-3", c.code) for c in framework.criteria] + [("4", str(i.number)) for i in framework.level4]
    _fail_if(
        [f"{band} {code}: {counts[(band, code)]} dòng" for band, code in wanted if counts[(band, code)] < 3]
    )
    assert set(counts) <= set(wanted), (
        f"dòng của tiêu chí không có trong danh mục: {set(counts) - set(wanted)}"
    )


@pytest.mark.parametrize("framework_id", FRAMEWORK_IDS)
def test_criterion_titles_equal_the_catalogue(framework_id: str) -> None:
    framework = _framework(framework_id)
    level4 = {str(i.number): i.text for i in framework.level4}
    problems = []
    for row in _rows(framework_id):
        criterion = framework.criterion(row.criterion)
        expected = level4.get(row.criterion) if row.band == "4" else (criterion.title if criterion else None)
        if row.criterion_title != expected:
            problems.append(f"{row.id}: '{row.criterion_title}' != '{expected}'")
    _fail_if(problems)


@pytest.mark.parametrize("framework_id", FRAMEWORK_IDS)
def test_serves_points_at_real_requirements_of_the_criterion(framework_id: str) -> None:
    framework = _framework(framework_id)
    items = {str(i.number) for i in framework.level4}
    problems = []
    for row in _rows(framework_id):
        if not row.serves:
            problems.append(f"{row.id}: thiếu serves")
        if row.band == "4":
            bad = [s for s in row.serves if s != f"M4 {row.criterion}" or row.criterion not in items]
        else:
            criterion = framework.criterion(row.criterion)
            refs = {r.ref for r in criterion.requirements} if criterion else set()
            bad = [s for s in row.serves if s not in refs]
        problems += [f"{row.id}: serves '{s}'" for s in bad]
    _fail_if(problems)


@pytest.mark.parametrize("framework_id", FRAMEWORK_IDS)
def test_owners_name_a_role_of_the_school_type(framework_id: str) -> None:
    framework = _framework(framework_id)
    vocabulary = load_vocabulary()
    problems = []
    for row in _rows(framework_id):
        types = _types(row)
        if not types or not types <= set(framework.school_types):
            problems.append(f"{row.id}: loại trường '{row.school_type}'")
            continue
        roles = vocabulary.find_roles(row.owners)
        if not any(set(role.school_types) & types for role in roles):
            problems.append(f"{row.id}: '{row.owners}' -> {[r.name for r in roles]}")
    _fail_if(problems)


@pytest.mark.parametrize("framework_id", HAND_WRITTEN)
def test_owner_roles_all_exist_in_the_school_type(framework_id: str) -> None:
    problems = [p for row in _rows(framework_id) for p in validate.role_problems(row, strict=True)]
    _fail_if(problems)


@pytest.mark.parametrize("framework_id", FRAMEWORK_IDS)
def test_timelines_are_inside_the_school_year(framework_id: str) -> None:
    problems = []
    for row in _rows(framework_id):
        problem = validate.timeline_problem(row.timeline, row.school_year)
        if problem:
            problems.append(f"{row.id}: {problem}")
    _fail_if(problems)


@pytest.mark.parametrize("framework_id", FRAMEWORK_IDS)
def test_vague_verbs_come_with_a_number(framework_id: str) -> None:
    problems = []
    for row in _rows(framework_id):
        vague = any(p in a.lower() for a in row.actions for p in ("tăng cường", "nâng cao"))
        text = re.sub(r"(?i)mức\s*\d", " ", " ".join((row.target, *row.actions)))
        if vague and not re.search(r"\d", text):
            problems.append(f"{row.id}: {row.actions}")
        if not 1 <= len(row.actions) <= 3:
            problems.append(f"{row.id}: {len(row.actions)} hành động")
    _fail_if(problems)


@pytest.mark.parametrize("framework_id", FRAMEWORK_IDS)
def test_rows_carry_the_plan_fields(framework_id: str) -> None:
    problems = [
        f"{row.id}: thiếu {name}"
        for row in _rows(framework_id)
        for name in ("target", "owners", "timeline", "budget", "evidence", "why", "source", "school_year")
        if not getattr(row, name)
    ]
    _fail_if(problems)


def test_ids_are_unique_across_the_library() -> None:
    counts = Counter(r.id for fid in FRAMEWORK_IDS for r in _rows(fid))
    assert [i for i, n in counts.items() if n > 1] == []


@pytest.mark.parametrize("framework_id", FRAMEWORK_IDS)
def test_validator_finds_no_problem(framework_id: str) -> None:
    _fail_if(validate.check_framework(framework_id, strict_roles=framework_id in HAND_WRITTEN))


# ------------------------------------------------------------------------------------------
# The validator itself, on hand-made inputs
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("timeline", "ok"),
    [
        ("Tháng 9/2025 – Tháng 12/2025", True),
        ("Học kỳ I năm học 2025-2026", True),
        ("Cả năm học", True),
        ("Tháng 8/2025", True),
        ("Tháng 01/2026 và Tháng 5/2026", True),
        ("Hoàn thành trước 30/9/2025", True),
        ("Tháng 6/2026 – Tháng 8/2026", True),
        ("Tháng 7/2025", False),
        ("Tháng 9/2026", False),
        ("Năm học 2024-2025", False),
        ("Tháng 5/2026 – Tháng 9/2025", False),
        ("Thường xuyên", False),
        ("Từ năm học 2022-2023 hoàn thành năm học 2024-2025", False),
        ("", False),
    ],
)
def test_timeline_check(timeline: str, ok: bool) -> None:
    assert (validate.timeline_problem(timeline, "2025-2026") is None) is ok


def _good_row() -> CorpusRow:
    return CorpusRow(
        id="ex-tt19-2018-3.4-9",
        kind="exemplar",
        framework="tt19-2018",
        criterion="3.4",
        school_type="MN",
        school_year="2025-2026",
        source="Thư viện ví dụ mẫu caitien",
        criterion_title="Khối phòng tổ chức ăn",
        target="Đạt Mức 2 (hiện trạng: Mức 1)",
        actions=("Cải tạo bếp theo quy trình một chiều, ngăn 03 khu sơ chế, chế biến, chia thức ăn.",),
        owners="Chủ trì: Hiệu trưởng; phối hợp: Nhân viên nuôi dưỡng",
        timeline="Tháng 6/2026 – Tháng 8/2026",
        budget="150 triệu đồng – ngân sách địa phương",
        evidence=("Biên bản nghiệm thu",),
        serves=("3.4 M2 *",),
        why="Ví dụ kiểm thử.",
    )


def test_validator_accepts_a_good_row_and_rejects_bad_ones() -> None:
    catalogue = load_catalogue(BUNDLED_DIR / "tt19-2018.json")
    good = _good_row()
    assert validate.check_row(good, catalogue) == []
    assert validate.role_problems(good, strict=True) == []
    bad = good.model_copy(
        update={
            "criterion_title": "Bếp ăn",
            "serves": ("3.4 M2 a", "3.5 M2 a"),
            "actions": ("Tăng cường công tác quản lý bếp ăn.",),
            "target": "Đạt Mức 2",
            "timeline": "Từ năm học 2022-2023 hoàn thành năm học 2024-2025",
        }
    )
    problems = " | ".join(validate.check_row(bad, catalogue))
    for needle in ("criterion_title", "3.4 M2 a", "3.5 M2 a", "tăng cường", "năm học khác"):
        assert needle in problems
    th_roles = good.model_copy(update={"owners": "Chủ trì: Hiệu trưởng; phối hợp: Tổng phụ trách Đội"})
    assert validate.role_problems(th_roles) == []
    assert "Tổng phụ trách Đội" in " ".join(validate.role_problems(th_roles, strict=True))
    nobody = good.model_copy(update={"owners": "Ủy ban nhân dân xã"})
    assert validate.role_problems(nobody)


def test_coverage_check_reports_missing_criteria() -> None:
    catalogue = load_catalogue(BUNDLED_DIR / "tt19-2018.json")
    problems = validate.coverage_problems([_good_row()] * 3, catalogue)
    assert not any("tiêu chí 3.4:" in p for p in problems)
    assert any("tiêu chí 1.1:" in p for p in problems)
    assert any("Mức 4 yêu cầu 4" in p for p in problems)
