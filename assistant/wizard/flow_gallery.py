"""Intents of the trainer's gallery: browse examples, compare a draft row, start a demonstration plan."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from corpus.schema import CorpusRow
from retrieval.base import Filters, Hit

from ..domain import SchoolType
from ..errors import CaitienError, InputError
from ..gallery import Comparison, GalleryItem, browse, compare, demo_report, facets
from .base import ControllerBase, intent
from .seams import SearchIndex

DEMO_YEAR = "2025-2026"
DEMO_PROFILE = {
    "name": "Trường THCS Nguyễn Du (bản minh họa)",
    "school_type": SchoolType.THCS,
    "managing_body": "UBND xã Hòa Vang",
    "address": "Xã Hòa Vang, thành phố Đà Nẵng",
    "place": "Hòa Vang",
    "abbreviation": "THCSND",
    "signer": "Nguyễn Văn An",
}


class GalleryIntents(ControllerBase):
    """The example library, the side-by-side comparison and the demonstration plan."""

    def gallery_framework(self) -> str:
        """The framework the gallery opens on: the draft's, else TT57 phổ thông."""
        framework = self.framework
        return framework.id if framework is not None else "tt57-2026-pho-thong"

    # Browsing and comparing change nothing in the draft, so they are views, not intents: no autosave
    # on every redraw of the gallery; a domain error still becomes a Vietnamese message.

    def gallery_browse(
        self, framework: str | None = None, standard: str | None = None, criterion: str | None = None,
        kinds: Sequence[str] = ("exemplar",), text: str = "",
    ) -> list[GalleryItem]:
        """Examples of a framework, standard or criterion, with why they are good and what they serve."""
        try:
            rows = self.services.corpus_rows().values()
            return browse(rows, self.services.catalog, framework=framework or self.gallery_framework(),
                          standard=standard or None, criterion=criterion or None, kinds=tuple(kinds), text=text)
        except CaitienError as exc:
            self.say("error", str(exc))
            return []

    def gallery_facets(self, framework: str | None = None, kinds: Sequence[str] = ("exemplar",)) -> dict[str, dict[str, int]]:
        """Counts per framework and per criterion, for the selectors."""
        try:
            return facets(self.services.corpus_rows().values(), framework=framework or self.gallery_framework(),
                          kinds=tuple(kinds))
        except Exception:  # the selectors then simply show no counts
            return {"frameworks": {}, "criteria": {}}

    def gallery_compare(self, sid: str, k: int = 3, kinds: Sequence[str] = ("exemplar",)) -> Comparison | None:
        """A row of the draft beside the closest examples of its criterion."""
        try:
            return self._compare(sid, k, kinds)
        except CaitienError as exc:
            self.say("error", str(exc))
            return None

    def _compare(self, sid: str, k: int, kinds: Sequence[str]) -> Comparison:
        if sid not in self.review:
            raise InputError("Không tìm thấy hàng kế hoạch này.", "Hãy chọn một hàng trong danh sách.")
        framework = self._require_framework()
        rows = self.services.corpus_rows()
        retriever = _Filtered(self.services.retriever(), rows)
        result = compare(self.review.row(sid), framework.id, rows, self.services.catalog, retriever=retriever, k=k,
                         kinds=tuple(kinds), school_year=self.state.profile.school_year)
        if not result.matches:
            self.say("info", f"Chưa có ví dụ mẫu nào của {framework.name} để so sánh với hàng này.")
        elif not result.matches[0].same_criterion:
            self.say("info", f"Chưa có ví dụ mẫu cho tiêu chí {result.draft.criterion}; đây là các ví dụ gần nhất "
                             "của các tiêu chí khác.")
        return result

    @intent(fallback=False)
    def start_demo(self, school_year: str = DEMO_YEAR) -> bool:
        """A demonstration plan from the sample report shipped with the app (no school data needed)."""
        data, name = demo_report()
        self.new_draft()  # type: ignore[attr-defined]
        self.set_profile(**DEMO_PROFILE, school_year=school_year)  # type: ignore[attr-defined]
        if not self.upload_report(data, name, "tdg"):  # type: ignore[attr-defined]
            raise InputError("Không đọc được báo cáo mẫu.", "Hãy cài đặt lại ứng dụng.")
        self.propose_criteria()  # type: ignore[attr-defined]
        self.state.step = 3
        self.say("success", "Đã mở kế hoạch minh họa từ báo cáo tự đánh giá mẫu của Trường THCS Nguyễn Du. "
                            "Mọi thao tác đều như với dữ liệu thật.")
        return True


class _Filtered:
    """The retriever with its hits kept to known corpus rows passing the filters (framework,
    criterion, kind), so a retriever over other docs, or one that ignores filters, stays safe."""

    def __init__(self, inner: SearchIndex, rows: Mapping[str, CorpusRow]) -> None:
        self.inner, self.rows = inner, rows

    def search(self, query: str, k: int = 10, filters: Filters | None = None) -> list[Hit]:
        hits = self.inner.search(query, k=max(k * 4, 12), filters=filters)
        kept = [h for h in hits if h.doc.id in self.rows and (filters is None or _passes(self.rows[h.doc.id], filters))]
        return kept[:k]


def _passes(row: CorpusRow, filters: Filters) -> bool:
    return (
        (not filters.frameworks or row.framework in filters.frameworks)
        and (not filters.criteria or row.criterion in filters.criteria)
        and (not filters.kinds or row.kind in filters.kinds)
        and (not filters.school_types or row.school_type in filters.school_types)
    )
