"""From a saved wizard state to a plan: the rows the user kept, the organisation, the header.

Shared by the controller (step 7, export) and the store (``caitien export DRAFT_ID``), so a
plan exported from the command line is the one the user saw in the browser.
"""

from __future__ import annotations

from ..catalog import Catalog
from ..domain import Framework, OrganisationItem, Plan, PlanRow
from ..errors import InputError
from ..review import ReviewState
from .state import WizardState


def state_framework(state: WizardState, catalog: Catalog) -> Framework:
    """The framework chosen in step 1 (or suggested from type and year when none was chosen)."""
    profile = state.profile
    if profile.framework_id:
        return catalog.get(profile.framework_id)
    suggested = catalog.suggest(profile.school_type, profile.school_year) if profile.school_year else None
    if suggested is None:
        raise InputError(
            "Chưa chọn bộ tiêu chí đánh giá cho kế hoạch.",
            "Hãy quay lại bước 1 (Trường) để chọn loại trường, năm học và bộ tiêu chí.",
        )
    return suggested


def organisation_of(state: WizardState, framework: Framework) -> tuple[OrganisationItem, ...]:
    """The organisation the user edited, or the default one for this framework and school type."""
    if state.organisation is not None:
        return tuple(state.organisation)
    from ..drafting import default_organisation

    return tuple(default_organisation(framework, state.profile.school_type))


def accepted_rows(state: WizardState, review: ReviewState | None = None) -> list[PlanRow]:
    """Rows the user accepted or edited, in the order of the chosen criteria."""
    review = review or ReviewState.from_dict(state.review)
    return review.accepted_rows(state.selected)


def plan_from_state(state: WizardState, catalog: Catalog, review: ReviewState | None = None) -> Plan:
    """The whole plan of a draft (header, purposes, bases, table rows, organisation...)."""
    from ..drafting import build_plan

    framework = state_framework(state, catalog)
    return build_plan(
        state.profile,
        framework,
        accepted_rows(state, review),
        tuple(state.priority_issues),
        organisation_of(state, framework),
        state.profile.school_year,
        tdg_period=state.tdg.period if state.tdg else "",
        has_dgn=state.dgn is not None,
    )
