"""The transition year: a TT57/2026 plan drafted from 2018-era reports through the crosswalk."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from docx import Document
from drafting_support import (
    CATALOG,
    TT18_WEAK,
    TT19_WEAK,
    YEAR,
    drafter,
    report,
    request_for,
    tt18_dgn,
    tt18_tdg,
)

from assistant.catalog import effective_level
from assistant.cli.draft import result_json
from assistant.crosswalk import CrossTarget, Crosswalk, load_crosswalk
from assistant.domain import CrossRef, SchoolProfile, SchoolType
from assistant.drafting import build_plan, default_organisation
from assistant.errors import CatalogueError
from assistant.export import export_docx
from assistant.transition import carriers, estimate_level

TT18, TT19 = CATALOG.get("tt18-2018"), CATALOG.get("tt19-2018")
FIXTURES = Path(__file__).parent / "fixtures" / "reports"
PT, MN = CATALOG.get("tt57-2026-pho-thong"), CATALOG.get("tt57-2026-mam-non")


@pytest.mark.parametrize(("old", "new"), [("tt17-2018", PT.id), ("tt18-2018", PT.id), ("tt19-2018", MN.id)])
def test_bundled_crosswalks_load_and_match_both_catalogues(old: str, new: str) -> None:
    walk = load_crosswalk(old, new)
    assert walk.approximate and walk.validate(CATALOG.get(old), CATALOG.get(new)) == []
    for criterion in CATALOG.get(old).criteria:
        assert walk.targets(criterion.code), criterion.code


def test_crosswalk_lookups_both_ways() -> None:
    walk = Crosswalk("a", "b", {"3.4": (CrossTarget("4.1", "direct", "Khu vệ sinh là cơ sở vật chất"),
                                        CrossTarget("4.2", "partial", "Vệ sinh môi trường"))}, {"3.4": "Khu vệ sinh"})
    assert walk.targets("3.4") == [CrossRef(framework="b", criterion="4.1", strength="direct"),
                                   CrossRef(framework="b", criterion="4.2", strength="partial")]
    assert walk.sources("4.2") == [CrossRef(framework="a", criterion="3.4", strength="partial")]
    assert walk.reason("3.4", "4.1") == "Khu vệ sinh là cơ sở vật chất" and walk.reason("3.4", "1.1") == ""
    assert carriers(walk, TT18)["4.1"] == [CrossRef(framework="tt18-2018", criterion="3.4", strength="direct")]
    assert "4.2" not in carriers(walk, TT18)  # a partial link does not carry when a direct one exists


def test_crosswalk_errors_are_vietnamese(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="Chưa có bảng đối chiếu"):
        load_crosswalk("tt18-2018", "tt57-2026-gdtx")
    bad = tmp_path / "tt18-2018__tt57-2026-pho-thong.json"
    bad.write_text(json.dumps({"from": "tt19-2018", "to": "tt57-2026-pho-thong", "mappings": []}), encoding="utf-8")
    with pytest.raises(CatalogueError, match="không hợp lệ"):
        load_crosswalk("tt18-2018", "tt57-2026-pho-thong", directory=tmp_path)


def test_a_user_corrected_crosswalk_wins(tmp_path: Path) -> None:
    data = {"from": "tt18-2018", "to": PT.id, "approximate": False,
            "mappings": [{"old": "3.4", "new": [{"criterion": "4.2", "strength": "direct", "reason": "sửa"}]}]}
    (tmp_path / f"tt18-2018__{PT.id}.json").write_text(json.dumps(data), encoding="utf-8")
    walk = load_crosswalk("tt18-2018", PT.id, directory=tmp_path)
    assert walk.targets("3.4") == [CrossRef(framework=PT.id, criterion="4.2", strength="direct")]
    assert walk.approximate  # whatever the file says


def _old(code: str) -> CrossRef:
    return CrossRef(framework="tt18-2018", criterion=code, strength="direct")


@pytest.mark.parametrize(
    ("levels", "weak", "expected"),
    [({"5.1": 3}, {}, 2), ({"5.1": 2}, {}, 1), ({"5.1": 0}, {}, 0), ({"5.1": 3}, {"5.1": (3, "Còn hạn chế.")}, 1)],
)
def test_estimate_level(levels: dict, weak: dict, expected: int) -> None:
    tdg = report("tdg", "tt18-2018", SchoolType.THCS, weak, levels=levels)
    estimate, why = estimate_level(TT18, [_old("5.1")], tdg, None)
    assert estimate == expected
    assert why.startswith("Ước tính") and "không phải kết quả đánh giá chính thức" in why and "5.1" in why


def test_estimate_without_levels_says_so() -> None:
    estimate, why = estimate_level(TT18, [_old("5.1")], None, None)
    assert estimate is None and "Chưa đủ dữ liệu" in why


def _weak_old_codes(tdg, dgn) -> set[str]:
    """Old criteria below Mức 3 (a criterion without Mức 3 indicators counts as Mức 3 at its top), with
    written weaknesses, or named in a recommendation."""
    old = CATALOG.get(tdg.framework_id)
    levels = {a.criterion: a.level for a in tdg.assessments if a.level is not None}
    if dgn:
        levels |= {a.criterion: a.level for a in dgn.assessments if a.level is not None}
    low = {c for c, v in levels.items() if effective_level(old.criterion(c), v, 3) < 3}
    recs = {c for r in (dgn.recommendations if dgn else ()) for c in r.criteria}
    return {a.criterion for a in tdg.assessments if a.weaknesses} | low | recs


def _check_transition(result, tdg, dgn, old_id: str) -> None:
    needs = [c.need for c in result.criteria]
    assert needs and all(n.estimated and n.approximate for n in needs)
    landed = {r.criterion for n in needs for r in n.from_criteria if r.framework == old_id}
    assert _weak_old_codes(tdg, dgn) <= landed  # every old weak criterion lands on >= 1 new criterion
    flags = [n.mandatory for n in needs]
    assert flags == sorted(flags, reverse=True)  # mandatory first
    weak_text = {a.weaknesses[0]: a.criterion for a in tdg.assessments if a.weaknesses}
    for item in result.criteria:
        assert 1 <= len(item.suggestions) <= 3
        for s in item.suggestions:
            prov = s.provenance
            assert prov.approximate and prov.from_criteria and all(r.framework == old_id for r in prov.from_criteria)
            assert prov.sources and prov.serves and all(ref.startswith(f"{item.need.code} M") for ref in prov.serves)
            assert "gần đúng" in s.row.note and s.row.target.startswith(("Đạt Mức", "Duy trì Mức"))
            for span in prov.report_spans:  # old report sentences, from the old criteria it names
                if span.text in weak_text:
                    assert weak_text[span.text] in {r.criterion for r in prov.from_criteria}
    assert any("ước tính" in n and "gần đúng" in n for n in result.notices)


def test_tt57_plan_from_a_tt18_thcs_report_and_its_external_evaluation() -> None:
    tdg, dgn = tt18_tdg(), tt18_dgn()
    result = drafter().draft(request_for(PT.id, tdg, dgn))
    _check_transition(result, tdg, dgn, "tt18-2018")
    by_code = {c.need.code: c for c in result.criteria}
    toilets = by_code["4.1"]
    assert toilets.need.mandatory and toilets.need.priority == 1
    assert any(s.text == TT18_WEAK["3.4"][1] for s in toilets.suggestions[0].provenance.report_spans)
    assert any("Khuyến nghị của đoàn ĐGN" in r for r in toilets.need.reasons)
    assert any(r.startswith("Ước tính") for r in toilets.need.reasons)
    assert result.uncovered_recommendations == []  # both old recommendations were carried
    assert [i.standard for i in result.priority_issues][0].startswith("Tiêu chuẩn 4")
    data = result_json(result, PT, YEAR)
    first = data["criteria"][0]["suggestions"][0]
    assert {"framework": "tt18-2018", "criterion": "3.4"} in first["from"]
    assert {"target", "actions", "owners", "timeline", "budget", "evidence", "sources", "serves", "checks"} <= set(first)


def test_tt57_plan_from_a_tt19_preschool_report() -> None:
    tdg = report("tdg", "tt19-2018", SchoolType.MN, TT19_WEAK)
    result = drafter().draft(request_for(MN.id, tdg, school_type=SchoolType.MN))
    _check_transition(result, tdg, None, "tt19-2018")
    owners = " ".join(s.row.owners for c in result.criteria for s in c.suggestions)
    assert "chủ nhiệm" not in owners and "Tổng phụ trách" not in owners


def test_the_transition_plan_exports_in_the_bieu2_layout() -> None:
    tdg, dgn = tt18_tdg(), tt18_dgn()
    result = drafter().draft(request_for(PT.id, tdg, dgn))
    profile = SchoolProfile(name="Trường THCS Hòa Bình", school_type=SchoolType.THCS, school_year=YEAR)
    plan = build_plan(profile, PT, [c.suggestions[0].row for c in result.criteria], result.priority_issues,
                      default_organisation(PT, SchoolType.THCS), YEAR, has_dgn=True)
    assert plan.priority_issues and len(plan.monitoring) == 2
    doc = Document(io.BytesIO(export_docx(plan, PT)))
    cells = {cell.text.strip() for table in doc.tables for row in table.rows for cell in row.cells}
    text = " ".join(p.text for p in doc.paragraphs)
    assert any("Chỉ số đánh giá kết quả" in c for c in cells)
    assert any("Nguyên nhân" in c for c in cells) and "Cuối học kỳ I" in cells
    assert "TÓM TẮT CÁC VẤN ĐỀ" in text.upper() or "VẤN ĐỀ TRỌNG TÂM" in text.upper()


# ------------------------------------------------------------------- the parser's sample reports


def _fixture(name: str, framework_id: str | None = None):  # type: ignore[no-untyped-def]
    from assistant.reports import read_report

    path = FIXTURES / name
    return read_report(path.read_bytes(), path.name, CATALOG, framework_id=framework_id)


def test_tt57_plan_from_the_tt18_thcs_fixture_with_its_evaluation() -> None:
    tdg = _fixture("tdg_tt18_thcs.docx")
    dgn = _fixture("dgn_tt18_thcs.docx", tdg.framework_id)
    assert tdg.framework_id == "tt18-2018" and dgn.kind == "dgn"
    result = drafter().draft(request_for(PT.id, tdg, dgn))
    _check_transition(result, tdg, dgn, "tt18-2018")
    assert result.criteria[0].need.mandatory and result.priority_issues
    carried = {r.criteria for c in result.criteria for r in c.need.recommendations}
    assert {rec.criteria for rec in dgn.recommendations if rec.criteria} <= carried


def test_tt57_plan_from_the_tt19_preschool_fixture() -> None:
    tdg = _fixture("tdg_tt19_mn.docx")
    assert tdg.framework_id == "tt19-2018" and tdg.school_type == SchoolType.MN
    result = drafter().draft(request_for(MN.id, tdg, school_type=SchoolType.MN))
    _check_transition(result, tdg, None, "tt19-2018")
