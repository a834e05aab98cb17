"""Protocols and value types of the retrieval leaf (imports nothing from ``assistant``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np


@dataclass(frozen=True)
class Doc:
    """A searchable item: its id, the text to index and filterable metadata."""

    id: str
    text: str
    framework: str = ""
    criterion: str = ""
    school_type: str = ""
    kind: str = ""  # "seed" | "exemplar" | "user" | "catalogue"
    source: str = ""


@dataclass(frozen=True)
class Hit:
    """A search result: the doc, its score (cosine for dense, higher is closer; fused otherwise)."""

    doc: Doc
    score: float
    dense: float | None = None
    lexical: float | None = None
    cross_generation: bool = False


@dataclass(frozen=True)
class Filters:
    """Filters applied before ranking; an empty tuple means no filter on that field."""

    frameworks: tuple[str, ...] = ()
    criteria: tuple[str, ...] = ()
    school_types: tuple[str, ...] = ()
    kinds: tuple[str, ...] = field(default=())


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors (e5: query/passage prefixes applied inside)."""

    name: str
    dim: int

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for search queries."""
        ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for indexed passages."""
        ...


class Retriever(Protocol):
    """Ranks docs for a query under filters."""

    def search(self, query: str, k: int = 10, filters: Filters | None = None) -> list[Hit]:
        """The best ``k`` hits, best first."""
        ...
