"""Corpus loading, the services getters, ``caitien prepare|model|search`` and the real corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant import services
from assistant.cli import main
from corpus import loader
from corpus.schema import CorpusRow, write_rows
from retrieval.base import Filters
from retrieval.docs import catalogue_docs, framework_infos, row_to_doc
from tests.retrieval_support import AccentSensitiveEmbedder


def user_row(n: int, text: str = "Sửa chữa nhà vệ sinh học sinh bị xuống cấp") -> CorpusRow:
    return CorpusRow(
        id=f"user-{n}", kind="user", framework="tt18-2018", criterion="3.4", school_type="THCS",
        source=f"Kế hoạch của trường, hàng {n}", content=text, actions=("Lát lại nền, thay thiết bị vệ sinh",),
    )


@pytest.fixture
def lexical_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private cache and lexical-only search: fast, and nothing touches the shared index."""
    monkeypatch.setenv("CAITIEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CAITIEN_EMBEDDER", "lexical")
    services.reset()
    return tmp_path


def test_loader_reads_bundled_user_and_exemplar_rows(tmp_path: Path) -> None:
    bundled = loader.load_bundled_rows()
    assert len({r.id for r in bundled}) == len(bundled)
    exemplars = loader.load_exemplars()
    assert all(r.kind == "exemplar" for r in exemplars)
    if exemplars:
        fw = exemplars[0].framework
        assert {r.framework for r in loader.load_exemplars(fw)} == {fw}
    assert loader.load_user_rows(tmp_path / "none") == []
    write_rows(tmp_path / "rows.jsonl", [user_row(1), user_row(1, "bản trùng"), user_row(2)])
    rows = loader.load_user_rows(tmp_path)
    assert [r.id for r in rows] == ["user-1", "user-2"] and rows[0].content.startswith("Sửa chữa")


def test_catalogue_docs_come_from_raw_catalogues() -> None:
    docs = catalogue_docs()
    sanitation = [d for d in docs if d.framework == "tt18-2018" and d.criterion == "3.4"]
    assert sanitation and all(d.kind == "catalogue" for d in sanitation)
    assert sanitation[0].text.startswith("Khu vệ sinh, hệ thống cấp thoát nước: ")
    assert sanitation[0].school_type == "THCS THPT PTNCH" and "tiêu chí 3.4, Mức 1" in sanitation[0].source
    assert len({d.id for d in docs}) == len(docs)
    infos = framework_infos()
    assert infos["tt57-2026-pho-thong"].generation == "2026" and infos["tt19-2018"].school_types == ("MN",)
    doc = row_to_doc(user_row(3))
    assert doc.id == "user-3" and doc.kind == "user" and "Lát lại nền" in doc.text


def test_index_built_loaded_then_extended(lexical_env: Path) -> None:
    first = services.ensure_index()
    assert first.action == "built" and len(first.retriever) == len(services.corpus_docs())
    services.reset()
    assert services.ensure_index().action == "loaded"
    write_rows(services.get_settings().user_corpus_dir / "rows.jsonl", [user_row(1), user_row(2)])
    services.refresh_corpus()
    logged: list[str] = []
    extended = services.ensure_index(log=logged.append)
    assert extended.action == "extended" and extended.added == 2 and "2 dòng mới" in logged[0]
    assert "user-1" in services.get_corpus_rows()
    hits = services.get_retriever().search("nha ve sinh xuong cap", 5, Filters(kinds=("user",)))
    assert {h.doc.id for h in hits} == {"user-1", "user-2"}
    assert services.retrieval_warning() and services.get_embedder() is None


