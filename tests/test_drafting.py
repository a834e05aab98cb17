"""The default drafter: 1-3 sourced suggestions per weak criterion, adapted to this school."""

from __future__ import annotations

import functools
import time

import pytest
from drafting_support import (
    CATALOG,
    TT18_WEAK,
    YEAR,
    OverlapRetriever,
    bundled_rows,
    drafter,
    report,
    request_for,
    seed_like_rows,
    tt18_dgn,
    tt18_tdg,
)

from assistant.domain import Generation, Recommendation, SchoolType
from assistant.drafting import adapt, build_plan, default_organisation, more_suggestions
from assistant.drafting.owners import adapt_owners
from assistant.lexical import person_names
from assistant.vocab import load_vocabulary

TT18 = CATALOG.get("tt18-2018")


def test_every_weak_criterion_gets_complete_sourced_suggestions() -> None:
    result = drafter().draft(request_for("tt18-2018", tt18_tdg(), target="cqg2"))
    assert [c.need.code for c in result.criteria] and {c.need.code for c in result.criteria} == set(TT18_WEAK)
    for item in result.criteria:
        assert 1 <= len(item.suggestions) <= 3, item.need.code
        for s in item.suggestions:
            row = s.row
            assert row.owners and row.timeline and row.budget and row.evidence and row.actions
            assert row.target.startswith("Đạt Mức 3")
            assert s.provenance.sources and s.provenance.sources[0].row_id
            assert s.provenance.serves and all(ref.startswith(f"{item.need.code} M") for ref in s.provenance.serves)
            assert s.provenance.report_spans[0].text == TT18_WEAK[item.need.code][1]
            assert not [c for c in s.checks if c.severity == "error"], (item.need.code, s.checks)
            assert s.id and s.criterion == item.need.code


def test_every_weak_criterion_of_the_tt18_fixture_gets_suggestions() -> None:
    from pathlib import Path

    from assistant.catalog import effective_level
    from assistant.reports import read_report

    folder = Path(__file__).parent / "fixtures" / "reports"
    tdg = read_report((folder / "tdg_tt18_thcs.docx").read_bytes(), "tdg_tt18_thcs.docx", CATALOG)
    dgn = read_report((folder / "dgn_tt18_thcs.docx").read_bytes(), "dgn_tt18_thcs.docx", CATALOG,
                      framework_id=tdg.framework_id)
    weak = {a.criterion for a in tdg.assessments
            if a.weaknesses or effective_level(TT18.criterion(a.criterion), a.level or 0, 3) < 3}
    result = drafter().draft(request_for("tt18-2018", tdg, dgn, target="cqg2"))
    drafted = {c.need.code: c for c in result.criteria}
    assert weak <= set(drafted)
    for code in weak:
        suggestions = drafted[code].suggestions
        assert 1 <= len(suggestions) <= 3
        for s in suggestions:
            assert s.row.owners and s.row.timeline and s.row.budget and s.row.evidence
            assert s.provenance.sources and s.provenance.serves and s.provenance.report_spans


def test_drafting_is_deterministic() -> None:
    request = request_for("tt18-2018", tt18_tdg(), tt18_dgn(), target="cqg2")
    first = drafter().draft(request)
    second = drafter().draft(request)
    assert [[s.model_dump() for s in c.suggestions] for c in first.criteria] == [
        [s.model_dump() for s in c.suggestions] for c in second.criteria
    ]
    ids = [s.id for c in first.criteria for s in c.suggestions]
    assert len(ids) == len(set(ids))


def test_the_protocol_seam_works_with_a_plain_retriever() -> None:
    rows = seed_like_rows()
    fake = OverlapRetriever(rows)
    result = drafter(rows, retriever=fake).draft(request_for("tt18-2018", tt18_tdg(), target="cqg2"))
    by_code = {c.need.code: c for c in result.criteria}
    assert {s.row_id for s in by_code["3.4"].suggestions[0].provenance.sources} & {"s-3.4-1", "s-3.4-2"}
    assert fake.calls and all(f is not None and f.frameworks == ("tt18-2018",) for _, f in fake.calls)
    assert any("Khu vệ sinh học sinh đã xuống cấp" in q for q, _ in fake.calls)  # the school's own words


