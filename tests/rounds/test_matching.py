import itertools

import numpy as np
import pytest

from altruist.engine.rounds.matching import (
    approx_b_matching,
    exact_b_matching,
    lp_b_matching,
)


def brute_force(n: int, a: np.ndarray, b: np.ndarray, w: np.ndarray, cap: np.ndarray) -> float:
    best = 0.0
    for picks in itertools.product([False, True], repeat=len(a)):
        mask = np.array(picks, dtype=bool)
        degree = np.bincount(a[mask], minlength=n) + np.bincount(b[mask], minlength=n)
        if (degree <= cap).all():
            best = max(best, float(w[mask].sum()))
    return best


def random_graph(rng: np.random.Generator, n: int, m: int) -> tuple[np.ndarray, ...]:
    pairs = sorted({tuple(sorted(rng.choice(n, 2, replace=False))) for _ in range(m)})
    a = np.array([p[0] for p in pairs])
    b = np.array([p[1] for p in pairs])
    return a, b, np.round(rng.random(len(pairs)), 3)


def check_feasible(a: np.ndarray, b: np.ndarray, mask: np.ndarray, cap: np.ndarray) -> None:
    degree = np.bincount(a[mask], minlength=len(cap)) + np.bincount(b[mask], minlength=len(cap))
    assert (degree <= cap).all()


@pytest.mark.parametrize("seed", range(6))
def test_exact_equals_brute_force_and_approx_is_feasible_and_at_least_half(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 7
    a, b, w = random_graph(rng, n, 12)
    cap = rng.integers(1, 3, size=n)
    best = brute_force(n, a, b, w, cap)
    exact = exact_b_matching(a, b, w, cap)
    check_feasible(a, b, exact, cap)
    assert w[exact].sum() == pytest.approx(best)
    for mask in (approx_b_matching(a, b, w, cap), lp_b_matching(a, b, w, cap)[0]):
        check_feasible(a, b, mask, cap)
        assert best / 2 - 1e-9 <= w[mask].sum() <= best + 1e-9


def test_augmenting_path_beats_greedy() -> None:
    # Greedy takes the middle edge 1–2 (0.6) and strands 0 and 3; the path 0–1, 2–3 is better.
    a, b, w = np.array([0, 1, 2]), np.array([1, 2, 3]), np.array([0.5, 0.6, 0.5])
    cap = np.ones(4, dtype=int)
    greedy = approx_b_matching(a, b, w, cap, max_passes=0)
    improved = approx_b_matching(a, b, w, cap)
    assert greedy.tolist() == [False, True, False]
    assert improved.tolist() == [True, False, True]


def test_lp_bound_is_an_upper_bound() -> None:
    rng = np.random.default_rng(11)
    a, b, w = random_graph(rng, 40, 200)
    cap = np.full(40, 2)
    mask, bound = lp_b_matching(a, b, w, cap)
    exact = exact_b_matching(a, b, w, cap)
    assert w[mask].sum() <= w[exact].sum() + 1e-9 <= bound + 1e-6


def test_capacity_zero_and_empty() -> None:
    a, b, w = np.array([0]), np.array([1]), np.array([0.9])
    assert not approx_b_matching(a, b, w, np.array([0, 1])).any()
    assert not exact_b_matching(a, b, w, np.array([0, 1])).any()
    empty = np.zeros(0, dtype=np.int64)
    assert len(exact_b_matching(empty, empty, empty.astype(float), np.ones(3))) == 0
