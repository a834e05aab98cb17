"""Tying a free-text recommendation to the criteria it is about, by topic.

A small BM25 index over the catalogue (each criterion: its title, weighted, and its requirement
texts), on accent-folded syllables and syllable pairs — Vietnamese words are mostly two syllables,
so pairs such as "ve sinh" or "thu vien" carry the topic.  Pure Python, built per framework and
cached; no retrieval service is involved, so report parsing stays fast and offline.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from corpus.text import fold

from ..domain import Framework

# Function syllables that say nothing about a topic.
STOP = frozenset(
    [
        "va",
        "cua",
        "cac",
        "nhung",
        "trong",
        "cho",
        "de",
        "voi",
        "la",
        "co",
        "duoc",
        "mot",
        "so",
        "khi",
        "tai",
        "theo",
        "tu",
        "den",
        "nay",
        "do",
        "da",
        "se",
        "dang",
        "ve",
        "can",
        "phai",
        "viec",
        "cong",
        "tac",
        "thuc",
        "hien",
        "tiep",
        "tuc",
        "tang",
        "cuong",
        "hon",
        "nua",
        "nham",
        "dam",
        "bao",
        "day",
        "du",
        "kip",
        "thoi",
        "hoac",
        "cung",
        "nhu",
        "the",
        "tren",
        "duoi",
        "sau",
        "truoc",
        "ra",
        "vao",
        "len",
        "xuong",
        "nhieu",
        "it",
        "moi",
        "tat",
        "ca",
        "cao",
        "nang",
    ]
)
K1, B = 1.2, 0.75
MIN_SCORE = 12.0  # below this only generic words matched ("duy trì, phát huy kết quả")


def tokens(text: str) -> list[str]:
    """Content syllables and adjacent syllable pairs of a text (folded)."""
    out: list[str] = []
    for clause in re.split(r"[,.;:()\[\]\n/–-]+", fold(text)):
        words = re.findall(r"[a-z0-9]+", clause)
        out.extend(w for w in words if w not in STOP and not w.isdigit())
        out.extend(
            f"{a}_{b}" for a, b in zip(words, words[1:], strict=False) if a not in STOP and b not in STOP
        )
    return out


@dataclass(frozen=True)
class TopicMatch:
    """Criteria a text is about, with the confidence of the tie (0-1)."""

    criteria: tuple[str, ...]
    confidence: float


class TopicIndex:
    """BM25 over the criteria of one framework."""

    def __init__(self, framework: Framework) -> None:
        self.codes: list[str] = []
        self.standard_of: dict[str, str] = {}
        docs: list[Counter[str]] = []
        for criterion in framework.criteria:
            text_tokens = tokens(criterion.title) * 3
            for req in criterion.requirements:
                text_tokens += tokens(req.text)
            for hint in criterion.evidence_hints:
                text_tokens += tokens(hint)
            self.codes.append(criterion.code)
            self.standard_of[criterion.code] = criterion.standard
            docs.append(Counter(text_tokens))
        self.docs = docs
        self.lengths = [sum(d.values()) for d in docs]
        self.avg = sum(self.lengths) / max(1, len(self.lengths))
        df: Counter[str] = Counter()
        for d in docs:
            df.update(d.keys())
        n = len(docs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}

    def scores(self, text: str, standard: str | None = None) -> list[tuple[float, str, int]]:
        """(score, code, matched pairs) per criterion, best first."""
        query = set(tokens(text))
        out: list[tuple[float, str, int]] = []
        for code, doc, length in zip(self.codes, self.docs, self.lengths, strict=True):
            if standard and self.standard_of[code] != standard:
                continue
            score = 0.0
            pairs = 0
            for t in query:
                tf = doc.get(t, 0)
                if not tf:
                    continue
                score += self.idf[t] * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / self.avg))
                pairs += "_" in t
            out.append((score, code, pairs))
        return sorted(out, reverse=True)

    def match(self, text: str, standard: str | None = None) -> TopicMatch:
        """The criteria ``text`` is about; empty with confidence 0 when nothing stands out."""
        ranked = self.scores(text, standard)
        if not ranked or ranked[0][0] < MIN_SCORE:
            return TopicMatch((), 0.0)
        best, _, pairs = ranked[0]
        second = ranked[1][0] if len(ranked) > 1 else 0.0
        chosen = [code for score, code, _ in ranked[:3] if score >= 0.8 * best]
        margin = (best - second) / best
        # Distinct from the runner-up, several matching word pairs, and a strong absolute score.
        confidence = 0.2 + 0.35 * margin + 0.2 * min(1.0, pairs / 3) + 0.2 * min(1.0, best / 40)
        if standard:
            confidence += 0.05
        return TopicMatch(tuple(chosen), round(min(0.9, confidence), 2))


_CACHE: dict[str, tuple[Framework, TopicIndex]] = {}


def topic_index(framework: Framework) -> TopicIndex:
    """The topic index of a framework, built once per framework object."""
    cached = _CACHE.get(framework.id)
    if cached is None or cached[0] is not framework:
        cached = (framework, TopicIndex(framework))
        _CACHE[framework.id] = cached
    return cached[1]