def test_other_schools_staff_names_and_dates_never_leak() -> None:
    result = drafter(seed_like_rows()).draft(request_for("tt18-2018", tt18_tdg(), target="cqg2"))
    three_four = next(c for c in result.criteria if c.need.code == "3.4")
    texts = [" ".join([s.row.owners, *s.row.actions, s.row.timeline, s.row.support]) for s in three_four.suggestions]
    assert texts
    joined = " ".join(texts)
    for name in ("Nguyễn Thị Thu Hằng", "Nguyễn Văn An", "Thanh Xương", "Điện Biên", "huyện"):
        assert name not in joined
    assert not person_names(joined)
    assert "2022" not in joined and "2025" not in joined
    assert "Ủy ban nhân dân xã/phường" in joined  # the district office no longer exists for a THCS
    seeded = next(s for s in three_four.suggestions if s.provenance.sources[0].row_id == "s-3.4-1")
    assert seeded.row.timeline.endswith("2026") or seeded.row.timeline.endswith("2027")
    assert "nguồn:" in seeded.row.budget


def test_owner_roles_follow_the_school_type() -> None:
    vocab = load_vocabulary()
    assert adapt_owners("BGH, TPT Đội, GVCN", "2.4", Generation.G2018, SchoolType.THPT, vocab) == (
        "Ban giám hiệu (chủ trì); Đoàn Thanh niên, Giáo viên chủ nhiệm (phối hợp)"
    )
    assert "chủ nhiệm" not in adapt_owners("GVCN", "1.5", Generation.G2018, SchoolType.MN, vocab)
    assert adapt_owners("Nguyễn Thị Thu Hằng", "1.1", Generation.G2018, SchoolType.THCS, vocab).startswith(
        "Hiệu trưởng (chủ trì)"
    )
    assert adapt_owners("Phó hiệu trưởng, kế toán", "3.1", Generation.G2018, SchoolType.THCS, vocab) == (
        "Phó hiệu trưởng (chủ trì); Kế toán (phối hợp)"
    )
    assert adapt_owners("", "1.1", Generation.G2018, SchoolType.GDTX, vocab).startswith("Giám đốc trung tâm")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Trong năm học 2025-2026 và các năm tiếp theo", "Tháng 9/2026 – Tháng 5/2027"),
        ("Tháng 11/2022 – Tháng 5/2023", "Tháng 11/2026 – Tháng 5/2027"),
        ("Học kỳ I năm học 2024–2025", "Học kỳ I năm học 2026-2027"),
        ("Học kỳ II", "Học kỳ II năm học 2026-2027"),
        ("Thường xuyên", "Thường xuyên, từ tháng 9/2026 đến tháng 5/2027"),
        ("trước 30/5 hàng năm", "Trước 30/05/2027 hàng năm"),
        ("Từ năm học 2022-2023 hoàn thành năm học 2024-2025", "Tháng 9/2026 – Tháng 5/2027"),
    ],
)
def test_timeline_moves_into_the_plan_year(source: str, expected: str) -> None:
    assert adapt.adapt_timeline(source, YEAR, ("Rà soát hồ sơ",)) == expected


def test_default_timeline_follows_the_first_action() -> None:
    assert adapt.default_timeline(YEAR, ("Xây dựng kế hoạch bồi dưỡng",)) == "Tháng 9/2026 – Tháng 10/2026"
    assert adapt.default_timeline(YEAR, ("Tham mưu UBND xã",)) == "Tháng 9/2026 – Tháng 12/2026"


@pytest.mark.parametrize(
    ("budget", "expected"),
    [
        ("Không", "Không phát sinh kinh phí"),
        ("", "Không phát sinh kinh phí"),
        ("Nguồn kinh phí ngành", "Nguồn kinh phí sự nghiệp giáo dục"),
        ("50 triệu", "Khoảng 50 triệu đồng (ước tính, điều chỉnh theo thực tế); nguồn: Ngân sách nhà nước (chi thường xuyên)"),
        ("20.000.000 đ xã hội hóa", "Khoảng 20.000.000 đồng (ước tính, điều chỉnh theo thực tế); nguồn: Xã hội hóa"),
    ],
)
def test_budget_gets_a_source(budget: str, expected: str) -> None:
    assert adapt.adapt_budget(budget, TT18.criterion("1.1"), Generation.G2018) == expected


