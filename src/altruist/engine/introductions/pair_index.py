"""Candidate pairs and a kept-up-to-date ranking of introductions for large networks.

Scoring all n²/2 pairs of 30,000 contacts (450 million) is neither possible nor useful: people
who should meet almost always share a contact, a context layer or an attribute value. So the
candidates are (a) people two steps apart, strongest first, (b) context-layer neighbours and
(c) a seeded sample of people sharing an attribute value (company, city, …), capped per person.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from altruist.engine.introductions.pair_features import PairFeaturizer
from altruist.engine.introductions.pair_graph import PairGraph, undirected_adjacency
from altruist.engine.introductions.pair_model import (
    PairModel,
    PairModelConfig,
    fit_pair_model,
    in_sorted,
    pair_keys,
    sorted_unique,
)

# Rows of the two-step product computed at once; bounds memory on large graphs.
BLOCK_ROWS = 1024


@dataclass(frozen=True)
class CandidateConfig:
    two_hop_per_person: int = 40  # strongest friends-of-friends per person
    bucket_sample: int = 10  # same-attribute partners sampled per person and attribute
    small_bucket: int = 25  # buckets up to this size contribute all their pairs
    seed: int = 0


@dataclass(frozen=True)
class ScoredPair:
    a: int
    b: int
    score: float


def _two_hop(adj: sp.csr_matrix, rows: np.ndarray, per_person: int) -> np.ndarray:
    """For each row, up to `per_person` two-step partners with the most shared contacts."""
    out: list[np.ndarray] = []
    for start in range(0, len(rows), BLOCK_ROWS):
        block_rows = rows[start : start + BLOCK_ROWS]
        block = (adj[block_rows] @ adj).tocoo()
        owner = block_rows[block.row]
        keep = block.col != owner
        local, cols, vals = block.row[keep], block.col[keep], block.data[keep]
        # Sort by row, then most shared contacts, then index (reproducible); keep each row's
        # first `per_person` entries — vectorised, no Python loop over 30,000 people. One int64
        # key (row, -count, column) sorts much faster than a three-key lexsort.
        n = np.int64(adj.shape[0])
        top_count = np.int64(vals.max()) if len(vals) else np.int64(0)
        key = (local.astype(np.int64) * (top_count + 1) + (top_count - vals.astype(np.int64))) * n
        order = np.argsort(key + cols, kind="stable")
        local, cols = local[order], cols[order]
        starts = np.searchsorted(local, np.arange(len(block_rows)))
        rank = np.arange(len(local)) - starts[local]
        top = rank < per_person
        out.append(np.stack([block_rows[local[top]], cols[top]], axis=1))
    return np.concatenate(out) if out else np.zeros((0, 2), dtype=np.int64)


def _bucket_pairs(
    members: sp.csr_matrix, config: CandidateConfig, rng: np.random.Generator
) -> np.ndarray:
    """Pairs within each value's bucket: all of them in small buckets, else a ring sample."""
    by_value = members.tocsc()
    out: list[np.ndarray] = []
    for col in range(by_value.shape[1]):
        people = by_value.indices[by_value.indptr[col] : by_value.indptr[col + 1]]
        size = len(people)
        if size < 2:
            continue
        if size <= config.small_bucket:
            i, j = np.triu_indices(size, k=1)
            out.append(np.stack([people[i], people[j]], axis=1))
            continue
        # Shuffle once, then pair everyone with the next `bucket_sample` in that order: each person
        # gets partners, the work stays linear in the bucket size.
        ring = rng.permutation(people)
        for step in range(1, min(config.bucket_sample, size - 1) + 1):
            out.append(np.stack([ring, np.roll(ring, -step)], axis=1))
    return np.concatenate(out) if out else np.zeros((0, 2), dtype=np.int64)


