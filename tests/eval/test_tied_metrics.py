"""Expected metrics over tied scores equal the mean over every tie-break order, exactly."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Hashable, Sequence
from collections.abc import Set as AbstractSet

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from altruist.eval.metrics import (
    average_precision,
    ndcg_at,
    precision_at,
    recall_at,
    reciprocal_rank,
)
from altruist.eval.tied_metrics import (
    expected_average_precision,
    expected_ndcg_at,
    expected_precision_at,
    expected_recall_at,
    expected_reciprocal_rank,
    tie_groups,
)

Metric = Callable[[Sequence[Hashable], AbstractSet[Hashable]], float]


def every_tie_order(scores: dict[int, float]) -> list[list[int]]:
    """All rankings consistent with the scores: best score first, each tie group in any order."""
    levels = sorted(set(scores.values()), reverse=True)
    groups = [[k for k in scores if scores[k] == level] for level in levels]
    return [
        [k for part in parts for k in part]
        for parts in itertools.product(*(itertools.permutations(g) for g in groups))
    ]


def mean_over_orders(scores: dict[int, float], relevant: set[int], metric: Metric) -> float:
    orders = every_tie_order(scores)
    return sum(metric(order, relevant) for order in orders) / len(orders)


SCORES = st.dictionaries(
    st.integers(0, 7), st.sampled_from([0.0, 0.5, 1.0, 2.0]), min_size=1, max_size=7
)


@settings(max_examples=60, deadline=None)
@given(scores=SCORES, data=st.data())
def test_expectations_match_brute_force(scores: dict[int, float], data: st.DataObject) -> None:
    relevant: set[int] = set(data.draw(st.sets(st.sampled_from(sorted(scores)))))
    groups = tie_groups(scores, relevant)
    r = len(relevant)
    cases: list[tuple[float, Metric]] = [
        (expected_average_precision(groups, r), average_precision),
        (expected_reciprocal_rank(groups), reciprocal_rank),
        (expected_ndcg_at(groups, r, 3), lambda o, rel: ndcg_at(o, rel, 3)),
        (expected_precision_at(groups, 2), lambda o, rel: precision_at(o, rel, 2)),
        (expected_recall_at(groups, r, 2), lambda o, rel: recall_at(o, rel, 2)),
    ]
    for expected, metric in cases:
        assert expected == pytest.approx(mean_over_orders(scores, relevant, metric))


def test_all_tied_is_a_random_ranking() -> None:
    # One relevant among four, all tied: E[1/rank] = (1 + 1/2 + 1/3 + 1/4) / 4.
    groups = tie_groups(dict.fromkeys(range(4), 0.0), {2})
    assert expected_reciprocal_rank(groups) == pytest.approx((1 + 1 / 2 + 1 / 3 + 1 / 4) / 4)
    assert expected_precision_at(groups, 1) == pytest.approx(0.25)


def test_distinct_scores_give_the_plain_metric() -> None:
    scores = {1: 0.9, 2: 0.5, 3: 0.7, 4: 0.1}
    relevant: set[int] = {2, 4}
    groups = tie_groups(scores, relevant)
    ranked = [1, 3, 2, 4]
    assert expected_average_precision(groups, 2) == pytest.approx(
        average_precision(ranked, relevant)
    )
    assert expected_ndcg_at(groups, 2, 10) == pytest.approx(ndcg_at(ranked, relevant, 10))
    assert expected_reciprocal_rank(groups) == pytest.approx(1 / 3)
    assert not math.isnan(expected_average_precision(groups, 2))
