"""The trainer's gallery: examples by framework/standard/criterion with why and what they serve, the
side-by-side comparison with the closest examples, and the demonstration plan from the sample report."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.catalog import Catalog
from assistant.domain import PlanRow
from assistant.errors import InputError
from assistant.gallery import browse, compare, demo_report, facets, resolve_refs
from assistant.reports import read_report
from corpus.loader import load_bundled_rows, load_exemplars
from corpus.schema import CorpusRow
from retrieval.docs import framework_infos, rows_to_docs
from retrieval.hybrid import HybridRetriever
from tests.issue9_support import controller, errors, start_plan, wired_state  # noqa: F401 - the fixture below

pytestmark = pytest.mark.usefixtures("wired_state")

DRAFT = PlanRow(criterion="3.6", target="Đạt Mức 3",
                actions=("Lắp máy tính kết nối Internet tại thư viện cho học sinh tra cứu",),
                owners="Nhân viên thư viện", timeline="Khi có kinh phí")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load()


@pytest.fixture(scope="module")
def rows() -> dict[str, CorpusRow]:
    """A few real rows: the TT18 exemplars of standard 3 and the seed rows of the same criteria."""
    chosen = [r for r in load_bundled_rows() if r.framework == "tt18-2018" and r.criterion.startswith("3.")]
    return {r.id: r for r in chosen}


def small_retriever(rows: dict[str, CorpusRow]) -> HybridRetriever:
    """A real hybrid retriever over those rows (lexical: no model needed in the tests)."""
    retriever = HybridRetriever(None, frameworks=framework_infos())
    retriever.add(rows_to_docs(rows.values()))
    return retriever


def test_browse_by_framework_standard_and_criterion(catalog: Catalog) -> None:
    exemplars = load_exemplars()
    items = browse(exemplars, catalog, framework="tt18-2018", criterion="3.6")
    assert [i.row.id for i in items] == ["ex-tt18-2018-3.6-1", "ex-tt18-2018-3.6-2", "ex-tt18-2018-3.6-3"]
    first = items[0]
    assert first.kind_label == "Ví dụ mẫu" and first.standard == "3" and first.row.why
    assert first.criterion_title == catalog.get("tt18-2018").criterion("3.6").title
    assert first.serves_text and first.serves_text[0].startswith("Mức 2 (3.6 M2 *): ")
    assert len(items[2].requirements) >= 2  # "3.6 M2 *" and "3.6 M1 b" resolved to the catalogue's texts
    standard = browse(exemplars, catalog, framework="tt18-2018", standard="3")
    assert {i.row.criterion for i in standard} == {f"3.{n}" for n in range(1, 7)}
    assert all(i.standard_title for i in standard)
    found = browse(exemplars, catalog, framework="tt18-2018", text="may tinh internet")  # typed without accents
    assert "ex-tt18-2018-3.6-2" in [i.row.id for i in found]
    seeds = browse(load_bundled_rows(), catalog, framework="tt18-2018", kinds=("seed",))
    assert seeds and {i.kind_label for i in seeds} == {"Kế hoạch thực tế"}
    counts = facets(exemplars, framework="tt57-2026-pho-thong")
    assert counts["frameworks"]["tt57-2026-pho-thong"] == 45 and counts["criteria"]["1.1"] == 3
    assert list(counts["criteria"])[:2] == ["1.1", "1.2"]


def test_resolve_refs(catalog: Catalog) -> None:
    framework = catalog.get("tt18-2018")
    found = resolve_refs(framework, ["3.6 M1 b", "3.6 M2 *", "9.9 M1 a", "không phải mã"])
    assert found[0].ref == "3.6 M1 b" and {r.level for r in found} == {1, 2}
    assert all(r.criterion == "3.6" for r in found)


def test_compare_with_a_small_hybrid_retriever(catalog: Catalog, rows: dict[str, CorpusRow]) -> None:
    result = compare(DRAFT, "tt18-2018", rows, catalog, retriever=small_retriever(rows), k=2, school_year="2025-2026")
    assert result.method == "retriever" and len(result.matches) == 2
    best = result.matches[0]
    assert best.item.row.id == "ex-tt18-2018-3.6-2" and best.same_criterion
    assert all(m.item.row.criterion == "3.6" and m.item.row.kind == "exemplar" for m in result.matches)
    labels = [f.label for f in best.fields]
    assert labels.index("Mục tiêu / kết quả cần đạt") < labels.index("Hoạt động / giải pháp")  # the plan's order
    actions = next(f for f in best.fields if f.label == "Hoạt động / giải pháp")
    assert actions.draft == "- Lắp máy tính kết nối Internet tại thư viện cho học sinh tra cứu"
    assert actions.example.startswith("- Lắp 10 máy tính")
    assert "Ví dụ ghi thời gian theo tháng; thời gian của trường chưa rõ tháng nào." in best.hints
    assert "Mục tiêu của ví dụ có con số cụ thể; mục tiêu của trường chỉ ghi chung." not in best.hints


def test_compare_without_a_retriever_scores_shared_syllables(catalog: Catalog, rows: dict[str, CorpusRow]) -> None:
    result = compare(DRAFT, "tt18-2018", rows, catalog, k=3)
    assert result.method == "lexical" and result.matches[0].item.row.id == "ex-tt18-2018-3.6-2"
    assert [m.score for m in result.matches] == sorted((m.score for m in result.matches), reverse=True)
    lonely = DRAFT.model_copy(update={"criterion": "1.1"})  # no example of 1.1 among these rows
    other = compare(lonely, "tt18-2018", rows, catalog, k=1)
    assert other.matches and not other.matches[0].same_criterion
    with pytest.raises(InputError, match="chưa có nội dung"):
        compare(PlanRow(criterion="3.6"), "tt18-2018", rows, catalog)


def test_the_sample_report_is_a_real_28_criterion_tdg(catalog: Catalog) -> None:
    data, name = demo_report()
    assert name.endswith(".docx") and len(data) < 150_000
    report = read_report(data, name, catalog)
    assert report.kind == "tdg" and report.framework_id == "tt18-2018" and len(report.assessments) == 28
    assert report.school_name == "Trường THCS Nguyễn Du"


# -- through the controller ------------------------------------------------------------------


def test_controller_demo_then_compare_a_row(tmp_path: Path, rows: dict[str, CorpusRow]) -> None:
    ctl = controller(tmp_path, real_reader=True)
    ctl.services.corpus_rows = lambda: rows
    retriever = small_retriever(rows)
    ctl.services.retriever = lambda: retriever
    assert ctl.start_demo()
    assert ctl.state.profile.name == "Trường THCS Nguyễn Du (bản minh họa)" and ctl.step == 3
    assert ctl.state.tdg is not None and len(ctl.state.tdg.assessments) == 28 and ctl.state.selected
    assert ctl.framework.id == "tt18-2018" and ctl.draft_id is not None and errors(ctl) == []
    ctl.add_criterion("3.6")
    sid = ctl.add_row("3.6", {"target": DRAFT.target, "actions": DRAFT.actions[0], "timeline": DRAFT.timeline})
    result = ctl.gallery_compare(sid)
    assert result.matches[0].item.row.id == "ex-tt18-2018-3.6-2"
    assert ctl.gallery_compare("s-none") is None and "Không tìm thấy hàng" in errors(ctl)[0]
    items = ctl.gallery_browse(criterion="3.6")
    assert [i.row.id for i in items][:1] == ["ex-tt18-2018-3.6-1"]  # the draft's framework by default
    again = type(ctl)(ctl.services, ctl.draft_id)
    assert again.state.profile.name.endswith("(bản minh họa)") and again.step == 3


def _gallery_page() -> None:
    import streamlit as st

    from assistant.ui import page_gallery

    page_gallery.render(st.session_state["controller"])


def test_gallery_page_browses_and_starts_the_demo(tmp_path: Path, rows: dict[str, CorpusRow]) -> None:
    ctl = controller(tmp_path, real_reader=True)
    ctl.services.corpus_rows = lambda: rows
    at = AppTest.from_function(_gallery_page, default_timeout=60)
    at.session_state["controller"] = ctl
    at.run()
    assert not at.exception
    assert at.selectbox(key="gallery_framework__moi").value == "tt57-2026-pho-thong"
    at.selectbox(key="gallery_framework__moi").select("tt18-2018").run()
    at.selectbox(key="gallery_crit_tt18-2018___moi").select("3.6").run()
    titles = [e.label for e in at.expander]
    assert any(t.startswith("Tiêu chí 3.6 – ") and "Ví dụ mẫu" in t for t in titles) and len(titles) == 3
    assert any("Vì sao là ví dụ tốt" in s.value for s in at.success)
    at.button(key="start_demo").click().run()
    assert not at.exception and ctl.state.tdg is not None and ctl.draft_id is not None


def _shell() -> None:
    import streamlit as st

    from assistant.ui import pages

    ctl = st.session_state["controller"]
    if st.session_state.get("_trang_dau", True):
        pages.render_trainer_entry(ctl)
    else:
        pages.render_menu(ctl)
        title, render = pages.current(ctl, "Bước hiện tại", lambda c: st.markdown("NỘI DUNG BƯỚC"))
        st.markdown(f"TIÊU ĐỀ: {title}")
        render(ctl)


def test_pages_open_from_the_menu_and_the_start_page(tmp_path: Path,
                                                     rows: dict[str, CorpusRow]) -> None:
    ctl = controller(tmp_path, real_reader=True)
    ctl.services.corpus_rows = lambda: rows
    at = AppTest.from_function(_shell, default_timeout=60)
    at.session_state["controller"] = ctl
    at.run()
    at.button(key="landing_gallery").click().run()
    assert not at.exception and "TIÊU ĐỀ: Thư viện ví dụ" in [m.value for m in at.markdown]
    at.button(key="page_close").click().run()
    assert "NỘI DUNG BƯỚC" in [m.value for m in at.markdown]
    at.button(key="page_hoi_dong").click().run()
    assert "TIÊU ĐỀ: Hội đồng góp ý" in [m.value for m in at.markdown] and not at.exception
    ctl.go_to(4)  # a click on the stepper moves the wizard: the page gives way to the step
    at.run()
    assert "NỘI DUNG BƯỚC" in [m.value for m in at.markdown]
    at.session_state["_trang_dau"] = True
    at.run()
    at.button(key="landing_demo").click().run()
    assert not at.exception and ctl.state.profile.name.endswith("(bản minh họa)")
    assert "TIÊU ĐỀ: Bước hiện tại" in [m.value for m in at.markdown]
