"""Pure domain types of caitien: frameworks, assessments, reports, plans, suggestions, reviews.

Every type is a frozen pydantic model with ``extra="forbid"``: values are validated once, at the
edge where they are built (parsers, loaders, the UI), and then passed around without copies being
mutated by accident.  Text fields are normalised to NFC on the way in because Vietnamese documents
arrive in both composed and decomposed forms.  No I/O happens here.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


def _nfc(value: Any) -> Any:
    """NFC-normalise strings, and strings inside tuples/lists, leaving other values alone."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list | tuple):
        return type(value)(_nfc(v) for v in value)
    return value


class Frozen(BaseModel):
    """Base of every domain value: immutable, strict about unknown keys, NFC text."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _normalise_text(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: _nfc(v) for k, v in data.items()}
        return data


# --------------------------------------------------------------------------------------------
# Frameworks (criteria catalogues)
# --------------------------------------------------------------------------------------------


class Generation(StrEnum):
    """The two generations of rules: the 2018 circulars (TT17/18/19) and TT57/2026."""

    G2018 = "2018"
    G2026 = "2026"


class SchoolType(StrEnum):
    """School types as the circulars name them."""

    MN = "MN"  # mầm non
    TH = "TH"  # tiểu học
    THCS = "THCS"
    THPT = "THPT"
    PTNCH = "PTNCH"  # trường phổ thông có nhiều cấp học
    GDTX = "GDTX"  # cơ sở giáo dục thường xuyên

    @property
    def label(self) -> str:
        """Vietnamese name shown to users."""
        return SCHOOL_TYPE_LABELS[self]


SCHOOL_TYPE_LABELS: dict[SchoolType, str] = {
    SchoolType.MN: "Mầm non",
    SchoolType.TH: "Tiểu học",
    SchoolType.THCS: "Trung học cơ sở",
    SchoolType.THPT: "Trung học phổ thông",
    SchoolType.PTNCH: "Phổ thông có nhiều cấp học",
    SchoolType.GDTX: "Giáo dục thường xuyên",
}


class Requirement(Frozen):
    """One requirement (chỉ báo) of a criterion at one level.

    ``id`` is the indicator letter ("a", "b", "c") or "*" for a level with a single unlettered
    requirement (always so in TT57).
    """

    criterion: str
    level: int = Field(ge=1, le=4)
    id: str
    text: str

    @property
    def ref(self) -> str:
        """Stable reference such as "3.4 M2 a" used in provenance and checks."""
        return f"{self.criterion} M{self.level} {self.id}"


class Criterion(Frozen):
    """A tiêu chí with its requirements per level."""

    code: str
    title: str
    standard: str
    mandatory: bool = False
    requirements: tuple[Requirement, ...] = ()
    evidence_hints: tuple[str, ...] = ()
    quantitative_indicators: tuple[str, ...] = ()

    def at_level(self, level: int) -> tuple[Requirement, ...]:
        """Requirements of exactly this level (empty when the level is not defined)."""
        return tuple(r for r in self.requirements if r.level == level)

    @property
    def max_level(self) -> int:
        """Highest level that has at least one requirement."""
        return max((r.level for r in self.requirements), default=1)


class Standard(Frozen):
    """A tiêu chuẩn and its criteria."""

    code: str
    title: str
    criteria: tuple[Criterion, ...]


class Level4Item(Frozen):
    """One Mức 4 item of Điều 22 (2018 generation); ``verbatim`` is False for reconstructions."""

    number: int
    text: str
    verbatim: bool = False


class Framework(Frozen):
    """A criteria catalogue: TT17/TT18/TT19 of 2018 or one appendix of TT57/2026."""

    id: str
    name: str
    circular: str
    generation: Generation
    school_types: tuple[SchoolType, ...]
    levels: tuple[int, ...]
    standards: tuple[Standard, ...]
    level4: tuple[Level4Item, ...] = ()
    title: str = ""
    source: str = ""
    notes: tuple[str, ...] = ()

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        """All criteria in catalogue order."""
        return tuple(c for s in self.standards for c in s.criteria)

    def criterion(self, code: str) -> Criterion | None:
        """The criterion with this normalised code, or None."""
        return next((c for c in self.criteria if c.code == code), None)

    def standard(self, code: str) -> Standard | None:
        """The standard with this code, or None."""
        return next((s for s in self.standards if s.code == code), None)

    @property
    def mandatory_codes(self) -> tuple[str, ...]:
        """Codes of the mandatory criteria (TT57 only; empty for 2018)."""
        return tuple(c.code for c in self.criteria if c.mandatory)

    @property
    def top_level(self) -> int:
        """Highest criterion level of this framework (3 for 2018, 2 for TT57)."""
        return max(self.levels)


# --------------------------------------------------------------------------------------------
# Schools and reports
# --------------------------------------------------------------------------------------------

TargetKind = Literal["keep", "next_level", "cqg1", "cqg2", "level1", "level2", "level3", "level4"]

TARGET_LABELS: dict[str, str] = {
    "keep": "Duy trì mức hiện tại",
    "next_level": "Đạt mức cao hơn một bậc",
    "cqg1": "Đạt chuẩn quốc gia mức độ 1",
    "cqg2": "Đạt chuẩn quốc gia mức độ 2",
    "level1": "Đạt Mức 1",
    "level2": "Đạt Mức 2",
    "level3": "Đạt Mức 3",
    "level4": "Đạt Mức 4",
}


class SchoolProfile(Frozen):
    """What step 1 of the wizard asks about the school."""

    name: str = ""
    school_type: SchoolType = SchoolType.THCS
    managing_body: str = ""
    address: str = ""
    place: str = ""
    abbreviation: str = ""
    school_year: str = ""
    framework_id: str = ""
    target: TargetKind = "next_level"
    signer: str = ""
    signer_title: str = "HIỆU TRƯỞNG"


class TextSpan(Frozen):
    """A span of the source document an extracted item came from (offsets into the plain text)."""

    text: str
    start: int = Field(ge=0, default=0)
    end: int = Field(ge=0, default=0)
    page: int | None = None


class IndicatorResult(Frozen):
    """Met / not met of one requirement (chỉ báo) as the report states it."""

    level: int = Field(ge=1, le=4)
    id: str
    met: bool | None = None


class CriterionAssessment(Frozen):
    """What one report says about one criterion.

    ``level`` 0 means Mức 1 is not met ("Không đạt"); None means the report gives no level.
    ``conflicts`` lists disagreements found between places of the same report (per-criterion
    result, summary table, conclusion sentence) instead of silently picking one.
    """

    criterion: str
    title: str = ""
    level: int | None = Field(default=None, ge=0, le=4)
    indicators: tuple[IndicatorResult, ...] = ()
    description: str = ""
    strengths: tuple[str, ...] = ()
    weaknesses: tuple[str, ...] = ()
    planned_actions: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    spans: tuple[TextSpan, ...] = ()
    conflicts: tuple[str, ...] = ()


class StandardSummary(Frozen):
    """Per-standard conclusions (2018 "Kết luận về tiêu chuẩn", TT57 "Đánh giá chung")."""

    standard: str
    level: int | None = None
    strengths: tuple[str, ...] = ()
    limitations: tuple[str, ...] = ()
    causes: tuple[str, ...] = ()
    priorities: tuple[str, ...] = ()
    span: TextSpan | None = None


class Level4Result(Frozen):
    """Đạt / Không đạt of one Mức 4 item."""

    number: int
    met: bool | None = None
    span: TextSpan | None = None


class Recommendation(Frozen):
    """A khuyến nghị of an external evaluation, tied to the criteria it concerns."""

    text: str
    criteria: tuple[str, ...] = ()
    confidence: float = Field(default=0.0, ge=0.0, le=1.0)
    tied_by: Literal["code", "topic", "none"] = "none"
    span: TextSpan | None = None


ReportKind = Literal["tdg", "dgn"]


class ParsedReport(Frozen):
    """A TĐG or ĐGN report read into per-criterion results."""

    kind: ReportKind
    framework_id: str | None = None
    school_type: SchoolType | None = None
    school_name: str = ""
    period: str = ""
    assessments: tuple[CriterionAssessment, ...] = ()
    standards: tuple[StandardSummary, ...] = ()
    level4: tuple[Level4Result, ...] = ()
    overall_level: int | None = Field(default=None, ge=0, le=4)
    recommendations: tuple[Recommendation, ...] = ()
    warnings: tuple[str, ...] = ()
    source_name: str = ""

    def assessment(self, code: str) -> CriterionAssessment | None:
        """The assessment of this criterion code, or None."""
        return next((a for a in self.assessments if a.criterion == code), None)


# --------------------------------------------------------------------------------------------
# Plans
# --------------------------------------------------------------------------------------------

Band = Literal["1-3", "4"]
RowStatus = Literal["", "Hoàn thành", "Đang thực hiện", "Chưa hoàn thành"]
ROW_STATUSES: tuple[str, ...] = ("Hoàn thành", "Đang thực hiện", "Chưa hoàn thành")


class PlanRow(Frozen):
    """One row of an improvement plan, covering both table layouts.

    2018 (9 columns): criterion, target (Kết quả cần đạt), actions (Công việc/giải pháp), owners
    (Chủ trì và phối hợp), timeline, budget (Dự kiến kinh phí), support (Điều kiện hỗ trợ khác), note.
    TT57 Biểu 2 (10 columns): content (Nội dung cải tiến), target (Mục tiêu), actions, indicators
    (Chỉ số đánh giá kết quả), timeline, owners, budget (Nguồn lực bảo đảm), evidence (minh chứng
    dự kiến), status (Mức độ thực hiện).
    """

    criterion: str
    criterion_title: str = ""
    standard: str = ""
    band: Band = "1-3"
    content: str = ""
    target: str = ""
    actions: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()
    owners: str = ""
    timeline: str = ""
    budget: str = ""
    support: str = ""
    evidence: tuple[str, ...] = ()
    note: str = ""
    status: RowStatus = ""
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)


class PlanHeader(Frozen):
    """Header fields of a plan document."""

    managing_body: str = ""
    school_name: str = ""
    school_type: SchoolType | None = None
    number: str = ""
    place: str = ""
    date: str = ""  # dd/mm/yyyy
    school_year: str = ""
    framework_id: str | None = None
    circular_cited: str = ""
    address: str = ""  # TT57 Biểu 2 section I asks for it
    abbreviation: str = ""  # ký hiệu of the school in "Số: …/KH-<abbreviation>"


class PriorityIssue(Frozen):
    """A row of TT57 Biểu 2 section IV (vấn đề trọng tâm cần cải tiến)."""

    standard: str
    criteria: tuple[str, ...] = ()
    current_state: str = ""
    limitation: str = ""
    root_cause: str = ""


class OrganisationItem(Frozen):
    """One role's duties in the "Tổ chức thực hiện" section."""

    role: str
    duties: str


