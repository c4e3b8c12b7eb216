"""How likely two contacts are to click, from the same pair model that is measured on real advice
and e-mail networks (`altruist eval intros`): shared contacts, same city or company, shared tags,
and the shape of the network around them.

Introductions rank by mutual benefit (need ↔ offer); affinity scales that benefit into
[AFFINITY_FLOOR, 1], so among equally useful pairs the ones likely to get on come first, while a
pair with no graph evidence still keeps most of its benefit (most contacts share nothing visible).
The model learns its weights from the user's own network, without labels (engine/introductions/pair_model.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from altruist.domain import Person
from altruist.engine.introductions.pair_graph import PairGraph
from altruist.engine.introductions.pair_model import fit_pair_model, score_pairs

AFFINITY_FLOOR = 0.5
# Fitting needs some known ties among contacts; below this the model would learn noise.
MIN_TIES = 30


def _norm(value: str | None) -> list[str]:
    return [value.strip().lower()] if value and value.strip() else []


def build_graph(
    people: Sequence[Person], ties: Iterable[tuple[int, int]]
) -> tuple[PairGraph, dict[int, int]]:
    index = {p.id: i for i, p in enumerate(people) if p.id is not None}
    edges = [(index[a], index[b]) for a, b in ties if a in index and b in index]
    graph = PairGraph(
        n=len(people),
        ties=np.array(edges, dtype=np.int64).reshape(-1, 2),
        attributes={
            "company": [_norm(p.company) for p in people],
            "city": [_norm(p.city) for p in people],
            "tags": [[t.lower() for t in p.tags] for p in people],
        },
    )
    return graph, index


def affinity(
    people: Sequence[Person], ties: Iterable[tuple[int, int]], pairs: Sequence[tuple[int, int]]
) -> dict[tuple[int, int], float]:
    """Affinity in [AFFINITY_FLOOR, 1] per (a, b) pair of person ids; {} when the network is too
    sparse to learn from (callers then treat every pair alike)."""
    if not pairs:
        return {}
    graph, index = build_graph(people, ties)
    if len(graph.ties) < MIN_TIES:
        return {}
    known = [(a, b) for a, b in pairs if a in index and b in index]
    us = np.array([index[a] for a, _ in known], dtype=np.int64)
    vs = np.array([index[b] for _, b in known], dtype=np.int64)
    model = fit_pair_model(graph)
    log_odds = score_pairs(graph, model, us, vs)
    probability = 1.0 / (1.0 + np.exp(-np.clip(log_odds, -30, 30)))
    values = AFFINITY_FLOOR + (1 - AFFINITY_FLOOR) * probability
    return {pair: float(v) for pair, v in zip(known, values, strict=True)}
