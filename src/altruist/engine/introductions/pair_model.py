"""The pair model: which two people should meet. Learned without labels on the user's own graph.

Self-supervision (issue 4): the known ties are the only truth a user's network offers. We hide a
further part of them, compute every feature on the rest, and fit a logistic regression that
tells the hidden ties (positives) from pairs that are not tied (negatives). The learned weights
then score candidate pairs on the whole known graph. Nothing here needs labels, sklearn or a GPU;
every random choice comes from a seeded generator, so the same input gives the same ranking.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from altruist.engine.introductions.pair_features import PairFeaturizer
from altruist.engine.introductions.pair_graph import PairGraph, undirected_pairs


@dataclass(frozen=True)
class PairModelConfig:
    """Settings chosen once on all evaluation networks together (docs/eval-intros.md)."""

    holdout: float = 0.2  # share of known ties hidden per training round
    rounds: int = 5  # training rounds with different hidden ties, pooled
    negatives_per_positive: int = 10  # uniform non-tie samples per hidden tie
    all_negatives_below: int = 30_000  # small graphs: use every non-tie as a negative
    # Ridge penalty on standardised weights. Absolute, so it fades as the training set grows:
    # strong on a 21-person team, negligible on 1,005 people. Chosen on all networks together.
    l2: float = 50.0
    max_positives_per_round: int = 5_000  # large graphs: a sample of hidden ties is enough
    seed: int = 0


@dataclass(frozen=True)
class PairModel:
    feature_names: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float

    def decision(self, features: np.ndarray) -> np.ndarray:
        """Log-odds that the pair is (or should be) tied; only the order matters for ranking."""
        return np.einsum("ij,j->i", (features - self.mean) / self.scale, self.weights) + self.bias

    def contributions(self, features_row: np.ndarray) -> list[tuple[str, float]]:
        """Per-feature share of one pair's score, largest first: the raw material of a reason."""
        parts = (features_row - self.mean) / self.scale * self.weights
        order = np.argsort(-parts, kind="stable")
        return [(self.feature_names[i], float(parts[i])) for i in order]