def test_changed_row_rebuilds_and_reuses_vectors(lexical_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    embedder = AccentSensitiveEmbedder()
    monkeypatch.setattr(services, "get_embedder", lambda: embedder)
    write_rows(services.get_settings().user_corpus_dir / "rows.jsonl", [user_row(1)])
    built = services.ensure_index()
    assert built.action == "built" and embedder.passage_calls > 0
    calls = embedder.passage_calls
    write_rows(services.get_settings().user_corpus_dir / "rows.jsonl", [user_row(1, "Nội dung đã sửa lại")])
    services.refresh_corpus()
    rebuilt = services.ensure_index()
    assert rebuilt.action == "built" and "thay đổi" in rebuilt.reason
    assert embedder.passage_calls == calls + 1  # only the edited row was embedded again


def test_prepare_and_model_info(lexical_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["prepare"]) == 0
    out = capsys.readouterr()
    assert "Đã tạo chỉ mục" in out.out and "chỉ tìm theo từ khóa" in out.out
    services.reset()
    assert main(["prepare"]) == 0
    assert "Đã nạp chỉ mục có sẵn" in capsys.readouterr().out
    assert main(["model", "info", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["embedder"] == "lexical" and info["index"]["rows"] == len(services.corpus_docs())


def test_search_json_shape_and_filters(lexical_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["search", "nha ve sinh xuong cap", "--framework", "tt18-2018", "-k", "4", "--json"])
    assert code == 0
    captured = capsys.readouterr()
    hits = json.loads(captured.out)
    assert 0 < len(hits) <= 4
    assert all(set(h) == {"criterion", "framework", "text", "source", "score"} for h in hits)
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    assert {h["framework"] for h in hits} == {"tt18-2018"} and hits[0]["criterion"] == "3.4"
    assert "Cảnh báo" in captured.err  # lexical-only search says quality is reduced
    assert main(["search", "thư viện", "--criterion", "tiêu chí 3.6", "--school-type", "thcs", "--json"]) == 0
    assert {h["criterion"] for h in json.loads(capsys.readouterr().out)} == {"3.6"}
    assert main(["search", "nhà vệ sinh", "--framework", "tt18-2018", "-k", "2"]) == 0
    assert "tiêu chí 3.4" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["search", "  "], "trống"),
        (["search", "x", "-k", "0"], "-k"),
        (["search", "x", "--framework", "tt99"], "tt99"),
        (["search", "x", "--criterion", "abc"], "abc"),
        (["search", "x", "--school-type", "ĐH"], "ĐH"),
    ],
)
def test_search_bad_input(lexical_env: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("Lỗi:") and message in err


@pytest.mark.slow
def test_real_model_finds_sanitation_rows() -> None:
    """With the real e5 index of the bundled corpus, an unaccented query finds the WC rows."""
    retriever = services.get_retriever()
    # The default indexes the first 48 tokens of each row with int8 linear layers.
    assert retriever.embedder_name == "intfloat/multilingual-e5-small [int8, 48 token]"
    for framework, code in (("tt18-2018", "3.4"), ("tt19-2018", "3.6")):
        hits = retriever.search("nha ve sinh xuong cap", 5, Filters(frameworks=(framework,)))
        assert hits[0].doc.criterion == code and hits[0].dense is not None
        assert sum(h.doc.criterion == code for h in hits) >= 3
    anywhere = retriever.search("nha ve sinh xuong cap", 10)
    assert {(h.doc.framework, h.doc.criterion) for h in anywhere} & {("tt18-2018", "3.4"), ("tt19-2018", "3.6")}
    cross = retriever.search(
        "nhà vệ sinh xuống cấp", 10, Filters(frameworks=("tt57-2026-pho-thong",)), cross_generation=True
    )
    assert any(h.cross_generation and h.doc.criterion == "3.4" for h in cross)


def test_school_glossary_entries_add_to_the_bundled_ones(lexical_env: Path) -> None:
    """A school's own everyday words widen its searches; a broken file is named, never fatal."""
    user = services.get_settings().user_glossary_path
    user.parent.mkdir(parents=True, exist_ok=True)
    user.write_text(
        json.dumps({"entries": [{"colloquial": ["nhà chữ vui"], "formal": ["thư viện"]}]}, ensure_ascii=False),
        encoding="utf-8",
    )
    retriever = services.get_retriever()
    assert retriever.glossary.formal_phrases("Nhà chữ vui mở cả ngày") == ["thư viện"]
    assert "cha mẹ học sinh" in retriever.glossary.formal_phrases("phụ huynh ít đến trường")  # bundled kept
    hits = retriever.search("nhà chữ vui", 3, Filters(frameworks=("tt18-2018",)))
    assert hits and hits[0].doc.criterion == "3.6"
    user.write_text("{không phải json", encoding="utf-8")
    services.reset()
    steps: list[str] = []
    retriever = services.ensure_index(log=steps.append).retriever
    assert any("colloquial.json" in s and "không đúng định dạng JSON (dòng 1" in s and "chỉ dùng bảng kèm theo" in s
               for s in steps)
    assert retriever.glossary.formal_phrases("Nhà chữ vui") == []
    assert retriever.glossary.size >= 150