def candidate_pairs(
    graph: PairGraph,
    config: CandidateConfig | None = None,
    only: np.ndarray | None = None,
    adj: sp.csr_matrix | None = None,
) -> np.ndarray:
    """Unordered (low, high) candidate pairs not yet tied. `only`: pairs touching these people.
    `adj`: the graph's undirected adjacency if the caller has it already."""
    config = config or CandidateConfig()
    rng = np.random.default_rng(config.seed)
    if adj is None:
        adj = undirected_adjacency(graph.ties, graph.n)
    rows = np.arange(graph.n) if only is None else np.asarray(only, dtype=np.int64)
    parts = [_two_hop(adj, rows, config.two_hop_per_person)]
    for ties in graph.context.values():
        parts.append(ties)
        parts.append(_two_hop(undirected_adjacency(ties, graph.n), rows, config.two_hop_per_person))
    for name in sorted(graph.attributes):
        members = graph.membership(name)
        if only is not None:
            # Only the buckets the given people are in matter.
            cols = np.unique(members[rows].indices)
            members = members[:, cols]
        parts.append(_bucket_pairs(members, config, rng))
    pairs = np.concatenate([p.reshape(-1, 2) for p in parts]).astype(np.int64)
    keep = pairs[:, 0] != pairs[:, 1]
    if only is not None:
        wanted = np.zeros(graph.n, dtype=bool)
        wanted[rows] = True
        keep &= wanted[pairs[:, 0]] | wanted[pairs[:, 1]]
    keys = sorted_unique(pair_keys(pairs[keep], graph.n))
    keys = keys[~in_sorted(keys, np.sort(pair_keys(graph.ties, graph.n)))]
    return np.stack([keys // graph.n, keys % graph.n], axis=1)


def top_pairs(
    pairs: np.ndarray, scores: np.ndarray, limit: int, per_person_cap: int = 3
) -> list[ScoredPair]:
    """The best pairs, highest score first, each person at most `per_person_cap` times.

    Only a shortlist is sorted (argpartition), widened when the cap rejects too many: re-ranking
    1.8 million candidates after one change must not cost a full sort.
    """
    shortlist = max(1000, limit * per_person_cap * 4)
    while True:
        k = min(shortlist, len(scores))
        part = np.argpartition(-scores, k - 1)[:k] if 0 < k < len(scores) else np.arange(k)
        order = part[np.lexsort((pairs[part, 1], pairs[part, 0], -scores[part]))]
        used: dict[int, int] = {}
        out: list[ScoredPair] = []
        for i in order.tolist():
            a, b = int(pairs[i, 0]), int(pairs[i, 1])
            if used.get(a, 0) >= per_person_cap or used.get(b, 0) >= per_person_cap:
                continue
            used[a] = used.get(a, 0) + 1
            used[b] = used.get(b, 0) + 1
            out.append(ScoredPair(a, b, float(scores[i])))
            if len(out) >= limit:
                return out
        if k >= len(scores):
            return out
        shortlist *= 4


@dataclass
class PairIndex:
    """A network's scored candidate pairs, recomputed in full or updated when a person joins.

    The model's weights are learned once per full recompute; adding one person re-scores only
    the pairs that person touches and the pairs among their contacts (who now share one more
    contact). Other pairs may drift slightly (degrees of the new person's contacts changed) until
    the next full recompute — a deliberate trade for sub-second updates.
    """

    graph: PairGraph
    model_config: PairModelConfig = field(default_factory=PairModelConfig)
    candidate_config: CandidateConfig = field(default_factory=CandidateConfig)
    model: PairModel | None = None
    pairs: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), dtype=np.int64))
    scores: np.ndarray = field(default_factory=lambda: np.zeros(0))

    def recompute(self) -> None:
        self.model = fit_pair_model(self.graph, self.model_config)
        featurizer = PairFeaturizer(self.graph)
        self.pairs = candidate_pairs(self.graph, self.candidate_config, adj=featurizer.adj)
        self.scores = self.model.decision(featurizer.features(self.pairs[:, 0], self.pairs[:, 1]))

    def add_person(
        self,
        attributes: Mapping[str, Sequence[str]],
        ties: Sequence[int] = (),
        numeric: Mapping[str, float] | None = None,
        context_ties: Mapping[str, Sequence[int]] | None = None,
    ) -> int:
        """Add one person with their attribute values and known ties; return their index."""
        if self.model is None:
            raise RuntimeError("call recompute() before adding people")
        new = self.graph.n
        new_ties = np.array([(new, int(t)) for t in ties], dtype=np.int64).reshape(-1, 2)
        extra = {
            name: np.array([(new, int(t)) for t in others], dtype=np.int64).reshape(-1, 2)
            for name, others in (context_ties or {}).items()
        }
        self.graph = self.graph.with_person(attributes, new_ties, numeric or {}, extra)
        touched = np.unique(np.concatenate([[new], new_ties[:, 1]]))
        featurizer = PairFeaturizer(self.graph)
        fresh = candidate_pairs(
            self.graph, self.candidate_config, only=np.array([new]), adj=featurizer.adj
        )
        contacts = new_ties[:, 1]
        if len(contacts) > 1:
            i, j = np.triu_indices(len(contacts), k=1)
            among = np.stack([contacts[i], contacts[j]], axis=1)
            keys = sorted_unique(pair_keys(np.concatenate([fresh, among]), new + 1))
            keys = keys[~in_sorted(keys, np.sort(pair_keys(self.graph.ties, new + 1)))]
            fresh = np.stack([keys // (new + 1), keys % (new + 1)], axis=1)
        # Pairs with both ends among the touched people are exactly those re-scored in `fresh`
        # (the new person's pairs are new anyway): drop their stale scores, then append.
        mask = np.zeros(new + 1, dtype=bool)
        mask[touched] = True
        keep = ~(mask[self.pairs[:, 0]] & mask[self.pairs[:, 1]])
        fresh_scores = self.model.decision(featurizer.features(fresh[:, 0], fresh[:, 1]))
        self.pairs = np.concatenate([self.pairs[keep], fresh])
        self.scores = np.concatenate([self.scores[keep], fresh_scores])
        return new

    def top(self, limit: int = 50, per_person_cap: int = 3) -> list[ScoredPair]:
        return top_pairs(self.pairs, self.scores, limit, per_person_cap)

    def reasons(self, a: int, b: int, limit: int = 3) -> list[tuple[str, float]]:
        """The features that raise this pair's score most (name, share of the score), for the
        one-sentence reason: e.g. [("same_company", 1.9), ("common_neighbours", 0.8)]."""
        if self.model is None:
            raise RuntimeError("call recompute() first")
        row = PairFeaturizer(self.graph).features(np.array([a]), np.array([b]))[0]
        return [(name, part) for name, part in self.model.contributions(row) if part > 0][:limit]
