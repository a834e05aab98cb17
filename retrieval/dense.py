"""Dense index: FAISS ``IndexFlatIP`` over L2-normalised vectors, so scores are cosines.

Exact (flat) search is right for a school's corpus (a few thousand rows: a scan takes well under
a millisecond).  Filtered scans read FAISS's own storage through a zero-copy numpy view, which
restricts the work to the rows that pass the filters.  From :data:`ANN_MIN_ROWS` rows on, a scan
of every row costs 6-11 ms (100 000 x 384 floats is memory-bound), so the best candidates come
from an HNSW graph over the same vectors instead (1 ms, 0.98 of the exact top 10 measured on
recombined real rows); their cosines are exact all the same, because the graph stores the
vectors unchanged.  The index is exposed to langchain as a
``langchain_community`` FAISS vector store built around the same FAISS object (never unpickled):
vectors persist as ``.npy`` and the docs as JSON Lines written by :mod:`retrieval.store`.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from .base import Doc
from .fusion import top_indices

VECTORS_FILE = "vectors.npy"
ANN_MIN_ROWS = 40_000  # below this an exact scan costs under 5 ms
_HNSW_M = 32  # graph degree: 0.985 of the exact top 10 with efSearch 256 (M 16: 0.96)
_HNSW_EF_CONSTRUCTION = 80
_HNSW_EF_SEARCH = 256
_ANN_MIN_SHARE = 8  # a filter keeping under 1/8 of the rows is cheaper to scan exactly


class DenseIndex:
    """Normalised vectors in a flat inner-product FAISS index; row ``i`` is doc ``i``."""

    def __init__(self, dim: int, *, ann_min_rows: int = ANN_MIN_ROWS) -> None:
        self.dim = dim
        self.index = faiss.IndexFlatIP(dim)
        self.ann_min_rows = ann_min_rows
        self._graph: Any = None  # HNSW over the same vectors, built on first need
        _one_blas_thread()

    def __len__(self) -> int:
        return int(self.index.ntotal)

    def add(self, vectors: np.ndarray) -> None:
        """Append rows; they must be unit length (the embedders guarantee it)."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or vectors.shape[1] != self.dim:
            raise ValueError(f"vectors of shape {vectors.shape} do not fit a {self.dim}-dimension index")
        if len(vectors):
            self.index.add(vectors)

    @property
    def vectors(self) -> np.ndarray:
        """A read-only numpy view of FAISS's storage (valid until the next :meth:`add`)."""
        n = len(self)
        if not n:
            return np.zeros((0, self.dim), np.float32)
        view = faiss.rev_swig_ptr(self.index.get_xb(), n * self.dim).reshape(n, self.dim)
        view.flags.writeable = False
        return view

    def scores(self, query: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
        """Cosine of the query with every row, or with ``rows`` only (same order)."""
        q = np.asarray(query, dtype=np.float32).reshape(-1)
        xb = self.vectors
        return (xb @ q) if rows is None else (xb[rows] @ q)

    def top(self, query: np.ndarray, n: int, rows: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The ``n`` rows closest to the query (among ``rows`` when given) and their cosines,
        best first.  Exact below :attr:`ann_min_rows` rows or for a narrow filter; otherwise
        the candidates come from the HNSW graph (approximate set, exact cosines)."""
        q = np.asarray(query, dtype=np.float32).reshape(-1)
        count = len(self) if rows is None else int(rows.size)
        if n <= 0 or not count:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        if len(self) < self.ann_min_rows or count * _ANN_MIN_SHARE < len(self):
            scores = self.scores(q, rows)
            best = top_indices(scores, n)
            return (best if rows is None else rows[best]).astype(np.int64), scores[best]
        return self._graph_top(q, n, rows)

    def cosines(self, query: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Exact cosines of the query with a few given rows."""
        q = np.asarray(query, dtype=np.float32).reshape(-1)
        return self.vectors[np.asarray(rows, dtype=np.int64)] @ q

    def _graph_top(self, q: np.ndarray, n: int, rows: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        graph = self._ensure_graph()
        params = faiss.SearchParametersHNSW()  # type: ignore[attr-defined]  # missing from the stubs
        params.efSearch = max(_HNSW_EF_SEARCH, n)
        if rows is not None:
            bitmap = np.zeros(len(self), dtype=bool)
            bitmap[rows] = True
            packed = np.packbits(bitmap, bitorder="little")
            selector = faiss.IDSelectorBitmap(len(self), faiss.swig_ptr(packed))
            params.sel = selector  # ``packed`` and ``selector`` must outlive the search below
        sims, idx = graph.search(q.reshape(1, -1), min(n, len(self)), params=params)
        keep = idx[0] >= 0
        return idx[0][keep].astype(np.int64), sims[0][keep]

    def _ensure_graph(self) -> Any:
        """The HNSW graph, extended with rows added since it was last used."""
        if self._graph is None:
            self._graph = faiss.IndexHNSWFlat(self.dim, _HNSW_M, faiss.METRIC_INNER_PRODUCT)
            self._graph.hnsw.efConstruction = _HNSW_EF_CONSTRUCTION
        have = int(self._graph.ntotal)
        if have < len(self):
            self._graph.add(np.ascontiguousarray(self.vectors[have:]))
        return self._graph

    def prepare(self) -> None:
        """Build what the first large search would otherwise build (the HNSW graph)."""
        if len(self) >= self.ann_min_rows:
            self._ensure_graph()

    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """FAISS search over all rows: (row, cosine), best first."""
        if not len(self) or k <= 0:
            return []
        q = np.asarray(query, dtype=np.float32).reshape(1, -1)
        sims, idx = self.index.search(q, min(k, len(self)))
        return [(int(i), float(s)) for i, s in zip(idx[0], sims[0], strict=True) if i >= 0]

    def vectorstore(self, docs: Sequence[Doc], embeddings: Any) -> Any:
        """A langchain FAISS vector store over this index (cosine via max inner product).

        Add rows through the retriever, not through the store: the store is a view that is
        rebuilt on each call and does not update the retriever's docs.
        """
        if len(docs) != len(self):
            raise ValueError("docs and vectors are out of step")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            from langchain_community.docstore.in_memory import InMemoryDocstore
            from langchain_community.vectorstores import FAISS
            from langchain_community.vectorstores.utils import DistanceStrategy
        from langchain_core.documents import Document

        store = {
            d.id: Document(id=d.id, page_content=d.text, metadata=doc_metadata(d)) for d in docs
        }
        return FAISS(
            embedding_function=embeddings,
            index=self.index,
            docstore=InMemoryDocstore(store),
            index_to_docstore_id={i: d.id for i, d in enumerate(docs)},
            normalize_L2=False,  # the embedders already return unit vectors
            distance_strategy=DistanceStrategy.MAX_INNER_PRODUCT,
        )

    def save(self, folder: Path) -> None:
        """Write the vectors as one ``.npy`` file."""
        folder.mkdir(parents=True, exist_ok=True)
        np.save(folder / VECTORS_FILE, np.ascontiguousarray(self.vectors))

    @classmethod
    def load(cls, folder: Path, dim: int) -> DenseIndex:
        """Read vectors written by :meth:`save` (no pickle)."""
        vectors = np.load(folder / VECTORS_FILE, allow_pickle=False)
        if vectors.dtype != np.float32 or vectors.ndim != 2 or vectors.shape[1] != dim:
            raise ValueError(f"{folder}: vectors are {vectors.dtype} {vectors.shape}, expected float32 (n, {dim})")
        index = cls(dim)
        index.add(vectors)
        return index


@lru_cache(maxsize=1)
def _one_blas_thread() -> None:
    """Keep numpy's BLAS on one thread for the life of the process (done once).

    A scan is memory-bound, so a second thread gains little (6 vs 11 ms at 100 000 rows, idle),
    while BLAS worker threads keep spinning after each call and take the cores the query
    embedding needs next: a 15 ms query took 80-110 ms when a small multi-threaded scan had just
    run.  Limiting around each call instead cost 0.5 ms a search."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return
    threadpool_limits(limits=1, user_api="blas")


def doc_metadata(doc: Doc) -> dict[str, str]:
    """The metadata a langchain Document carries for a doc."""
    return {
        "id": doc.id,
        "framework": doc.framework,
        "criterion": doc.criterion,
        "school_type": doc.school_type,
        "kind": doc.kind,
        "source": doc.source,
    }