def test_swapped_budget_cell_falls_back_by_criterion() -> None:
    text = "Ban giám hiệu xây dựng kế hoạch thực hiện"
    assert adapt.adapt_budget(text, TT18.criterion("3.1"), Generation.G2018).startswith("Ngân sách nhà nước")
    assert adapt.adapt_budget(text, TT18.criterion("1.1"), Generation.G2018) == "Không phát sinh kinh phí"


def test_target_wording() -> None:
    tt57 = CATALOG.get("tt57-2026-pho-thong")
    assert adapt.target_wording(2, 3, TT18) == "Đạt Mức 3 (hiện trạng: Mức 2)"
    assert adapt.target_wording(0, 2, TT18) == "Đạt Mức 2 (hiện trạng: chưa đạt Mức 1)"
    assert adapt.target_wording(3, 3, TT18) == "Duy trì Mức 3"
    assert adapt.target_wording(1, 2, tt57) == "Đạt Mức 2"
    assert adapt.target_wording(1, 2, TT18, detail="100% mẫu nước đạt chuẩn") == (
        "Đạt Mức 2: 100% mẫu nước đạt chuẩn (hiện trạng: Mức 1)"
    )
    assert adapt.target_detail("Đạt Mức 2: 100% mẫu nước đạt (hiện trạng: Mức 1)", 2) == "100% mẫu nước đạt"
    assert adapt.target_detail("Đạt Mức 3: x", 2) == ""


def test_excluded_sources_are_not_used() -> None:
    rows = seed_like_rows()
    request = request_for("tt18-2018", tt18_tdg(), target="cqg2", exclude=("seed_sample.txt",))
    result = drafter(rows).draft(request)
    used = {src.row_id for c in result.criteria for s in c.suggestions for src in s.provenance.sources}
    assert not used & {r.id for r in rows}
    assert all(u.startswith("catalogue:") for u in used)


def test_empty_corpus_falls_back_to_the_requirements() -> None:
    result = drafter([]).draft(request_for("tt18-2018", tt18_tdg(), target="cqg2"))
    for item in result.criteria:
        (s,) = item.suggestions
        assert all(src.row_id.startswith("catalogue:tt18-2018:") for src in s.provenance.sources)
        assert s.provenance.serves and s.row.actions[0].startswith("Rà soát thực trạng")
        assert s.row.owners and s.row.budget and s.row.evidence
    assert any("Kho kế hoạch mẫu chưa có dòng phù hợp" in n for n in result.notices)


def test_more_suggestions_skips_those_shown() -> None:
    request = request_for("tt18-2018", tt18_tdg(), target="cqg2")
    d = drafter()
    shown = {s.id for s in d.draft(request).criteria[0].suggestions}
    code = request.needs[0].code
    more = more_suggestions(request, code, shown, k=2, drafter=d)
    assert more and not {s.id for s in more} & shown
    assert all(s.criterion == code and s.provenance.sources for s in more)


def test_recommendations_nobody_answers_are_reported() -> None:
    rec = Recommendation(text="Xây dựng kế hoạch chuyển đổi số toàn diện.", criteria=())
    dgn = tt18_dgn().model_copy(update={"recommendations": (*tt18_dgn().recommendations, rec)})
    result = drafter().draft(request_for("tt18-2018", tt18_tdg(), dgn, target="cqg2"))
    assert result.uncovered_recommendations == [rec]


