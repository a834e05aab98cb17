"""Propose crosswalk candidates between a 2018 catalogue and a TT57/2026 catalogue.

The reviewed crosswalk files in this folder were written by hand; this script only proposes
candidates so a reviewer starts from the texts rather than from memory. It scores every pair
(old criterion, new criterion) by accent-folded word overlap: old title + requirement texts
against new title + requirement texts + evidence hints + quantitative indicators, with syllables
and syllable pairs (Vietnamese words are mostly two syllables) weighted by how rare they are
among the new criteria, and the two sides compared by cosine similarity.

Usage::

    python -m corpus.crosswalk.propose tt18-2018 tt57-2026-pho-thong [--top 3] [--json]
    python -m corpus.crosswalk.propose tt18-2018 tt57-2026-pho-thong --review

``--review`` compares the proposal with the reviewed file and lists the old criteria whose best
candidate is not among the reviewed targets, which is where a second look pays off.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corpus.catalogues import BUNDLED_DIR, load_catalogue
from corpus.text import syllables

CROSSWALK_DIR = Path(__file__).resolve().parent

# Function syllables and words that appear in nearly every criterion; they only add noise.
_STOP_WORDS = (
    "va cua cac co duoc cho theo voi trong de la nhung mot khi ve tu tren den hoac nay do phai "
    "da se thi ma nhu tai hay moi nao neu vao ra cung nhat it nhieu hon so muc quy dinh phu hop "
    "nha truong thuc hien hoat dong giao duc dam bao tiep can tinh the sau truoc "
    "dat len tro lien nam ke diem thoi gian hang ky lai tot kha chuc"
)
_STOP = frozenset(_STOP_WORDS.split())
# Two criteria share at least this much before a pair is worth showing.
MIN_SCORE = 0.02


@dataclass(frozen=True)
class Candidate:
    """One proposed target of an old criterion."""

    old: str
    new: str
    score: float
    shared: tuple[str, ...]


def _terms(text: str) -> list[str]:
    """Content syllables and adjacent syllable pairs of a text, accent-folded."""
    words = [w for w in syllables(text) if not w.isdigit()]
    singles = [w for w in words if w not in _STOP]
    pairs = [f"{a}_{b}" for a, b in zip(words, words[1:], strict=False) if a not in _STOP and b not in _STOP]
    return singles + pairs


def _criteria(data: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
    for standard in data["standards"]:
        yield from standard["criteria"]


def old_text(criterion: Mapping[str, Any]) -> str:
    """Everything an old (2018) criterion says: title and requirement texts of all levels."""
    reqs = [r["text"] for items in criterion.get("requirements", {}).values() for r in items]
    return " ".join([criterion["title"], criterion["title"], *reqs])


def new_text(criterion: Mapping[str, Any]) -> str:
    """Everything a TT57 criterion says, including evidence hints and indicator names."""
    reqs = [r["text"] for items in criterion.get("requirements", {}).values() for r in items]
    extra = [*criterion.get("evidence_hints", []), *criterion.get("quantitative_indicators", [])]
    return " ".join([criterion["title"], criterion["title"], *reqs, *extra])


def _vector(terms: list[str], idf: Mapping[str, float]) -> dict[str, float]:
    counts = Counter(terms)
    return {t: (1 + math.log(n)) * idf.get(t, 0.0) for t, n in counts.items()}


def _cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    dot = sum(v * b[t] for t, v in a.items() if t in b)
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def propose(old: Mapping[str, Any], new: Mapping[str, Any], top: int = 3) -> dict[str, list[Candidate]]:
    """The ``top`` best new criteria for each old criterion, best first."""
    new_terms = {c["code"]: _terms(new_text(c)) for c in _criteria(new)}
    docs = len(new_terms)
    df = Counter(t for terms in new_terms.values() for t in set(terms))
    idf = {t: math.log((docs + 1) / (n + 0.5)) for t, n in df.items()}
    new_vectors = {code: _vector(terms, idf) for code, terms in new_terms.items()}
    result: dict[str, list[Candidate]] = {}
    for crit in _criteria(old):
        vector = _vector(_terms(old_text(crit)), idf)
        scored = []
        for code, other in new_vectors.items():
            score = _cosine(vector, other)
            if score >= MIN_SCORE:
                shared = sorted(set(vector) & set(other), key=lambda t: -vector[t] * other[t])[:6]
                scored.append(Candidate(crit["code"], code, round(score, 3), tuple(shared)))
        scored.sort(key=lambda c: -c.score)
        result[crit["code"]] = scored[:top]
    return result


def load(framework_id: str) -> dict[str, Any]:
    """A bundled catalogue by id (file stem)."""
    return load_catalogue(BUNDLED_DIR / f"{framework_id}.json")


def review(proposal: Mapping[str, list[Candidate]], reviewed_path: Path) -> list[str]:
    """Lines naming old criteria whose best candidate is missing from the reviewed targets."""
    data = json.loads(reviewed_path.read_text(encoding="utf-8"))
    targets = {m["old"]: {n["criterion"] for n in m["new"]} for m in data["mappings"]}
    lines = []
    for old, candidates in proposal.items():
        if candidates and candidates[0].new not in targets.get(old, set()):
            chosen = ", ".join(sorted(targets.get(old, set()))) or "(chưa có)"
            lines.append(f"{old}: đề xuất {candidates[0].new} ({candidates[0].score}), đã chọn {chosen}")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: print the proposal as text or JSON, or review a reviewed file."""
    parser = argparse.ArgumentParser(description="Đề xuất đối chiếu tiêu chí 2018 sang TT57/2026.")
    parser.add_argument("old", help="mã bộ tiêu chí cũ, ví dụ tt18-2018")
    parser.add_argument("new", help="mã bộ tiêu chí TT57, ví dụ tt57-2026-pho-thong")
    parser.add_argument("--top", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--review", action="store_true")
    args = parser.parse_args(argv)
    old, new = load(args.old), load(args.new)
    proposal = propose(old, new, args.top)
    if args.review:
        path = CROSSWALK_DIR / f"{args.old}__{args.new}.json"
        lines = review(proposal, path)
        print("\n".join(lines) if lines else "Mọi đề xuất đứng đầu đều có trong tệp đã rà soát.")
        return 0
    if args.json:
        payload = {
            old: [{"criterion": c.new, "score": c.score, "shared": list(c.shared)} for c in cands]
            for old, cands in proposal.items()
        }
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    titles = {c["code"]: c["title"] for c in _criteria(old)}
    for code, cands in proposal.items():
        shown = "; ".join(f"{c.new} ({c.score}: {', '.join(c.shared[:3])})" for c in cands)
        print(f"{code} {titles[code]}\n    -> {shown}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
