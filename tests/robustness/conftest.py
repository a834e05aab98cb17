"""Shared fixtures of the robustness suite: a lexical-only search stack in a private cache, a real
report reader behind the controller, and checks that a message is a good Vietnamese message.

The suite never loads the embedding model (``CAITIEN_EMBEDDER=lexical``) and never writes to the
shared model/index cache: its index lives in a temporary folder for the whole session.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.catalog import Catalog
from assistant.controller import WizardController
from assistant.domain import ParsedReport
from assistant.reports import read_report
from assistant.settings import load_settings
from assistant.store import DraftStore
from assistant.vocab import load_vocabulary
from assistant.wizard.seams import WizardServices
from corpus.text import has_diacritics
from tests.robustness.make_bad_inputs import fixture
from tests.wizard_fakes import ROWS, FakeDrafter, FakeIndex

# Words a Vietnamese message uses to tell the user what to do next.
ACTION_WORDS = ("hãy", "chọn", "kiểm tra", "tải lại", "lưu lại", "mở tệp", "gửi", "đặt biến")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="session")
def robust_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder for this session's lexical index (never the shared .cache)."""
    return tmp_path_factory.mktemp("robust-cache")


@pytest.fixture(autouse=True)
def _lexical_stack(_isolated_data_dir: Path, robust_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Lexical search (no model) with a private cache; services rebuilt for each test."""
    from assistant import services

    monkeypatch.setenv("CAITIEN_EMBEDDER", "lexical")
    monkeypatch.setenv("CAITIEN_CACHE_DIR", str(robust_cache))
    monkeypatch.setenv("CAITIEN_LLM_PROVIDER", "none")
    services.reset()
    yield
    services.reset()


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The bundled catalogues."""
    return Catalog.load()


_PARSED: dict[tuple[int, str, str], ParsedReport] = {}


def cached_read_report(data: bytes, name: str, catalog: Catalog, **kwargs: object) -> ParsedReport:
    """The real report reader, remembering good reports (tests upload the same sample many times).

    Only successful reads are remembered, so every bad file still goes through the real reader.
    """
    key = (hash(data), name, repr(sorted(kwargs.items())))
    if key not in _PARSED:
        _PARSED[key] = read_report(data, name, catalog, **kwargs)  # type: ignore[arg-type]
    return _PARSED[key]


def make_services(folder: Path, catalog: Catalog) -> WizardServices:
    """Services over the real catalogue, the real report reader and a store in ``folder``.

    Drafting and search use the small fakes of the wizard tests: this suite is about what the
    wizard does with bad input, not about the quality of the suggestions.
    """
    index, drafter = FakeIndex(ROWS), FakeDrafter()
    return WizardServices(
        catalog=catalog, store=DraftStore(folder / "drafts.sqlite3", catalog), settings=load_settings(),
        vocabulary=load_vocabulary(), drafter=lambda: drafter, retriever=lambda: index,
        corpus_rows=lambda: {r.id: r for r in ROWS}, read_report=cached_read_report,
    )


@pytest.fixture
def ctl(tmp_path: Path, catalog: Catalog) -> WizardController:
    """A controller with the real report reader (and the fake drafter/index of the wizard tests)."""
    return WizardController(make_services(tmp_path, catalog))


@pytest.fixture
def started(ctl: WizardController) -> WizardController:
    """A draft with a school profile and the real TT18 THCS self-assessment uploaded."""
    assert ctl.set_profile(name="Trường THCS Nguyễn Du", school_type="THCS", school_year="2025-2026",
                           signer="Nguyễn Văn An")
    assert ctl.upload_report(fixture("tdg_tt18_thcs.docx"), "tdg_tt18_thcs.docx", "tdg")
    ctl.pop_messages()
    return ctl


def assert_vietnamese_message(text: str, names: tuple[str, ...] = (), *, needs_action: bool = True) -> None:
    """A message a school can act on: NFC Vietnamese, names the problem, says what to do, no control chars."""
    assert text.strip(), "empty message"
    assert unicodedata.is_normalized("NFC", text), f"message not NFC: {text!r}"
    assert has_diacritics(text), f"message without Vietnamese diacritics: {text!r}"
    assert not _CONTROL.search(text), f"control characters in message: {text!r}"
    assert "Traceback" not in text and "Error" not in text, f"technical text in message: {text!r}"
    lowered = text.lower()
    if names:
        assert any(n.lower() in lowered for n in names), f"message does not name the problem {names}: {text!r}"
    if needs_action:
        assert any(w in lowered for w in ACTION_WORDS), f"message does not say what to do: {text!r}"


def errors_of(ctl: WizardController) -> list[str]:
    """Texts of the error messages queued by the controller (emptying the queue)."""
    return [m.text for m in ctl.pop_messages() if m.level == "error"]
