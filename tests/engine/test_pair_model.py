"""The pair model on synthetic graphs with planted structure: it must find what was planted."""

from __future__ import annotations

import numpy as np
import pytest

from altruist.engine.introductions.pair_features import PairFeaturizer
from altruist.engine.introductions.pair_graph import PairGraph, undirected_pairs
from altruist.engine.introductions.pair_index import (
    CandidateConfig,
    PairIndex,
    candidate_pairs,
    top_pairs,
)
from altruist.engine.introductions.pair_model import (
    PairModelConfig,
    all_non_ties,
    fit_logistic,
    fit_pair_model,
    pair_keys,
    score_pairs,
)
from altruist.eval.intros import fast_auc, split_ties


def planted_graph(n: int = 180, groups: int = 8, seed: int = 3) -> tuple[PairGraph, np.ndarray]:
    """People in companies; ties dense inside a company, rare across. Returns graph + company."""
    rng = np.random.default_rng(seed)
    company = rng.integers(groups, size=n)
    i, j = np.triu_indices(n, k=1)
    p = np.where(company[i] == company[j], 0.25, 0.01)
    tied = rng.random(len(i)) < p
    ties = np.stack([i[tied], j[tied]], axis=1)
    graph = PairGraph(
        n=n,
        ties=ties,
        attributes={
            "company": [(f"c{c}",) for c in company],
            "city": [(f"x{c}",) for c in rng.integers(3, size=n)],  # noise
        },
    )
    return graph, company


def holdout_auc(graph: PairGraph, seed: int = 0) -> dict[str, float]:
    visible, hidden = split_ties(graph.ties, seed)
    seen = graph.with_ties(visible)
    cand = all_non_ties(graph.n, undirected_pairs(visible))
    labels = np.isin(pair_keys(cand, graph.n), pair_keys(hidden, graph.n))
    feats = PairFeaturizer(seen)
    names = feats.names
    x = feats.features(cand[:, 0], cand[:, 1])
    model = fit_pair_model(seen)
    return {
        "altruist": fast_auc(model.decision(x), labels),
        "adamic_adar": fast_auc(x[:, names.index("adamic_adar")], labels),
        "common_neighbours": fast_auc(x[:, names.index("common_neighbours")], labels),
        "degree_sum": fast_auc(x[:, names.index("degree_sum")], labels),
    }


def test_model_beats_graph_baselines_on_planted_companies() -> None:
    graph, _ = planted_graph()
    result = holdout_auc(graph)
    assert result["altruist"] > result["adamic_adar"] + 0.03
    assert result["altruist"] > result["common_neighbours"] + 0.03
    assert result["altruist"] > result["degree_sum"]


def test_model_learns_that_company_matters_and_city_does_not() -> None:
    graph, _ = planted_graph()
    model = fit_pair_model(graph)
    w = dict(zip(model.feature_names, model.weights, strict=True))
    assert w["same_company"] > 0.5
    assert abs(w["same_city"]) < w["same_company"] / 3


def test_fit_is_deterministic_for_a_seed_and_varies_with_it() -> None:
    graph, _ = planted_graph()
    a = fit_pair_model(graph, PairModelConfig(seed=1))
    b = fit_pair_model(graph, PairModelConfig(seed=1))
    c = fit_pair_model(graph, PairModelConfig(seed=2))
    np.testing.assert_array_equal(a.weights, b.weights)
    assert not np.array_equal(a.weights, c.weights)


def test_need_offer_similarity_is_used_when_it_predicts_ties() -> None:
    rng = np.random.default_rng(5)
    n = 150
    topic = rng.integers(6, size=n)  # hidden: what people need / offer
    i, j = np.triu_indices(n, k=1)
    tied = rng.random(len(i)) < np.where(topic[i] == topic[j], 0.2, 0.01)
    sim = (topic[:, None] == topic[None, :]).astype(float) + rng.normal(0, 0.1, (n, n))
    graph = PairGraph(
        n=n,
        ties=np.stack([i[tied], j[tied]], axis=1),
        similarity=lambda us, vs: sim[us, vs],
    )
    model = fit_pair_model(graph)
    assert "need_offer" in model.feature_names
    ranked = sorted(zip(model.weights, model.feature_names, strict=True), reverse=True)
    assert ranked[0][1] == "need_offer"


