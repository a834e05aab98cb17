"""The trainer's gallery: browse exemplars and past plans, compare a draft row with the closest ones. Pure.

Every example is shown with why it is good (``CorpusRow.why``) and the requirements it serves,
resolved from references like "3.4 M2 a" to the catalogue's own words.  The comparison ranks the
examples of the same criterion with the hybrid retriever when one is given (any object with the
``retrieval.base.Retriever`` search), else by shared accent-folded syllables, and lays the draft
and each example side by side field by field, with what the example does that the draft does not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from corpus.schema import CorpusRow
from corpus.text import fold, syllables
from retrieval.base import Filters, Retriever

from .catalog import Catalog
from .domain import Framework, PlanRow, Requirement
from .errors import CatalogueError, InputError
from .timeline import parse_timeline

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "corpus" / "samples"
DEMO_REPORT = "bao-cao-tu-danh-gia-mau_THCS-TT18.docx"
KIND_LABELS = {"exemplar": "Ví dụ mẫu", "seed": "Kế hoạch thực tế", "user": "Kế hoạch của trường",
               "generated": "Ví dụ tạo tự động"}
_REF = re.compile(r"^\s*(\S+)\s+M(\d)\s+(\S+)\s*$")
FIELDS: tuple[tuple[str, str], ...] = (
    ("content", "Nội dung cải tiến"),
    ("target", "Mục tiêu / kết quả cần đạt"),
    ("actions", "Hoạt động / giải pháp"),
    ("indicators", "Chỉ số đánh giá kết quả"),
    ("owners", "Phụ trách (chủ trì, phối hợp)"),
    ("timeline", "Thời gian thực hiện"),
    ("budget", "Nguồn lực, kinh phí"),
    ("evidence", "Minh chứng dự kiến"),
)


@dataclass(frozen=True)
class GalleryItem:
    """A corpus row with its standard and the requirements it serves, in the catalogue's words."""

    row: CorpusRow
    standard: str
    standard_title: str
    criterion_title: str
    requirements: tuple[Requirement, ...]

    @property
    def kind_label(self) -> str:
        """"Ví dụ mẫu", "Kế hoạch thực tế"..."""
        return KIND_LABELS.get(self.row.kind, self.row.kind)

    @property
    def serves_text(self) -> list[str]:
        """"Mức 2 (3.4 M2 a): Thư viện đạt tiêu chuẩn…" for each requirement served."""
        return [f"Mức {r.level} ({r.ref}): {r.text}" for r in self.requirements]


def resolve_refs(framework: Framework, refs: Iterable[str]) -> tuple[Requirement, ...]:
    """The requirements named by references like "3.4 M2 a" ("*" for an unlettered level)."""
    found: list[Requirement] = []
    for ref in refs:
        match = _REF.match(ref)
        criterion = framework.criterion(match.group(1)) if match else None
        if match is None or criterion is None:
            continue
        level, rid = int(match.group(2)), match.group(3)
        found.extend(r for r in criterion.at_level(level) if r.id == rid or rid == "*")
    return tuple(dict.fromkeys(found))


def _framework(catalog: Catalog, framework_id: str) -> Framework | None:
    try:
        return catalog.get(framework_id)
    except CatalogueError:
        return None


def gallery_item(row: CorpusRow, catalog: Catalog) -> GalleryItem:
    """A row resolved against its framework (unknown frameworks keep the row's own title)."""
    framework = _framework(catalog, row.framework)
    criterion = framework.criterion(row.criterion) if framework else None
    standard = framework.standard(criterion.standard) if framework and criterion else None
    return GalleryItem(
        row=row,
        standard=criterion.standard if criterion else row.criterion.split(".")[0],
        standard_title=standard.title if standard else "",
        criterion_title=criterion.title if criterion else row.criterion_title,
        requirements=resolve_refs(framework, row.serves) if framework else (),
    )


def browse(
    rows: Iterable[CorpusRow], catalog: Catalog, *, framework: str | None = None, standard: str | None = None,
    criterion: str | None = None, kinds: Sequence[str] = ("exemplar",), school_type: str | None = None,
    text: str = "",
) -> list[GalleryItem]:
    """Rows of a framework / standard / criterion (and kinds, school type, words), in catalogue order."""
    words = set(syllables(text))
    items = []
    for row in rows:
        if (framework and row.framework != framework) or (kinds and row.kind not in kinds):
            continue
        if (criterion and row.criterion != criterion) or (school_type and row.school_type != school_type):
            continue
        if words and not words <= set(syllables(" ".join([row.search_text(), row.why, row.owners]))):
            continue
        item = gallery_item(row, catalog)
        if standard and item.standard != standard:
            continue
        items.append(item)
    return sorted(items, key=lambda i: (i.row.framework, _code_key(i.row.criterion), i.row.kind, i.row.position))


def facets(rows: Iterable[CorpusRow], *, framework: str | None = None, kinds: Sequence[str] = ("exemplar",)
           ) -> dict[str, dict[str, int]]:
    """How many rows per framework, and per criterion of ``framework`` (for the selectors)."""
    out: dict[str, dict[str, int]] = {"frameworks": {}, "criteria": {}}
    for row in rows:
        if kinds and row.kind not in kinds:
            continue
        out["frameworks"][row.framework] = out["frameworks"].get(row.framework, 0) + 1
        if framework and row.framework == framework:
            out["criteria"][row.criterion] = out["criteria"].get(row.criterion, 0) + 1
    out["criteria"] = dict(sorted(out["criteria"].items(), key=lambda kv: _code_key(kv[0])))
    return out


