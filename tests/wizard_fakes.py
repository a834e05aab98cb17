"""Small fakes for the wizard's heavy seams: a lexical index over a few corpus rows and a drafter.

They go in through :class:`~assistant.wizard.seams.WizardServices`, the same seam the real
retriever and drafter use, so the controller, chat and UI run unchanged on top of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from assistant.catalog import Catalog
from assistant.domain import (
    CriterionAssessment,
    ParsedReport,
    PlanRow,
    Provenance,
    Recommendation,
    SchoolType,
    SourceRef,
    Suggestion,
    TextSpan,
)
from assistant.errors import InputError
from assistant.settings import load_settings
from assistant.store import DraftStore
from assistant.vocab import load_vocabulary
from assistant.wizard.seams import WizardServices
from corpus.schema import CorpusRow
from corpus.text import syllables
from retrieval.base import Doc, Filters, Hit

ROWS = [
    CorpusRow(id="seed-002-12", kind="seed", framework="tt18-2018", criterion="3.4", school_type="THCS",
              school_year="2025-2026", source="Kế hoạch THCS xã Thanh Xương 2025-2026, hàng 12",
              target="Đạt Mức 2", actions=("Xây dựng thư viện thân thiện, bổ sung sách tham khảo",),
              owners="Nhân viên thư viện", timeline="Tháng 10/2025", budget="Ngân sách nhà trường"),
    CorpusRow(id="seed-001-3", kind="seed", framework="tt18-2018", criterion="1.4", school_type="THCS",
              school_year="2024-2025", source="Kế hoạch THCS Mường Phăng 2024-2025, hàng 3",
              target="Đạt Mức 3", actions=("Kiện toàn tổ chuyên môn, phân công tổ trưởng có kinh nghiệm",),
              owners="Hiệu trưởng", timeline="Tháng 9/2024"),
    CorpusRow(id="ex-2-3", kind="exemplar", framework="tt18-2018", criterion="2.3", school_type="THCS",
              source="Ví dụ mẫu tiêu chí 2.3", target="Đạt Mức 2",
              actions=("Tổ chức bồi dưỡng nhân viên kế toán, văn thư theo vị trí việc làm",), owners=""),
]


class FakeIndex:
    """Ranks corpus rows by shared accent-folded syllables (enough to test the chat's search)."""

    def __init__(self, rows: Sequence[CorpusRow]) -> None:
        self.rows = list(rows)
        self.queries: list[str] = []

    def search(self, query: str, k: int = 10, filters: Filters | None = None) -> list[Hit]:
        self.queries.append(query)
        words = set(syllables(query))
        scored = [(len(words & set(syllables(r.search_text()))), r) for r in self.rows]
        hits = [Hit(Doc(r.id, r.search_text(), r.framework, r.criterion, r.school_type, r.kind, r.source), float(s))
                for s, r in sorted(scored, key=lambda x: -x[0]) if s > 0]
        return hits[:k]


class FakeDrafter:
    """One or two suggestions per criterion, deterministic, with provenance like the real drafter."""

    def __init__(self) -> None:
        self.requests: list[object] = []

    def draft(self, request):  # noqa: ANN001, ANN201 - mirrors assistant.drafting.Drafter
        from assistant.drafting import CriterionDraft, DraftResult

        self.requests.append(request)
        items = [CriterionDraft(need=need, suggestions=self._for(need.code, need.target_level, 2)) for need in request.needs]
        return DraftResult(criteria=items, notices=["Đề xuất soạn từ kho kế hoạch mẫu."])

    def more(self, request, code: str, exclude: set[str], k: int = 3) -> list[Suggestion]:  # noqa: ANN001
        pool = self._for(code, 2, 5)
        return [s for s in pool if s.id not in exclude][2 : 2 + k]

    def _for(self, code: str, target: int, count: int) -> list[Suggestion]:
        out = []
        for i in range(count):
            action = f"Giải pháp {i + 1} cho tiêu chí {code}: tổ chức rà soát và khắc phục hạn chế"
            row = PlanRow(criterion=code, target=f"Đạt Mức {target}", actions=(action,),
                          owners="Hiệu trưởng" if i == 0 else "", timeline="Tháng 10/2026",
                          budget="Ngân sách nhà trường", evidence=("Biên bản rà soát",))
            source = SourceRef(row_id=f"seed-{code}-{i}", text=action, source="Kế hoạch THCS mẫu 2025-2026",
                               school_type="THCS", school_year="2025-2026", score=0.8)
            prov = Provenance(report_spans=(TextSpan(text=f"Tiêu chí {code} còn hạn chế về hồ sơ."),),
                              sources=(source,), serves=(f"{code} M{target} a",))
            out.append(Suggestion(id=f"fake-{code}-{i}", criterion=code, row=row, provenance=prov))
        return out


WEAK = {"1.4": 1, "2.3": 1, "3.4": 1, "5.1": 2}


def fake_tdg(catalog: Catalog, framework_id: str = "tt18-2018") -> ParsedReport:
    """A 28-criterion TĐG of a THCS with a few weak criteria."""
    framework = catalog.get(framework_id)
    assessments = tuple(
        CriterionAssessment(criterion=c.code, title=c.title, level=WEAK.get(c.code, 3),
                            weaknesses=(f"Tiêu chí {c.code} còn hạn chế về hồ sơ.",) if c.code in WEAK else ())
        for c in framework.criteria
    )
    return ParsedReport(kind="tdg", framework_id=framework_id, school_type=SchoolType.THCS,
                        school_name="Trường THCS Thanh Xương", assessments=assessments, overall_level=1,
                        source_name="tdg.docx")


def fake_dgn(catalog: Catalog) -> ParsedReport:
    """An ĐGN agreeing with the TĐG, with one recommendation."""
    base = fake_tdg(catalog)
    rec = Recommendation(text="Nhà trường cần bổ sung sách tham khảo cho thư viện.", criteria=("3.4",), confidence=0.9,
                         tied_by="code")
    return base.model_copy(update={"kind": "dgn", "recommendations": (rec,)})


def fake_reader(catalog: Catalog):  # noqa: ANN201
    """A report reader: "tdg*" and "dgn*" names give the fakes, "hong*" is a corrupt file."""

    def read(data: bytes, name: str, _catalog: Catalog, **_: object) -> ParsedReport:
        if name.startswith("hong"):
            raise InputError(f"Tệp “{name}” bị hỏng, không mở được.", "Hãy mở thử tệp trên máy rồi lưu lại.")
        return fake_dgn(catalog) if name.startswith("dgn") else fake_tdg(catalog)

    return read


def fake_services(tmp: Path, *, real_reader: bool = False) -> WizardServices:
    """Services over the real catalogue and a store in ``tmp``, with the fake index and drafter."""
    catalog = Catalog.load()
    index, drafter = FakeIndex(ROWS), FakeDrafter()
    services = WizardServices(
        catalog=catalog, store=DraftStore(tmp / "drafts.sqlite3", catalog), settings=load_settings(),
        vocabulary=load_vocabulary(), drafter=lambda: drafter, retriever=lambda: index,
        corpus_rows=lambda: {r.id: r for r in ROWS},
    )
    if not real_reader:
        services.read_report = fake_reader(catalog)
    return services
