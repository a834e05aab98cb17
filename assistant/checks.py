"""Quality checks on plan rows, drafted or typed, and on a whole plan (the coverage matrix).

Row checks: an owner from the vocabulary that exists in this school type, a timeline inside the
school year, a budget with a source (or "Không phát sinh"), a measurable result, and each action
tied to an unmet next-level requirement.  Plan checks: every selected criterion and every ĐGN
recommendation is covered by at least one row.  Messages are Vietnamese and say what to do.
A row of the "MỨC 4" band (``band="4"``, ``criterion="<n>"``) is tied to its Mức 4 item's text and
its findings name the item by its key "M4.<n>" (:mod:`assistant.level4`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from corpus.text import fold, school_year_bounds

from .domain import (
    CheckResult,
    Framework,
    Generation,
    ParsedReport,
    Plan,
    PlanRow,
    Recommendation,
    Requirement,
    SchoolType,
)
from .level4 import code_label, level4_item, level4_requirement, row_key
from .lexical import overlap, person_names, shared, topic_overlap
from .selection import CriterionNeed, unmet_requirements
from .vocab import Vocabulary, load_vocabulary

TIED_OVERLAP = 0.2  # share of the shorter text's content syllables found in the other
TIED_SHARED = 2  # or at least this many content syllables in common (a short action, a long requirement)
REC_OVERLAP = 0.5  # share of a recommendation's topic words a row must repeat to answer it
VAGUE_VERBS = ("tang cuong", "nang cao", "day manh", "chu trong", "quan tam", "phat huy", "tiep tuc")
_QUANTITY = re.compile(r"\d|\b(muc [123]|tat ca|toan bo|moi |100|mot lan|hai lan|hang thang|hang tuan)")
_MONTH_YEAR = re.compile(r"\b(\d{1,2})\s*/\s*(20\d\d)\b")
_PAIR = re.compile(r"\b(20\d\d)\s*[-–—/]\s*(20\d\d)\b")
_YEAR = re.compile(r"\b20\d\d\b")
_NO_COST = re.compile(r"^(khong|khong phat sinh)( kinh phi)?\.?$")
_AMOUNT = re.compile(r"\d[\d.,]*\s*(trieu|tr\b|nghin|ngan|ty|dong|d\b)")
_SOURCE = re.compile(r"ngan sach|nguon|xa hoi hoa|xhh|tai tro|quy |kinh phi (nganh|su nghiep)|chi thuong xuyen|hoc phi")


def _result(code: str, message: str, criterion: str, severity: str = "warning") -> CheckResult:
    return CheckResult(code=code, severity=severity, message=message, criterion=criterion)  # type: ignore[arg-type]


def check_owner(row: PlanRow, school_type: SchoolType, vocab: Vocabulary) -> list[CheckResult]:
    """An owner is named, by a role of the vocabulary that exists in this school type."""
    text = row.owners.strip()
    if not text or fold(text).strip(" .") == "khong":
        return [_result("owner.missing", "Chưa ghi người/bộ phận chủ trì thực hiện.", row.criterion, "error")]
    out = []
    roles = vocab.find_roles(text)
    if not roles:
        out.append(_result("owner.unknown", f"Người phụ trách «{text}» không thuộc danh mục vai trò; "
                           "hãy ghi theo chức danh (ví dụ: Hiệu trưởng, Tổ trưởng chuyên môn).", row.criterion))
    missing = [r.name for r in roles if school_type not in r.school_types]
    if missing:
        out.append(_result("owner.school_type", f"Vai trò {', '.join(missing)} không có ở loại trường "
                           f"{school_type.label}; hãy giao cho vai trò tương ứng của nhà trường.", row.criterion))
    if person_names(text):
        out.append(_result("owner.person", "Nên ghi chức danh thay cho họ tên người cụ thể "
                           f"(«{person_names(text)[0]}»).", row.criterion, "info"))
    return out


def check_timeline(row: PlanRow, school_year: str) -> list[CheckResult]:
    """A timeline is given and falls inside the school year (August of the first year to August)."""
    text = fold(row.timeline)
    if not text.strip():
        return [_result("timeline.missing", "Chưa ghi thời gian thực hiện và hoàn thành.", row.criterion, "error")]
    first, second = school_year_bounds(school_year)
    outside = [f"{m}/{y}" for m, y in _MONTH_YEAR.findall(text) if not _inside(int(m), int(y), first, second)]
    outside += [f"{a}-{b}" for a, b in _PAIR.findall(text) if (int(a), int(b)) != (first, second)]
    bare = [y for y in _YEAR.findall(_PAIR.sub(" ", _MONTH_YEAR.sub(" ", text))) if int(y) not in (first, second)]
    if outside or bare:
        return [_result("timeline.outside", f"Thời gian «{row.timeline}» nằm ngoài năm học {school_year} "
                        f"({', '.join(outside + bare)}); hãy ghi mốc trong năm học.", row.criterion, "error")]
    if not _YEAR.search(text):
        return [_result("timeline.vague", f"Thời gian «{row.timeline}» chưa gắn với năm học {school_year}; "
                        "nên ghi tháng hoặc học kỳ cụ thể.", row.criterion)]
    if "nam tiep theo" in text:
        return [_result("timeline.beyond", "Kế hoạch lập theo năm học: nên ghi mốc hoàn thành trong năm học "
                        f"{school_year} thay cho «các năm tiếp theo».", row.criterion, "info")]
    return []


def _inside(month: int, year: int, first: int, second: int) -> bool:
    return (year == first and month >= 8) or (year == second and month <= 8)


def check_budget(row: PlanRow) -> list[CheckResult]:
    """A budget is stated with its source, or explicitly "Không phát sinh"."""
    text = fold(row.budget).strip()
    if not text:
        return [_result("budget.missing", "Chưa ghi dự kiến kinh phí (ghi «Không phát sinh kinh phí» nếu "
                        "không cần kinh phí).", row.criterion, "error")]
    if _NO_COST.match(text) or text.startswith("khong phat sinh"):
        return []
    if not _SOURCE.search(text):
        what = "Có số tiền nhưng" if _AMOUNT.search(text) else "Kinh phí"
        return [_result("budget.no_source", f"{what} chưa rõ nguồn (ngân sách nhà nước, xã hội hóa…): "
                        f"«{row.budget}».", row.criterion)]
    return []


def check_result(row: PlanRow) -> list[CheckResult]:
    """The expected result is measurable; vague verbs without a quantity are flagged."""
    results = [t for t in (row.target, *row.indicators) if t.strip()]
    out = []
    if not results:
        out.append(_result("result.missing", "Chưa ghi kết quả cần đạt.", row.criterion, "error"))
    elif not any(_QUANTITY.search(fold(t)) for t in results):
        vague = next((v for v in VAGUE_VERBS if any(v in fold(t) for t in results)), "")
        why = f"có «{_verb(vague)}» nhưng " if vague else ""
        out.append(_result("result.vague", f"Kết quả «{results[0]}» chưa đo được: {why}không có con số, "
                           "tỉ lệ hay mức cụ thể.", row.criterion))
    for action in row.actions:
        folded = fold(action)
        verb = next((v for v in VAGUE_VERBS if folded.startswith(v)), "")
        if verb and not _QUANTITY.search(folded):
            out.append(_result("action.vague", f"Giải pháp «{_short(action)}» dùng «{_verb(verb)}» mà không "
                               "nêu việc cụ thể hay số lượng.", row.criterion, "info"))
    return out


def _verb(folded: str) -> str:
    return {"tang cuong": "tăng cường", "nang cao": "nâng cao", "day manh": "đẩy mạnh", "chu trong": "chú trọng",
            "quan tam": "quan tâm", "phat huy": "phát huy", "tiep tuc": "tiếp tục"}.get(folded, folded)


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def check_serves(row: PlanRow, unmet: Sequence[Requirement]) -> list[CheckResult]:
    """Each action shares content with at least one unmet next-level requirement."""
    if not unmet:
        return []
    refs = ", ".join(r.ref for r in unmet[:4])
    return [
        _result("action.untied", f"Giải pháp «{_short(action)}» chưa thấy gắn rõ với yêu cầu chưa đạt nào "
                f"({refs}); hãy nêu rõ giải pháp đáp ứng yêu cầu nào.", row.criterion, "info")
        for action in row.actions
        if not any(tied(action, r.text) for r in unmet)
    ]


def tied(action: str, requirement: str) -> bool:
    """Whether an action shares enough wording with a requirement to count as serving it."""
    return overlap(action, requirement) >= TIED_OVERLAP or shared(action, requirement) >= TIED_SHARED


def check_row(
    row: PlanRow,
    *,
    framework: Framework,
    school_type: SchoolType,
    school_year: str,
    unmet: Sequence[Requirement],
    vocab: Vocabulary | None = None,
) -> list[CheckResult]:
    """Every row check on one plan row (a Mức 4 row is tied to its item's text when ``unmet`` is empty)."""
    vocab = vocab or load_vocabulary()
    key = row_key(row)
    if key != row.criterion and not unmet:
        item = level4_item(framework, key)
        unmet = (level4_requirement(item),) if item is not None else ()
    out = check_owner(row, school_type, vocab) + check_timeline(row, school_year) + check_budget(row)
    out += check_result(row) + check_serves(row, unmet)
    if not row.actions:
        out.append(_result("action.missing", "Chưa ghi công việc/giải pháp cần thực hiện.", row.criterion, "error"))
    if framework.generation == Generation.G2026 and not row.evidence:
        out.append(_result("evidence.missing", "Chưa ghi thông tin, dữ liệu hoặc minh chứng dự kiến (cột 9).",
                           row.criterion))
    return out if key == row.criterion else [r.model_copy(update={"criterion": key}) for r in out]


@dataclass(frozen=True)
class PlanCoverage:
    """What a plan covers: selected criteria and ĐGN recommendations, plus per-row results."""

    uncovered_criteria: tuple[str, ...]
    uncovered_recommendations: tuple[Recommendation, ...]
    recommendation_rows: tuple[tuple[Recommendation, tuple[int, ...]], ...]
    criterion_rows: dict[str, tuple[int, ...]]
    row_results: tuple[tuple[CheckResult, ...], ...]
    findings: tuple[CheckResult, ...] = field(default=())

    @property
    def complete(self) -> bool:
        """True when every selected criterion and every recommendation has a row."""
        return not self.uncovered_criteria and not self.uncovered_recommendations


def check_plan(
    plan: Plan,
    *,
    framework: Framework,
    needs: Sequence[CriterionNeed],
    dgn: ParsedReport | None,
    school_type: SchoolType | None = None,
    school_year: str | None = None,
) -> PlanCoverage:
    """The coverage matrix of a plan and the checks of each of its rows."""
    school_type = school_type or plan.header.school_type or SchoolType.THCS
    year = school_year or plan.header.school_year
    by_code = {n.code: n for n in needs}
    rows = plan.rows
    criterion_rows = {n.code: tuple(i for i, r in enumerate(rows) if row_key(r) == n.code) for n in needs}
    recs = dgn.recommendations if dgn else ()
    rec_rows = tuple((rec, _covering(rec, rows, by_code)) for rec in recs)
    results = tuple(
        tuple(check_row(r, framework=framework, school_type=school_type, school_year=year,
                        unmet=unmet_requirements(framework, by_code[row_key(r)]) if row_key(r) in by_code else ()))
        for r in rows
    )
    uncovered = tuple(code for code, idx in criterion_rows.items() if not idx)
    missing_recs = tuple(rec for rec, idx in rec_rows if not idx)
    findings = tuple(
        _result("plan.criterion_uncovered",
                f"Tiêu chí {code_label(code)} cần cải tiến nhưng chưa có dòng nào trong kế hoạch.", code)
        for code in uncovered
    ) + tuple(
        _result("plan.recommendation_uncovered", f"Khuyến nghị của đoàn ĐGN chưa được đưa vào kế hoạch: «{_short(r.text, 120)}».",
                ", ".join(r.criteria))
        for r in missing_recs
    )
    return PlanCoverage(uncovered, missing_recs, rec_rows, criterion_rows, results, findings)


def _covering(rec: Recommendation, rows: Sequence[PlanRow], needs: dict[str, CriterionNeed]) -> tuple[int, ...]:
    """Rows that answer a recommendation: by its criteria (also across generations), else by wording."""
    return tuple(i for i, row in enumerate(rows) if _answers(rec, row, needs.get(row_key(row))))


def _answers(rec: Recommendation, row: PlanRow, need: CriterionNeed | None) -> bool:
    if need is not None and need.from_criteria:  # old codes: only the carried link counts
        return rec in need.recommendations
    if rec.criteria:
        return row.criterion in rec.criteria
    return topic_overlap(rec.text, " ".join(row.actions)) >= REC_OVERLAP
