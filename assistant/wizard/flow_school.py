"""Intents of step 1 (the school) and of the saved-drafts list: profile, framework, resume, copy."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from corpus.text import school_year

from ..domain import Framework, SchoolProfile
from ..errors import InputError
from ..review import ReviewState
from ..store import DraftSummary
from .base import ControllerBase, intent
from .state import STEPS, WizardState


class SchoolIntents(ControllerBase):
    """Step 1, moving between steps, and the drafts list."""

    @intent(fallback=False)
    def set_profile(self, profile: SchoolProfile | Mapping[str, Any] | None = None, **fields: Any) -> bool:
        """Set the school profile (whole or some fields); the framework follows type and year."""
        old = self.state.profile
        data = profile.model_dump() if isinstance(profile, SchoolProfile) else old.model_dump()
        if isinstance(profile, Mapping):
            data |= dict(profile)
        data |= fields
        data["school_year"] = _normalise_year(str(data.get("school_year", "")))
        new = SchoolProfile.model_validate(data)
        new = self._with_framework(old, new)
        self.state.profile = new
        if new.framework_id != old.framework_id and old.framework_id and (self.state.needs or self.state.selected):
            self.state.needs, self.state.selected = [], []
            self.say("warning", "Đã đổi bộ tiêu chí: danh sách tiêu chí cần cải tiến cần được đề xuất lại ở bước 4.")
        self._warn_framework_fit(new)
        return True

    def _with_framework(self, old: SchoolProfile, new: SchoolProfile) -> SchoolProfile:
        """Fill or follow the suggested framework unless the user picked one deliberately."""
        catalog = self.services.catalog
        before = catalog.suggest(old.school_type, old.school_year) if old.school_year else None
        was_auto = not old.framework_id or (before is not None and old.framework_id == before.id)
        chose = new.framework_id != old.framework_id
        if new.school_year and not chose and was_auto:
            after = catalog.suggest(new.school_type, new.school_year)
            if after is not None:
                return new.model_copy(update={"framework_id": after.id})
        if new.framework_id:
            catalog.get(new.framework_id)  # an unknown id is a CatalogueError with the known ids
        return new

    def _warn_framework_fit(self, profile: SchoolProfile) -> None:
        if not profile.framework_id:
            return
        framework = self.services.catalog.get(profile.framework_id)
        if profile.school_type not in framework.school_types:
            self.say(
                "warning",
                f"Bộ tiêu chí {framework.name} không dành cho loại trường {profile.school_type.label}; "
                "hãy kiểm tra lại lựa chọn.",
            )

    def suggest_framework(self) -> Framework | None:
        """The framework for the school type and year (TT57 from 2026-2027 on), without changing it."""
        profile = self.state.profile
        if not profile.school_year:
            return None
        return self.services.catalog.suggest(profile.school_type, profile.school_year)

    @intent(fallback=False)
    def go_to(self, step: int) -> bool:
        """Move to a step (free movement back and forth)."""
        if not 1 <= int(step) <= len(STEPS):
            raise InputError(f"Không có bước {step}.", f"Các bước được đánh số từ 1 đến {len(STEPS)}.")
        self.state.step = int(step)
        return True

    # -- drafts ----------------------------------------------------------------------------------

    def list_drafts(self) -> list[DraftSummary]:
        """Saved drafts, most recent first (an unreadable store gives an empty list and a message)."""
        try:
            return self.services.store.list_drafts()
        except Exception:
            self.say("error", "Không đọc được danh sách kế hoạch đã lưu. Hãy tải lại trang.")
            return []

    @intent(fallback=False)
    def resume(self, draft_id: str) -> bool:
        """Open a saved draft exactly where it was left."""
        self._load(draft_id)
        name = self.state.profile.name or "chưa đặt tên"
        self.say("info", f"Đã mở lại kế hoạch của {name} ({self.state.profile.school_year or 'chưa có năm học'}).")
        return True

    @intent(fallback=False)
    def new_draft(self) -> bool:
        """Start an empty draft (saved as soon as something is entered)."""
        self.state, self.review, self.draft_id = WizardState(), ReviewState(), None
        self._pending.clear()
        return True

    @intent(fallback=False)
    def delete_draft(self, draft_id: str) -> bool:
        """Delete a saved draft (the open one becomes a new empty draft)."""
        self.services.store.delete(draft_id)
        if draft_id == self.draft_id:
            self.state, self.review, self.draft_id = WizardState(), ReviewState(), None
        self.say("success", "Đã xóa bản nháp.")
        return True

    @intent(fallback=None)
    def duplicate_draft(self, draft_id: str, new_year: str) -> str | None:
        """Start next year's draft from a saved one ("dùng kế hoạch năm trước") and open it."""
        year = _normalise_year(new_year)
        if not year:
            raise InputError("Chưa có năm học cho kế hoạch mới.", "Hãy ghi năm học, ví dụ 2026-2027.")
        new_id = self.services.store.duplicate(draft_id, year)
        self.resume(new_id)
        self._follow_new_year()
        self.messages = [m for m in self.messages if not m.text.startswith("Đã mở lại")]
        self.say("success", f"Đã tạo kế hoạch năm học {year} từ kế hoạch năm trước.")
        return new_id

    def _follow_new_year(self) -> None:
        """After copying into another year, switch framework when the new year needs another one."""
        profile = self.state.profile
        suggested = self.services.catalog.suggest(profile.school_type, profile.school_year)
        if suggested is None or suggested.id == profile.framework_id:
            return
        old = self.services.catalog.get(profile.framework_id) if profile.framework_id else None
        self.state.profile = profile.model_copy(update={"framework_id": suggested.id})
        if old is not None and old.generation != suggested.generation:
            self.state.needs, self.state.selected, self.state.drafted = [], [], []
            self.review = ReviewState()
            self.say(
                "warning",
                f"Năm học {profile.school_year} áp dụng {suggested.name}: các tiêu chí đã khác, nên danh sách "
                "tiêu chí và các đề xuất cần làm lại từ bước 2 (báo cáo cũ vẫn được giữ và quy đổi tự động).",
            )


def _normalise_year(text: str) -> str:
    """"2026 - 2027" -> "2026-2027"; "" stays ""; anything else is an :class:`InputError`."""
    if not text.strip():
        return ""
    year = school_year(text)
    if year is None:
        raise InputError(f"Năm học “{text}” không đúng dạng.", "Hãy ghi năm học như 2026-2027.")
    return year