def test_logistic_regression_recovers_the_sign_of_true_weights() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2000, 3))
    logits = 2.0 * x[:, 0] - 1.0 * x[:, 1]
    y = (rng.random(2000) < 1 / (1 + np.exp(-logits))).astype(float)
    _, _, weights, _ = fit_logistic(x, y, l2=0.1)
    assert weights[0] > 1.0
    assert weights[1] < -0.5
    assert abs(weights[2]) < 0.3


def test_directed_ties_give_in_degree_features() -> None:
    # Everyone asks person 0: in-degree makes 0 the expert; the undirected degree does too, but
    # the in-degree features must see the direction.
    ties = np.array([(k, 0) for k in range(1, 10)] + [(1, 2), (3, 4)])
    feats = PairFeaturizer(PairGraph(n=10, ties=ties, directed=True))
    names = feats.names
    row = feats.features(np.array([0]), np.array([5]))[0]
    assert row[names.index("in_degree_max")] == pytest.approx(np.log1p(9))
    assert row[names.index("in_degree_min")] == pytest.approx(0.0)


def test_score_pairs_rejects_a_graph_with_other_features() -> None:
    graph, _ = planted_graph(n=60)
    model = fit_pair_model(graph)
    bare = PairGraph(n=graph.n, ties=graph.ties)
    with pytest.raises(ValueError, match="other attributes"):
        score_pairs(bare, model, np.array([0]), np.array([1]))


def test_pair_graph_validates_row_counts_and_indices() -> None:
    with pytest.raises(ValueError, match="attribute 'city' has 2 rows for 3 people"):
        PairGraph(n=3, ties=np.array([(0, 1)]), attributes={"city": [("a",), ("b",)]})
    with pytest.raises(ValueError, match="outside"):
        PairGraph(n=3, ties=np.array([(0, 3)]))


def test_candidates_are_untied_unique_and_include_friends_of_friends_and_colleagues() -> None:
    graph, company = planted_graph(n=200)
    pairs = candidate_pairs(graph, CandidateConfig(two_hop_per_person=10, bucket_sample=3))
    assert (pairs[:, 0] < pairs[:, 1]).all()
    keys = pair_keys(pairs, graph.n)
    assert len(np.unique(keys)) == len(keys)
    assert not np.isin(keys, pair_keys(graph.ties, graph.n)).any()
    assert (company[pairs[:, 0]] == company[pairs[:, 1]]).mean() > 0.3
    few = candidate_pairs(graph, only=np.array([7]))
    assert ((few[:, 0] == 7) | (few[:, 1] == 7)).all()
    assert len(few) > 0


def test_top_pairs_caps_each_person() -> None:
    pairs = np.array([(0, 1), (0, 2), (0, 3), (1, 2), (4, 5)])
    scores = np.array([5.0, 4.0, 3.0, 2.0, 1.0])
    top = top_pairs(pairs, scores, limit=10, per_person_cap=1)
    assert [(p.a, p.b) for p in top] == [(0, 1), (4, 5)]


def test_adding_a_person_scores_their_pairs_like_a_full_featurisation() -> None:
    graph, _ = planted_graph(n=120)
    index = PairIndex(graph)
    index.recompute()
    before = len(index.pairs)
    new = index.add_person({"company": ("c2",), "city": ("x1",)}, ties=[3, 4, 5])
    assert new == 120 and index.graph.n == 121
    mine = (index.pairs[:, 0] == new) | (index.pairs[:, 1] == new)
    assert mine.sum() > 0
    assert len(index.pairs) > before
    # The cached, extended attribute matrices must give the same features as a fresh build.
    fresh = PairGraph(
        n=121,
        ties=index.graph.ties,
        attributes={k: list(v) for k, v in index.graph.attributes.items()},
    )
    us, vs = index.pairs[mine, 0], index.pairs[mine, 1]
    assert index.model is not None
    np.testing.assert_allclose(index.scores[mine], score_pairs(fresh, index.model, us, vs))
    top = index.top(limit=20, per_person_cap=2)
    counts: dict[int, int] = {}
    for p in top:
        counts[p.a] = counts.get(p.a, 0) + 1
        counts[p.b] = counts.get(p.b, 0) + 1
    assert max(counts.values()) <= 2


def test_reasons_name_the_planted_company_for_colleagues() -> None:
    graph, company = planted_graph(n=120)
    index = PairIndex(graph)
    index.recompute()
    best = index.top(limit=1)[0]
    assert company[best.a] == company[best.b]
    names = [name for name, _ in index.reasons(best.a, best.b)]
    assert "same_company" in names
