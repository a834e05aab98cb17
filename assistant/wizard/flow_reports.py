"""Intents of steps 2-4: upload the reports, correct what the parser got wrong, choose criteria."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from ..domain import CriterionAssessment, ParsedReport
from ..errors import InputError
from ..ingest.safety import display_name
from .base import ControllerBase, intent
from .state import NeedRecord, ReportSlot

log = logging.getLogger(__name__)

KIND_LABELS = {"tdg": "báo cáo tự đánh giá (TĐG)", "dgn": "báo cáo đánh giá ngoài (ĐGN)"}
_UNSET: Any = object()


class ReportIntents(ControllerBase):
    """Reading the TĐG/ĐGN reports, editing assessments, and the list of criteria to improve."""

    @intent(fallback=False)
    def upload_report(self, data: bytes, name: str, kind: ReportSlot = "tdg") -> bool:
        """Read a TĐG or ĐGN file; on any problem nothing already entered changes."""
        if kind not in KIND_LABELS:
            raise InputError(f"Loại báo cáo “{kind}” không có.", "Hãy chọn báo cáo TĐG hoặc ĐGN.")
        name = display_name(name)  # shown and saved: no folders of the user's machine, no control characters
        if not data:
            raise InputError(f"Tệp “{name}” trống (0 byte).", "Hãy chọn lại đúng tệp báo cáo.")
        settings = self.services.settings
        report = self.services.read_report(
            data, name, self.services.catalog, max_bytes=settings.max_upload_mb * 1024 * 1024
        )
        if report.kind != kind:
            raise InputError(
                f"Tệp “{name}” là {KIND_LABELS[report.kind]}, không phải {KIND_LABELS[kind]}.",
                "Hãy tải tệp này vào đúng ô, hoặc chọn lại tệp.",
            )
        self._store_report(kind, report, name)
        return True

    def _store_report(self, kind: ReportSlot, report: ParsedReport, name: str) -> None:
        if kind == "tdg":
            self.state.tdg, self.state.tdg_name = report, name
        else:
            self.state.dgn, self.state.dgn_name = report, name
        self.state.edited = {**self.state.edited, kind: []}
        self._fill_profile_from(report)
        level = "chưa xác định" if report.overall_level is None else _level_text(report.overall_level)
        notes = len(report.warnings) + sum(1 for a in report.assessments if a.conflicts)
        self.say(
            "success",
            f"Đã đọc {KIND_LABELS[kind]} “{name}”: {len(report.assessments)} tiêu chí, mức đạt chung: {level}"
            + (f"; có {notes} điểm cần kiểm tra lại (xem ở bước 2)." if notes else "."),
        )
        self._warn_other_framework(report)
        if self.state.needs:
            try:
                self.propose_criteria()
            except Exception:  # keep the report; the list can be proposed again from step 4
                log.exception("re-proposing criteria after an upload failed")
                self.say("warning", "Chưa đề xuất lại được danh sách tiêu chí; hãy bấm “Đề xuất lại” ở bước 4.")

    def _fill_profile_from(self, report: ParsedReport) -> None:
        """Fill the school's name and type from the report when step 1 left them empty."""
        profile = self.state.profile
        update: dict[str, Any] = {}
        if not profile.name and report.school_name:
            update["name"] = report.school_name
        if report.school_type is not None and not profile.name and profile.school_type != report.school_type:
            update["school_type"] = report.school_type
        if update:
            self.set_profile(**update)  # type: ignore[attr-defined]  # SchoolIntents, in the controller
            self.say("info", "Đã điền thông tin trường từ báo cáo; hãy kiểm tra lại ở bước 1.")

    def _warn_other_framework(self, report: ParsedReport) -> None:
        framework = self.framework
        if framework is None or not report.framework_id or report.framework_id == framework.id:
            return
        other = self.services.catalog.get(report.framework_id)
        if other.generation != framework.generation:
            self.say(
                "info",
                f"Báo cáo theo {other.name}, kế hoạch theo {framework.name}: các tiêu chí được quy đổi gần đúng "
                "qua bảng đối chiếu; mỗi đề xuất ghi rõ tiêu chí cũ.",
            )
        else:
            self.say(
                "warning",
                f"Báo cáo theo {other.name} nhưng ở bước 1 đã chọn {framework.name}. "
                "Hãy kiểm tra lại loại trường và bộ tiêu chí.",
            )

    @intent(fallback=False)
    def edit_assessment(
        self, code: str, *, level: int | None = _UNSET, weaknesses: Sequence[str] | str = _UNSET, kind: ReportSlot = "tdg"
    ) -> bool:
        """Correct one criterion's level (0 = chưa đạt Mức 1) or weaknesses as the parser read them."""
        report = self.state.report(kind)
        if report is None:
            raise InputError(f"Chưa có {KIND_LABELS[kind]}.", "Hãy tải báo cáo ở bước 2 trước.")
        old = report.assessment(code) or CriterionAssessment(criterion=code, title=self._title(code, report))
        update: dict[str, Any] = {}
        if level is not _UNSET:
            update["level"] = None if level is None else _checked_level(level)
        if weaknesses is not _UNSET:
            lines = weaknesses.splitlines() if isinstance(weaknesses, str) else list(weaknesses)
            update["weaknesses"] = tuple(w.strip() for w in lines if w.strip())
        new = old.model_copy(update=update)
        others = tuple(a for a in report.assessments if a.criterion != code)
        ordered = tuple(sorted((*others, new), key=lambda a: _code_key(a.criterion)))
        fixed = report.model_copy(update={"assessments": ordered})
        if kind == "tdg":
            self.state.tdg = fixed
        else:
            self.state.dgn = fixed
        self.state.edited = {**self.state.edited, kind: sorted({*self.state.edited.get(kind, []), code})}
        return True

    def _title(self, code: str, report: ParsedReport) -> str:
        framework = self.services.catalog.get(report.framework_id) if report.framework_id else self.framework
        criterion = framework.criterion(code) if framework else None
        return criterion.title if criterion else ""

    # -- step 4: criteria to improve ---------------------------------------------------------

    @intent(fallback=())
    def propose_criteria(self) -> list[NeedRecord]:
        """Propose the criteria to improve from the reports and the target, with reasons."""
        from ..selection import select_criteria

        if self.state.tdg is None and self.state.dgn is None:
            raise InputError("Chưa có báo cáo tự đánh giá.", "Hãy tải báo cáo ở bước 2 trước.")
        framework = self._require_framework()
        needs = select_criteria(
            framework, self.state.tdg, self.state.dgn, self.state.profile.target, catalog=self.services.catalog
        )
        added = [n for n in self.state.needs if n.added_by_user and n.code not in {x.code for x in needs}]
        self.state.needs = [NeedRecord.from_need(n) for n in needs] + added
        self.state.selected = [n.code for n in self.state.needs]
        self.say("success", f"Đề xuất {len(needs)} tiêu chí cần cải tiến; có thể thêm, bớt và sắp xếp lại.")
        return list(self.state.needs)

    @intent(fallback=False)
    def set_selected_criteria(self, codes: Sequence[str]) -> bool:
        """Set the criteria to improve, in this order."""
        framework = self._require_framework()
        unknown = [c for c in codes if framework.criterion(c) is None and self.state.need(c) is None]
        if unknown:
            raise InputError(
                f"Không có tiêu chí {', '.join(unknown)} trong {framework.name}.",
                "Hãy chọn tiêu chí trong danh sách.",
            )
        for code in codes:
            if self.state.need(code) is None:
                self.state.needs = [*self.state.needs, self._user_need(code)]
        self.state.selected = list(dict.fromkeys(codes))
        return True

    def _user_need(self, code: str) -> NeedRecord:
        framework = self._require_framework()
        criterion = framework.criterion(code)
        assert criterion is not None  # checked by the caller
        tdg = self._level_in(self.state.tdg, code)
        dgn = self._level_in(self.state.dgn, code)
        current = dgn if dgn is not None else tdg
        target = min(framework.top_level, (current or 0) + 1)
        return NeedRecord(
            code=code, title=criterion.title, mandatory=criterion.mandatory, current_level=current,
            target_level=max(1, target), tdg_level=tdg, dgn_level=dgn, standard=criterion.standard,
            reasons=("Nhà trường chọn thêm tiêu chí này.",), priority=len(self.state.needs) + 1,
            added_by_user=True,
        )

    def _level_in(self, report: ParsedReport | None, code: str) -> int | None:
        framework = self.framework
        if report is None or framework is None or (report.framework_id and report.framework_id != framework.id):
            return None
        found = report.assessment(code)
        return found.level if found else None

    def add_criterion(self, code: str) -> bool:
        """Add a criterion at the end of the list."""
        if code in self.state.selected:
            self.say("info", f"Tiêu chí {code} đã có trong danh sách.")
            return False
        return bool(self.set_selected_criteria([*self.state.selected, code]))

    def remove_criterion(self, code: str) -> bool:
        """Take a criterion out of the list (its reviewed rows are kept if it comes back)."""
        return bool(self.set_selected_criteria([c for c in self.state.selected if c != code]))

    def move_criterion(self, code: str, delta: int) -> bool:
        """Move a criterion up (delta < 0) or down in the list."""
        codes = list(self.state.selected)
        if code not in codes:
            return False
        index = codes.index(code)
        target = max(0, min(len(codes) - 1, index + delta))
        codes.insert(target, codes.pop(index))
        return bool(self.set_selected_criteria(codes))


def _level_text(level: int) -> str:
    return "chưa đạt Mức 1" if level == 0 else f"Mức {level}"


def _checked_level(level: Any) -> int:
    value = int(level)
    if not 0 <= value <= 4:
        raise InputError(f"Mức {value} không hợp lệ.", "Hãy chọn mức từ 0 (chưa đạt Mức 1) đến 4.")
    return value


def _code_key(code: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in code.split("."))
