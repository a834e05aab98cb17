"""Intents of the year after: last year's plan, its statuses and review table, carrying over.

Everything is kept in the draft's state under ``WizardState.years`` (JSON-able: the imported
plans, the statuses per checkpoint, past reports), so it is autosaved and resumed like the rest.
The levels across years and the timeline come with it from :class:`.flow_history.HistoryViews`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from corpus.text import school_year_bounds

from ..crosswalk import load_crosswalk
from ..domain import Framework, Generation, MonitoringRow, PlanRow, Provenance, Suggestion
from ..errors import CaitienError, InputError
from ..years import (
    CHECKPOINTS,
    ActionItem,
    PriorPlan,
    RepeatFlag,
    actions_of,
    carry_note,
    carry_over,
    check_status,
    initial_statuses,
    monitoring_rows,
    prior_plan,
    repeated_unfinished,
    reviewed_plan,
    status_at,
)
from .base import intent
from .flow_history import HistoryViews
from .flow_output import MIME, ExportFile
from .state import NeedRecord


class YearsIntents(HistoryViews):
    """Last year's plan and what follows from it (plus the history views: levels, timeline)."""

    # -- import and statuses -------------------------------------------------------------------

    @intent(fallback=False)
    def import_last_year(self, data: bytes, name: str) -> bool:
        """Read an earlier plan: our .json, or a Word/PDF/text plan read by the plan parser."""
        if not data:
            raise InputError(f"Tệp “{name}” trống (0 byte).", "Hãy chọn lại đúng tệp kế hoạch năm trước.")
        plan = prior_plan(self._read_plan(data, name), name)
        mine = self.state.profile.school_year
        if mine and school_year_bounds(plan.school_year) >= school_year_bounds(mine):
            raise InputError(f"Kế hoạch trong tệp là của năm học {plan.school_year}, không phải năm trước "
                             f"năm học {mine}.", "Hãy chọn kế hoạch của các năm học trước.")
        latest = self.last_year()
        newest = latest is None or school_year_bounds(plan.school_year) >= school_year_bounds(latest.school_year)
        years = self._years()
        others = [p for p in self.prior_plans() if p.school_year != plan.school_year]
        years["plans"] = [p.model_dump(mode="json") for p in sorted([*others, plan], key=lambda p: p.school_year)]
        if newest:  # statuses are marked on the latest plan; an older one only adds history
            years["statuses"] = {"hk1": {}, "cuoi_nam": initial_statuses(plan)}
        self.state.years = years
        if not mine:
            first, second = school_year_bounds(plan.school_year)
            self.set_profile(school_year=f"{first + 1}-{second + 1}")  # type: ignore[attr-defined]
        self.say("success", f"Đã đọc kế hoạch năm học {plan.school_year}: {len(plan.rows)} hàng, "
                            f"{len(actions_of(plan))} hoạt động.")
        return True

    def _read_plan(self, data: bytes, name: str) -> Any:
        if name.lower().endswith(".json"):
            from ..export import read_plan_json

            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise InputError(f"Tệp “{name}” không phải tệp .json hợp lệ.",
                                 "Hãy chọn tệp kế hoạch .json của ứng dụng.") from None
            return read_plan_json(text)[0]
        from ..plans import read_plan

        parsed = read_plan(data, name, self.services.catalog)
        for warning in parsed.warnings:
            self.say("warning", warning)
        return parsed

    @intent(fallback=False)
    def set_action_status(self, key: str, status: str, checkpoint: str = "cuoi_nam") -> bool:
        """Mark one action of last year's plan (status "" clears the mark)."""
        return self._set_statuses({key: status}, checkpoint) > 0

    @intent(fallback=0)
    def set_statuses(self, marks: Mapping[str, str], checkpoint: str = "cuoi_nam") -> int:
        """Mark several actions at once (the status table); returns how many changed."""
        return self._set_statuses(marks, checkpoint)

    @intent(fallback=0)
    def set_row_status(self, row_index: int, status: str, checkpoint: str = "cuoi_nam") -> int:
        """Mark every action of one row of last year's plan."""
        plan = self._require_last()
        keys = [i.key for i in actions_of(plan) if i.row_index == int(row_index)]
        return self._set_statuses(dict.fromkeys(keys, status), checkpoint)

    def _set_statuses(self, marks: Mapping[str, str], checkpoint: str) -> int:
        plan = self._require_last()
        if checkpoint not in CHECKPOINTS:
            raise InputError(f"Thời điểm “{checkpoint}” không có.", "Hãy chọn Cuối học kỳ I hoặc Cuối năm học.")
        known = {i.key for i in actions_of(plan)}
        years = self._years()
        current = dict(years["statuses"].get(checkpoint, {}))
        changed = 0
        for key, value in marks.items():
            if key not in known:
                raise InputError(f"Không có hoạt động {key} trong kế hoạch năm trước.", "Hãy tải lại trang.")
            status = check_status(value)
            if current.get(key, "") != (status or ""):
                changed += 1
                if status:
                    current[key] = status
                else:
                    current.pop(key, None)
        years["statuses"] = {**years["statuses"], checkpoint: current}
        self.state.years = years
        return changed

    def _require_last(self) -> PriorPlan:
        plan = self.last_year()
        if plan is None:
            raise InputError("Chưa có kế hoạch năm trước.", "Hãy tải lên kế hoạch năm trước (.json, .docx hoặc .pdf).")
        return plan

    # -- views of last year --------------------------------------------------------------------

    def last_year_actions(self) -> list[tuple[ActionItem, str, str]]:
        """Each action of last year's plan with its status at the end of term I and of the year."""
        plan = self.last_year()
        if plan is None:
            return []
        marks = self.statuses()
        return [(i, marks.get("hk1", {}).get(i.key, ""), status_at(marks, i.key)) for i in actions_of(plan)]

    def monitoring(self) -> tuple[MonitoringRow, MonitoringRow] | None:
        """Section VI of last year's plan, results counted from the statuses."""
        plan = self.last_year()
        if plan is None:
            return None
        return monitoring_rows(plan, self.statuses(), reviewer=self._reviewer_label(),
                               next_year=self.state.profile.school_year)

    def _reviewer_label(self) -> str:
        signer = self.state.profile.signer
        return f"Hiệu trưởng {signer}; Hội đồng tự đánh giá" if signer else "Hiệu trưởng; Hội đồng tự đánh giá"

    def years_flags(self) -> list[RepeatFlag]:
        """Last year's unfinished actions already left unfinished in earlier plans."""
        return repeated_unfinished(self.prior_plans(), self.statuses())

    @intent(fallback=None)
    def export_last_year(self, fmt: Literal["docx", "xlsx"] = "xlsx") -> ExportFile | None:
        """Last year's plan with column (10) and the twice-yearly review table filled in."""
        from ..export import export_docx, export_xlsx

        plan = self._require_last()
        reviewed = reviewed_plan(plan, self.statuses(), reviewer=self._reviewer_label(),
                                 next_year=self.state.profile.school_year)
        framework = self._plan_framework(plan)
        data = export_docx(reviewed, framework, template="tt57") if fmt == "docx" else export_xlsx(reviewed, framework)
        return ExportFile(data, f"Ra-soat-ke-hoach-nam-hoc-{plan.school_year}.{fmt}", MIME[fmt])

    def _plan_framework(self, plan: PriorPlan) -> Framework:
        try:
            if plan.header.framework_id:
                return self.services.catalog.get(plan.header.framework_id)
        except CaitienError:
            pass
        return self._require_framework()

    # -- carrying over -------------------------------------------------------------------------

    @intent(fallback=0)
    def carry_over(self) -> int:
        """Put last year's unfinished actions into this draft (accepted rows; dates moved to this year)."""
        plan = self._require_last()
        framework = self._require_framework()
        year = self.state.profile.school_year
        if not year:
            raise InputError("Chưa có năm học của kế hoạch mới.", "Hãy ghi năm học ở bước 1.")
        rows = carry_over(plan, self.statuses(), year, map_criterion=self._criterion_map(plan, framework))
        if not rows:
            unmarked = sum(1 for _, _, end in self.last_year_actions() if not end)
            hint = f" ({unmarked} hoạt động chưa đánh dấu mức độ thực hiện)" if unmarked else ""
            self.say("info", f"Không có hoạt động nào chưa hoàn thành để chuyển tiếp{hint}.")
            return 0
        added = self._add_carried(rows, framework, plan.school_year)
        self.say("success", f"Đã chuyển {added} hàng chưa hoàn thành từ năm học {plan.school_year} vào kế hoạch "
                            f"năm học {year}; có thể sửa ở bước 5.")
        for flag in self.years_flags():
            self.say("warning", flag.message)
        return added

    def _criterion_map(self, plan: PriorPlan, framework: Framework) -> Any:
        old_id = plan.header.framework_id or framework.id
        crosswalk = None
        if old_id != framework.id:
            try:
                old = self.services.catalog.get(old_id)
                if old.generation == Generation.G2018 and framework.generation == Generation.G2026:
                    crosswalk = load_crosswalk(old_id, framework.id)
            except CaitienError:
                crosswalk = None

        def mapped(code: str) -> tuple[str, str, str] | None:
            targets = crosswalk.targets(code) if crosswalk is not None else []
            fallback = targets[0].criterion if targets else code
            chosen = next((t.criterion for t in targets if t.strength == "direct"), fallback)
            criterion = framework.criterion(chosen)
            return (criterion.code, criterion.title, criterion.standard) if criterion else None

        return mapped

    def _add_carried(self, rows: list[PlanRow], framework: Framework, old_year: str) -> int:
        added = 0
        for row in rows:
            suggestion = Suggestion(id="", criterion=row.criterion, row=row, provenance=Provenance(drafter="carried"))
            fresh = self.review.add([suggestion])
            if not fresh:
                continue
            decision = self._decision(fresh[0], "accept")
            self.review.decide(decision)
            self._pending.append(decision)
            added += 1
            if row.criterion not in self.state.selected:
                self._select(row.criterion, framework, old_year)
        return added

    def _select(self, code: str, framework: Framework, old_year: str) -> None:
        need = self.state.need(code)
        if need is None:
            criterion = framework.criterion(code)
            assert criterion is not None  # the criterion map only returns codes of this framework
            tdg = self.state.tdg
            found = tdg.assessment(code) if tdg is not None and tdg.framework_id == framework.id else None
            current = found.level if found else None
            need = NeedRecord(
                code=code, title=criterion.title, mandatory=criterion.mandatory, standard=criterion.standard,
                current_level=current, target_level=max(1, min(framework.top_level, (current or 0) + 1)),
                reasons=(carry_note(old_year) + ": còn hoạt động chưa hoàn thành.",),
                priority=len(self.state.needs) + 1, added_by_user=True,
            )
            self.state.needs = [*self.state.needs, need]
        self.state.selected = [*self.state.selected, code]
