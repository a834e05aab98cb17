"""The services a wizard controller works with, bundled so tests can pass fakes at the same seam.

Everything heavy (the embedding model, the search index, an LLM) is reached through a factory
called on first use, so building a controller is cheap and a session that never drafts never
loads a model.  :func:`real_services` wires the real objects from :mod:`assistant.services`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from corpus.schema import CorpusRow
from retrieval.base import Filters, Hit

from ..catalog import Catalog
from ..domain import ParsedReport, Suggestion
from ..settings import Settings
from ..store import DraftStore
from ..vocab import Vocabulary

log = logging.getLogger(__name__)


class SearchIndex(Protocol):
    """What the wizard needs of the retriever: a filtered search."""

    def search(self, query: str, k: int = 10, filters: Filters | None = None) -> list[Hit]:
        """Best hits first."""
        ...


class DrafterLike(Protocol):
    """``assistant.drafting.Drafter``: one request in, suggestions per criterion out."""

    def draft(self, request: Any) -> Any:
        """A ``DraftResult`` for the request."""
        ...


ReportReader = Callable[..., ParsedReport]
MoreFn = Callable[[Any, str, set[str], int], Sequence[Suggestion]]


def _read_report(data: bytes, name: str, catalog: Catalog, **kwargs: Any) -> ParsedReport:
    from ..reports import read_report

    return read_report(data, name, catalog, **kwargs)


@dataclass
class WizardServices:
    """Catalogue, store and settings, plus lazy factories for the heavy parts.

    ``more`` gives "Gợi ý khác" (defaults to the drafter's own ``more``/``more_suggestions``);
    ``chat_model`` answers free chat questions when an LLM is configured (prompt in, text out).
    """

    catalog: Catalog
    store: DraftStore
    settings: Settings
    vocabulary: Vocabulary
    drafter: Callable[[], DrafterLike]
    retriever: Callable[[], SearchIndex]
    corpus_rows: Callable[[], Mapping[str, CorpusRow]]
    read_report: ReportReader = _read_report
    more: MoreFn | None = None
    chat_model: Callable[[], Callable[[str], str] | None] = field(default=lambda: None)

    def warm_up(self, *, background: bool = False) -> None:
        """Build the heavy parts now (idempotent): in a daemon thread when ``background``.

        The app starts this when it starts, so the model and the index are usually ready by the
        time the user reaches step 4; a failure is only logged (drafting reports it when asked).
        """

        def run() -> None:
            try:
                self.retriever()
                self.drafter()
            except Exception:
                log.exception("warming up the drafter failed")

        if background:
            threading.Thread(target=run, name="caitien-warm-up", daemon=True).start()
        else:
            run()


class Once:
    """A factory called at most once, even from several sessions' threads at the same time."""

    _lock = threading.RLock()  # one lock for all: the drafter's factory itself needs the retriever

    def __init__(self, factory: Callable[[], Any]) -> None:
        self._factory = factory
        self._value: Any = None
        self._done = False

    def __call__(self) -> Any:
        if not self._done:
            with Once._lock:
                if not self._done:
                    self._value = self._factory()
                    self._done = True
        return self._value


def real_services(settings: Settings | None = None) -> WizardServices:
    """The services of a running app (models and index are built on first use, once per process)."""
    from .. import services as svc

    settings = settings or svc.get_settings()
    catalog = svc.get_catalog()
    return WizardServices(
        catalog=catalog,
        store=DraftStore(settings.db_path, catalog),
        settings=settings,
        vocabulary=svc.get_vocabulary(),
        drafter=Once(_drafter_factory()),
        retriever=Once(svc.get_retriever),
        corpus_rows=Once(svc.get_corpus_rows),
        chat_model=Once(_chat_model_factory(settings)),
    )


def _drafter_factory() -> Callable[[], DrafterLike]:
    """The configured drafter (retrieval, wrapped by the LLM drafter when an endpoint is set)."""

    def build() -> DrafterLike:
        from ..drafting import make_drafter

        return make_drafter()

    return build


def _chat_model_factory(settings: Settings) -> Callable[[], Callable[[str], str] | None]:
    """A prompt -> text function over the configured LLM, or None when no LLM is configured."""

    def build() -> Callable[[str], str] | None:
        if settings.llm_provider == "none":
            return None
        from ..drafting import make_chat_model

        model = make_chat_model(settings)
        if model is None:
            return None

        def ask(prompt: str) -> str:
            answer = model.invoke(prompt)
            return str(getattr(answer, "content", answer))

        return ask

    return build
