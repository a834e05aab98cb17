"""The history of a draft: earlier plans and reports kept in ``WizardState.years``, the levels across
years, and the timeline of the plan (shared by the year-after intents in :mod:`.flow_years`)."""

from __future__ import annotations

from typing import Any, Literal

from corpus.text import school_year_bounds

from ..domain import ParsedReport
from ..errors import InputError
from ..timeline import Timeline, build_timeline, to_markdown, to_xlsx
from ..year_levels import chart_rows, level_series, levels_from_plan, levels_from_report, report_year
from ..years import PriorPlan
from .base import ControllerBase, intent
from .flow_output import MIME, ExportFile

MD_MIME = "text/markdown"


class HistoryViews(ControllerBase):
    """Earlier plans and reports of the school, the levels chart and the timeline."""

    # -- the part of the state -----------------------------------------------------------------

    def _years(self) -> dict[str, Any]:
        data = dict(self.state.years)
        data.setdefault("plans", [])
        data.setdefault("statuses", {"hk1": {}, "cuoi_nam": {}})
        data.setdefault("reports", [])
        return data

    def prior_plans(self) -> list[PriorPlan]:
        """Imported earlier plans, oldest first."""
        plans = [PriorPlan.model_validate(p) for p in self._years()["plans"]]
        return sorted(plans, key=lambda p: school_year_bounds(p.school_year))

    def last_year(self) -> PriorPlan | None:
        """The most recent imported plan (the one whose statuses are marked)."""
        plans = self.prior_plans()
        return plans[-1] if plans else None

    def statuses(self) -> dict[str, dict[str, str]]:
        """Checkpoint ("hk1", "cuoi_nam") -> action key -> status, for last year's plan."""
        return {k: dict(v) for k, v in self._years()["statuses"].items()}

    # -- levels across years -------------------------------------------------------------------

    @intent(fallback=False)
    def add_past_report(self, data: bytes, name: str) -> bool:
        """An earlier year's TĐG or ĐGN, for the chart of levels across years."""
        report = self.services.read_report(data, name, self.services.catalog)
        years = self._years()
        years["reports"] = [*years["reports"], report.model_dump(mode="json")]
        self.state.years = years
        self.say("success", f"Đã thêm báo cáo “{name}” vào biểu đồ mức đạt qua các năm.")
        return True

    def level_points(self) -> list[Any]:
        """Every known level: past reports, this draft's reports, last years' targets, this plan's targets."""
        points: list[Any] = []
        mine = self.state.profile.school_year
        previous = _previous(mine)
        reports = [ParsedReport.model_validate(r) for r in self._years()["reports"]]
        for report in [*reports, *(r for r in (self.state.tdg, self.state.dgn) if r is not None)]:
            points.extend(levels_from_report(report, report_year(report, previous)))
        for plan in self.prior_plans():
            if plan.header.framework_id:
                points.extend(levels_from_plan(plan.rows, plan.header.framework_id, plan.school_year))
        framework = self.framework
        if framework is not None and mine:
            points.extend(levels_from_plan(self.review.accepted_rows(self.state.selected), framework.id, mine))
        return points

    def level_chart(self, criteria: list[str] | None = None) -> list[dict[str, object]]:
        """Rows for the chart of levels across years (the draft's framework only)."""
        framework = self.framework
        series = level_series(self.level_points(), framework=framework.id if framework else None)
        return chart_rows(series, criteria)

    # -- the timeline --------------------------------------------------------------------------

    def timeline(self, source: Literal["draft", "last"] = "draft") -> Timeline | None:
        """All actions of the plan being written (or of last year's plan) by month and owner."""
        if source == "last":
            plan = self.last_year()
            return build_timeline(plan.rows, plan.school_year, vocabulary=self.services.vocabulary) if plan else None
        year = self.state.profile.school_year
        if not year:
            return None
        rows = self.review.accepted_rows(self.state.selected)
        return build_timeline(rows, year, vocabulary=self.services.vocabulary)

    @intent(fallback=None)
    def export_timeline(self, fmt: Literal["xlsx", "md"] = "xlsx") -> ExportFile | None:
        """The timeline as an Excel sheet or a markdown table."""
        timeline = self.timeline()
        if timeline is None:
            raise InputError("Chưa có năm học của kế hoạch.", "Hãy ghi năm học ở bước 1.")
        name = f"Tien-do-ke-hoach_{timeline.school_year}.{fmt}"
        if fmt == "md":
            return ExportFile(to_markdown(timeline).encode("utf-8"), name, MD_MIME)
        return ExportFile(to_xlsx(timeline), name, MIME["xlsx"])


def _previous(year: str) -> str:
    try:
        first, second = school_year_bounds(year)
    except ValueError:
        return ""
    return f"{first - 1}-{second - 1}"