# --------------------------------------------------------------------------------------------
# Comparison
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldPair:
    """One field of the draft row beside the same field of an example."""

    label: str
    draft: str
    example: str


@dataclass(frozen=True)
class Match:
    """An example close to the draft row, with its score and what it does better."""

    item: GalleryItem
    score: float
    same_criterion: bool
    fields: tuple[FieldPair, ...]
    hints: tuple[str, ...]


@dataclass(frozen=True)
class Comparison:
    """A draft row and its closest examples."""

    draft: PlanRow
    framework: str
    matches: tuple[Match, ...]
    method: str  # "retriever" | "lexical"


def row_text(row: PlanRow | CorpusRow) -> str:
    """The words that say what a row is about: content, target, actions, indicators."""
    return " ".join(p for p in (row.content, row.target, *row.actions, *row.indicators) if p)


def _field(row: PlanRow | CorpusRow, name: str) -> str:
    value = getattr(row, name)
    return "\n".join(f"- {v}" for v in value) if isinstance(value, tuple) else str(value)


def side_by_side(draft: PlanRow, example: CorpusRow) -> tuple[FieldPair, ...]:
    """The fields either row fills, draft beside example."""
    pairs = (FieldPair(label, _field(draft, name), _field(example, name)) for name, label in FIELDS)
    return tuple(p for p in pairs if p.draft or p.example)


def hints(draft: PlanRow, example: CorpusRow, school_year: str = "") -> tuple[str, ...]:
    """What the example does that the draft row does not (Vietnamese, for the trainer)."""
    out = []
    if example.indicators and not draft.indicators:
        out.append("Ví dụ có chỉ số đánh giá kết quả đo được; hàng của trường chưa có.")
    if _has_figure(example.target) and not _has_figure(draft.target):
        out.append("Mục tiêu của ví dụ có con số cụ thể; mục tiêu của trường chỉ ghi chung.")
    if example.evidence and not draft.evidence:
        out.append("Ví dụ nêu minh chứng dự kiến sẽ thu được; hàng của trường chưa nêu.")
    if "phoi hop" in fold(example.owners) and "phoi hop" not in fold(draft.owners):
        out.append("Ví dụ ghi rõ người chủ trì và người phối hợp.")
    if len(draft.actions) < 2 <= len(example.actions):
        out.append(f"Ví dụ chia thành {len(example.actions)} bước cụ thể.")
    if school_year and example.timeline and not parse_timeline(draft.timeline, school_year).understood:
        out.append("Ví dụ ghi thời gian theo tháng; thời gian của trường chưa rõ tháng nào.")
    if example.budget and not draft.budget:
        out.append("Ví dụ dự kiến nguồn lực, kinh phí.")
    return tuple(out)


def _has_figure(text: str) -> bool:
    """Whether a target names a figure other than its level ("100% giáo viên", "02 lần/năm")."""
    return bool(re.search(r"\d", re.sub(r"muc\s*\d", "", fold(text))))


def lexical_score(a: str, b: str) -> float:
    """Share of shared accent-folded syllables (cosine over syllable sets)."""
    left, right = set(syllables(a)), set(syllables(b))
    if not left or not right:
        return 0.0
    return len(left & right) / (len(left) * len(right)) ** 0.5


def compare(
    draft: PlanRow, framework: str, rows: Mapping[str, CorpusRow], catalog: Catalog, *,
    retriever: Retriever | None = None, k: int = 3, kinds: Sequence[str] = ("exemplar",), school_year: str = "",
) -> Comparison:
    """The draft row beside the ``k`` closest examples of its criterion (its framework when none)."""
    query = row_text(draft)
    if not query.strip():
        raise InputError("Hàng kế hoạch chưa có nội dung để so sánh.", "Hãy ghi mục tiêu hoặc giải pháp trước.")
    ranked: list[tuple[CorpusRow, float]] = []
    same = True
    for criteria in ((draft.criterion,), ()):
        ranked = _rank(query, framework, criteria, rows, retriever, k, kinds)
        if ranked:
            break
        same = False
    matches = tuple(
        Match(gallery_item(row, catalog), round(score, 4), same, side_by_side(draft, row),
              hints(draft, row, school_year))
        for row, score in ranked
    )
    return Comparison(draft, framework, matches, "retriever" if retriever is not None else "lexical")


def _rank(
    query: str, framework: str, criteria: tuple[str, ...], rows: Mapping[str, CorpusRow],
    retriever: Retriever | None, k: int, kinds: Sequence[str],
) -> list[tuple[CorpusRow, float]]:
    if retriever is not None:
        filters = Filters(frameworks=(framework,), criteria=criteria, kinds=tuple(kinds))
        hits = retriever.search(query, k=k, filters=filters)
        return [(rows[h.doc.id], h.score) for h in hits if h.doc.id in rows][:k]
    pool = [r for r in rows.values() if r.framework == framework and r.kind in kinds
            and (not criteria or r.criterion in criteria)]
    scored = sorted(((r, lexical_score(query, row_text(r))) for r in pool), key=lambda t: (-t[1], t[0].id))
    return [(r, s) for r, s in scored if s > 0][:k]


def demo_report() -> tuple[bytes, str]:
    """The sample TĐG shipped with the app (a THCS under TT18), for a demonstration without school data."""
    path = SAMPLES_DIR / DEMO_REPORT
    if not path.is_file():
        raise InputError("Không tìm thấy báo cáo mẫu đi kèm ứng dụng.",
                         "Hãy cài đặt lại ứng dụng, hoặc tải lên một báo cáo tự đánh giá của trường.")
    return path.read_bytes(), path.name


def _code_key(code: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in code.split("."))
