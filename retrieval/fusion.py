"""Rank fusion on numpy arrays: reciprocal ranks plus normalised scores, then criterion support.

Plain reciprocal rank fusion (RRF) ignores how far apart the scores are, so a list that is sure
of its first answer counts no more than one that is guessing.  Each list here contributes a blend
of its reciprocal rank and its min-max normalised score.  Then docs of the same criterion support
each other: a doc's score is blended with its group's aggregate (best + ½ second + ¼ third …),
so a criterion several docs agree on beats one lucky match.  All work is on the few hundred
candidates, never on the whole corpus.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class FusionConfig:
    """Knobs of the fusion; defaults were chosen on benchmarks/data/queries.jsonl."""

    rrf_k: float = 60.0
    candidates: int = 100
    dense_weight: float = 1.0  # accented query
    lexical_weight: float = 0.5  # accented query
    dense_weight_plain: float = 0.6  # query typed without diacritics
    lexical_weight_plain: float = 1.0  # query typed without diacritics
    score_share: float = 0.5  # share of normalised scores beside reciprocal ranks
    criterion_share: float = 0.3  # share of the criterion aggregate in a doc's final score
    restore_accents: bool = True
    glossary_weight: float = 1.0  # BM25 of the formal phrases an everyday query maps to
    # Appending them to the embedded query too gained 2 of 40 held-out queries but made the query
    # embedding ~8 ms slower (longer text), which breaks the latency budget.
    glossary_dense: bool = False


def top_indices(scores: np.ndarray, n: int, *, positive: bool = False) -> np.ndarray:
    """Indices of the ``n`` largest scores, best first (ties by index); only > 0 when ``positive``."""
    pool = np.flatnonzero(scores > 0) if positive else np.arange(scores.size)
    if n <= 0 or not pool.size:
        return np.zeros(0, dtype=np.int64)
    if pool.size > n:
        pool = pool[np.argpartition(-scores[pool], n - 1)[:n]]
    return pool[np.lexsort((pool, -scores[pool]))]


def contribution(scores: np.ndarray, config: FusionConfig, *, positive: bool) -> tuple[np.ndarray, np.ndarray]:
    """The top candidates of one ranking and what each contributes (within [0, 1])."""
    idx = top_indices(scores, config.candidates, positive=positive)
    return ranked_contribution(idx, scores[idx], config)


def ranked_contribution(idx: np.ndarray, vals: np.ndarray, config: FusionConfig) -> tuple[np.ndarray, np.ndarray]:
    """What each candidate of a ranking contributes, given candidates and scores best first."""
    if not idx.size:
        return idx, np.zeros(0)
    vals = np.asarray(vals, dtype=np.float64)
    ranks = np.arange(1, idx.size + 1, dtype=np.float64)
    rrf = (config.rrf_k + 1) / (config.rrf_k + ranks)  # 1.0 for the first, decaying slowly
    hi, lo = vals[0], (vals[-1] if idx.size > 1 else 0.0)
    norm = (vals - lo) / (hi - lo) if hi > lo else np.ones_like(vals)
    share = config.score_share
    return idx, (1 - share) * rrf + share * norm


def fuse(parts: Sequence[tuple[np.ndarray, np.ndarray]], weights: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    """Union of the candidates and their weighted contributions, scaled into [0, 1]."""
    cand = np.unique(np.concatenate([idx for idx, _ in parts])) if parts else np.zeros(0, np.int64)
    fused = np.zeros(cand.size)
    for (idx, contrib), weight in zip(parts, weights, strict=True):
        fused[np.searchsorted(cand, idx)] += weight * contrib
    total = float(sum(weights))
    return cand, fused / total if total > 0 else fused


def criterion_support(groups: np.ndarray, fused: np.ndarray, share: float) -> np.ndarray:
    """Blend each score with its group's aggregate: best + ½ second + ¼ third …, halved."""
    if share <= 0 or fused.size < 2:
        return fused
    order = np.lexsort((-fused, groups))
    g_sorted, s_sorted = groups[order], fused[order]
    starts = np.r_[0, np.flatnonzero(np.diff(g_sorted)) + 1]
    sizes = np.diff(np.r_[starts, order.size])
    rank_in_group = np.arange(order.size) - np.repeat(starts, sizes)
    weighted = s_sorted * np.power(0.5, np.minimum(rank_in_group, 16))
    aggregate = np.add.reduceat(weighted, starts) / 2.0  # the geometric weights sum below 2
    agg = np.empty(order.size)
    agg[order] = np.repeat(aggregate, sizes)
    return (1 - share) * fused + share * agg
