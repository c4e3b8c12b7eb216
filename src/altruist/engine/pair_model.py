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

from altruist.engine.pair_features import PairFeaturizer
from altruist.engine.pair_graph import PairGraph, undirected_pairs


@dataclass(frozen=True)
class PairModelConfig:
    """Settings chosen once on all evaluation networks together (docs/eval-intros.md)."""

    holdout: float = 0.2  # share of known ties hidden per training round
    rounds: int = 3  # training rounds with different hidden ties, pooled
    negatives_per_positive: int = 10  # uniform non-tie samples per hidden tie
    all_negatives_below: int = 30_000  # small graphs: use every non-tie as a negative
    l2: float = 1.0  # ridge penalty on standardised weights
    use_paths3: bool = True
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
        return ((features - self.mean) / self.scale) @ self.weights + self.bias

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
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ beta, -30, 30)))
        grad = z.T @ (sample_w * (p - y)) + penalty * beta
        hess = (z * (sample_w * p * (1 - p))[:, None]).T @ z + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.max(np.abs(step)) < 1e-7:
            break
    return mean, scale, beta[:-1], float(beta[-1])


def _sample_non_ties(
    n: int, tied: set[tuple[int, int]], count: int, rng: np.random.Generator
) -> np.ndarray:
    """`count` distinct unordered pairs (low, high) that are not tied, uniformly at random."""
    total = n * (n - 1) // 2
    free = total - len(tied)
    count = min(count, free)
    chosen: set[tuple[int, int]] = set()
    while len(chosen) < count:
        need = (count - len(chosen)) * 2 + 16
        a = rng.integers(0, n, size=need)
        b = rng.integers(0, n, size=need)
        for x, y in zip(a.tolist(), b.tolist(), strict=True):
            if x == y:
                continue
            pair = (x, y) if x < y else (y, x)
            if pair not in tied and pair not in chosen:
                chosen.add(pair)
                if len(chosen) == count:
                    break
    return np.asarray(sorted(chosen), dtype=np.int64).reshape(-1, 2)


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
    tied = {(int(a), int(b)) for a, b in pairs}
    total_pairs = graph.n * (graph.n - 1) // 2
    small = total_pairs <= config.all_negatives_below
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    names: list[str] = []
    for r in range(config.rounds):
        rng = np.random.default_rng([config.seed, r])
        hidden_count = max(1, round(config.holdout * len(pairs)))
        hidden_idx = rng.permutation(len(pairs))[:hidden_count]
        hidden = pairs[hidden_idx]
        hidden_set = {(int(a), int(b)) for a, b in hidden}
        lo = np.minimum(graph.ties[:, 0], graph.ties[:, 1])
        hi = np.maximum(graph.ties[:, 0], graph.ties[:, 1])
        keep = np.array(
            [(int(a), int(b)) not in hidden_set for a, b in zip(lo, hi, strict=True)], dtype=bool
        )
        featurizer = PairFeaturizer(graph.with_ties(graph.ties[keep]), use_paths3=config.use_paths3)
        names = featurizer.names
        if small:
            negatives = all_non_ties(graph.n, pairs)
        else:
            negatives = _sample_non_ties(
                graph.n, tied, config.negatives_per_positive * hidden_count, rng
            )
        both = np.concatenate([hidden, negatives])
        xs.append(featurizer.features(both[:, 0], both[:, 1]))
        ys.append(np.concatenate([np.ones(len(hidden)), np.zeros(len(negatives))]))
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
    featurizer = featurizer or PairFeaturizer(graph, use_paths3="paths3" in model.feature_names)
    if tuple(featurizer.names) != model.feature_names:
        raise ValueError("the model was fitted on a graph with other attributes or context layers")
    return model.decision(featurizer.features(us, vs))
