"""Ranking metrics shared by every evaluation. Each takes a ranked list and the relevant set.

Ties in scores are the caller's business: rank with a deterministic tie-break (e.g. by id) so a
run is reproducible, or use `eval.tied_metrics` for the exact expectation over all tie orders
(a random ranking is the case where every candidate ties).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence, Set

import numpy as np


def reciprocal_rank(ranked: Sequence[Hashable], relevant: Set[Hashable]) -> float:
    for i, item in enumerate(ranked, start=1):
        if item in relevant:
            return 1.0 / i
    return 0.0


def precision_at(ranked: Sequence[Hashable], relevant: Set[Hashable], k: int) -> float:
    return sum(1 for item in ranked[:k] if item in relevant) / k


def recall_at(ranked: Sequence[Hashable], relevant: Set[Hashable], k: int) -> float:
    if not relevant:
        return 0.0
    return sum(1 for item in ranked[:k] if item in relevant) / len(relevant)


def average_precision(ranked: Sequence[Hashable], relevant: Set[Hashable]) -> float:
    if not relevant:
        return 0.0
    hits, total = 0, 0.0
    for i, item in enumerate(ranked, start=1):
        if item in relevant:
            hits += 1
            total += hits / i
    return total / len(relevant)


def ndcg_at(ranked: Sequence[Hashable], relevant: Set[Hashable], k: int) -> float:
    dcg = sum(
        1.0 / math.log2(i + 1) for i, item in enumerate(ranked[:k], start=1) if item in relevant
    )
    ideal = sum(1.0 / math.log2(i + 1) for i in range(1, min(k, len(relevant)) + 1))
    return dcg / ideal if ideal else 0.0


def auc(positive_scores: Sequence[float], negative_scores: Sequence[float]) -> float:
    """Probability that a random positive outscores a random negative (ties count half)."""
    pos = np.asarray(positive_scores, dtype=np.float64)
    neg = np.asarray(negative_scores, dtype=np.float64)
    if pos.size == 0 or neg.size == 0:
        return float("nan")
    combined = np.concatenate([pos, neg])
    order = combined.argsort(kind="mergesort")
    ranks = np.empty_like(order, dtype=np.float64)
    sorted_vals = combined[order]
    # Average ranks over ties (Mann-Whitney U).
    i = 0
    while i < len(sorted_vals):
        j = i
        while j + 1 < len(sorted_vals) and sorted_vals[j + 1] == sorted_vals[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2.0 + 1.0
        i = j + 1
    rank_sum = ranks[: pos.size].sum()
    return float((rank_sum - pos.size * (pos.size + 1) / 2.0) / (pos.size * neg.size))


def rank_by_score(candidates: Sequence[Hashable], scores: Sequence[float]) -> list[Hashable]:
    """Highest score first; ties keep the candidates' given order (make that order meaningful)."""
    order = sorted(range(len(candidates)), key=lambda i: -scores[i])
    return [candidates[i] for i in order]
