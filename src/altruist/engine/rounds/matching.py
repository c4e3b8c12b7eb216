"""Maximum-weight b-matching: choose pairs so that each member gets at most `capacity[v]`
introductions and the total pair score is as large as possible.

* `exact_b_matching` solves the integer program with HiGHS (scipy.optimize.milp): one binary
  variable per candidate pair, one capacity row per member. The LP relaxation of b-matching is
  not integral (odd cycles), so a MILP solver, not a plain LP, is needed. Fine for a few hundred
  members over all pairs.
* `approx_b_matching` is greedy by descending score (a ½-approximation) followed by local
  improvement: an unchosen pair replaces the weakest chosen pair(s) of its endpoints when that
  raises the total, and freed capacity is refilled. Each move only raises the total, so the
  result is never worse than greedy. Measured ratios against the exact optimum are in
  docs/rounds.md.

Both take edges as parallel arrays (a, b, weight) and return a boolean mask over the edges.
Ties are broken by edge order, which callers keep sorted by (a, b), so results are reproducible.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

from altruist.errors import AltruistError


def exact_b_matching(
    a: np.ndarray,
    b: np.ndarray,
    weight: np.ndarray,
    capacity: np.ndarray,
    time_limit: float | None = None,
) -> np.ndarray:
    e = len(a)
    if e == 0:
        return np.zeros(0, dtype=bool)
    n = len(capacity)
    cols = np.arange(e)
    incidence = csr_array(
        (np.ones(2 * e), (np.concatenate([a, b]), np.concatenate([cols, cols]))), shape=(n, e)
    )
    options = {"time_limit": time_limit} if time_limit else {}
    result = milp(
        c=-np.asarray(weight, dtype=np.float64),
        constraints=LinearConstraint(incidence, -np.inf, capacity.astype(np.float64)),
        integrality=np.ones(e),
        bounds=Bounds(0, 1),
        options=options,
    )
    if result.x is None:
        raise AltruistError(f"the exact matching found no solution: {result.message}")
    return np.asarray(result.x > 0.5)


def greedy_order(a: np.ndarray, b: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Edge indices by descending weight, ties by (a, b): the same order on every backend."""
    return np.lexsort((b, a, -weight))


def approx_b_matching(
    a: np.ndarray, b: np.ndarray, weight: np.ndarray, capacity: np.ndarray, max_passes: int = 4
) -> np.ndarray:
    order = greedy_order(a, b, weight).tolist()
    al, bl, wl = a.tolist(), b.tolist(), weight.astype(np.float64).tolist()
    spare = capacity.astype(np.int64).tolist()
    chosen = [False] * len(al)
    incident: list[list[int]] = [[] for _ in range(len(spare))]  # chosen edges per member

    def add(edge: int) -> None:
        u, v = al[edge], bl[edge]
        chosen[edge] = True
        spare[u] -= 1
        spare[v] -= 1
        incident[u].append(edge)
        incident[v].append(edge)

    def remove(edge: int) -> None:
        u, v = al[edge], bl[edge]
        chosen[edge] = False
        spare[u] += 1
        spare[v] += 1
        incident[u].remove(edge)
        incident[v].remove(edge)

    def weakest(u: int) -> int:
        return min(incident[u], key=wl.__getitem__)

    for edge in order:  # greedy
        if spare[al[edge]] > 0 and spare[bl[edge]] > 0:
            add(edge)

    for _ in range(max_passes):  # local improvement; every accepted move raises the total
        improved = False
        for edge in order:
            if chosen[edge]:
                continue
            u, v, w = al[edge], bl[edge], wl[edge]
            if spare[u] > 0 and spare[v] > 0:
                add(edge)
                improved = True
                continue
            drop: list[int] = []
            if spare[u] <= 0:
                if not incident[u]:
                    continue  # capacity 0: this member takes no introductions
                drop.append(weakest(u))
            if spare[v] <= 0:
                if not incident[v]:
                    continue
                drop.append(weakest(v))
            if len(drop) == 2 and drop[0] == drop[1]:
                continue  # cannot happen for a simple graph, kept for safety
            if w > sum(wl[d] for d in drop) + 1e-12:
                for d in drop:
                    remove(d)
                add(edge)
                improved = True
        if not improved:
            break
    return np.asarray(chosen, dtype=bool)
