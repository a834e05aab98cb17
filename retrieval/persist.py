"""Saving and loading a :class:`~retrieval.hybrid.HybridRetriever` in a format we control.

A folder holds ``manifest.json`` (format, embedder name and dimension, corpus fingerprint, counts),
``docs.jsonl`` (ids, texts and metadata), ``vectors.npy``, the BM25 arrays and the accent model.
Nothing is unpickled (``np.load(allow_pickle=False)``), so a tampered cache cannot run code; an
index built with another model, or damaged, raises :class:`IndexMismatch` and is rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterable, Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .accents import AccentModel
from .base import Doc
from .dense import DenseIndex
from .docs import FrameworkInfo
from .lexical import BM25Index

FORMAT = 1
MANIFEST = "manifest.json"
DOCS = "docs.jsonl"
ACCENTS = "accents.json"


class IndexMismatch(Exception):
    """The saved index cannot be used with this embedder or is damaged; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def fingerprint(docs: Iterable[Doc]) -> str:
    """A sha256 over every doc's id, text and metadata (independent of order)."""
    digest = hashlib.sha256()
    for d in sorted(docs, key=lambda doc: doc.id):
        digest.update(json.dumps(asdict(d), ensure_ascii=False, sort_keys=True).encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The saved manifest, or None when absent or unreadable."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def save(retriever: Any, folder: Path) -> Path:
    """Write the retriever to ``folder`` atomically (a temporary folder renamed into place)."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = folder.parent / f"{folder.name}.partial-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        with (tmp / DOCS).open("w", encoding="utf-8") as fh:
            for d in retriever.docs:
                fh.write(json.dumps(asdict(d), ensure_ascii=False) + "\n")
        retriever.lexical.save(tmp)
        retriever.accents.save(tmp / ACCENTS)
        if retriever.dense is not None:
            retriever.dense.save(tmp)
        manifest = {
            "format": FORMAT,
            "embedder": retriever.embedder_name,
            "dim": retriever.dense.dim if retriever.dense is not None else 0,
            "count": len(retriever),
            "fingerprint": fingerprint(retriever.docs),
            "saved_at": time.strftime("%d/%m/%Y %H:%M:%S"),
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        old = folder.parent / f"{folder.name}.old-{os.getpid()}"
        if folder.exists():
            folder.rename(old)
        tmp.rename(folder)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return folder


def load(
    folder: Path,
    embedder: Any,
    *,
    frameworks: Mapping[str, FrameworkInfo] | None = None,
    config: Any = None,
) -> Any:
    """Read a retriever saved by :func:`save` for use with ``embedder``.

    Raises :class:`IndexMismatch` when the folder is missing, of another format, built with
    another model (name or dimension), or inconsistent.
    """
    from .hybrid import HybridRetriever

    manifest = read_manifest(folder)
    if manifest is None:
        raise IndexMismatch("chưa có chỉ mục tìm kiếm đã lưu")
    retriever = HybridRetriever(embedder, frameworks=frameworks, config=config)
    dim = retriever.dense.dim if retriever.dense is not None else 0
    if manifest.get("format") != FORMAT:
        raise IndexMismatch("chỉ mục đã lưu theo định dạng cũ")
    if manifest.get("embedder") != retriever.embedder_name or manifest.get("dim") != dim:
        raise IndexMismatch(
            f"chỉ mục được tạo bằng mô hình khác ({manifest.get('embedder')}, {manifest.get('dim')} chiều)"
        )
    try:
        docs = [Doc(**json.loads(line)) for line in (folder / DOCS).read_text(encoding="utf-8").splitlines() if line]
        lexical = BM25Index.load(folder)
        accents = AccentModel.load(folder / ACCENTS)
        dense = DenseIndex.load(folder, dim) if dim else None
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise IndexMismatch(f"chỉ mục đã lưu bị hỏng ({exc})") from exc
    sizes = {len(docs), len(lexical), manifest.get("count")} | ({len(dense)} if dense is not None else set())
    if len(sizes) != 1 or fingerprint(docs) != manifest.get("fingerprint"):
        raise IndexMismatch("chỉ mục đã lưu không nhất quán (số dòng hoặc dấu vân tay khác nhau)")
    retriever.restore(docs, lexical=lexical, dense=dense, accents=accents)
    return retriever
