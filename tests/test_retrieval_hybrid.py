"""Hybrid retriever: filters, fusion, cross-generation, incremental add, persistence, langchain."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from retrieval.base import Doc, Filters
from retrieval.embedders import LexicalOnly, as_langchain
from retrieval.hybrid import FusionConfig, HybridRetriever
from retrieval.persist import IndexMismatch, fingerprint
from tests.retrieval_support import FRAMEWORKS, AccentSensitiveEmbedder, sample_docs


@pytest.fixture
def retriever() -> HybridRetriever:
    r = HybridRetriever(AccentSensitiveEmbedder(), frameworks=FRAMEWORKS)
    r.add(sample_docs())
    return r


def ids(hits) -> list[str]:
    return [h.doc.id for h in hits]


def test_accented_query_finds_the_row_with_cosine(retriever: HybridRetriever) -> None:
    hits = retriever.search("nhà vệ sinh học sinh xuống cấp", k=3, filters=Filters(frameworks=("tt18-2018",)))
    assert hits[0].doc.id == "r1"
    assert hits[0].dense is not None and 0 < hits[0].dense <= 1.0 + 1e-6
    assert hits[0].lexical and hits[0].lexical > 0
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_unaccented_query_leans_on_lexical(retriever: HybridRetriever) -> None:
    """The fake dense model cannot read text without marks; the fused ranking still finds it."""
    filters = Filters(frameworks=("tt18-2018",))
    hits = retriever.search("sach tham khao thu vien", k=2, filters=filters)
    assert hits[0].doc.criterion == "3.6"
    no_restore = replace(retriever.config, restore_accents=False)
    retriever.config = no_restore
    assert retriever.search("sach tham khao thu vien", k=1, filters=filters)[0].doc.criterion == "3.6"


def test_accents_restored_before_embedding(retriever: HybridRetriever) -> None:
    assert retriever.dense_query("nha ve sinh hoc sinh") == "nhà vệ sinh học sinh"
    assert retriever.dense_query("Nhà vệ sinh") == "Nhà vệ sinh"


def test_filters_apply_before_ranking(retriever: HybridRetriever) -> None:
    assert set(ids(retriever.search("vệ sinh", 10, Filters(frameworks=("tt19-2018",))))) <= {"r4", "r5", "r10"}
    assert ids(retriever.search("vệ sinh", 10, Filters(criteria=("3.6",), frameworks=("tt19-2018",)))) == ["r4"]
    kinds = retriever.search("vệ sinh", 10, Filters(kinds=("catalogue",)))
    assert kinds and {h.doc.kind for h in kinds} == {"catalogue"}
    typed = retriever.search("vệ sinh giáo viên", 10, Filters(school_types=("MN",)))
    assert typed and {h.doc.school_type for h in typed} == {"MN"}
    assert retriever.search("vệ sinh", 10, Filters(frameworks=("khong-co",))) == []
    assert retriever.search("", 10) == []


def test_multi_type_catalogue_docs_match_each_type(retriever: HybridRetriever) -> None:
    hits = retriever.search("khu vệ sinh nam nữ", 10, Filters(school_types=("THPT",), kinds=("catalogue",)))
    assert "c1" in ids(hits)


def test_cross_generation_searches_2018_rows_and_marks_them(retriever: HybridRetriever) -> None:
    filters = Filters(frameworks=("tt57-2026-pho-thong",), criteria=("4.1",))
    same = retriever.search("nhà vệ sinh xuống cấp", 10, filters)
    assert ids(same) == ["r7"] and not same[0].cross_generation
    both = retriever.search("nhà vệ sinh xuống cấp", 10, filters, cross_generation=True)
    cross = [h for h in both if h.cross_generation]
    assert {h.doc.framework for h in cross} <= {"tt17-2018", "tt18-2018"}
    assert cross[0].doc.id in {"r1", "r9"}  # by meaning, whatever their 2018 criterion number
    assert all(not h.cross_generation for h in both if h.doc.framework.startswith("tt57"))
    assert "r4" not in ids(both)  # mầm non rows are not for a phổ thông framework


def test_cross_generation_follows_school_type(retriever: HybridRetriever) -> None:
    filters = Filters(frameworks=("tt57-2026-mam-non",))
    hits = retriever.search("khu vệ sinh cho trẻ", 5, filters, cross_generation=True)
    assert hits[0].doc.id == "r4" and hits[0].cross_generation


def test_criterion_support_and_plain_rrf_both_rank() -> None:
    r = HybridRetriever(AccentSensitiveEmbedder(), frameworks=FRAMEWORKS, config=FusionConfig(criterion_share=0.0))
    r.add(sample_docs())
    plain = r.search("nhà vệ sinh", 5)
    r.config = FusionConfig()
    supported = r.search("nhà vệ sinh", 5)
    assert {h.doc.criterion for h in plain[:2]} & {"3.4", "3.6"}
    assert {h.doc.criterion for h in supported[:2]} & {"3.4", "3.6"}


def test_lexical_only_retriever() -> None:
    r = HybridRetriever(LexicalOnly("test"), frameworks=FRAMEWORKS)
    r.add(sample_docs())
    hits = r.search("nha ve sinh", 3)
    assert r.dense is None and hits and hits[0].dense is None
    assert hits[0].doc.criterion in {"3.4", "3.6"}


def test_add_is_incremental_and_skips_known_ids() -> None:
    embedder = AccentSensitiveEmbedder()
    r = HybridRetriever(embedder, frameworks=FRAMEWORKS)
    docs = sample_docs()
    assert r.add(docs[:5]) == 5
    assert r.add(docs) == len(docs) - 5
    assert embedder.passage_calls == len(docs)
    assert r.add(docs) == 0
    assert r.doc("r3").criterion == "2.2" and "r3" in r
    assert r.search("bồi dưỡng giáo viên", 1, Filters(frameworks=("tt18-2018",)))[0].doc.id == "r3"


def test_known_vectors_are_reused_on_rebuild(retriever: HybridRetriever) -> None:
    embedder = AccentSensitiveEmbedder()
    fresh = HybridRetriever(embedder, frameworks=FRAMEWORKS)
    docs = [*sample_docs(), Doc("new", "Một dòng hoàn toàn mới về thư viện", "tt18-2018", "3.6")]
    fresh.add(docs, known=retriever.known_vectors())
    assert embedder.passage_calls == 1
    np.testing.assert_allclose(fresh.dense.vectors[: len(retriever)], retriever.dense.vectors)


def test_save_load_round_trip(tmp_path: Path, retriever: HybridRetriever) -> None:
    folder = tmp_path / "index"
    retriever.save(folder)
    again = HybridRetriever.load(folder, AccentSensitiveEmbedder(), frameworks=FRAMEWORKS)
    assert again.docs == retriever.docs
    assert again.fingerprint() == retriever.fingerprint()
    query, filters = "nha ve sinh hoc sinh", Filters(frameworks=("tt18-2018",))
    assert ids(again.search(query, 5, filters)) == ids(retriever.search(query, 5, filters))
    again.add([Doc("x1", "Tổ chức tập huấn phòng cháy chữa cháy", "tt18-2018", "1.10")])
    assert again.search("phòng cháy chữa cháy", 1)[0].doc.id == "x1"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["embedder"] == "fake-accent-sensitive" and manifest["dim"] == 64
    assert manifest["count"] == len(retriever)


def test_index_built_with_another_model_is_refused(tmp_path: Path, retriever: HybridRetriever) -> None:
    folder = tmp_path / "index"
    retriever.save(folder)
    other = AccentSensitiveEmbedder()
    other.name = "another-model"
    with pytest.raises(IndexMismatch, match="mô hình khác"):
        HybridRetriever.load(folder, other, frameworks=FRAMEWORKS)
    with pytest.raises(IndexMismatch):
        HybridRetriever.load(folder, LexicalOnly(), frameworks=FRAMEWORKS)
    with pytest.raises(IndexMismatch, match="chưa có"):
        HybridRetriever.load(tmp_path / "missing", other, frameworks=FRAMEWORKS)


def test_damaged_or_pickled_index_is_refused(tmp_path: Path, retriever: HybridRetriever) -> None:
    folder = tmp_path / "index"
    retriever.save(folder)
    np.save(folder / "vectors.npy", np.array([{"boom": 1}], dtype=object), allow_pickle=True)
    with pytest.raises(IndexMismatch, match="hỏng"):
        HybridRetriever.load(folder, AccentSensitiveEmbedder(), frameworks=FRAMEWORKS)
    retriever.save(folder)
    lines = (folder / "docs.jsonl").read_text(encoding="utf-8").splitlines()
    (folder / "docs.jsonl").write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    with pytest.raises(IndexMismatch, match="không nhất quán"):
        HybridRetriever.load(folder, AccentSensitiveEmbedder(), frameworks=FRAMEWORKS)


def test_fingerprint_ignores_order_but_not_content() -> None:
    docs = sample_docs()
    assert fingerprint(docs) == fingerprint(list(reversed(docs)))
    assert fingerprint(docs) != fingerprint([replace(docs[0], text="khác"), *docs[1:]])


def test_langchain_vector_store_and_embeddings(retriever: HybridRetriever) -> None:
    store = retriever.as_vectorstore()
    results = store.similarity_search_with_score("bếp ăn một chiều lưu mẫu thức ăn", k=2)
    doc, score = results[0]
    assert doc.metadata["id"] == "r5" and doc.metadata["criterion"] == "3.4"
    assert 0.0 < score <= 1.0 + 1e-6  # cosine: higher is closer
    assert results[0][1] >= results[1][1]
    lc = as_langchain(retriever.embedder)
    assert len(lc.embed_query("thư viện")) == 64 and len(lc.embed_documents(["a", "b"])) == 2
