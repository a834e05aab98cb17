"""Hybrid retrieval: filters first, then BM25 on folded syllables fused with e5 cosine.

Why this shape (figures in ``shared/docs/embeddings.md`` and ``benchmarks/retrieval_bench.py``):
- e5 is strong on accented paraphrases but collapses on text typed without diacritics, while BM25
  on folded syllables does not care; so a query without marks leans on lexical, an accented one on
  dense, and an unaccented query gets its marks restored from the corpus before it is embedded.
- Plain reciprocal rank fusion loses at rank 1 when one list is confidently right, so each list
  contributes its rank *and* its normalised score, and docs of the same criterion support each
  other (a criterion with several close docs beats a lone lucky match).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from corpus.text import has_diacritics

from .accents import AccentModel
from .base import Doc, Filters, Hit
from .dense import DenseIndex
from .docs import FrameworkInfo, framework_infos
from .embedders import as_langchain, is_dense
from .filters import MetadataColumns, cross_generation_frameworks
from .fusion import FusionConfig, contribution, criterion_support, fuse, ranked_contribution, top_indices
from .glossary import Glossary
from .lexical import BM25Index


class HybridRetriever:
    """An appendable index over docs: lexical always, dense when an embedder is given."""

    def __init__(
        self,
        embedder: Any = None,
        *,
        frameworks: Mapping[str, FrameworkInfo] | None = None,
        config: FusionConfig | None = None,
        glossary: Glossary | None = None,
    ) -> None:
        self.embedder: Any = embedder if is_dense(embedder) else None
        self.glossary = glossary if glossary is not None else Glossary.load()
        self.frameworks = dict(frameworks) if frameworks is not None else framework_infos()
        self.config = config or FusionConfig()
        self.lexical = BM25Index()
        self.dense = DenseIndex(self.embedder.dim) if self.embedder is not None else None
        self.accents = AccentModel()
        self.columns = MetadataColumns()
        self._docs: list[Doc] = []
        self._pos: dict[str, int] = {}
        # The app serves several sessions from one retriever: additions and the lazily built
        # structures (sparse weights, flattened columns) must not interleave with a search.
        self._lock = threading.RLock()

    # ------------------------------------------------------------------ contents
    def __len__(self) -> int:
        return len(self._docs)

    @property
    def docs(self) -> tuple[Doc, ...]:
        """Every indexed doc, in row order."""
        return tuple(self._docs)

    @property
    def embedder_name(self) -> str:
        """Name of the dense model, or "lexical"."""
        return self.embedder.name if self.embedder is not None else "lexical"

    def doc(self, doc_id: str) -> Doc:
        """The doc with this id (KeyError when absent)."""
        return self._docs[self._pos[doc_id]]

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._pos

    def add(
        self,
        docs: Sequence[Doc],
        *,
        vectors: np.ndarray | None = None,
        known: Mapping[str, np.ndarray] | None = None,
        batch: int = 256,
    ) -> int:
        """Index new docs (ids already present are skipped); returns how many were added.

        ``vectors`` gives the passages' vectors outright; ``known`` maps texts to vectors computed
        before (a previous index), so a rebuild embeds only the texts it has not seen.
        """
        with self._lock:
            return self._add(docs, vectors, known or {}, batch)

    def _add(self, docs: Sequence[Doc], vectors: np.ndarray | None, known: Mapping[str, np.ndarray], batch: int) -> int:
        fresh: list[Doc] = []
        seen = set(self._pos)
        for d in docs:
            if d.id not in seen:
                seen.add(d.id)
                fresh.append(d)
        if not fresh:
            return 0
        if self.dense is not None:
            self.dense.add(vectors if vectors is not None else self._embed([d.text for d in fresh], known, batch))
        self.lexical.add(d.text for d in fresh)
        self.accents.add(d.text for d in fresh)
        self.columns.add(fresh)
        for d in fresh:
            self._pos[d.id] = len(self._docs)
            self._docs.append(d)
        return len(fresh)

    def _embed(self, texts: list[str], known: Mapping[str, np.ndarray], batch: int) -> np.ndarray:
        """Passage vectors, reusing ``known`` ones and embedding each missing text once."""
        missing = [t for t in dict.fromkeys(texts) if t not in known]
        computed: dict[str, np.ndarray] = {}
        for start in range(0, len(missing), batch):
            chunk = missing[start : start + batch]
            computed.update(zip(chunk, self.embedder.embed_passages(chunk), strict=True))
        out = np.empty((len(texts), self.embedder.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            out[i] = computed[text] if text in computed else known[text]
        return out

    def prepare(self) -> None:
        """Build now what the first search would otherwise build (BM25 weights, HNSW graph)."""
        with self._lock:
            self.lexical.weights()
            if self.dense is not None:
                self.dense.prepare()

    def known_vectors(self) -> dict[str, np.ndarray]:
        """Text -> vector of every indexed doc (to reuse when rebuilding)."""
        if self.dense is None:
            return {}
        vectors = np.array(self.dense.vectors)  # a copy: the view dies with this index
        return {d.text: vectors[i] for i, d in enumerate(self._docs)}

    def restore(self, docs: list[Doc], *, lexical: BM25Index, dense: DenseIndex | None, accents: AccentModel) -> None:
        """Install indexes read from disk (see :mod:`retrieval.persist`)."""
        self._docs = list(docs)
        self._pos = {d.id: i for i, d in enumerate(self._docs)}
        self.lexical, self.dense, self.accents = lexical, dense, accents
        self.columns = MetadataColumns()
        self.columns.add(self._docs)

    def fingerprint(self) -> str:
        """sha256 over the indexed docs (ids, texts, metadata)."""
        from .persist import fingerprint

        return fingerprint(self._docs)

    def save(self, folder: Path) -> Path:
        """Persist to ``folder`` (manifest + JSON Lines + .npy; no pickle)."""
        from .persist import save

        return save(self, folder)

    @classmethod
    def load(
        cls,
        folder: Path,
        embedder: Any,
        *,
        frameworks: Mapping[str, FrameworkInfo] | None = None,
        config: FusionConfig | None = None,
    ) -> HybridRetriever:
        """Read an index saved by :meth:`save`; raises ``persist.IndexMismatch`` when unusable."""
        from .persist import load

        return load(folder, embedder, frameworks=frameworks, config=config)

    def as_vectorstore(self) -> Any:
        """The dense index as a langchain FAISS vector store (None without an embedder)."""
        if self.dense is None:
            return None
        return self.dense.vectorstore(self._docs, as_langchain(self.embedder))

    # ------------------------------------------------------------------ search
    def search(
        self, query: str, k: int = 10, filters: Filters | None = None, cross_generation: bool = False
    ) -> list[Hit]:
        """The ``k`` best docs for ``query`` among those passing ``filters``, best first.

        With ``cross_generation`` and a TT57 framework in the filters, rows of the 2018 circulars
        for the same school types are searched too (by meaning, without the criterion filter,
        whose numbering differs) and their hits carry ``cross_generation=True``.
        """
        query = (query or "").strip()
        if not query or not self._docs or k <= 0:
            return []
        with self._lock:
            return self._search(query, k, filters or Filters(), cross_generation)

    def _search(self, query: str, k: int, filters: Filters, cross_generation: bool) -> list[Hit]:
        old = cross_generation_frameworks(filters, self.frameworks) if cross_generation else ()
        rows = self._rows(filters, old)
        if rows is not None and not rows.size:
            return []
        extra = self.glossary.formal_phrases(query) if self.config.glossary_weight or self.config.glossary_dense else []
        lex = self._lexical_scores(query, extra)
        lex = lex if rows is None else lex[rows]
        vec, dense_top = self._dense_top(query, rows, extra)
        cand, fused = self._fuse(query, rows, lex, dense_top)
        doc_rows = cand if rows is None else rows[cand]
        cross = np.isin(self.columns.framework_of(doc_rows), self.columns.framework_codes(old))
        best = top_indices(fused, k, positive=True)
        cos = None if vec is None or self.dense is None else self.dense.cosines(vec, doc_rows[best])
        hits = []
        for j, i in enumerate(best):
            local = int(cand[i])
            hits.append(
                Hit(
                    doc=self._docs[int(doc_rows[i])],
                    score=round(float(fused[i]), 6),
                    dense=None if cos is None else round(float(cos[j]), 6),
                    lexical=round(float(lex[local]), 6),
                    cross_generation=bool(cross[i]),
                )
            )
        return hits

    def _rows(self, filters: Filters, old: tuple[str, ...]) -> np.ndarray | None:
        """Rows passing the filters (plus cross-generation rows), or None for "every row"."""
        if filters == Filters():
            return None
        mask = self.columns.mask(filters)
        if old:
            mask |= self.columns.mask(filters, with_criteria=False, frameworks=old)
        return np.flatnonzero(mask)

    def _lexical_scores(self, query: str, extra: list[str]) -> np.ndarray:
        """BM25 of the query, plus a share of the BM25 of its formal phrases."""
        scores = self.lexical.scores(query)
        if extra and self.config.glossary_weight > 0:
            scores = scores + self.config.glossary_weight * self.lexical.scores(" ".join(extra))
        return scores

    def dense_query(self, query: str, extra: list[str] | None = None) -> str:
        """The text embedded for a query: accents restored when it was typed without them, and
        the formal phrases of its everyday wording appended (see :mod:`retrieval.glossary`)."""
        if self.config.restore_accents and not has_diacritics(query):
            query = self.accents.restore(query)
        if extra is None:
            extra = self.glossary.formal_phrases(query) if self.config.glossary_dense else []
        if extra and self.config.glossary_dense:
            query = f"{query} ({'; '.join(extra)})"
        return query

    def _dense_top(
        self, query: str, rows: np.ndarray | None, extra: list[str]
    ) -> tuple[np.ndarray | None, tuple[np.ndarray, np.ndarray] | None]:
        """The query vector and the dense candidates: positions within ``rows`` (or row numbers
        when every row is searched) and cosines, best first."""
        if self.dense is None:
            return None, None
        vec = self.embedder.embed_queries([self.dense_query(query, extra)])[0]
        found, cos = self.dense.top(vec, self.config.candidates, rows)
        if rows is not None:
            found = np.searchsorted(rows, found)  # ``rows`` is sorted (np.flatnonzero)
        return vec, (found, cos)

    def _fuse(
        self, query: str, rows: np.ndarray | None, lex: np.ndarray, dense_top: tuple[np.ndarray, np.ndarray] | None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Candidate positions (within ``rows``) and their fused scores in [0, 1]."""
        cfg = self.config
        accented = has_diacritics(query)
        parts = [contribution(lex, cfg, positive=True)]
        weights = [cfg.lexical_weight if accented else cfg.lexical_weight_plain]
        if dense_top is not None:
            parts.append(ranked_contribution(*dense_top, cfg))
            weights.append(cfg.dense_weight if accented else cfg.dense_weight_plain)
        cand, fused = fuse(parts, weights)
        if cfg.criterion_share > 0 and cand.size > 1:
            doc_rows = cand if rows is None else rows[cand]
            groups = self.columns.column("fw")[doc_rows].astype(np.int64) * 1_000_003 + self.columns.column("crit")[
                doc_rows
            ].astype(np.int64)
            fused = criterion_support(groups, fused, cfg.criterion_share)
        return cand, fused
