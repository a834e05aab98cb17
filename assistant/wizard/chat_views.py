"""Read-only answers of the chat: provenance of a suggestion, missing owners, corpus examples.

They read the controller's state and services and change nothing, so they are safe to call
from any chat request (and to feed an LLM prompt).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from retrieval.base import Filters

from ..domain import Suggestion
from ..level4 import code_label, level4_code

if TYPE_CHECKING:
    from ..controller import WizardController

log = logging.getLogger(__name__)
QUOTE = 220


def _quote(text: str, limit: int = QUOTE) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def current_suggestion(ctl: WizardController) -> Suggestion | None:
    """The suggestion last shown or acted on, else the first one of the criterion on screen."""
    sid = ctl.state.focus_sid
    if sid and sid in ctl.review:
        return ctl.review.suggestion(sid)
    offered = ctl.review.for_criterion(ctl.state.focus) if ctl.state.focus else []
    return offered[0] if offered else None


def explain(ctl: WizardController) -> str:
    """Why the current suggestion exists: report sentences, past-plan rows, requirements served."""
    suggestion = current_suggestion(ctl)
    if suggestion is None:
        return "Chưa có đề xuất nào đang xem. Hãy mở một tiêu chí ở bước 5 rồi hỏi lại “vì sao đề xuất này?”."
    prov = suggestion.provenance
    lines = [f"Đề xuất cho tiêu chí {code_label(suggestion.criterion)}: «{_quote('; '.join(ctl.review.row(suggestion.id).actions))}»"]
    if prov.drafter == "typed":
        lines.append("• Đây là hàng do nhà trường tự ghi.")
    for span in prov.report_spans[:3]:
        lines.append(f"• Báo cáo của trường viết: «{_quote(span.text)}»")
    for src in prov.sources[:3]:
        meta = ", ".join(x for x in (src.school_type, src.school_year) if x)
        lines.append(f"• Dựa trên: {src.source}{f' ({meta})' if meta else ''}: «{_quote(src.text, 160)}»")
    framework = ctl.framework
    for ref in prov.serves[:4]:
        text = _requirement_text(framework, ref) if framework else ""
        lines.append(f"• Nhằm đáp ứng yêu cầu {ref}{f': {_quote(text, 160)}' if text else ''}")
    for old in prov.from_criteria:
        lines.append(f"• Quy đổi từ tiêu chí {code_label(old.criterion)} ({old.framework}); "
                     f"{'tương ứng trực tiếp' if old.strength == 'direct' else 'tương ứng một phần'}.")
    if prov.approximate:
        lines.append("• Lưu ý: quy đổi giữa hai bộ tiêu chí là gần đúng, hãy đọc kỹ trước khi chấp nhận.")
    if len(lines) == 1:
        lines.append("• Không có thông tin nguồn cho đề xuất này.")
    return "\n".join(lines)


def _requirement_text(framework: object, ref: str) -> str:
    code = ref.split(" ")[0]
    criterion = framework.criterion(code)  # type: ignore[attr-defined]
    if criterion is None:
        return ""
    return next((r.text for r in criterion.requirements if r.ref == ref), "")


def unowned_criteria(ctl: WizardController) -> str:
    """Which chosen criteria still have rows without an owner (or no row at all)."""
    lines = []
    for code in ctl.state.selected:
        sids = [s.id for s in ctl.review.for_criterion(code) if ctl.review.status(s.id) != "reject"]
        if not sids:
            lines.append(f"• Tiêu chí {code_label(code)}: chưa có hàng nào trong kế hoạch.")
            continue
        empty = [sid for sid in sids if not ctl.review.row(sid).owners.strip()]
        if empty:
            lines.append(f"• Tiêu chí {code_label(code)}: {len(empty)}/{len(sids)} hàng chưa có người phụ trách.")
    if not ctl.state.selected:
        return "Chưa có tiêu chí nào được chọn để cải tiến (bước 4)."
    if not lines:
        return "Mọi tiêu chí đã có người phụ trách."
    return "Các tiêu chí chưa có người phụ trách:\n" + "\n".join(lines) + \
        "\nCó thể giao nhanh, ví dụ: “giao tiêu chí 2.3 cho Phó hiệu trưởng”."


def search_examples(ctl: WizardController, query: str, k: int = 3) -> str:
    """The closest rows of past plans and exemplars for a topic, with where they come from."""
    if not query.strip():
        return "Hãy nói rõ chủ đề, ví dụ: “tìm ví dụ về thư viện thân thiện”."
    try:
        hits = ctl.services.retriever().search(query, k=k * 3, filters=Filters(kinds=("seed", "exemplar", "user")))
        rows = ctl.services.corpus_rows()
    except Exception:
        log.exception("corpus search failed")
        return "Chưa tìm được trong kho kế hoạch mẫu (kho đang được nạp hoặc bị lỗi). Hãy thử lại sau."
    shown = []
    for hit in hits:
        row = rows.get(hit.doc.id)
        if row is None:
            continue
        meta = ", ".join(x for x in (row.school_type, row.school_year) if x)
        text = "; ".join(row.actions) or row.content or row.target
        code = level4_code(int(row.criterion)) if row.band == "4" and row.criterion.isdigit() else row.criterion
        shown.append(f"• Tiêu chí {code_label(code)}: «{_quote(text, 200)}» — {row.source}{f' ({meta})' if meta else ''}")
        if len(shown) == k:
            break
    if not shown:
        return f"Không tìm thấy ví dụ nào về “{query}”. Hãy thử từ khóa khác."
    return f"Ví dụ về “{query}”:\n" + "\n".join(shown)


def plan_summary(ctl: WizardController, limit: int = 40) -> str:
    """A short text of the plan so far (school, criteria, kept rows) for an LLM prompt."""
    profile = ctl.state.profile
    lines = [f"Trường: {profile.name or '(chưa ghi)'}; năm học {profile.school_year or '(chưa ghi)'}; "
             f"bộ tiêu chí: {profile.framework_id or '(chưa chọn)'}."]
    for code in ctl.state.selected:
        need = ctl.state.need(code)
        reason = need.reasons[0] if need and need.reasons else ""
        lines.append(f"Tiêu chí {code_label(code)} {need.title if need else ''}: {reason}")
        for row in ctl.review.accepted_rows([code]):
            lines.append(f"  - {'; '.join(row.actions)} | {row.owners} | {row.timeline}")
    return "\n".join(lines[:limit])
