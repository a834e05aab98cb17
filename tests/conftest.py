"""Test settings: network blocked (pytest-socket, see pyproject), data folders in a temporary
directory, the model/index cache shared across the session (it is built by `make prepare`)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

os.environ.setdefault("CAITIEN_CACHE_DIR", str(REPO / ".cache"))
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["TOKENIZERS_PARALLELISM"] = "false"


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Each test gets its own data folder (drafts, user corpus) so nothing leaks between tests."""
    data = tmp_path / "caitien-data"
    monkeypatch.setenv("CAITIEN_DATA_DIR", str(data))
    from assistant import services

    services.reset()
    yield data
    services.reset()


@pytest.fixture
def seeds_dir() -> Path:
    """The real seed plans shipped beside the repository (shared/seeds)."""
    if not SEEDS.is_dir():
        pytest.skip("shared/seeds is not beside the repository")
    return SEEDS


def seed_path(prefix: str) -> Path:
    """The seed file whose name starts with ``prefix`` (e.g. "002")."""
    return next(SEEDS.glob(f"{prefix}_*.txt"))
