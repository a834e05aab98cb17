"""Dense index: FAISS ``IndexFlatIP`` over L2-normalised vectors, so scores are cosines.

Exact (flat) search is right at this size: 100 000 rows of 384 floats is 150 MB and a scan takes
a few milliseconds.  Filtered scans read FAISS's own storage through a zero-copy numpy view, which
restricts the work to the rows that pass the filters.  The index is exposed to langchain as a
``langchain_community`` FAISS vector store built around the same FAISS object (never unpickled):
vectors persist as ``.npy`` and the docs as JSON Lines written by :mod:`retrieval.store`.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from functools import lru_cache
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from .base import Doc

VECTORS_FILE = "vectors.npy"
_THREADED_SCAN = 2_000_000  # floats; below this a scan takes well under a millisecond anyway


class DenseIndex:
    """Normalised vectors in a flat inner-product FAISS index; row ``i`` is doc ``i``."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self.index = faiss.IndexFlatIP(dim)

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
        count = len(self) if rows is None else rows.size
        with _single_blas_thread() if count * self.dim > _THREADED_SCAN else nullcontext():
            return (xb @ q) if rows is None else (xb[rows] @ q)

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
def _blas_controller() -> Any:
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:
        return None
    return ThreadpoolController()


def _single_blas_thread() -> AbstractContextManager[Any]:
    """A large scan is memory-bound: one BLAS thread is nearly as fast on an idle machine and
    much faster on a busy one, where spinning worker threads fight other processes for cores."""
    controller = _blas_controller()
    return controller.limit(limits=1, user_api="blas") if controller is not None else nullcontext()


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
