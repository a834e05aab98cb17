"""Mức 4 items of the 2018 circulars: selection, drafting, checks, export and the TT57 transition."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import pytest
from docx_dump import dump_docx
from drafting_support import CATALOG, YEAR, OverlapRetriever, bundled_rows, drafter, report, request_for

from assistant.checks import check_plan, check_row
from assistant.crosswalk import crosswalk_from_data, load_crosswalk
from assistant.domain import (
    TARGET_LABELS,
    CrossRef,
    Level4Result,
    ParsedReport,
    PlanRow,
    ReviewDecision,
    SchoolProfile,
    SchoolType,
    TargetKind,
    TextSpan,
)
from assistant.drafting import DraftResult, build_plan, default_organisation, more_suggestions
from assistant.export import export_docx
from assistant.level4 import code_label, level4_code, level4_number, row_key
from assistant.plans import read_plan
from assistant.reports import read_report
from assistant.review import ReviewState
from assistant.selection import select_criteria, unmet_requirements

TT17, TT19 = CATALOG.get("tt17-2018"), CATALOG.get("tt19-2018")
PT, MN = CATALOG.get("tt57-2026-pho-thong"), CATALOG.get("tt57-2026-mam-non")
FIXTURES = Path(__file__).parent / "fixtures" / "reports"


def with_level4(base: ParsedReport, results: dict[int, bool | None]) -> ParsedReport:
    """The report with these Mức 4 results (each with the sentence it came from)."""
    level4 = tuple(
        Level4Result(number=n, met=met, span=TextSpan(text=f"Tiêu chí {n}: {'Đạt' if met else 'Không đạt'}"))
        for n, met in results.items()
    )
    return base.model_copy(update={"level4": level4})


def tt17_at_level3(results: dict[int, bool | None], kind: str = "tdg") -> ParsedReport:
    """A TT17 tiểu học report with every criterion at Mức 3 and these Mức 4 results."""
    return with_level4(report(kind, "tt17-2018", SchoolType.TH, {}, overall=3), results)


TT17_TWO_UNMET = {1: True, 2: False, 3: True, 4: False, 5: True}


def drafted(tdg: ParsedReport, framework_id: str, school_type: SchoolType, target: str = "keep",
            dgn: ParsedReport | None = None) -> tuple[DraftResult, object]:
    request = request_for(framework_id, tdg, dgn, school_type=school_type, target=target)
    return drafter().draft(request), request


def test_level4_target_is_offered() -> None:
    assert "level4" in get_args(TargetKind)
    assert TARGET_LABELS["level4"] == "Đạt Mức 4"


def test_keys_keep_criterion_codes_unambiguous() -> None:
    assert level4_code(2) == "M4.2" and level4_number("M4.2") == 2
    assert level4_number("2.2") is None and level4_number("M4.x") is None
    assert code_label("M4.2") == "Mức 4 số 2" and code_label("3.4") == "3.4"
    assert row_key(PlanRow(criterion="2", band="4")) == "M4.2"
    assert row_key(PlanRow(criterion="2.2")) == "2.2"


def test_school_at_level3_lists_the_items_marked_not_met() -> None:
    needs = select_criteria(TT17, tt17_at_level3(TT17_TWO_UNMET), None, "keep", catalog=CATALOG)
    assert [(n.code, n.band) for n in needs] == [("M4.2", "4"), ("M4.4", "4")]
    first = needs[0]
    assert first.reasons == ("Tiêu chí Mức 4 số 2 chưa đạt theo báo cáo tự đánh giá.",)
    assert first.title == TT17.level4[1].text and first.target_level == 4 and first.priority == 1
    assert [s.text for s in first.spans] == ["Tiêu chí 2: Không đạt"]
    assert [r.ref for r in unmet_requirements(TT17, first)] == ["M4 2"]


def test_items_come_after_the_criteria_and_only_from_level3() -> None:
    weak = report("tdg", "tt17-2018", SchoolType.TH, {"3.4": (2, "Khu vệ sinh xuống cấp.")}, overall=2)
    tdg = with_level4(weak, TT17_TWO_UNMET)
    assert [n.code for n in select_criteria(TT17, tdg, None, "next_level", catalog=CATALOG)] == ["3.4"]
    aiming = select_criteria(TT17, tdg, None, "level4", catalog=CATALOG)
    assert [n.code for n in aiming] == ["3.4", "M4.2", "M4.4"]
    assert aiming[0].target_level == 3 and [n.priority for n in aiming] == [1, 2, 3]
    assert "Mức 4 chỉ được công nhận khi trường đã đạt Mức 3 (hiện trạng: Mức 2)." in aiming[1].reasons


def test_aiming_at_level4_lists_items_without_a_result() -> None:
    needs = select_criteria(TT17, tt17_at_level3({1: True, 2: False}), None, "level4", catalog=CATALOG)
    assert [n.code for n in needs] == ["M4.2", "M4.3", "M4.4", "M4.5"]
    assert needs[1].reasons[0].startswith("Báo cáo chưa ghi kết quả tiêu chí mức 4 số 3")


def test_external_evaluation_result_wins_and_the_disagreement_is_said() -> None:
    tdg = tt17_at_level3({n: True for n in range(1, 6)})
    dgn = tt17_at_level3({1: True, 2: True, 3: False, 4: True, 5: True}, kind="dgn")
    needs = select_criteria(TT17, tdg, dgn, "keep", catalog=CATALOG)
    assert [n.code for n in needs] == ["M4.3"]
    assert needs[0].reasons == (
        "Tiêu chí Mức 4 số 3 chưa đạt theo báo cáo đánh giá ngoài.",
        "Đoàn ĐGN đánh giá Không đạt, khác với kết quả nhà trường tự đánh giá (Đạt).",
    )


def test_tt18_and_other_catalogues_reports_give_no_items() -> None:
    tt18 = with_level4(report("tdg", "tt18-2018", SchoolType.THCS, {}, overall=3), {2: False})
    assert select_criteria(CATALOG.get("tt18-2018"), tt18, None, "level4", catalog=CATALOG) == []
    # Results of another catalogue's items do not speak about TT17's.
    assert select_criteria(TT17, tt18.model_copy(update={"framework_id": "tt19-2018"}), None, "keep",
                           catalog=CATALOG) == []


def test_tt17_two_unmet_items_get_band4_suggestions_with_sources_and_serves() -> None:
    result, _ = drafted(tt17_at_level3(TT17_TWO_UNMET), "tt17-2018", SchoolType.TH)
    assert [c.need.code for c in result.criteria] == ["M4.2", "M4.4"]
    for item, draft in zip((2, 4), result.criteria, strict=True):
        assert 1 <= len(draft.suggestions) <= 3
        for s in draft.suggestions:
            row = s.row
            assert s.criterion == f"M4.{item}" and (row.criterion, row.band) == (str(item), "4")
            assert row.target == f"Đạt tiêu chí Mức 4 số {item}"
            assert row.criterion_title == TT17.level4[item - 1].text
            assert row.owners and row.timeline and row.budget and row.evidence and row.actions
            assert s.provenance.serves == (f"M4 {item}",)
            assert s.provenance.sources[0].row_id.startswith(f"ex-tt17-2018-m4.{item}-")
            assert s.provenance.report_spans[0].text == f"Tiêu chí {item}: Không đạt"
            assert not [c for c in s.checks if c.severity == "error"], s.checks
            assert all(c.criterion == f"M4.{item}" for c in s.checks)
    assert result.notices == []


def test_band4_rows_export_under_the_level4_band_and_parse_back() -> None:
    result, request = drafted(tt17_at_level3(TT17_TWO_UNMET), "tt17-2018", SchoolType.TH)
    accepted = [c.suggestions[0].row for c in result.criteria]
    profile = SchoolProfile(name="Trường Tiểu học Hòa Bình", school_type=SchoolType.TH, school_year=YEAR,
                            framework_id="tt17-2018")
    plan = build_plan(profile, TT17, accepted, [], default_organisation(TT17, SchoolType.TH), YEAR)
    data = export_docx(plan, TT17)
    dump = dump_docx(data)
    assert "MỨC 4" in dump
    after = dump[dump.index("MỨC 4"):]
    for item in (2, 4):
        assert f"Tiêu chí {item}: {TT17.level4[item - 1].text[:40]}" in after
        assert f"Đạt tiêu chí Mức 4 số {item}" in after
    parsed = read_plan(data, "ke_hoach.docx", CATALOG)
    back = [(r.criterion, r.band, r.target) for r in parsed.rows]
    assert back == [("2", "4", "Đạt tiêu chí Mức 4 số 2"), ("4", "4", "Đạt tiêu chí Mức 4 số 4")]
    coverage = check_plan(plan, framework=TT17, needs=request.needs, dgn=None)  # type: ignore[attr-defined]
    assert coverage.complete and coverage.criterion_rows == {"M4.2": (0,), "M4.4": (1,)}


def test_tt19_fixture_report_drafts_its_unmet_item() -> None:
    tdg = read_report((FIXTURES / "tdg_tt19_mn.docx").read_bytes(), "tdg_tt19_mn.docx", CATALOG)
    assert [(r.number, r.met) for r in tdg.level4 if r.met is False] == [(3, False)]
    result, _ = drafted(tdg, "tt19-2018", SchoolType.MN)
    level4 = [c for c in result.criteria if c.need.band == "4"]
    assert [c.need.code for c in level4] == ["M4.3"]
    assert result.criteria[-1] is level4[0]  # after every criterion
    for s in level4[0].suggestions:
        assert (s.row.criterion, s.row.band, s.provenance.serves) == ("3", "4", ("M4 3",))
        assert s.provenance.sources[0].row_id.startswith("ex-tt19-2018-m4.3-")
    profile = SchoolProfile(name="Trường Mầm non Hoa Sen", school_type=SchoolType.MN, school_year=YEAR)
    rows = [c.suggestions[0].row for c in result.criteria]
    dump = dump_docx(export_docx(build_plan(profile, TT19, rows, [], (), YEAR), TT19))
    assert "Tiêu chí 3: Sân vườn, khu vui chơi" in dump[dump.index("MỨC 4"):]


def test_more_suggestions_for_an_item_stay_in_its_band() -> None:
    result, request = drafted(tt17_at_level3(TT17_TWO_UNMET), "tt17-2018", SchoolType.TH)
    shown = {s.id for s in result.criteria[0].suggestions}
    more = more_suggestions(request, "M4.2", shown, k=3, drafter=drafter())  # type: ignore[arg-type]
    assert more and all(s.id not in shown for s in more)
    assert all((s.row.criterion, s.row.band) == ("2", "4") for s in more)


def test_catalogue_fallback_when_no_band4_row_exists() -> None:
    rows = [r for r in bundled_rows() if r.band != "4"]
    request = request_for("tt17-2018", tt17_at_level3(TT17_TWO_UNMET), school_type=SchoolType.TH, target="keep")
    result = drafter(rows).draft(request)
    s = result.criteria[0].suggestions[0]
    assert s.provenance.sources[0].row_id == "catalogue:tt17-2018:M4 2"
    assert s.row.actions[0].startswith("Rà soát thực trạng và triển khai giải pháp đáp ứng tiêu chí Mức 4 số 2")
    assert any("tiêu chí Mức 4 số 2, Mức 4 số 4" in n for n in result.notices)


def test_check_row_ties_band4_actions_to_the_item_text() -> None:
    base = dict(criterion="2", band="4", target="Đạt tiêu chí Mức 4 số 2", owners="Hiệu trưởng",
                timeline="Tháng 9/2026 – Tháng 5/2027", budget="Không phát sinh kinh phí")
    tied = PlanRow(**base, actions=("Lập mục tiêu giáo dục cá nhân cho 100% học sinh có hoàn cảnh khó khăn.",))
    loose = PlanRow(**base, actions=("Sơn lại cổng trường.",))
    kw = dict(framework=TT17, school_type=SchoolType.TH, school_year=YEAR, unmet=())
    assert check_row(tied, **kw) == []  # type: ignore[arg-type]
    found = check_row(loose, **kw)  # type: ignore[arg-type]
    assert [(c.code, c.criterion) for c in found] == [("action.untied", "M4.2")]
    assert "M4 2" in found[0].message


def test_plan_coverage_names_an_uncovered_item() -> None:
    needs = select_criteria(TT17, tt17_at_level3(TT17_TWO_UNMET), None, "keep", catalog=CATALOG)
    plan = build_plan(SchoolProfile(school_type=SchoolType.TH), TT17,
                      [PlanRow(criterion="2", band="4", actions=("Lập mục tiêu cá nhân cho học sinh.",))], [], (), YEAR)
    coverage = check_plan(plan, framework=TT17, needs=needs, dgn=None, school_year=YEAR)
    assert coverage.uncovered_criteria == ("M4.4",)
    assert [f.message for f in coverage.findings] == [
        "Tiêu chí Mức 4 số 4 cần cải tiến nhưng chưa có dòng nào trong kế hoạch."
    ]


def test_an_edited_band4_row_stays_in_its_band() -> None:
    result, _ = drafted(tt17_at_level3(TT17_TWO_UNMET), "tt17-2018", SchoolType.TH)
    review = ReviewState()
    sid = review.add(result.criteria[0].suggestions[:1])[0]
    edited = PlanRow(criterion="M4.2", actions=("Lập hồ sơ mục tiêu cá nhân cho 24 học sinh.",))
    review.decide(ReviewDecision(suggestion_id=sid, kind="edit", row=edited))
    assert (review.row(sid).criterion, review.row(sid).band) == ("2", "4")
    assert [s.id for s in review.for_criterion("M4.2")] == [sid]


# -- crosswalk and transition --------------------------------------------------------------------


def test_crosswalk_reads_the_level4_list() -> None:
    walk = load_crosswalk("tt17-2018", PT.id)
    assert walk.level4_targets(2) == [CrossRef(framework=PT.id, criterion="3.4"),
                                      CrossRef(framework=PT.id, criterion="3.5")]
    assert walk.level4_sources("4.1") == [3]
    assert walk.level4_texts[3].startswith("Thư viện có hệ thống hạ tầng công nghệ thông tin")
    assert "Hạ tầng CNTT" in walk.level4_reason(3, "4.1")
    assert load_crosswalk("tt18-2018", PT.id).level4 == {}


def test_crosswalk_level4_entries_are_checked() -> None:
    data = {"from": "tt17-2018", "to": PT.id, "mappings": [],
            "level4": [{"item": 9, "old_text": "", "new": [{"criterion": "9.9", "strength": "partial"}]}]}
    problems = crosswalk_from_data(data, "tt17-2018", PT.id).validate(TT17, PT)
    assert "Tiêu chí Mức 4 số 9 không có trong " + TT17.name + "." in problems
    assert any("Mức 4 số 9 ánh xạ tới mã 9.9" in p for p in problems)
    data["level4"][0]["new"][0]["strength"] = "strong"  # type: ignore[index]
    with pytest.raises(ValueError, match="Mức 4 số 9"):
        crosswalk_from_data(data, "tt17-2018", PT.id)


def test_transition_carries_unmet_items_as_partial_links() -> None:
    tdg = tt17_at_level3({1: True, 2: True, 3: False, 4: True, 5: True})
    needs = {n.code: n for n in select_criteria(PT, tdg, None, "keep", catalog=CATALOG)}
    need = needs["4.1"]
    assert CrossRef(framework="tt17-2018", criterion="M4.3", strength="partial") in need.from_criteria
    line = next(r for r in need.reasons if r.startswith("Tiêu chí Mức 4 số 3"))
    assert "chưa đạt theo TĐG" in line and "tương ứng một phần, gần đúng" in line
    assert not any(ref.criterion.startswith("M4.") for n in needs.values() if n.code != "4.1"
                   for ref in n.from_criteria)


def test_transition_drafting_searches_the_old_level4_rows() -> None:
    tdg = tt17_at_level3({1: True, 2: True, 3: False, 4: True, 5: True})
    request = request_for(PT.id, tdg, school_type=SchoolType.TH, target="keep")
    retriever = OverlapRetriever(bundled_rows())
    result = drafter(retriever=retriever).draft(request)
    old = [f for _, f in retriever.calls if f is not None and f.frameworks == ("tt17-2018",)]
    assert any(f.criteria == ("3",) for f in old)
    draft = next(c for c in result.criteria if c.need.code == "4.1")
    assert draft.suggestions and all(s.provenance.approximate for s in draft.suggestions)
    assert "Chuyển từ tiêu chí Mức 4 số 3 (" in draft.suggestions[0].row.note
    for s in draft.suggestions:  # rows stay TT57 rows (no Mức 4 band there)
        assert (s.row.criterion, s.row.band) == ("4.1", "1-3")


def test_wizard_keeps_level4_items_through_selection_and_drafting(tmp_path: Path) -> None:
    from assistant.controller import WizardController
    from tests.wizard_fakes import fake_services

    services = fake_services(tmp_path, real_reader=True)
    real = drafter()
    services.drafter = lambda: real
    ctl = WizardController(services)
    assert ctl.set_profile(name="Trường Mầm non Hoa Sen", school_type="MN", school_year="2025-2026")
    assert ctl.state.profile.framework_id == "tt19-2018"
    assert ctl.upload_report((FIXTURES / "tdg_tt19_mn.docx").read_bytes(), "tdg_tt19_mn.docx", "tdg")
    assert ctl.propose_criteria() and ctl.state.selected[-1] == "M4.3"
    reordered = ["M4.3", *[c for c in ctl.state.selected if c != "M4.3"]]
    assert ctl.set_selected_criteria(reordered) and ctl.state.selected == reordered
    assert ctl.draft()
    offered = ctl.review.for_criterion("M4.3")
    assert offered and all((s.row.criterion, s.row.band) == ("3", "4") for s in offered)
