"""Read-only chat answers about following the plan up: the council's comments and last year's actions.

Like :mod:`assistant.wizard.chat_views`, they only read the controller (its council and year-after
views: ``council``, ``council_rows``, ``council_summary``, ``last_year``, ``last_year_actions``,
``years_flags``) and change nothing.  When there is nothing to show yet, the answer says where in
the app to start.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from .level4 import code_label
from .years import UNFINISHED, ActionItem, PriorPlan

if TYPE_CHECKING:
    from .controller import WizardController
    from .council import Reviewer, RowComment
    from .wizard.flow_council import CouncilRow

COUNCIL_PAGE = "“Hội đồng góp ý”"
YEARS_PAGE = "“Năm trước & tiến độ”"
NO_COUNCIL = (
    f"Chưa có góp ý nào của Hội đồng. Hãy mở trang {COUNCIL_PAGE} (nút dưới thanh các bước), "
    "thêm thành viên rồi ghi ý kiến cho từng hàng, hoặc nhập tệp góp ý thành viên gửi lại."
)
NO_LAST_YEAR = (
    f"Chưa có kế hoạch năm trước. Hãy mở trang {YEARS_PAGE} (nút dưới thanh các bước) và tải "
    "kế hoạch cải tiến của năm học trước (tệp .json của ứng dụng, hoặc bản Word/PDF), rồi đánh "
    "dấu mức độ thực hiện từng hoạt động."
)
RESOLVE_HINT = f"Hiệu trưởng ghi cách xử lý (đã sửa gì, hoặc vì sao giữ nguyên) ở trang {COUNCIL_PAGE}."
CARRY_HINT = (
    "Có thể chuyển các hoạt động này sang kế hoạch năm nay bằng nút “Chuyển các hoạt động chưa "
    f"hoàn thành sang kế hoạch năm nay” ở trang {YEARS_PAGE}."
)


def short(text: str, limit: int = 90) -> str:
    """One line of at most ``limit`` characters (an ellipsis marks a cut)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _row_text(row: CouncilRow) -> str:
    return short("; ".join(row.row.actions) or row.row.target or "(chưa có giải pháp)", 70)


# -- the council ---------------------------------------------------------------------------------


def _no_council(ctl: WizardController) -> bool:
    """True before anyone has been added to the council or has commented."""
    review = ctl.council()
    return not review.reviewers and not review.comments()


def reviewer_counts(reviewers: Sequence[Reviewer], rows: Iterable[CouncilRow]) -> list[str]:
    """"• Trần Thị Bình (Phó hiệu trưởng): Đồng ý 1, Cần sửa 1" per reviewer, over the plan's rows."""
    counts = {r.name: {"Đồng ý": 0, "Cần sửa": 0} for r in reviewers}
    for row in rows:
        for name, verdict in row.verdicts.items():
            counts.setdefault(name, {"Đồng ý": 0, "Cần sửa": 0})[verdict] += 1
    labels = {r.name: r.label for r in reviewers}
    return [f"• {labels.get(name, name)}: Đồng ý {c['Đồng ý']}, Cần sửa {c['Cần sửa']}"
            for name, c in counts.items()]


def pending_rows(rows: Iterable[CouncilRow]) -> list[str]:
    """"• Tiêu chí 2.3: «…» — 1 ý kiến chưa xử lý" for each row with a comment still open."""
    return [f"• Tiêu chí {code_label(r.criterion)}: «{_row_text(r)}» — {r.open} ý kiến chưa xử lý"
            for r in rows if r.open]


def council_overview(ctl: WizardController) -> str:
    """The council's verdicts per reviewer and the rows still waiting for the principal."""
    if _no_council(ctl):
        return NO_COUNCIL
    rows = ctl.council_rows()
    lines = [f"Góp ý của Hội đồng: {ctl.council_summary().text()}", "Theo từng thành viên:"]
    lines += reviewer_counts(ctl.council().reviewers, rows) or ["• (chưa có thành viên)"]
    pending = pending_rows(rows)
    if pending:
        lines += ["Các hàng còn góp ý cần xử lý:", *pending, RESOLVE_HINT]
    else:
        lines.append("Không còn hàng nào có góp ý chờ xử lý.")
    return "\n".join(lines)


def _comment_line(row: CouncilRow, comment: RowComment, labels: dict[str, str]) -> str:
    who = labels.get(comment.reviewer, comment.reviewer)
    return (f"• Tiêu chí {code_label(row.criterion)} — {who}: «{short(comment.text, 160)}» "
            f"(hàng «{_row_text(row)}»)")


def open_comments(ctl: WizardController) -> str:
    """Every "Cần sửa" comment the principal has not resolved yet, in plan order."""
    if _no_council(ctl):
        return NO_COUNCIL
    review = ctl.council()
    waiting = review.open_comments()
    if not waiting:
        done = sum(c.resolved for c in review.comments())
        if not done:
            return "Chưa có ý kiến “Cần sửa” nào chờ Hiệu trưởng xử lý."
        return f"Không còn góp ý nào chờ Hiệu trưởng xử lý (đã xử lý {done} ý kiến)."
    labels = {r.name: r.label for r in review.reviewers}
    lines = [_comment_line(row, c, labels) for row in ctl.council_rows() for c in row.comments if c.is_open]
    elsewhere = len(waiting) - len(lines)
    if elsewhere:
        lines.append(f"• {elsewhere} ý kiến gắn với hàng không còn trong kế hoạch.")
    return "\n".join([f"Còn {len(waiting)} ý kiến “Cần sửa” chờ Hiệu trưởng xử lý:", *lines, RESOLVE_HINT])


# -- last year -----------------------------------------------------------------------------------


def _action_line(item: ActionItem, status: str) -> str:
    return f"• Tiêu chí {code_label(item.criterion)}: {short(item.text)} — {status}"


def _unmarked_note(unmarked: int) -> str:
    if not unmarked:
        return ""
    return f"({unmarked} hoạt động chưa đánh dấu mức độ thực hiện; hãy đánh dấu ở trang {YEARS_PAGE}.)"


def _codes_note(ctl: WizardController, plan: PriorPlan) -> str:
    """Last year's codes may be of the old set of criteria (TT18 before TT57): say so."""
    framework = ctl.framework
    if framework is None or not plan.header.framework_id or plan.header.framework_id == framework.id:
        return ""
    return (f"(Mã tiêu chí theo kế hoạch năm học {plan.school_year}; khi chuyển sang kế hoạch năm nay, "
            "tiêu chí được quy đổi theo bộ tiêu chí mới.)")


def unfinished_last_year(ctl: WizardController) -> str:
    """Last year's actions not finished at the end of the year (criterion, action, status)."""
    plan = ctl.last_year()
    if plan is None:
        return NO_LAST_YEAR
    actions = ctl.last_year_actions()
    unfinished = [(item, end) for item, _, end in actions if end in UNFINISHED]
    note = _unmarked_note(sum(1 for _, _, end in actions if not end))
    if not unfinished:
        done = f"Kế hoạch năm học {plan.school_year} không có hoạt động nào được đánh dấu chưa hoàn thành."
        return f"{done} {note}".strip()
    lines = [f"Kế hoạch năm học {plan.school_year} còn {len(unfinished)}/{len(actions)} hoạt động "
             "chưa hoàn thành:"]
    lines += [_action_line(item, status) for item, status in unfinished]
    lines += [f"⚠ {flag.message}" for flag in ctl.years_flags()]
    lines += [p for p in (note, _codes_note(ctl, plan), CARRY_HINT) if p]
    return "\n".join(lines)
