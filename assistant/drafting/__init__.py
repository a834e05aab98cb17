"""Drafting the plan: suggestions per selected criterion, with provenance and checks.

The default :class:`RetrievalDrafter` uses no LLM.  :class:`LLMDrafter` (optional, through
langchain) rewrites its suggestions when an endpoint is configured and falls back to them on any
failure.  :func:`make_drafter` builds the configured one from the shared services.
"""

from __future__ import annotations

from ..domain import Suggestion
from ..settings import Settings
from .base import CriterionDraft, Drafter, DraftRequest, DraftResult
from .llm import LLMDrafter, make_chat_model
from .plan_builder import build_plan, default_organisation
from .retrieval_drafter import RetrievalDrafter, suggestion_id

__all__ = [
    "CriterionDraft",
    "DraftRequest",
    "DraftResult",
    "Drafter",
    "LLMDrafter",
    "RetrievalDrafter",
    "build_plan",
    "default_drafter",
    "default_organisation",
    "make_drafter",
    "more_suggestions",
    "suggestion_id",
]


def default_drafter() -> RetrievalDrafter:
    """The retrieval drafter over the shared retriever, corpus rows, catalogue and vocabulary."""
    from .. import services

    return RetrievalDrafter(
        services.get_retriever(), services.get_corpus_rows(), services.get_catalog(), services.get_vocabulary()
    )


def make_drafter(settings: Settings | None = None, base: RetrievalDrafter | None = None) -> Drafter:
    """The drafter the settings ask for: the LLM one wrapping the default, or the default alone."""
    from .. import services

    settings = settings or services.get_settings()
    base = base or default_drafter()
    model = make_chat_model(settings)
    return base if model is None else LLMDrafter(model, fallback=base)


def more_suggestions(
    request: DraftRequest, criterion_code: str, exclude_ids: set[str], k: int = 3,
    *, drafter: RetrievalDrafter | None = None,
) -> list[Suggestion]:
    """Other suggestions for one criterion ("Gợi ý khác"), skipping those already shown."""
    return (drafter or default_drafter()).more(request, criterion_code, exclude_ids, k)