class MonitoringRow(Frozen):
    """A row of the TT57 monitoring table (section VI)."""

    when: str
    content: str = ""
    result: str = ""
    adjustment: str = ""
    reviewer: str = ""


class Plan(Frozen):
    """A whole improvement plan."""

    header: PlanHeader = PlanHeader()
    rows: tuple[PlanRow, ...] = ()
    priority_issues: tuple[PriorityIssue, ...] = ()
    organisation: tuple[OrganisationItem, ...] = ()
    monitoring: tuple[MonitoringRow, ...] = ()
    purposes: tuple[str, ...] = ()
    bases: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    signer_title: str = "HIỆU TRƯỞNG"
    signer_name: str = ""


# --------------------------------------------------------------------------------------------
# Suggestions, checks and review
# --------------------------------------------------------------------------------------------


class SourceRef(Frozen):
    """A corpus row a suggestion was drawn from, with its similarity (cosine or fused score)."""

    row_id: str
    text: str
    source: str
    framework: str = ""
    criterion: str = ""
    school_type: str = ""
    school_year: str = ""
    score: float = 0.0
    cross_generation: bool = False


class CrossRef(Frozen):
    """An old-framework criterion a TT57 suggestion was carried over from (crosswalk)."""

    framework: str
    criterion: str
    strength: Literal["direct", "partial"] = "partial"


