"""Lexical search: accent folding, syllable bigrams, BM25 against rank_bm25, accent restoration."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from retrieval.accents import AccentModel
from retrieval.lexical import BM25Index, lexical_terms, top_k

DOCS = [
    "Nhà vệ sinh học sinh xuống cấp, cần sửa chữa",
    "Giáo viên tham gia bồi dưỡng chuyên môn",
    "Thư viện có đủ sách giáo khoa và sách tham khảo",
    "Cha mẹ học sinh đóng góp xây dựng nhà vệ sinh mới",
    "Sân chơi, bãi tập rộng rãi, nhiều cây xanh",
    "Hệ thống cấp thoát nước hư hỏng",
    "Đội ngũ nhân viên đảm nhiệm công việc được giao",
]


def test_terms_are_folded_syllables_then_bigrams() -> None:
    assert lexical_terms("Nhà vệ sinh, Đội") == ["nha", "ve", "sinh", "doi", "nha_ve", "ve_sinh", "sinh_doi"]
    assert lexical_terms("nha ve sinh") == lexical_terms("NHÀ VỆ SINH")
    assert lexical_terms("") == []


def test_unaccented_query_finds_accented_text() -> None:
    index = BM25Index()
    index.add(DOCS)
    best = top_k(index.scores("nha ve sinh xuong cap"), 2)
    assert best[0][0] == 0
    assert index.top("doi ngu nhan vien", 1)[0][0] == 6  # đ folds to d


def test_bigrams_rank_the_phrase_above_scattered_words() -> None:
    index = BM25Index()
    index.add(["sinh hoạt của nhà trường, vệ sinh chung", "nhà vệ sinh của trường"])
    scores = index.scores("nhà vệ sinh")
    assert scores[1] > scores[0] > 0


def test_scores_equal_rank_bm25_okapi() -> None:
    """Same formula as the reference implementation (pinned rank_bm25) in its Okapi variant."""
    tokenised = [lexical_terms(d) for d in DOCS]
    reference = BM25Okapi(tokenised, k1=1.2, b=0.75, epsilon=0.25)
    index = BM25Index(idf="okapi")
    index.add(DOCS)
    for query in ("nha ve sinh hu hong", "giáo viên bồi dưỡng", "sách tham khảo thư viện", "không có từ nào"):
        expected = reference.get_scores(lexical_terms(query))
        np.testing.assert_allclose(index.scores(query), expected, rtol=1e-5, atol=1e-6)


def test_incremental_add_equals_building_at_once() -> None:
    whole = BM25Index()
    whole.add(DOCS)
    parts = BM25Index()
    parts.add(DOCS[:3])
    parts.scores("khởi tạo")  # force the weights once, then add more rows
    parts.add(DOCS[3:])
    np.testing.assert_allclose(parts.scores("nhà vệ sinh giáo viên"), whole.scores("nhà vệ sinh giáo viên"))
    assert len(parts) == len(DOCS)


def test_mask_and_positive_only() -> None:
    index = BM25Index()
    index.add(DOCS)
    mask = np.zeros(len(DOCS), bool)
    mask[3] = True
    assert [i for i, _ in index.top("nhà vệ sinh", 5, mask)] == [3]
    assert index.top("từ lạ hoắc", 5) == []


def test_top_k_breaks_ties_by_row() -> None:
    assert top_k(np.array([1.0, 3.0, 3.0, 2.0]), 3) == [(1, 3.0), (2, 3.0), (3, 2.0)]
    assert top_k(np.array([]), 3) == []


def test_save_load_round_trip(tmp_path: Path) -> None:
    index = BM25Index()
    index.add(DOCS)
    index.save(tmp_path)
    again = BM25Index.load(tmp_path)
    np.testing.assert_allclose(again.scores("thu vien sach"), index.scores("thu vien sach"))
    again.add(["thư viện mới"])
    assert len(again) == len(DOCS) + 1


def test_load_rejects_inconsistent_arrays(tmp_path: Path) -> None:
    index = BM25Index()
    index.add(DOCS)
    index.save(tmp_path)
    np.save(tmp_path / "bm25_tf.npy", np.ones(3, np.float32))
    with pytest.raises(ValueError):
        BM25Index.load(tmp_path)


def test_accents_restored_from_the_corpus() -> None:
    model = AccentModel()
    model.add(DOCS + ["Nhà vệ sinh của học sinh chưa đạt chuẩn", "Sửa chữa nhà vệ sinh"])
    assert model.restore("nha ve sinh xuong cap") == "nhà vệ sinh xuống cấp"
    assert model.restore("thu vien, sach tham khao") == "thư viện, sách tham khảo"
    assert model.restore("tu la hoac") == "tu la hoac"  # unknown syllables stay as typed


def test_accent_model_round_trip() -> None:
    model = AccentModel()
    model.add(DOCS)
    again = AccentModel.from_json(model.to_json())
    assert again.restore("giao vien boi duong") == model.restore("giao vien boi duong") == "giáo viên bồi dưỡng"
