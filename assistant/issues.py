"""Priority issues of a TT57 plan (Biểu 2, mục IV): the selected criteria grouped by standard.

Biểu 2 asks not to plan every criterion but the issues that most affect quality.  Each issue
takes its limitation and root cause from the report's per-standard "Điểm hạn chế trọng tâm và
nguyên nhân cốt lõi" when the report has one, otherwise from the weaknesses the school wrote.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .domain import Framework, ParsedReport, PriorityIssue, StandardSummary

if TYPE_CHECKING:
    from .selection import CriterionNeed

MAX_SENTENCES = 3
NO_CAUSE = "Báo cáo chưa nêu nguyên nhân; Hội đồng tự đánh giá cần phân tích, bổ sung."
_CAUSE = re.compile(r"(?:^|[\s,;])(?:do|vì|bởi vì|bởi|nguyên nhân(?: là| chủ yếu là)?:?)\s+(.{8,})", re.IGNORECASE)


def priority_issues(
    framework: Framework,
    needs: Sequence[CriterionNeed],
    tdg: ParsedReport | None,
    dgn: ParsedReport | None,
) -> list[PriorityIssue]:
    """One issue per standard that has selected criteria, ordered by the most urgent criterion."""
    groups: dict[str, list[CriterionNeed]] = {}
    for need in sorted(needs, key=lambda n: n.priority):
        standard = need.standard or need.code.split(".")[0]
        groups.setdefault(standard, []).append(need)
    summaries = _summaries(framework, tdg) | _summaries(framework, dgn, fill_only=True)
    return [_issue(framework, code, group, summaries.get(code)) for code, group in groups.items()]


def _summaries(framework: Framework, report: ParsedReport | None, fill_only: bool = False) -> dict[str, StandardSummary]:
    """Per-standard summaries of a report of the same framework (codes of another tree do not apply)."""
    if report is None or report.framework_id != framework.id:
        return {}
    return {s.standard: s for s in report.standards if s.limitations or s.causes or not fill_only}


def _issue(framework: Framework, standard: str, group: list[CriterionNeed], summary: StandardSummary | None) -> PriorityIssue:
    std = framework.standard(standard)
    return PriorityIssue(
        standard=f"Tiêu chuẩn {standard}: {std.title}" if std else f"Tiêu chuẩn {standard}",
        criteria=tuple(n.code for n in group),
        current_state=_state(group, summary),
        limitation=_limitation(group, summary),
        root_cause=_cause(group, summary),
    )


def _state(group: list[CriterionNeed], summary: StandardSummary | None) -> str:
    parts = []
    if summary is not None and summary.level is not None:
        parts.append(f"Tiêu chuẩn đạt Mức {summary.level} (theo báo cáo tự đánh giá)")
    for need in group:
        level = "chưa xác định" if need.current_level is None else (
            "chưa đạt Mức 1" if need.current_level == 0 else f"Mức {need.current_level}"
        )
        how = " (ước tính từ báo cáo cũ, gần đúng)" if need.estimated else ""
        flag = " (bắt buộc)" if need.mandatory else ""
        parts.append(f"Tiêu chí {need.code}{flag}: {level}{how}")
    return "; ".join(parts) + "."


def _limitation(group: list[CriterionNeed], summary: StandardSummary | None) -> str:
    if summary is not None and summary.limitations:
        return " ".join(summary.limitations[:MAX_SENTENCES])
    sentences = [w for n in group for w in n.weaknesses]
    if sentences:
        return " ".join(_dedupe(sentences)[:MAX_SENTENCES])
    return " ".join(f"Tiêu chí {n.code} chưa đạt Mức {n.target_level}." for n in group)


def _cause(group: list[CriterionNeed], summary: StandardSummary | None) -> str:
    if summary is not None and summary.causes:
        return " ".join(summary.causes[:MAX_SENTENCES])
    causes = []
    for sentence in (w for n in group for w in n.weaknesses):
        m = _CAUSE.search(sentence)
        if m:
            cause = m.group(1).strip().rstrip(".;")
            causes.append(cause[:1].upper() + cause[1:] + ".")
    return " ".join(_dedupe(causes)[:MAX_SENTENCES]) or NO_CAUSE


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
