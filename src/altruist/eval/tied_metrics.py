"""Ranking metrics as their exact expected value over every order of tied scores.

A baseline such as "tag overlap" gives most candidates the same score (no shared tag), so any one
tie-break order is a lottery ticket: on a test set of ten people one lucky shuffle can move MAP by
a third. Averaging over *all* orders of each tie group removes that luck and needs no seed. A
uniformly random ranking is the special case where every candidate ties.

All formulas follow from one fact: inside a tie group of n candidates of which r are relevant,
each position holds a relevant candidate with probability r/n, and given that a relevant one sits
at the group's j-th position, the other r−1 relevant ones fill the j−1 positions before it at
the rate (r−1)/(n−1).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Set
from dataclasses import dataclass
from itertools import groupby
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class TieGroup:
    before: int  # candidates ranked above the group
    relevant_before: int
    size: int
    relevant: int


def tie_groups(scores: Mapping[K, float], relevant: Set[K]) -> list[TieGroup]:
    """The candidates grouped by equal score, best score first."""
    groups: list[TieGroup] = []
    before = relevant_before = 0
    ordered = sorted(scores.items(), key=lambda item: -item[1])
    for _, members in groupby(ordered, key=lambda item: item[1]):
        keys = [key for key, _ in members]
        hits = sum(1 for key in keys if key in relevant)
        groups.append(TieGroup(before, relevant_before, len(keys), hits))
        before += len(keys)
        relevant_before += hits
    return groups


def _hit_rate_at(groups: Iterable[TieGroup], k: int) -> list[float]:
    """P(position p holds a relevant candidate) for p = 1..k."""
    rates: list[float] = []
    for g in groups:
        for _ in range(g.size):
            if len(rates) == k:
                return rates
            rates.append(g.relevant / g.size)
    return rates


def expected_average_precision(groups: list[TieGroup], n_relevant: int) -> float:
    if n_relevant == 0:
        return 0.0
    total = 0.0
    for g in groups:
        if g.relevant == 0:
            continue
        others = (g.relevant - 1) / (g.size - 1) if g.size > 1 else 0.0
        mean_precision = (
            sum(
                (g.relevant_before + 1 + (j - 1) * others) / (g.before + j)
                for j in range(1, g.size + 1)
            )
            / g.size
        )
        total += g.relevant * mean_precision
    return total / n_relevant


def expected_reciprocal_rank(groups: list[TieGroup]) -> float:
    """E[1 / rank of the first relevant candidate]."""
    for g in groups:
        if g.relevant == 0:
            continue
        total, none_yet = 0.0, 1.0  # none_yet = P(no relevant in the first i−1 group positions)
        for i in range(1, g.size - g.relevant + 2):
            first_here = none_yet * g.relevant / (g.size - i + 1)
            total += first_here / (g.before + i)
            none_yet -= first_here
        return total
    return 0.0


def expected_ndcg_at(groups: list[TieGroup], n_relevant: int, k: int) -> float:
    ideal = sum(1.0 / math.log2(i + 1) for i in range(1, min(k, n_relevant) + 1))
    if not ideal:
        return 0.0
    rates = _hit_rate_at(groups, k)
    return sum(rate / math.log2(p + 1) for p, rate in enumerate(rates, start=1)) / ideal


def expected_hits_at(groups: list[TieGroup], k: int) -> float:
    """Expected number of relevant candidates among the first k."""
    return sum(_hit_rate_at(groups, k))


def expected_precision_at(groups: list[TieGroup], k: int) -> float:
    return expected_hits_at(groups, k) / k


def expected_recall_at(groups: list[TieGroup], n_relevant: int, k: int) -> float:
    return expected_hits_at(groups, k) / n_relevant if n_relevant else 0.0
