"""Dense index: the exact scan and the HNSW path of large corpora agree on what matters."""

from __future__ import annotations

import numpy as np
import pytest

from retrieval.base import Filters
from retrieval.dense import DenseIndex
from retrieval.hybrid import HybridRetriever
from tests.retrieval_support import FRAMEWORKS, AccentSensitiveEmbedder, sample_docs


def clustered(n: int, dim: int = 32, seed: int = 3) -> np.ndarray:
    """Unit vectors around 20 centres, like real rows around their criteria."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((20, dim))
    x = centres[rng.integers(0, 20, n)] + 0.4 * rng.standard_normal((n, dim))
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def pair(n: int = 3000) -> tuple[DenseIndex, DenseIndex, np.ndarray]:
    x = clustered(n)
    exact, graph = DenseIndex(x.shape[1]), DenseIndex(x.shape[1], ann_min_rows=1000)
    exact.add(x)
    graph.add(x)
    return exact, graph, x


def test_graph_top_matches_the_exact_scan() -> None:
    exact, graph, x = pair()
    for q in x[:25] + 0.05:
        q = q / np.linalg.norm(q)
        want, want_cos = exact.top(q, 10)
        got, got_cos = graph.top(q, 10)
        assert graph._graph is not None  # the graph path really ran
        assert len(set(want) & set(got)) >= 9
        np.testing.assert_allclose(got_cos, x[got] @ q, rtol=1e-5)  # cosines are exact
        assert list(got_cos) == sorted(got_cos, reverse=True)


def test_graph_respects_a_filter_and_narrow_filters_scan_exactly() -> None:
    exact, graph, x = pair()
    wide = np.arange(0, len(x), 3)  # a third of the rows: the graph with a selector
    got, _ = graph.top(x[7], 20, wide)
    assert got.size == 20 and set(got) <= set(wide)
    assert len(set(got) & set(exact.top(x[7], 20, wide)[0])) >= 18
    narrow = np.arange(0, len(x), 50)  # 2 %: an exact scan of those rows
    got, cos = graph.top(x[50], 5, narrow)
    want, want_cos = exact.top(x[50], 5, narrow)
    assert list(got) == list(want) and got[0] == 50
    np.testing.assert_allclose(cos, want_cos, rtol=1e-6)


def test_rows_added_after_the_graph_are_found() -> None:
    x = clustered(2000)
    index = DenseIndex(x.shape[1], ann_min_rows=1000)
    index.add(x[:1500])
    index.prepare()
    assert index._graph is not None and index._graph.ntotal == 1500
    index.add(x[1500:])
    got, cos = index.top(x[1800], 3)
    assert got[0] == 1800 and cos[0] == pytest.approx(1.0, abs=1e-5)


def test_hybrid_results_do_not_depend_on_the_dense_path() -> None:
    """The same docs searched through the exact scan and through the graph give the same hits."""
    small = HybridRetriever(AccentSensitiveEmbedder(), frameworks=FRAMEWORKS)
    small.add(sample_docs())
    big = HybridRetriever(AccentSensitiveEmbedder(), frameworks=FRAMEWORKS)
    assert big.dense is not None
    big.dense.ann_min_rows = 1
    big.add(sample_docs())
    big.prepare()
    for query, filters in (
        ("nhà vệ sinh học sinh xuống cấp", None),
        ("sach tham khao thu vien", Filters(frameworks=("tt18-2018",))),
        ("giáo viên bồi dưỡng", Filters(frameworks=("tt18-2018", "tt19-2018"))),
    ):
        a, b = small.search(query, 5, filters), big.search(query, 5, filters)
        assert [h.doc.id for h in a] == [h.doc.id for h in b]
        assert [h.dense for h in a] == [h.dense for h in b]
    assert big.dense._graph is not None
