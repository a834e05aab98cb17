"""Property tests: every parser, on arbitrary bytes and on mutated real files, either returns a value
or raises one of the domain's own errors (a :class:`CaitienError` with a Vietnamese message).

Anything else (a ``zlib.error``, a ``KeyError``, a ``RecursionError``...) would reach the user as a
generic failure instead of a message saying what is wrong with the file, so it is a bug.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.catalog import Catalog
from assistant.domain import SchoolProfile
from assistant.errors import CaitienError
from assistant.export import plan_from_json, plan_to_json
from assistant.ingest import Document, read_document
from assistant.plans import ParsedPlan, parse_plan, read_plan
from assistant.reports import parse_report, read_report
from assistant.store import DraftStore
from corpus.text import has_diacritics
from tests.robustness import make_bad_inputs as bad

CATALOG = Catalog.load()
FAST = settings(max_examples=40, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
SLOWER = settings(FAST, max_examples=25)
SUFFIXES = ("docx", "pdf", "txt", "doc", "docm", "xlsx", "", "DOCX", "Pdf")
MAGIC = (b"", b"PK\x03\x04", b"%PDF-1.7\n", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\xef\xbb\xbf", b"\xff\xfe",
         b"<?xml version='1.0'?>", b"{\\rtf1")
# Lines a report or a plan is made of, to build text the parsers take seriously.
FRAGMENTS = (
    "BÁO CÁO TỰ ĐÁNH GIÁ", "BÁO CÁO ĐÁNH GIÁ NGOÀI", "KẾ HOẠCH CẢI TIẾN CHẤT LƯỢNG GIÁO DỤC",
    "TRƯỜNG THCS NGUYỄN DU", "Tiêu chuẩn 1: Tổ chức và quản lý nhà trường", "Tiêu chí 1.1: Phương hướng",
    "Tiêu chí 3.4:", "Tiêu chí 99.99:", "Mức 1:", "Mức 2", "Mức 7", "Mức 0", "a) Có kế hoạch", "1. Mô tả hiện trạng",
    "2. Điểm mạnh", "3. Điểm yếu", "4. Kế hoạch cải tiến chất lượng", "5. Tự đánh giá",
    "Kết quả: Tiêu chí đạt Mức 2.", "Kết quả: Tiêu chí đạt Mức 9.", "Kết quả: Trường đạt Mức 3",
    "Tiêu chí 1.1\tx\tx\tx", "Tiêu chí 1.2\tx\t\t-", "TT\tTiêu chuẩn, tiêu chí\tKết quả cần đạt\tCông việc/giải pháp",
    "1\tTiêu chí 1.1\tĐạt Mức 2\tRà soát hồ sơ\tHiệu trưởng\tTháng 10/2025\tKhông", "Khuyến nghị", "- Nhà trường cần",
    "Năm học 2025-2026", "Thông tư 18/2018/TT-BGDĐT", "Thông tư 57/2026/TT-BGDĐT", "Trang 1", "", "\t\t\t",
)
vietnamese_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200)
document_lines = st.lists(st.one_of(st.sampled_from(FRAGMENTS), vietnamese_text), min_size=1, max_size=60)


def _only_domain_errors(call: Callable[[], Any]) -> Any:
    """Run ``call``; a domain error must carry a Vietnamese message; anything else fails the test."""
    try:
        return call()
    except CaitienError as exc:
        assert exc.message and has_diacritics(str(exc)), f"domain error without a Vietnamese message: {exc!r}"
        return exc


def _check_document(result: Any) -> None:
    if isinstance(result, Document):
        assert unicodedata.is_normalized("NFC", result.text)
        assert result.name.isprintable() and "/" not in result.name


# ------------------------------------------------------------------------------------ arbitrary bytes


@FAST
@given(head=st.sampled_from(MAGIC), body=st.binary(max_size=4096), suffix=st.sampled_from(SUFFIXES))
def test_read_document_on_arbitrary_bytes(head: bytes, body: bytes, suffix: str) -> None:
    _check_document(_only_domain_errors(lambda: read_document(head + body, f"tep.{suffix}")))


@FAST
@given(head=st.sampled_from(MAGIC), body=st.binary(max_size=4096), suffix=st.sampled_from(SUFFIXES))
def test_read_report_and_read_plan_on_arbitrary_bytes(head: bytes, body: bytes, suffix: str) -> None:
    data, name = head + body, f"tep.{suffix}"
    _only_domain_errors(lambda: read_report(data, name, CATALOG))
    _only_domain_errors(lambda: read_plan(data, name, CATALOG))


@FAST
@given(lines=document_lines, encoding=st.sampled_from(("utf-8", "utf-16", "utf-8-sig")),
       nfd=st.booleans(), framework=st.sampled_from((None, "tt18-2018", "tt57-2026-pho-thong", "tt19-2018")))
def test_report_and_plan_parsers_on_report_like_text(lines: list[str], encoding: str, nfd: bool,
                                                     framework: str | None) -> None:
    text = "\n".join(lines)
    if nfd:
        text = unicodedata.normalize("NFD", text)
    data = text.encode(encoding, errors="replace")
    report = _only_domain_errors(lambda: read_report(data, "bao_cao.txt", CATALOG, framework_id=framework))
    if not isinstance(report, CaitienError):
        assert all(a.level is None or 0 <= a.level <= 4 for a in report.assessments)
        assert len({a.criterion for a in report.assessments}) == len(report.assessments)
    plan = _only_domain_errors(lambda: read_plan(data, "ke_hoach.txt", CATALOG))
    assert isinstance(plan, ParsedPlan | CaitienError)


@FAST
@given(lines=document_lines)
def test_parsers_on_documents_built_directly(lines: list[str]) -> None:
    """Blocks a reader could produce, including tables, straight into the parsers."""
    from assistant.ingest import Paragraph, Table

    rows = tuple(tuple(line.split("\t")) for line in lines if "\t" in line)
    blocks = (*(Paragraph(text=line) for line in lines), *((Table(rows=rows),) if rows else ()))
    doc = Document(name="tep.docx", format="docx", blocks=blocks)
    _only_domain_errors(lambda: parse_report(doc, CATALOG))
    _only_domain_errors(lambda: parse_plan(doc, CATALOG))


# ------------------------------------------------------------------------------------ mutated real files


@SLOWER
@given(base=st.sampled_from(bad.MUTATION_BASES), seed=st.integers(0, 2**32 - 1),
       kind=st.sampled_from(bad.MUTATIONS))
def test_readers_on_mutated_real_files(base: str, seed: int, kind: str) -> None:
    name = base.rsplit("/", 1)[-1]
    _, data = bad.mutate(bad.mutation_base(base), random.Random(seed), kind)
    doc = _only_domain_errors(lambda: read_document(data, name))
    _check_document(doc)
    if isinstance(doc, Document):
        _only_domain_errors(lambda: parse_report(doc, CATALOG))
        _only_domain_errors(lambda: read_plan(data, name, CATALOG))


# ------------------------------------------------------------------------------------ other readers


@FAST
@given(text=st.one_of(vietnamese_text, st.builds(lambda s: '{"format": "caitien-plan", "version": 1, "plan": ' + s + "}",
                                                    vietnamese_text)))
def test_plan_json_on_arbitrary_text(text: str) -> None:
    _only_domain_errors(lambda: plan_from_json(text))


@FAST
@given(data=st.data())
def test_plan_json_with_mutated_values(data: st.DataObject) -> None:
    import json

    from assistant.domain import Plan, PlanRow

    plan = Plan(rows=(PlanRow(criterion="1.1", target="Đạt Mức 2", actions=("Rà soát",)),))
    envelope = json.loads(plan_to_json(plan))
    path = data.draw(st.sampled_from([("version",), ("plan", "rows"), ("plan", "header"), ("format",)]))
    value = data.draw(st.one_of(st.none(), st.integers(), vietnamese_text, st.lists(st.integers(), max_size=3),
                                st.dictionaries(vietnamese_text, st.integers(), max_size=3)))
    target = envelope
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    _only_domain_errors(lambda: plan_from_json(json.dumps(envelope, ensure_ascii=False)))


@settings(FAST, max_examples=15)
@given(head=st.sampled_from((b"", b"SQLite format 3\x00")), body=st.binary(max_size=8192))
def test_draft_store_on_an_arbitrary_file_never_fails_and_never_overwrites(
    head: bytes, body: bytes, tmp_path_factory: Any
) -> None:
    folder: Path = tmp_path_factory.mktemp("store")
    path = folder / "drafts.sqlite3"
    original = head + body
    path.write_bytes(original)
    store = DraftStore(path, CATALOG)
    assert store.list_drafts() == []
    kept = [p for p in folder.iterdir() if p.name != path.name and p.suffix == ".sqlite3"]
    if store.notice:
        assert [p.read_bytes() for p in kept] == [original], "the unreadable file was not kept as it was"
        assert has_diacritics(store.notice)
    else:
        assert kept == []
    draft = store.create(SchoolProfile(name="Trường thử"))
    assert [d.id for d in store.list_drafts()] == [draft]
