"""The one module that builds heavy or shared objects: settings, catalogues, models, indexes, stores.

Constructors elsewhere are cheap; everything here is built lazily, once per process, and the UI
wraps these getters in ``st.cache_resource``.  Tests reset them with :func:`reset`.
"""

from __future__ import annotations

from functools import lru_cache

from .catalog import Catalog
from .settings import Settings, load_settings
from .vocab import Vocabulary, load_vocabulary


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
