"""Everyday wording mapped to the wording of circulars: matching rules, data, and its use in search."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import replace

from retrieval.base import Filters
from retrieval.glossary import BUNDLED, Glossary
from retrieval.hybrid import HybridRetriever
from tests.retrieval_support import FRAMEWORKS, sample_docs

SMALL = Glossary.from_entries(
    [
        {"colloquial": ["wc", "chỗ đi vệ sinh"], "formal": ["khu vệ sinh", "nhà vệ sinh"]},
        {"colloquial": ["gầy", "thấp còi"], "formal": ["suy dinh dưỡng"]},
        {"colloquial": ["phụ huynh"], "formal": ["cha mẹ học sinh"]},
        {"colloquial": ["không có gì"], "formal": []},  # no formal side: ignored
    ]
)


def test_whole_words_only_and_accents_respected() -> None:
    assert SMALL.size == 3
    assert SMALL.formal_phrases("WC xuống cấp") == ["khu vệ sinh", "nhà vệ sinh"]
    assert SMALL.formal_phrases("Chỗ đi vệ sinh của các cháu bẩn") == ["khu vệ sinh", "nhà vệ sinh"]
    assert SMALL.formal_phrases("Học sinh hay gây gổ") == []  # "gây" is not "gầy" when typed with marks
    assert SMALL.formal_phrases("Nhiều cháu gầy") == ["suy dinh dưỡng"]
    assert SMALL.formal_phrases("nhieu chau gay, phu huynh it quan tam") == ["suy dinh dưỡng", "cha mẹ học sinh"]
    assert SMALL.formal_phrases("wcx và swc") == []  # never inside a longer word


def test_phrases_the_query_already_says_are_not_added() -> None:
    assert SMALL.formal_phrases("WC và khu vệ sinh") == ["nhà vệ sinh"]
    assert SMALL.expand("Phụ huynh ít đến trường") == "Phụ huynh ít đến trường (cha mẹ học sinh)"
    assert SMALL.expand("Tường rào thấp") == "Tường rào thấp"


def test_bundled_glossary_is_clean_data() -> None:
    data = json.loads(BUNDLED.read_text(encoding="utf-8"))
    entries = data["entries"]
    assert len(entries) >= 150 and data["_doc"]
    seen: set[str] = set()
    for entry in entries:
        assert entry["colloquial"] and entry["formal"]
        for phrase in [*entry["colloquial"], *entry["formal"]]:
            assert phrase == unicodedata.normalize("NFC", phrase) == phrase.strip().lower()
        for phrase in entry["colloquial"]:
            assert phrase not in seen, phrase
            seen.add(phrase)
    glossary = Glossary.load()
    assert "cha mẹ học sinh" in glossary.formal_phrases("Phụ huynh không quan tâm đến việc học của con")
    assert Glossary.load(BUNDLED.with_name("khong-co.json")).formal_phrases("wc") == []


def test_search_bridges_everyday_wording() -> None:
    """Lexical search alone cannot find "khu vệ sinh" from "WC"; with the glossary it does."""
    docs = [d for d in sample_docs() if d.id in {"r4", "r5", "r10"}]
    plain = HybridRetriever(None, frameworks=FRAMEWORKS, glossary=Glossary())
    plain.add(docs)
    with_glossary = HybridRetriever(None, frameworks=FRAMEWORKS, glossary=SMALL)
    with_glossary.add(docs)
    filters = Filters(frameworks=("tt19-2018",))
    assert plain.search("WC của các cháu", 3, filters) == []
    assert with_glossary.search("WC của các cháu", 1, filters)[0].doc.id == "r4"
    with_glossary.config = replace(with_glossary.config, glossary_weight=0.0)
    assert with_glossary.search("WC của các cháu", 3, filters) == []


def test_dense_query_carries_the_formal_phrases() -> None:
    r = HybridRetriever(None, frameworks=FRAMEWORKS, glossary=SMALL)
    assert r.dense_query("WC hỏng") == "WC hỏng"  # off by default: it costs query time
    r.config = replace(r.config, glossary_dense=True)
    assert r.dense_query("wc hong") == "wc hong (khu vệ sinh; nhà vệ sinh)"
