"""Intents of steps 6-7: the organisation section, the plan's check summary, and the download."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from corpus.text import fold

from ..domain import OrganisationItem, Plan
from ..errors import InputError
from .base import ControllerBase, intent
from .planning import organisation_of, plan_from_state

ExportFormat = Literal["docx", "xlsx", "json"]
MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


@dataclass(frozen=True)
class ExportFile:
    """A file to download: its bytes, a safe file name and its MIME type."""

    data: bytes
    name: str
    mime: str


class OutputIntents(ControllerBase):
    """Organisation, plan assembly, checks and export."""

    def organisation(self) -> list[OrganisationItem]:
        """The organisation section as it stands (the default one until the user edits it)."""
        framework = self.framework
        if framework is None:
            return list(self.state.organisation or [])
        try:
            return list(organisation_of(self.state, framework))
        except Exception:
            return list(self.state.organisation or [])

    @intent(fallback=False)
    def set_organisation(self, items: Sequence[OrganisationItem | Mapping[str, Any]]) -> bool:
        """Replace the organisation section; rows without a role and duties are dropped."""
        kept: list[OrganisationItem] = []
        for item in items:
            data = item.model_dump() if isinstance(item, OrganisationItem) else dict(item)
            role, duties = str(data.get("role") or "").strip(), str(data.get("duties") or "").strip()
            if role or duties:
                if not role:
                    raise InputError("Có nhiệm vụ chưa ghi người/bộ phận thực hiện.", "Hãy ghi tên vai trò ở cột đầu.")
                kept.append(OrganisationItem(role=role, duties=duties))
        self.state.organisation = kept
        return True

    @intent(fallback=False)
    def reset_organisation(self) -> bool:
        """Go back to the default organisation for this school type."""
        self.state.organisation = None
        return True

    @intent(fallback=None)
    def plan(self) -> Plan | None:
        """The plan as it would be exported now."""
        return plan_from_state(self.state, self.services.catalog, self.review)

    @intent(fallback=None)
    def coverage(self) -> Any:
        """The check summary of step 7 (uncovered criteria and ĐGN recommendations, row findings)."""
        from ..checks import check_plan

        plan = plan_from_state(self.state, self.services.catalog, self.review)
        needs = [n.to_need() for code in self.state.selected if (n := self.state.need(code)) is not None]
        return check_plan(plan, framework=self._require_framework(), needs=needs, dgn=self.state.dgn)

    @intent(fallback=None)
    def export(
        self, fmt: ExportFormat = "docx", *, appendix: bool = False, template: str | None = None
    ) -> ExportFile | None:
        """The plan as .docx, .xlsx or .json, with a file name made from the school and year."""
        from ..export import export_docx, export_xlsx, plan_to_json

        if fmt not in MIME:
            raise InputError(f"Không xuất được định dạng “{fmt}”.", "Hãy chọn .docx, .xlsx hoặc .json.")
        framework = self._require_framework()
        plan = plan_from_state(self.state, self.services.catalog, self.review)
        if not plan.rows:
            self.say("warning", "Kế hoạch chưa có hàng nào được chấp nhận; tệp xuất ra chỉ có phần khung.")
        if fmt == "docx":
            records = self.decision_records() if appendix else None
            data = export_docx(plan, framework, template=template, appendix=records)  # type: ignore[arg-type]
        elif fmt == "xlsx":
            data = export_xlsx(plan, framework)
        else:
            extra = {"draft": self.state.to_dict() | {"review": self.review.to_dict()}}
            data = plan_to_json(plan, extra=extra).encode("utf-8")
        return ExportFile(data, self.file_name(fmt), MIME[fmt])

    def file_name(self, fmt: str) -> str:
        """"Ke-hoach-cai-tien-chat-luong_THCS-Thanh-Xuong_2026-2027.docx" (ASCII, safe everywhere)."""
        profile = self.state.profile
        school = "-".join("".join(ch if ch.isalnum() else " " for ch in fold(profile.name)).split()) or "truong"
        parts = ["Ke-hoach-cai-tien-chat-luong", school[:60], profile.school_year or "nam-hoc"]
        return "_".join(parts) + f".{fmt}"

    def decision_records(self) -> list[Any]:
        """How each kept row came to be (for the optional appendix of the .docx)."""
        from ..export import DecisionRecord

        records = []
        for sid in self.review.accepted_ids(self.state.selected):
            suggestion, decision = self.review.suggestion(sid), self.review.decision(sid)
            typed = suggestion.provenance.drafter == "typed"
            origin: Literal["suggested", "edited", "typed"] = (
                "typed" if typed else ("edited" if decision and decision.kind == "edit" else "suggested")
            )
            records.append(
                DecisionRecord(
                    criterion=suggestion.criterion, origin=origin,
                    approved_by=(decision.by if decision else "") or self.state.profile.signer,
                    at=decision.at if decision else None,
                )
            )
        return records
