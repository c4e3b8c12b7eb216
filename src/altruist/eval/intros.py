"""The introductions evaluation of issue 4: recover real ties that were hidden.

Protocol, per network and for each of 5 fixed seeds:
1. Ties are unordered pairs (an advice or e-mail link in either direction); 30 % are hidden.
2. Every method sees the people, their attributes, the remaining ties (with their direction) and
   the same-prefix context networks in full, and scores every pair not yet tied.
3. AUC: hidden ties against all other untied pairs. MRR: for every person with a hidden tie,
   1/rank of the first hidden tie among all people not yet tied to them (score ties broken by a
   seeded random order, so no method profits from the order of ids).
Metrics are averaged over the seeds. Settings are global (PairModelConfig), never per network.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from altruist.engine.introductions.pair_features import PairFeaturizer, shared_neighbour_sums
from altruist.engine.introductions.pair_graph import PairGraph, undirected_pairs
from altruist.engine.introductions.pair_model import (
    PairModelConfig,
    all_non_ties,
    fit_pair_model,
    score_pairs,
)
from altruist.eval.networks import Network

SEEDS = (0, 1, 2, 3, 4)
HIDE_FRACTION = 0.3
METHODS = (
    "altruist",
    "adamic_adar",
    "resource_allocation",
    "common_neighbours",
    "preferential_attachment",
    "attributes_only",
)


@dataclass(frozen=True)
class MethodResult:
    auc: float
    mrr: float


# ----------------------------------------------------------------------------- metrics


def fast_auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """Mann–Whitney AUC with ties counted half (same value as eval.metrics.auc, vectorised)."""
    pos = labels.astype(bool)
    n_pos, n_neg = int(pos.sum()), int((~pos).sum())
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    ranks = _rankdata(scores, method="average")
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


def mean_reciprocal_rank(
    score_matrix: np.ndarray, candidate: np.ndarray, relevant: np.ndarray, seed: int
) -> float:
    """Mean over rows with a relevant column of 1/rank of the first relevant candidate.

    `candidate` masks the columns each row ranks; ties in score are broken by one seeded random
    order of the columns, the same for every method.
    """
    n = score_matrix.shape[0]
    tiebreak = np.random.default_rng(seed).permutation(n)
    rrs: list[float] = []
    for row in range(n):
        cand = np.flatnonzero(candidate[row])
        rel = relevant[row, cand]
        if not rel.any():
            continue
        order = np.lexsort((tiebreak[cand], -score_matrix[row, cand]))
        first = int(np.flatnonzero(rel[order])[0])
        rrs.append(1.0 / (first + 1))
    return float(np.mean(rrs)) if rrs else float("nan")


# ----------------------------------------------------------------------------- inputs


def numeric_attributes(network: Network) -> set[str]:
    """Attributes that are measurements (age, seniority), not categories (office, department).

    Numbers with many distinct values are measurements; codes like office 1/2/3 or 42 department
    numbers in 1,005 people stay categories. One global rule, no per-network choice.
    """
    out = set()
    for name, cells in network.attributes.items():
        values = [v for cell in cells for v in cell]
        try:
            [float(v) for v in values]
        except ValueError:
            continue
        distinct = len(set(values))
        if distinct > max(10, 0.1 * network.n_nodes):
            out.add(name)
    return out


def build_graph(network: Network, visible_edges: np.ndarray) -> PairGraph:
    numeric_names = numeric_attributes(network)
    numeric = {
        name: np.array([float(c[0]) if c else np.nan for c in network.attributes[name]])
        for name in numeric_names
    }
    categorical = {k: v for k, v in network.attributes.items() if k not in numeric_names}
    context = {k: np.asarray(v, dtype=np.int64) for k, v in network.context.items()}
    return PairGraph(
        n=network.n_nodes,
        ties=visible_edges,
        directed=True,
        attributes=categorical,
        numeric=numeric,
        context=context,
    )


def split_ties(
    edges: np.ndarray, seed: int, fraction: float = HIDE_FRACTION
) -> tuple[np.ndarray, np.ndarray]:
    """(visible directed edges, hidden unordered pairs): hide `fraction` of the unordered ties."""
    pairs = undirected_pairs(edges)
    rng = np.random.default_rng(seed)
    hidden = pairs[rng.permutation(len(pairs))[: round(fraction * len(pairs))]]
    n = int(edges.max()) + 1 if edges.size else 0
    hidden_mask = np.zeros((n, n), dtype=bool)
    hidden_mask[hidden[:, 0], hidden[:, 1]] = True
    hidden_mask[hidden[:, 1], hidden[:, 0]] = True
    visible = edges[~hidden_mask[edges[:, 0], edges[:, 1]]]
    return visible, hidden


# ----------------------------------------------------------------------------- methods


def _attributes_only(network: Network, us: np.ndarray, vs: np.ndarray) -> np.ndarray:
    """How many attributes (all columns, raw values) the two people share."""
    score = np.zeros(len(us))
    for cells in network.attributes.values():
        sets = [set(c) for c in cells]
        score += np.fromiter(
            (bool(sets[u] & sets[v]) for u, v in zip(us.tolist(), vs.tolist(), strict=True)),
            dtype=np.float64,
            count=len(us),
        )
    return score


def method_scores(
    network: Network, graph: PairGraph, us: np.ndarray, vs: np.ndarray, config: PairModelConfig
) -> dict[str, np.ndarray]:
    base = PairFeaturizer(graph)
    cn, aa, ra = shared_neighbour_sums(base.adj, [base.w_one, base.w_aa, base.w_ra], us, vs)
    scores = {
        "common_neighbours": cn,
        "adamic_adar": aa,
        "resource_allocation": ra,
        "preferential_attachment": base.deg[us] * base.deg[vs],
        "attributes_only": _attributes_only(network, us, vs),
    }
    model = fit_pair_model(graph, config)
    scores["altruist"] = score_pairs(graph, model, us, vs, featurizer=base)
    return scores


def evaluate_network(
    network: Network,
    *,
    seeds: Sequence[int] = SEEDS,
    config: PairModelConfig | None = None,
) -> dict[str, MethodResult]:
    """Mean AUC and MRR over the seeds for altruist and every baseline on one network."""
    config = config or PairModelConfig()
    edges = np.asarray(network.edges, dtype=np.int64).reshape(-1, 2)
    n = network.n_nodes
    sums = {m: np.zeros(2) for m in METHODS}
    for seed in seeds:
        visible, hidden = split_ties(edges, seed)
        graph = build_graph(network, visible)
        cand = all_non_ties(n, undirected_pairs(visible))
        us, vs = cand[:, 0], cand[:, 1]
        hidden_m = np.zeros((n, n), dtype=bool)
        hidden_m[hidden[:, 0], hidden[:, 1]] = True
        labels = hidden_m[us, vs]
        candidate_m = np.zeros((n, n), dtype=bool)
        candidate_m[us, vs] = True
        candidate_m[vs, us] = True
        hidden_m |= hidden_m.T
        for name, s in method_scores(network, graph, us, vs, config).items():
            full = np.zeros((n, n))
            full[us, vs] = s
            full[vs, us] = s
            sums[name] += (
                fast_auc(s, labels),
                mean_reciprocal_rank(full, candidate_m, hidden_m, seed),
            )
    k = len(seeds)
    return {m: MethodResult(auc=float(v[0] / k), mrr=float(v[1] / k)) for m, v in sums.items()}


def _rankdata(values: np.ndarray, **kwargs: object) -> np.ndarray:
    """scipy.stats.rankdata, imported on first use: scipy.stats costs ~1 s at CLI start-up."""
    from scipy.stats import rankdata

    return np.asarray(rankdata(values, **kwargs))