def test_tt57_rows_fill_the_ten_columns() -> None:
    tt57 = CATALOG.get("tt57-2026-pho-thong")
    levels = {c.code: 2 for c in tt57.criteria} | {"4.2": 1, "1.3": 1}
    tdg = report("tdg", tt57.id, SchoolType.THCS, {"4.2": (1, "Chưa có kênh tiếp nhận phản ánh về bắt nạt học đường.")},
                 levels=levels, default_level=2)
    result = drafter().draft(request_for(tt57.id, tdg, target="level2"))
    # both mandatory and one level short; the one with a written weakness goes first
    assert [c.need.code for c in result.criteria] == ["4.2", "1.3"]
    assert [i.criteria for i in result.priority_issues] == [("4.2",), ("1.3",)]
    row = result.criteria[0].suggestions[0].row
    assert row.content == "Chưa có kênh tiếp nhận phản ánh về bắt nạt học đường."
    assert row.target.startswith("Đạt Mức 2") and row.indicators and row.evidence
    names = set(tt57.criterion("4.2").quantitative_indicators)
    for s in result.criteria[0].suggestions:  # rows of another framework get the catalogue's indicator names
        if s.provenance.sources[0].framework != tt57.id:
            assert s.row.indicators and set(s.row.indicators) <= names


def test_build_plan_2018_and_tt57() -> None:
    result = drafter().draft(request_for("tt18-2018", tt18_tdg(), tt18_dgn(), target="cqg2"))
    from assistant.domain import SchoolProfile

    profile = SchoolProfile(name="Trường THCS Hòa Bình", school_type=SchoolType.THCS, abbreviation="THCSHB")
    rows = [c.suggestions[0].row for c in result.criteria]
    plan = build_plan(profile, TT18, rows, [], default_organisation(TT18, SchoolType.THCS), YEAR, has_dgn=True)
    assert [r.criterion for r in plan.rows] == sorted((r.criterion for r in rows), key=lambda c: tuple(map(int, c.split("."))))
    assert any(b.startswith("Thông tư số 18/2018/TT-BGDĐT") and "trung học cơ sở" in b for b in plan.bases)
    assert any("5932/BGDĐT-QLCL" in b for b in plan.bases) and any("đánh giá ngoài" in b for b in plan.bases)
    assert plan.recipients[0].startswith("Ủy ban nhân dân xã/phường") and plan.monitoring == ()
    assert any(YEAR in p for p in plan.purposes) and plan.header.number == "…/KH-THCSHB"
    assert [o.role for o in plan.organisation][0].startswith("Hiệu trưởng")

    mn = CATALOG.get("tt19-2018")
    assert any("5942/BGDĐT-QLCL" in b for b in build_plan(profile, mn, [], [], [], YEAR).bases)
    thpt = profile.model_copy(update={"school_type": SchoolType.THPT})
    tt57 = CATALOG.get("tt57-2026-pho-thong")
    plan57 = build_plan(thpt, tt57, rows[:1], [], [], YEAR)
    assert plan57.recipients[0].startswith("Sở Giáo dục và Đào tạo")
    assert [m.when for m in plan57.monitoring] == ["Cuối học kỳ I", "Cuối năm học"]
    assert any(b.startswith("Thông tư số 57/2026/TT-BGDĐT") for b in plan57.bases)
    assert any("vấn đề ưu tiên" in p for p in plan57.purposes)
    old = build_plan(profile, TT18, [], [], [], "2024-2025")
    assert old.recipients[0].startswith("Phòng Giáo dục và Đào tạo")


def test_warm_draft_of_28_criteria_is_fast() -> None:
    tdg = report("tdg", "tt18-2018", SchoolType.THCS,
                 {c.code: (1, f"Tiêu chí {c.title.lower()} còn hạn chế.") for c in TT18.criteria})
    request = request_for("tt18-2018", tdg, target="cqg2")
    assert len(request.needs) == 28
    d = drafter(bundled_rows())
    d.draft(request)  # warm
    start = time.perf_counter()
    result = d.draft(request)
    elapsed = time.perf_counter() - start
    assert all(1 <= len(c.suggestions) <= 3 for c in result.criteria)
    assert elapsed < 3.0, elapsed


# ------------------------------------------------------------------------------- caitien draft


