"""Intents of step 5: draft the suggestions, then accept / edit / reject them, ask for more, undo."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ..domain import CheckResult, PlanRow, Provenance, Suggestion
from ..errors import InputError
from ..review import stable_id
from .base import ControllerBase, intent

ROW_TEXT_FIELDS = ("content", "target", "owners", "timeline", "budget", "support", "note")
ROW_LIST_FIELDS = ("actions", "indicators", "evidence")


def merge_row(row: PlanRow, fields: Mapping[str, Any]) -> PlanRow:
    """The row with some fields replaced; list fields accept one item per line ("- " bullets dropped)."""
    update: dict[str, Any] = {}
    for name, value in fields.items():
        if name in ROW_LIST_FIELDS:
            items = value.splitlines() if isinstance(value, str) else list(value)
            update[name] = tuple(i.strip().lstrip("-–•+").strip() for i in items if i.strip().lstrip("-–•+").strip())
        elif name in ROW_TEXT_FIELDS:
            update[name] = str(value).strip()
        else:
            raise InputError(f"Cột “{name}” không có trong hàng kế hoạch.", "Hãy sửa các cột có sẵn.")
    return PlanRow.model_validate(row.model_dump() | update)


class ReviewIntents(ControllerBase):
    """Drafting and the review loop over :class:`~assistant.review.ReviewState`."""

    def draft_request(self, codes: Sequence[str] | None = None) -> Any:
        """The drafter's request for these criteria (default: every chosen criterion)."""
        from ..drafting import DraftRequest

        wanted = list(codes) if codes is not None else list(self.state.selected)
        needs = [n.to_need() for code in wanted if (n := self.state.need(code)) is not None]
        return DraftRequest(
            profile=self.state.profile, framework=self._require_framework(), needs=needs,
            tdg=self.state.tdg, dgn=self.state.dgn, school_year=self.state.profile.school_year,
        )

    @intent(fallback=False)
    def draft(self, codes: Sequence[str] | None = None) -> bool:
        """Draft suggestions for the chosen criteria; decisions already taken are kept."""
        if not self.state.selected:
            raise InputError("Chưa chọn tiêu chí cần cải tiến.", "Hãy chọn tiêu chí ở bước 4 trước.")
        result = self.services.drafter().draft(self.draft_request(codes))
        for item in result.criteria:
            self.review.replace_criterion(item.need.code, item.suggestions)
        drafted = [item.need.code for item in result.criteria]
        self.state.drafted = list(dict.fromkeys([*self.state.drafted, *drafted]))
        self.state.notices = list(result.notices)
        if codes is None:
            self.state.uncovered = list(result.uncovered_recommendations)
            self.state.priority_issues = list(result.priority_issues)
        empty = [item.need.code for item in result.criteria if not item.suggestions]
        self.state.focus = self.state.focus if self.state.focus in self.state.selected else self.state.selected[0]
        self.state.step = 5
        count = sum(len(item.suggestions) for item in result.criteria)
        self.say("success", f"Đã soạn {count} đề xuất cho {len(drafted)} tiêu chí.")
        if empty:
            self.say("warning", f"Chưa tìm được đề xuất cho tiêu chí {', '.join(empty)}; hãy bấm “Gợi ý khác” "
                                "hoặc tự ghi nội dung.")
        return True

    @intent(fallback=False)
    def accept(self, sid: str) -> bool:
        """Keep a suggestion as it is."""
        return self._decide(sid, "accept")

    @intent(fallback=False)
    def edit(self, sid: str, row: PlanRow | Mapping[str, Any]) -> bool:
        """Keep a suggestion with the user's changes (a whole row or some fields)."""
        base = self.review.row(self._known(sid))
        new = row if isinstance(row, PlanRow) else merge_row(base, row)
        if new == self.review.suggestion(sid).row:
            return self._decide(sid, "accept")
        return self._decide(sid, "edit", new)

    @intent(fallback=False)
    def reject(self, sid: str) -> bool:
        """Leave a suggestion out of the plan ("Bỏ qua")."""
        return self._decide(sid, "reject")

    @intent(fallback=0)
    def accept_all(self, code: str) -> int:
        """Accept every waiting main suggestion of a criterion (one undo step), then show the next one."""
        waiting = [s.id for s in self.review.for_criterion(code)
                   if self.review.status(s.id) == "pending" and not self.review.is_alternative(s.id)]
        if not waiting:
            self.say("info", f"Tiêu chí {code} không còn phương án nào đang chờ duyệt.")
            return 0
        decisions = [self._decision(sid, "accept") for sid in waiting]
        self.review.decide(*decisions)
        self._pending.extend(decisions)
        following = [c for c in self.state.selected if not self.review.reviewed(c)]
        after = self.state.selected[self.state.selected.index(code) + 1:] if code in self.state.selected else []
        nxt = next((c for c in after if c in following), following[0] if following else code)
        text = f"Đã chấp nhận {len(waiting)} phương án của tiêu chí {code}."
        if nxt != code:
            self.focus_on(nxt)
            text += f" Chuyển sang tiêu chí {nxt}."
        self.say("success", text)
        return len(waiting)

    def _decide(self, sid: str, kind: str, row: PlanRow | None = None) -> bool:
        decision = self._decision(self._known(sid), kind, row)
        self.review.decide(decision)
        self._pending.append(decision)
        self._focus(sid)
        return True

    def _known(self, sid: str) -> str:
        if sid not in self.review:
            raise InputError("Không tìm thấy đề xuất này (có thể đã được soạn lại).", "Hãy tải lại trang.")
        return sid

    def _focus(self, sid: str) -> None:
        self.state.focus_sid = sid
        self.state.focus = self.review.suggestion(sid).criterion

    @intent(fallback=())
    def more(self, code: str, k: int = 3) -> list[str]:
        """"Gợi ý khác": more suggestions for one criterion, other than those already offered."""
        if code not in self.state.selected:
            raise InputError(f"Tiêu chí {code} chưa có trong danh sách cần cải tiến.", "Hãy thêm nó ở bước 4.")
        offered = self.review.for_criterion(code)
        exclude = {s.id for s in offered} | {src.row_id for s in offered for src in s.provenance.sources}
        exclude |= _drafter_ids(offered)
        # ask for a few more than needed: some may be ideas already offered under another wording
        found = self._more_fn()(self.draft_request([code]), code, exclude, k + len(offered))
        fresh = [s for s in found if stable_id(s.criterion, s.row) not in self.review][:k]
        added = self.review.add(fresh, alternative=True)
        self.state.focus = code
        if added:
            self.state.focus_sid = added[0]
            self.say("success", f"Đã thêm {len(added)} gợi ý khác cho tiêu chí {code}.")
        else:
            self.say("info", f"Không còn gợi ý nào khác cho tiêu chí {code}; có thể tự ghi nội dung.")
        return added

    def _more_fn(self) -> Callable[[Any, str, set[str], int], Sequence[Suggestion]]:
        if self.services.more is not None:
            return self.services.more
        drafter = self.services.drafter()
        own = getattr(drafter, "more", None)
        if callable(own):
            return own  # type: ignore[no-any-return]
        from ..drafting import more_suggestions

        return lambda request, code, exclude, k: more_suggestions(request, code, exclude, k=k)

    @intent(fallback=False)
    def undo(self) -> bool:
        """Undo the last decision or change in the review."""
        touched = self.review.undo()
        if not touched:
            self.say("info", "Không còn thao tác nào để hoàn tác.")
            return False
        codes = sorted({self.review.suggestion(s).criterion for s in touched if s in self.review})
        self.say("success", f"Đã hoàn tác thao tác gần nhất (tiêu chí {', '.join(codes)}).")
        return True

    @intent(fallback=None)
    def add_row(self, code: str, row: PlanRow | Mapping[str, Any]) -> str | None:
        """A row the user typed in themselves for a criterion (kept as an edited row)."""
        framework = self._require_framework()
        criterion = framework.criterion(code)
        if criterion is None:
            raise InputError(f"Không có tiêu chí {code}.", "Hãy chọn tiêu chí trong danh sách.")
        base = PlanRow(criterion=code, criterion_title=criterion.title, standard=criterion.standard)
        new = row if isinstance(row, PlanRow) else merge_row(base, row)
        if not (new.target or new.actions or new.content):
            raise InputError("Hàng mới chưa có nội dung.", "Hãy ghi ít nhất kết quả cần đạt hoặc một giải pháp.")
        typed = Suggestion(id="", criterion=code, row=new, provenance=Provenance(drafter="typed"))
        added = self.review.add([typed])
        sid = added[0] if added else next(s.id for s in self.review.for_criterion(code) if s.row == new)
        self._decide(sid, "edit", new)
        return sid

    @intent(fallback=0)
    def assign_owners(self, code: str, owners: str) -> int:
        """Set who is in charge of every kept or waiting row of a criterion; returns how many rows."""
        return self._revise(code, {"owners": owners})

    @intent(fallback=0)
    def set_timeline(self, code: str, timeline: str) -> int:
        """Set the timeline of every kept or waiting row of a criterion; returns how many rows."""
        return self._revise(code, {"timeline": timeline})

    def _revise(self, code: str, fields: Mapping[str, Any]) -> int:
        sids = [s.id for s in self.review.for_criterion(code) if self.review.status(s.id) != "reject"]
        if not sids:
            raise InputError(f"Tiêu chí {code} chưa có hàng nào trong kế hoạch.", "Hãy soạn đề xuất ở bước 5 trước.")
        self.review.revise({sid: merge_row(self.review.row(sid), fields) for sid in sids})
        self.state.focus = code
        return len(sids)

    @intent(fallback=False)
    def focus_on(self, code: str) -> bool:
        """Show one criterion in step 5 (chat commands without a code then act on it)."""
        if code not in self.state.selected:
            raise InputError(f"Tiêu chí {code} không có trong danh sách cần cải tiến.", "Hãy thêm ở bước 4.")
        self.state.focus = code
        first = self.review.for_criterion(code)
        self.state.focus_sid = first[0].id if first else ""
        return True

    # -- read-only views for the UI and the chat ------------------------------------------------

    def progress_text(self) -> str:
        """"12/19 tiêu chí đã duyệt"."""
        return self.review.progress_text(self.state.selected)

    def checks_for(self, sid: str) -> list[CheckResult]:
        """Check findings of a row as it now stands (re-checked after an edit)."""
        suggestion = self.review.suggestion(sid)
        if self.review.status(sid) != "edit":
            return list(suggestion.checks)
        try:
            from ..checks import check_row

            framework = self._require_framework()
            need = self.state.need(suggestion.criterion)
            criterion = framework.criterion(suggestion.criterion)
            low = (need.current_level or 0) if need else 0
            high = need.target_level if need else framework.top_level
            unmet = [r for r in (criterion.requirements if criterion else ()) if low < r.level <= high]
            return check_row(
                self.review.row(sid), framework=framework, school_type=self.state.profile.school_type,
                school_year=self.state.profile.school_year, unmet=unmet,
            )
        except Exception:  # a check must never hide the row it checks
            return list(suggestion.checks)


def _drafter_ids(offered: Sequence[Suggestion]) -> set[str]:
    """The drafter's own ids of the offered suggestions, so its "more" can skip them too."""
    try:
        from ..drafting import suggestion_id
    except ImportError:
        return set()
    return {suggestion_id(s.criterion, s.row) for s in offered}
