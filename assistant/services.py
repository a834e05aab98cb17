"""The one module that builds heavy or shared objects: settings, catalogues, models, indexes, stores.

Constructors elsewhere are cheap; everything here is built lazily, once per process, and the UI
wraps these getters in ``st.cache_resource``.  Tests reset them with :func:`reset`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .catalog import Catalog
from .settings import Settings, load_settings
from .vocab import Vocabulary, load_vocabulary

if TYPE_CHECKING:  # the retrieval stack is imported lazily (torch, faiss)
    from corpus.schema import CorpusRow
    from retrieval.base import Doc, Embedder
    from retrieval.hybrid import HybridRetriever
    from retrieval.resolve import Resolution


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings from the environment (``CAITIEN_*``)."""
    return load_settings()


@lru_cache(maxsize=1)
def get_catalog() -> Catalog:
    """Bundled catalogues plus the user's extra or corrected ones."""
    return Catalog.load((get_settings().user_catalogue_dir,))


def get_vocabulary() -> Vocabulary:
    """Role and term vocabulary."""
    return load_vocabulary()


def reset() -> None:
    """Forget every cached object (tests change settings between cases)."""
    for getter in (get_settings, get_catalog):
        getter.cache_clear()
    _reset_retrieval()


# ============================================================================================
# Retrieval: embedding model, corpus rows, search index (helper D).
# Heavy imports stay inside the functions so importing this module stays cheap.
# ============================================================================================

_MODEL: dict[str, Any] = {}  # "resolution" -> retrieval.resolve.Resolution (one per process)


def resolve_model(
    log: Callable[[str], None] | None = None, progress: Callable[[str, float], None] | None = None
) -> Resolution:
    """Choose the embedding model once per process (rebuilding the bundled e5 when needed).

    ``log`` receives each step in Vietnamese and ``progress`` the rebuild progress; both are used
    only on the first call (``caitien prepare`` passes them, the app reads the recorded steps).
    """
    if "resolution" not in _MODEL:
        from retrieval.resolve import resolve_embedder

        s = get_settings()
        _MODEL["resolution"] = resolve_embedder(
            model_dir=s.model_dir,
            model_cache_dir=s.model_cache_dir,
            mode=s.embedder,
            allow_network=s.allow_network,
            progress=progress,
            log=log,
            passage_tokens=s.index_tokens,
            int8=s.index_int8,
        )
    return _MODEL["resolution"]


def get_embedder() -> Embedder | None:
    """The dense embedder, or None when search is lexical only (see :func:`retrieval_warning`)."""
    resolution = resolve_model()
    return resolution.embedder if resolution.dense else None


def retrieval_warning() -> str | None:
    """A Vietnamese warning to show when search quality is reduced (no dense model)."""
    return resolve_model().warning


@lru_cache(maxsize=1)
def get_corpus_rows() -> dict[str, CorpusRow]:
    """Every corpus row by id: bundled seed rows and exemplars, then the user's own rows."""
    from corpus.loader import load_bundled_rows, load_user_rows, unique_rows

    rows = unique_rows([*load_bundled_rows(), *load_user_rows(get_settings().user_corpus_dir)])
    return {row.id: row for row in rows}


def corpus_docs() -> list[Doc]:
    """What the index holds: every corpus row plus the catalogues' requirement texts."""
    from retrieval.docs import catalogue_docs, rows_to_docs

    extra = (get_settings().user_catalogue_dir,)
    return [*rows_to_docs(get_corpus_rows().values()), *catalogue_docs(extra)]


@dataclass(frozen=True)
class IndexStatus:
    """What :func:`ensure_index` did: ``action`` is "loaded", "extended" or "built"."""

    retriever: HybridRetriever
    action: str
    added: int
    seconds: float
    reason: str = ""


def ensure_index(log: Callable[[str], None] | None = None) -> IndexStatus:
    """Load the persisted index, extend it with new rows, or build it; save when it changed."""
    from retrieval.docs import framework_infos
    from retrieval.hybrid import HybridRetriever
    from retrieval.persist import IndexMismatch, fingerprint

    start = time.perf_counter()
    say = log or (lambda _text: None)
    settings = get_settings()
    infos = framework_infos((settings.user_catalogue_dir,))
    embedder = get_embedder()
    docs = corpus_docs()
    folder = settings.index_dir
    known: dict = {}
    try:
        retriever = HybridRetriever.load(folder, embedder, frameworks=infos)
    except IndexMismatch as exc:
        reason = exc.reason
    else:
        known = retriever.known_vectors()
        _use_glossary(retriever, say)
        if retriever.fingerprint() == fingerprint(docs):
            retriever.prepare()
            return IndexStatus(retriever, "loaded", 0, time.perf_counter() - start)
        current = {d.id: d for d in docs}
        if all(current.get(d.id) == d for d in retriever.docs):
            added = retriever.add(docs)
            _save_index(retriever, folder, say)
            retriever.prepare()
            say(f"Đã bổ sung {added} dòng mới vào chỉ mục tìm kiếm.")
            return IndexStatus(retriever, "extended", added, time.perf_counter() - start)
        reason = "kho dữ liệu đã thay đổi (có dòng bị sửa hoặc xóa)"
    say(f"Tạo chỉ mục tìm kiếm cho {len(docs)} dòng ({reason})…")
    retriever = HybridRetriever(embedder, frameworks=infos)
    _use_glossary(retriever, say)
    retriever.add(docs, known=known)
    _save_index(retriever, folder, say)
    retriever.prepare()
    return IndexStatus(retriever, "built", len(docs), time.perf_counter() - start, reason)


def _use_glossary(retriever: HybridRetriever, say: Callable[[str], None]) -> None:
    """The bundled everyday-wording glossary plus the school's own entries, if it wrote any."""
    from retrieval.glossary import BUNDLED, Glossary

    user = get_settings().user_glossary_path
    try:
        retriever.glossary = Glossary.load(BUNDLED, user)
    except ValueError as exc:
        say(f"Không đọc được bảng từ ngữ đời thường của người dùng ({exc}); chỉ dùng bảng kèm theo.")
        retriever.glossary = Glossary.load(BUNDLED)


def _save_index(retriever: HybridRetriever, folder: Path, say: Callable[[str], None]) -> None:
    """Persist the index; a read-only cache only costs a rebuild next time, so it is not fatal."""
    try:
        retriever.save(folder)
    except OSError as exc:
        say(f"Không lưu được chỉ mục vào {folder} ({exc}); lần sau sẽ phải tạo lại.")


@lru_cache(maxsize=1)
def get_retriever() -> HybridRetriever:
    """The search index over bundled + user rows and catalogue texts (loaded, extended or built)."""
    return ensure_index().retriever


def refresh_corpus() -> None:
    """Forget the rows and the index after the user added rows (the model stays loaded)."""
    get_corpus_rows.cache_clear()
    get_retriever.cache_clear()


def _reset_retrieval() -> None:
    _MODEL.clear()
    refresh_corpus()