@pytest.fixture
def cli_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line over the bundled rows with a lexical index (no model, no shared cache)."""
    from drafting_support import lexical_retriever

    from assistant import services
    from assistant.cli import draft as draft_cmd

    rows = bundled_rows()
    reports = {"tdg.docx": tt18_tdg(), "dgn.docx": tt18_dgn(),
               "dgn-as-tdg.docx": tt18_dgn()}
    # cached like the real getters (services.reset() clears them at teardown)
    monkeypatch.setattr(services, "get_retriever", functools.lru_cache(maxsize=1)(lambda: lexical_retriever(rows)))
    monkeypatch.setattr(services, "get_corpus_rows", functools.lru_cache(maxsize=1)(lambda: {r.id: r for r in rows}))
    monkeypatch.setattr(draft_cmd, "_read", lambda path, catalog, framework_id=None: reports[path])


def _run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    import json

    from assistant.cli import main

    assert main(["draft", "--report", "tdg.docx", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_cli_draft_json_shape(cli_corpus: None, capsys: pytest.CaptureFixture[str]) -> None:
    data = _run_json(capsys, "--evaluation", "dgn.docx", "--year", "2025-2026", "--target", "cqg2")
    assert data["framework"] == "tt18-2018" and data["school_year"] == "2025-2026"
    assert {c["criterion"] for c in data["criteria"]} >= set(TT18_WEAK)
    for c in data["criteria"]:
        assert c["reasons"] and 1 <= len(c["suggestions"]) <= 3
        for s in c["suggestions"]:
            assert {"target", "actions", "owners", "timeline", "budget", "evidence", "sources", "serves", "checks"} <= set(s)
            assert {"text", "source", "score"} <= set(s["sources"][0]) and "from" not in s
    assert data["uncovered_recommendations"] == []


def test_cli_draft_defaults_to_tt57_for_2026_and_carries_over(cli_corpus: None,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    data = _run_json(capsys, "--evaluation", "dgn.docx", "--year", "2026-2027")
    assert data["framework"] == "tt57-2026-pho-thong"
    first = data["criteria"][0]
    assert first["mandatory"] and first["estimated"]
    assert all(s["from"] and s["approximate"] for c in data["criteria"] for s in c["suggestions"])
    assert data["priority_issues"] and any("ước tính" in n for n in data["notices"])


def test_cli_draft_writes_the_plan(cli_corpus: None, tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.cli import main
    from assistant.export import plan_from_json

    out = tmp_path / "plan.json"
    assert main(["draft", "--report", "tdg.docx", "--year", "2025-2026", "--target", "cqg2", "-o", str(out)]) == 0
    plan = plan_from_json(out.read_text(encoding="utf-8"))
    assert {r.criterion for r in plan.rows} == set(TT18_WEAK) and plan.header.school_year == "2025-2026"
    assert "Đã ghi kế hoạch" in capsys.readouterr().out
    docx = tmp_path / "plan.docx"
    assert main(["draft", "--report", "tdg.docx", "--year", "2026-2027", "-o", str(docx)]) == 0
    assert docx.read_bytes()[:2] == b"PK"


def test_cli_draft_errors_are_vietnamese(cli_corpus: None, capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.cli import main

    assert main(["draft", "--report", "dgn-as-tdg.docx"]) == 2
    assert "báo cáo đánh giá ngoài" in capsys.readouterr().err
    assert main(["draft", "--report", "tdg.docx", "--year", "năm sau"]) == 2
    assert "không hợp lệ" in capsys.readouterr().err
    assert main(["draft", "--report", "tdg.docx", "-o", "plan.pdf"]) == 2
    assert ".docx, .xlsx" in capsys.readouterr().err


# ------------------------------------------------------------------------------ leave one out


def test_leave_one_out_on_seed_002_lexical(cli_corpus: None) -> None:
    """Seed 002 removed: drafted actions are close to what the school wrote far more often than chance."""
    from benchmarks.leave_one_out import run

    result = run(lexical=True)
    assert result["seed_002_rows_used"] == 0 and result["criteria"] == 28
    assert result["null_share"] < 0.1
    assert result["share_close"] >= 3 * result["null_share"]


@pytest.mark.slow
def test_leave_one_out_on_seed_002_with_e5() -> None:
    """With the e5 model (the default install): most criteria get an action close to the school's."""
    from assistant import services
    from benchmarks.leave_one_out import run

    if services.get_embedder() is None:
        pytest.skip("no dense embedding model in this installation (lexical-only search)")
    result = run(lexical=False)
    assert result["seed_002_rows_used"] == 0
    assert result["share_close"] > 0.5, result