class Provenance(Frozen):
    """Why a suggestion exists: report sentences, source rows, requirements it serves."""

    report_spans: tuple[TextSpan, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    serves: tuple[str, ...] = ()  # Requirement.ref values, e.g. "3.4 M3 a"
    from_criteria: tuple[CrossRef, ...] = ()
    approximate: bool = False
    drafter: str = "retrieval"


Severity = Literal["info", "warning", "error"]


class CheckResult(Frozen):
    """One finding of a quality check on a plan row or a whole plan."""

    code: str
    severity: Severity = "warning"
    message: str
    criterion: str = ""


class Suggestion(Frozen):
    """A drafted plan row with where it came from and what the checks found."""

    id: str
    criterion: str
    row: PlanRow
    provenance: Provenance = Provenance()
    checks: tuple[CheckResult, ...] = ()


DecisionKind = Literal["accept", "edit", "reject"]


class ReviewDecision(Frozen):
    """A user's decision on a suggestion: accept, edit (with the edited row) or reject."""

    suggestion_id: str
    kind: DecisionKind
    row: PlanRow | None = None
    by: str = ""
    at: datetime | None = None

    @field_validator("row")
    @classmethod
    def _row_present_for_edit(cls, v: PlanRow | None, info: Any) -> PlanRow | None:
        if info.data.get("kind") == "edit" and v is None:
            raise ValueError("an edit decision carries the edited row")
        return v
