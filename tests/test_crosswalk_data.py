"""The bundled crosswalk files (2018 catalogues -> TT57/2026) checked against both catalogues."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from assistant.catalog import Catalog
from assistant.crosswalk import load_crosswalk
from assistant.domain import Framework
from corpus.crosswalk.propose import load, propose, review
from corpus.text import has_diacritics

CROSSWALK_DIR = Path(__file__).resolve().parent.parent / "corpus" / "crosswalk"
PAIRS = [
    ("tt17-2018", "tt57-2026-pho-thong"),
    ("tt18-2018", "tt57-2026-pho-thong"),
    ("tt19-2018", "tt57-2026-mam-non"),
]
STRENGTHS = {"direct", "partial"}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load()


def _data(old: str, new: str) -> dict[str, Any]:
    path = CROSSWALK_DIR / f"{old}__{new}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _targets(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [t for m in data["mappings"] for t in m["new"]] + [t for m in data["level4"] for t in m["new"]]


def _is_vietnamese_line(text: str) -> bool:
    return (
        bool(text.strip())
        and unicodedata.normalize("NFC", text) == text
        and has_diacritics(text)
        and "\n" not in text
        and len(text) <= 220
    )


@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_header_names_the_pair_and_says_approximate(old: str, new: str) -> None:
    data = _data(old, new)
    assert data["from"] == old
    assert data["to"] == new
    assert data["approximate"] is True
    assert "gần đúng" in data["note"]
    assert _is_vietnamese_line(data["note"][:200])


@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_every_old_criterion_is_mapped_once_in_catalogue_order(catalog: Catalog, old: str, new: str) -> None:
    framework = catalog.get(old)
    mappings = _data(old, new)["mappings"]
    assert [m["old"] for m in mappings] == [c.code for c in framework.criteria]
    for m in mappings:
        assert m["old_title"] == framework.criterion(m["old"]).title
        assert m["new"], f"{m['old']} has no target"


@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_targets_are_known_criteria_with_valid_strength_and_reason(
    catalog: Catalog, old: str, new: str
) -> None:
    new_codes = {c.code for c in catalog.get(new).criteria}
    data = _data(old, new)
    for target in _targets(data):
        assert target["criterion"] in new_codes, target
        assert target["strength"] in STRENGTHS, target
        assert _is_vietnamese_line(target["reason"]), target
    for m in data["mappings"]:
        codes = [t["criterion"] for t in m["new"]]
        assert len(codes) == len(set(codes)), f"{m['old']} lists a target twice"


@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_every_mandatory_tt57_criterion_is_reached(catalog: Catalog, old: str, new: str) -> None:
    framework: Framework = catalog.get(new)
    reached = {t["criterion"] for m in _data(old, new)["mappings"] for t in m["new"]}
    mandatory = {c.code for c in framework.criteria if c.mandatory}
    assert len(mandatory) == 8
    assert mandatory <= reached, mandatory - reached
    # Stronger than required: no TT57 criterion is left without an old source.
    assert reached == {c.code for c in framework.criteria}


@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_level4_items_match_the_catalogue_and_are_partial(catalog: Catalog, old: str, new: str) -> None:
    items = {i.number: i.text for i in catalog.get(old).level4}
    level4 = _data(old, new)["level4"]
    assert [e["item"] for e in level4] == sorted(items)
    for entry in level4:
        assert entry["old_text"] == items[entry["item"]]
        assert entry["new"]
        assert {t["strength"] for t in entry["new"]} == {"partial"}


def test_level4_counts_per_circular(catalog: Catalog) -> None:
    assert len(_data("tt17-2018", "tt57-2026-pho-thong")["level4"]) == 5
    assert len(_data("tt19-2018", "tt57-2026-mam-non")["level4"]) == 4
    assert _data("tt18-2018", "tt57-2026-pho-thong")["level4"] == []


@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_files_load_through_the_assistant_and_validate(catalog: Catalog, old: str, new: str) -> None:
    crosswalk = load_crosswalk(old, new)
    assert crosswalk.validate(catalog.get(old), catalog.get(new)) == []
    assert crosswalk.approximate is True


def test_reviewed_landmarks_of_the_tt18_crosswalk() -> None:
    data = _data("tt18-2018", "tt57-2026-pho-thong")
    by_old = {m["old"]: {t["criterion"]: t["strength"] for t in m["new"]} for m in data["mappings"]}
    assert all(by_old[code].get("4.1") == "direct" for code in ("3.1", "3.2", "3.3", "3.4", "3.5", "3.6"))
    assert by_old["3.4"].get("4.2") == "direct"
    assert by_old["1.10"] == {"4.2": "direct"}
    assert by_old["2.3"] == {"2.3": "direct"}
    assert by_old["4.1"].get("4.3") == "direct" and by_old["4.2"].get("4.3") == "direct"
    assert by_old["1.6"].get("1.3") == "direct"
    assert by_old["1.9"].get("1.4") == "partial"
    assert {"1.2", "3.2"} <= set(by_old["1.4"])


def test_proposer_ranks_obvious_pairs_first() -> None:
    proposal = propose(load("tt18-2018"), load("tt57-2026-pho-thong"), top=3)
    assert set(proposal) == {c["code"] for s in load("tt18-2018")["standards"] for c in s["criteria"]}
    assert proposal["3.5"][0].new == "4.1"
    assert proposal["1.10"][0].new == "4.2"
    assert proposal["2.2"][0].new == "2.2"
    assert proposal["5.4"][0].new == "3.3"
    for candidates in proposal.values():
        scores = [c.score for c in candidates]
        assert scores == sorted(scores, reverse=True)
        assert len(candidates) <= 3


def test_proposer_review_lists_only_disagreements(tmp_path: Path) -> None:
    old, new = load("tt19-2018"), load("tt57-2026-mam-non")
    proposal = propose(old, new, top=1)
    agreeing = {
        "from": "tt19-2018",
        "to": "tt57-2026-mam-non",
        "mappings": [{"old": code, "new": [{"criterion": c[0].new}]} for code, c in proposal.items() if c],
    }
    path = tmp_path / "cw.json"
    path.write_text(json.dumps(agreeing), encoding="utf-8")
    assert review(proposal, path) == []
    agreeing["mappings"][0]["new"] = [{"criterion": "9.9"}]
    path.write_text(json.dumps(agreeing), encoding="utf-8")
    lines = review(proposal, path)
    assert len(lines) == 1 and lines[0].startswith("1.1: đề xuất")
