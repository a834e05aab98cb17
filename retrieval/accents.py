"""Put the diacritics back on a query typed without them, using the indexed texts themselves.

e5 understands "nhà vệ sinh xuống cấp" but much less "nha ve sinh xuong cap" (recall@1 falls from
0.9 to 0.1-0.4).  Principals often type without marks, and the corpus already holds the words they
mean, so a syllable bigram model learnt from the indexed texts picks, for each folded syllable,
the accented form that best fits its neighbours (Viterbi).  Unknown syllables stay as typed.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from corpus.text import fold, nfc

_TOKEN = re.compile(r"[^\W_]+|[^\w\s]|_")
_MAX_CANDIDATES = 6
_LAMBDA = 0.8  # weight of the bigram estimate against the unigram one


class AccentModel:
    """Counts of accented syllables and syllable pairs, keyed for lookup by their folded form."""

    def __init__(self) -> None:
        self.unigrams: Counter[str] = Counter()
        self.bigrams: Counter[str] = Counter()  # "a b" -> count
        self._variants: dict[str, list[str]] | None = None

    def add(self, texts: Iterable[str]) -> None:
        """Learn from more texts."""
        for text in texts:
            words = [w for w in _TOKEN.findall(nfc(text).lower()) if w.isalnum()]
            self.unigrams.update(words)
            self.bigrams.update(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))
        self._variants = None

    def variants(self, folded: str) -> list[str]:
        """Accented forms seen for a folded syllable, most frequent first."""
        if self._variants is None:
            table: dict[str, list[str]] = defaultdict(list)
            for word, _ in self.unigrams.most_common():
                table[fold(word)].append(word)
            self._variants = dict(table)
        return self._variants.get(folded, [])[:_MAX_CANDIDATES]

    def restore(self, text: str) -> str:
        """The most likely accented reading of ``text`` (unchanged when it already has marks)."""
        tokens = _TOKEN.findall(nfc(text).lower())
        words = [t for t in tokens if t.isalnum()]
        if not words:
            return text
        restored = iter(self._viterbi([fold(w) for w in words]))
        out = [next(restored) if t.isalnum() else t for t in tokens]
        return _join(out)

    def _viterbi(self, folded: list[str]) -> list[str]:
        total = sum(self.unigrams.values()) or 1
        lattice = [self.variants(f) or [f] for f in folded]

        def uni(word: str) -> float:
            return (self.unigrams.get(word, 0) + 0.1) / total

        # best[j] = (log probability, path) for the j-th candidate of the current position
        best = [(math.log(uni(w)), [w]) for w in lattice[0]]
        for candidates in lattice[1:]:
            step = []
            for word in candidates:
                options = []
                for score, path in best:
                    prev = path[-1]
                    prev_count = self.unigrams.get(prev, 0)
                    pair = self.bigrams.get(f"{prev} {word}", 0)
                    p_bigram = pair / prev_count if prev_count else 0.0
                    options.append((score + math.log(_LAMBDA * p_bigram + (1 - _LAMBDA) * uni(word)), path))
                score, path = max(options, key=lambda o: o[0])
                step.append((score, [*path, word]))
            best = step
        return max(best, key=lambda o: o[0])[1]

    def to_json(self) -> str:
        """Serialise the counts."""
        return json.dumps({"unigrams": self.unigrams, "bigrams": self.bigrams}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> AccentModel:
        """Read counts written by :meth:`to_json`."""
        data = json.loads(text)
        model = cls()
        model.unigrams.update({str(k): int(v) for k, v in data["unigrams"].items()})
        model.bigrams.update({str(k): int(v) for k, v in data["bigrams"].items()})
        return model

    def save(self, path: Path) -> None:
        """Write the counts to ``path``."""
        path.write_text(self.to_json(), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> AccentModel:
        """Read counts from ``path``."""
        return cls.from_json(path.read_text(encoding="utf-8"))


def _join(tokens: list[str]) -> str:
    """Re-join tokens with spaces, without a space before punctuation."""
    out = ""
    for tok in tokens:
        if out and tok.isalnum():
            out += " "
        out += tok
    return out
