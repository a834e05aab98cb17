"""Shared builders for the selection, drafting, checks, transition and LLM tests.

Reports are built directly as :class:`ParsedReport` values (the parser has its own tests); the
retriever is the real :class:`HybridRetriever` without an embedder (lexical search, no model to
load), or, where a test is about the protocol seam, a tiny lexical fake implementing it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from assistant.catalog import default_catalog
from assistant.domain import (
    CriterionAssessment,
    ParsedReport,
    Recommendation,
    SchoolProfile,
    SchoolType,
    StandardSummary,
    TextSpan,
)
from assistant.drafting import DraftRequest, RetrievalDrafter
from assistant.lexical import overlap
from assistant.selection import select_criteria
from assistant.vocab import load_vocabulary
from corpus.loader import load_bundled_rows
from corpus.schema import CorpusRow
from retrieval.base import Doc, Filters, Hit
from retrieval.docs import framework_infos, rows_to_docs
from retrieval.hybrid import HybridRetriever

CATALOG = default_catalog()
YEAR = "2026-2027"

# Weak criteria of the TT18 THCS sample: level and the weakness the school wrote.
TT18_WEAK: dict[str, tuple[int, str]] = {
    "1.4": (2, "Sinh hoạt tổ chuyên môn chưa thường xuyên đổi mới theo hướng nghiên cứu bài học."),
    "2.2": (2, "Tỷ lệ giáo viên đạt chuẩn nghề nghiệp mức khá trở lên còn thấp do nhiều giáo viên mới tuyển dụng."),
    "3.4": (1, "Khu vệ sinh học sinh đã xuống cấp do xây dựng từ năm 2010, chưa có khu vệ sinh cho học sinh khuyết tật."),
    "3.6": (2, "Thư viện chưa có phòng đọc riêng cho giáo viên, đầu sách tham khảo còn ít."),
    "5.3": (2, "Tài liệu giáo dục địa phương chưa được cập nhật kịp thời."),
}
TT19_WEAK: dict[str, tuple[int, str]] = {
    "2.2": (2, "Một số giáo viên còn lúng túng khi tổ chức hoạt động lấy trẻ làm trung tâm."),
    "3.2": (1, "Phòng học của các nhóm lớp chưa đủ diện tích, một số phòng xuống cấp."),
    "5.3": (2, "Tỷ lệ trẻ suy dinh dưỡng thể thấp còi còn 6% do điều kiện kinh tế gia đình khó khăn."),
}


def report(
    kind: str,
    framework_id: str,
    school_type: SchoolType,
    weak: Mapping[str, tuple[int, str]],
    *,
    default_level: int = 3,
    levels: Mapping[str, int] | None = None,
    recommendations: Sequence[Recommendation] = (),
    standards: Sequence[StandardSummary] = (),
    overall: int | None = None,
    period: str = "2024-2025",
) -> ParsedReport:
    """A report where every criterion is at ``default_level`` except the weak ones."""
    framework = CATALOG.get(framework_id)
    assessments = []
    offset = 0
    for c in framework.criteria:
        level, weakness = weak.get(c.code, (default_level, ""))
        if levels and c.code in levels:
            level = levels[c.code]
        spans: tuple[TextSpan, ...] = ()
        if weakness:
            spans = (TextSpan(text=f"Điểm yếu: {weakness}", start=offset, end=offset + len(weakness) + 10),)
            offset += len(weakness) + 20
        assessments.append(
            CriterionAssessment(
                criterion=c.code,
                title=c.title,
                level=level,
                weaknesses=(weakness,) if weakness else (),
                spans=spans,
            )
        )
    return ParsedReport(
        kind=kind,  # type: ignore[arg-type]
        framework_id=framework_id,
        school_type=school_type,
        school_name="Trường THCS Hòa Bình" if school_type != SchoolType.MN else "Trường Mầm non Hoa Sen",
        period=period,
        assessments=tuple(assessments),
        standards=tuple(standards),
        overall_level=overall,
        recommendations=tuple(recommendations),
    )


def tt18_tdg(**kw: object) -> ParsedReport:
    """The TT18 THCS self-assessment with the weak criteria of :data:`TT18_WEAK`."""
    return report("tdg", "tt18-2018", SchoolType.THCS, TT18_WEAK, **kw)  # type: ignore[arg-type]


def tt18_dgn() -> ParsedReport:
    """An external evaluation that rates 1.4 and 5.3 lower and names 3.4 and 1.10."""
    return report(
        "dgn", "tt18-2018", SchoolType.THCS, {}, levels={"1.4": 1, "5.3": 1, "3.4": 1, "2.2": 2, "3.6": 2},
        recommendations=(
            Recommendation(text="Nhà trường cần tham mưu cấp có thẩm quyền cải tạo khu vệ sinh cho học sinh.",
                           criteria=("3.4",), confidence=0.9, tied_by="code",
                           span=TextSpan(text="Nhà trường cần tham mưu cấp có thẩm quyền cải tạo khu vệ sinh cho học sinh.",
                                         start=100, end=170)),
            Recommendation(text="Tăng cường công tác bảo đảm an ninh trật tự, phòng chống bạo lực học đường.",
                           criteria=("1.10",), confidence=0.8, tied_by="code"),
        ),
    )


def lexical_retriever(rows: Sequence[CorpusRow]) -> HybridRetriever:
    """The real hybrid retriever without an embedder (lexical only, nothing to load)."""
    retriever = HybridRetriever(None, frameworks=framework_infos())
    retriever.add(rows_to_docs(rows))
    return retriever


_BUNDLED: list[CorpusRow] = []


def bundled_rows() -> list[CorpusRow]:
    """The bundled corpus (seed rows and exemplars), read once."""
    if not _BUNDLED:
        _BUNDLED.extend(load_bundled_rows())
    return _BUNDLED


def drafter(rows: Sequence[CorpusRow] | None = None, retriever: object | None = None) -> RetrievalDrafter:
    """A retrieval drafter over these rows (default: the bundled corpus)."""
    rows = list(bundled_rows() if rows is None else rows)
    return RetrievalDrafter(retriever or lexical_retriever(rows), {r.id: r for r in rows}, CATALOG,
                            load_vocabulary())


def request_for(
    framework_id: str,
    tdg: ParsedReport | None,
    dgn: ParsedReport | None = None,
    *,
    school_type: SchoolType = SchoolType.THCS,
    target: str = "next_level",
    exclude: tuple[str, ...] = (),
) -> DraftRequest:
    """Select the criteria and wrap them in a draft request for :data:`YEAR`."""
    framework = CATALOG.get(framework_id)
    needs = select_criteria(framework, tdg, dgn, target, catalog=CATALOG)  # type: ignore[arg-type]
    profile = SchoolProfile(name="Trường THCS Hòa Bình", school_type=school_type, school_year=YEAR,
                            framework_id=framework_id)
    return DraftRequest(profile=profile, framework=framework, needs=needs, tdg=tdg, dgn=dgn, school_year=YEAR,
                        exclude_sources=exclude)


class OverlapRetriever:
    """A minimal :class:`retrieval.base.Retriever`: ranks rows by word overlap (no cross_generation)."""

    def __init__(self, rows: Sequence[CorpusRow]) -> None:
        self.docs = rows_to_docs(rows)
        self.calls: list[tuple[str, Filters | None]] = []

    def search(self, query: str, k: int = 10, filters: Filters | None = None) -> list[Hit]:
        self.calls.append((query, filters))
        f = filters or Filters()
        kept = [d for d in self.docs if _passes(d, f)]
        scored = sorted(((overlap(query, d.text), d.id, d) for d in kept), key=lambda t: (-t[0], t[1]))
        return [Hit(doc=d, score=s) for s, _, d in scored[:k] if s > 0]


def _passes(doc: Doc, f: Filters) -> bool:
    return (
        (not f.frameworks or doc.framework in f.frameworks)
        and (not f.criteria or doc.criterion in f.criteria)
        and (not f.kinds or doc.kind in f.kinds)
    )


def seed_like_rows() -> list[CorpusRow]:
    """Rows written the way real seed plans are: a person as owner, multi-year windows, old bodies."""
    base = {"kind": "seed", "framework": "tt18-2018", "school_type": "THCS", "school_year": "2025-2026",
            "source": "Kế hoạch THCS mẫu 2025-2026", "source_file": "seed_sample.txt"}
    return [
        CorpusRow(id="s-3.4-1", criterion="3.4", position=1, criterion_title="Khu vệ sinh, hệ thống cấp thoát nước",
                  target="Đạt mức 2", owners="Nguyễn Thị Thu Hằng",
                  actions=("Trường THCS xã Thanh Xương tham mưu với Phòng GD&ĐT huyện Điện Biên cải tạo khu vệ sinh "
                           "học sinh, xây mới khu vệ sinh cho học sinh khuyết tật theo quy định.",
                           "Đ/c Nguyễn Văn An kiểm tra vệ sinh hằng tuần, báo cáo tháng 9/2025."),
                  timeline="Từ năm học 2022-2023 hoàn thành năm học 2024-2025", budget="50 triệu",
                  support="UBND huyện hỗ trợ kinh phí", **base),
        CorpusRow(id="s-3.4-2", criterion="3.4", position=2, criterion_title="Khu vệ sinh, hệ thống cấp thoát nước",
                  target="Đạt mức 2", owners="Hiệu trưởng, kế toán",
                  actions=("Rà soát hệ thống cấp nước sạch, thoát nước, thu gom và xử lý chất thải; xét nghiệm nước "
                           "02 lần/năm theo quy định của Bộ Y tế.",),
                  timeline="Trong năm học 2025-2026 và các năm tiếp theo", budget="Ngân sách", **base),
        CorpusRow(id="s-2.2-1", criterion="2.2", position=3, criterion_title="Đối với giáo viên",
                  target="Đạt mức 3", owners="BGH, TPT Đội, GVCN",
                  actions=("Xây dựng kế hoạch bồi dưỡng để 100% giáo viên đạt chuẩn nghề nghiệp, trong đó ít nhất "
                           "60% đạt mức khá trở lên.",),
                  timeline="Tháng 9/2025 – Tháng 5/2026", budget="Không", **base),
    ]