def fit_logistic(
    x: np.ndarray, y: np.ndarray, *, l2: float = 1.0, iterations: int = 30
) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Class-balanced, L2-regularised logistic regression by Newton's method (IRLS).

    Returns (mean, scale, weights, bias) with weights on standardised features. Balanced weights
    keep a few hundred positives from being drowned by thousands of negatives.
    """
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0  # a constant feature carries no information; weight stays ~0
    z = np.column_stack([(x - mean) / scale, np.ones(len(x))])
    n_pos = max(1, int(y.sum()))
    n_neg = max(1, len(y) - n_pos)
    sample_w = np.where(y > 0, len(y) / (2.0 * n_pos), len(y) / (2.0 * n_neg))
    penalty = np.full(z.shape[1], l2)
    penalty[-1] = 0.0  # never shrink the intercept
    beta = np.zeros(z.shape[1])
    for _ in range(iterations):
        # einsum, not `@`: these products are small, and a multi-threaded BLAS on a busy machine
        # made them 30x slower than one thread (measured: 1.2 s vs 0.04 s on law_advice).
        p = 1.0 / (1.0 + np.exp(-np.clip(np.einsum("ij,j->i", z, beta), -30, 30)))
        grad = np.einsum("ij,i->j", z, sample_w * (p - y)) + penalty * beta
        curv = sample_w * p * (1 - p)
        hess = np.einsum("ij,ik->jk", z * curv[:, None], z) + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.max(np.abs(step)) < 1e-6:
            break
    return mean, scale, beta[:-1], float(beta[-1])


def pair_keys(pairs: np.ndarray, n: int) -> np.ndarray:
    """One int64 per unordered pair (low * n + high), for fast set operations in numpy."""
    lo = np.minimum(pairs[:, 0], pairs[:, 1])
    hi = np.maximum(pairs[:, 0], pairs[:, 1])
    return lo * np.int64(n) + hi


def in_sorted(values: np.ndarray, sorted_reference: np.ndarray) -> np.ndarray:
    """values ∈ sorted_reference, element-wise, by binary search (np.isin hashes; slower here)."""
    if len(sorted_reference) == 0:
        return np.zeros(len(values), dtype=bool)
    idx = np.minimum(np.searchsorted(sorted_reference, values), len(sorted_reference) - 1)
    return sorted_reference[idx] == values


def sorted_unique(values: np.ndarray) -> np.ndarray:
    out = np.sort(values)
    if len(out) == 0:
        return out
    return out[np.concatenate([[True], out[1:] != out[:-1]])]


def _sample_non_ties(
    n: int, tied_keys: np.ndarray, count: int, rng: np.random.Generator
) -> np.ndarray:
    """`count` distinct unordered pairs (low, high) that are not tied, uniformly at random."""
    free = n * (n - 1) // 2 - len(tied_keys)
    count = min(count, free)
    chosen = np.zeros(0, dtype=np.int64)
    while len(chosen) < count:
        need = (count - len(chosen)) * 2 + 16
        a = rng.integers(0, n, size=need)
        b = rng.integers(0, n, size=need)
        keys = pair_keys(np.stack([a, b], axis=1)[a != b], n)
        keys = keys[~in_sorted(keys, tied_keys)]
        # Keep first occurrences in draw order so the sample depends only on the seed.
        merged = np.concatenate([chosen, keys])
        _, first = np.unique(merged, return_index=True)
        chosen = merged[np.sort(first)][:count]
    return np.stack([chosen // n, chosen % n], axis=1)


def all_non_ties(n: int, tied_pairs: np.ndarray) -> np.ndarray:
    """Every unordered non-tied pair (low, high); only for small graphs."""
    lo, hi = np.triu_indices(n, k=1)
    mask = np.ones((n, n), dtype=bool)
    if tied_pairs.size:
        mask[tied_pairs[:, 0], tied_pairs[:, 1]] = False
        mask[tied_pairs[:, 1], tied_pairs[:, 0]] = False
    keep = mask[lo, hi]
    return np.stack([lo[keep], hi[keep]], axis=1).astype(np.int64)


def training_set(
    graph: PairGraph, config: PairModelConfig
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Pooled (features, labels) from `rounds` self-supervised splits of the known ties."""
    pairs = undirected_pairs(graph.ties)
    if len(pairs) < 4:
        raise ValueError("the pair model needs at least 4 known ties to learn from")
    tied_keys = np.sort(pair_keys(pairs, graph.n))
    tie_keys = pair_keys(graph.ties, graph.n)
    total_pairs = graph.n * (graph.n - 1) // 2
    small = total_pairs <= config.all_negatives_below
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    names: list[str] = []
    for r in range(config.rounds):
        rng = np.random.default_rng([config.seed, r])
        hidden_count = max(1, round(config.holdout * len(pairs)))
        hidden = pairs[rng.permutation(len(pairs))[:hidden_count]]
        keep = ~in_sorted(tie_keys, np.sort(pair_keys(hidden, graph.n)))
        featurizer = PairFeaturizer(graph.with_ties(graph.ties[keep]))
        # All hidden ties leave the graph, but only a sample need be learned from.
        positives = hidden[: config.max_positives_per_round]
        names = featurizer.names
        if small:
            negatives = all_non_ties(graph.n, pairs)
        else:
            negatives = _sample_non_ties(
                graph.n, tied_keys, config.negatives_per_positive * len(positives), rng
            )
        both = np.concatenate([positives, negatives])
        xs.append(featurizer.features(both[:, 0], both[:, 1]))
        ys.append(np.concatenate([np.ones(len(positives)), np.zeros(len(negatives))]))
    return np.concatenate(xs), np.concatenate(ys), names


def fit_pair_model(graph: PairGraph, config: PairModelConfig | None = None) -> PairModel:
    """Learn feature weights from the graph itself (no labels). Deterministic for a given seed."""
    config = config or PairModelConfig()
    x, y, names = training_set(graph, config)
    mean, scale, weights, bias = fit_logistic(x, y, l2=config.l2)
    return PairModel(tuple(names), mean, scale, weights, bias)


def score_pairs(
    graph: PairGraph,
    model: PairModel,
    us: np.ndarray,
    vs: np.ndarray,
    featurizer: PairFeaturizer | None = None,
) -> np.ndarray:
    """The model's score for each pair (us[i], vs[i]) on the whole known graph."""
    featurizer = featurizer or PairFeaturizer(graph)
    if tuple(featurizer.names) != model.feature_names:
        raise ValueError("the model was fitted on a graph with other attributes or context layers")
    return model.decision(featurizer.features(us, vs))
