"""Tying a free-text recommendation to the criteria it is about, by topic.

A small BM25 index over the catalogue (each criterion: its title, weighted, and its requirement
texts, evidence hints and quantitative indicators), on accent-folded syllables and syllable pairs — Vietnamese words are mostly two syllables,
so pairs such as "ve sinh" or "thu vien" carry the topic.  Pure Python, built per framework and
cached; no retrieval service is involved, so report parsing stays fast and offline.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from corpus.text import fold

from ..domain import Framework
from .textlines import fold_same

# Function syllables that say nothing about a topic, written with their tones: folded, many of
# them collide with content syllables ("về" / "vệ sinh", "có" / "cơ sở", "tại" / "tài chính",
# "đầy đủ" / "dạy học", "nâng" / "năng lực"), so the accented form decides when there is one.
STOP_ACCENTED = frozenset(
    (
        "và", "của", "các", "những", "trong", "cho", "để", "với", "là", "có", "được", "một", "số", "khi", "tại",
        "theo", "từ", "đến", "này", "do", "đã", "sẽ", "đang", "về", "cần", "phải", "việc", "công", "tác", "thực",
        "hiện", "tiếp", "tục", "tăng", "cường", "hơn", "nữa", "nhằm", "đảm", "bảo", "đầy", "đủ", "kịp", "thời",
        "hoặc", "cũng", "như", "thế", "trên", "dưới", "sau", "trước", "ra", "vào", "lên", "xuống", "nhiều", "ít",
        "mọi", "tất", "cả", "cao", "nâng",
    )
)  # fmt: skip
# Without diacritics (OCR, typed without accents) only the folded form is known.
STOP = frozenset(fold(w) for w in STOP_ACCENTED)
# Verbs recommendations and plans open with; their object carries the topic.
OPENING_VERBS = tuple(
    fold(v)
    for v in (
        "tham mưu", "đề xuất", "kiến nghị", "tiếp tục", "tăng cường", "đẩy mạnh", "chú trọng", "quan tâm",
        "bổ sung", "xây dựng", "xây mới", "cải tạo", "sửa chữa", "nâng cấp", "đầu tư", "mua sắm", "huy động",
        "nâng cao", "hoàn thiện", "rà soát", "khắc phục", "duy trì", "phát huy", "thực hiện", "tổ chức",
        "đổi mới", "cần", "nhà trường cần", "có kế hoạch", "có giải pháp",
    )
)  # fmt: skip
VERB_WEIGHT = 0.25
_OPENING = re.compile(r"^\W*(?:(?:" + "|".join(re.escape(v) for v in OPENING_VERBS) + r")\b[\s,]*)+")


def object_of(text: str) -> str:
    """The text without the chain of verbs it opens with (kept whole when nothing would remain)."""
    text = unicodedata.normalize("NFC", text)
    folded = fold_same(text).lower()  # one character per character, so the offset carries over
    m = _OPENING.match(folded)
    if not m or not folded[m.end() :].strip(" .;"):
        return text
    return text[m.end() :]


K1, B = 1.2, 0.75
MIN_SCORE = 12.0  # below this only generic words matched ("duy trì, phát huy kết quả")


def _is_stop(word: str, folded: str) -> bool:
    """A function syllable: by its accented form when it has diacritics, else by its folded form."""
    return word in STOP_ACCENTED if folded != word else folded in STOP


def tokens(text: str) -> list[str]:
    """Content syllables and adjacent syllable pairs of a text (folded)."""
    out: list[str] = []
    for clause in re.split(r"[,.;:()\[\]\n/–-]+", unicodedata.normalize("NFC", text).lower()):
        words = [(w, fold(w)) for w in re.findall(r"\w+", clause)]
        keep = [f if not _is_stop(w, f) else "" for w, f in words]
        out.extend(f for f in keep if f and not f.isdigit())
        out.extend(f"{a}_{b}" for a, b in zip(keep, keep[1:], strict=False) if a and b)
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
            for hint in (*criterion.evidence_hints, *criterion.quantitative_indicators):
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
        """(score, code, matched pairs) per criterion, best first.

        Words of the opening verbs ("Tham mưu xây dựng ...", "Bổ sung ...") count a quarter: a
        recommendation is about what follows them, not about "công tác tham mưu" itself."""
        core = set(tokens(object_of(text)))
        weights = {t: (1.0 if t in core else VERB_WEIGHT) for t in tokens(text)}
        out: list[tuple[float, str, int]] = []
        for code, doc, length in zip(self.codes, self.docs, self.lengths, strict=True):
            if standard and self.standard_of[code] != standard:
                continue
            score = 0.0
            pairs = 0
            for t, weight in weights.items():
                tf = doc.get(t, 0)
                if not tf:
                    continue
                score += weight * self.idf[t] * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / self.avg))
                pairs += "_" in t
            out.append((score, code, pairs))
        return sorted(out, reverse=True)

    def match(self, text: str, standard: str | None = None) -> TopicMatch:
        """The criteria ``text`` is about; empty with confidence 0 when nothing stands out."""
        ranked = self.scores(text, standard)
        if not ranked:
            return TopicMatch((), 0.0)
        best, _, pairs = ranked[0]
        second = ranked[1][0] if len(ranked) > 1 else 0.0
        # A short recommendation scores low in absolute terms; it still counts when its best
        # criterion stands well clear of the others on several word pairs (more so when the
        # report already narrowed it to one standard's few criteria).
        distinct = pairs >= 2 and (
            (best >= 0.75 * MIN_SCORE and best >= 1.4 * second)
            or (standard is not None and best >= 0.5 * MIN_SCORE and best >= 2 * second)
        )
        if best < MIN_SCORE and not distinct:
            return TopicMatch((), 0.0)
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
