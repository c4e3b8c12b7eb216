"""Speed of the introductions pair model at LinkedIn's cap: 30,000 people (issue 4, "Speed").

Generates a seeded, realistic contact network — companies and cities with heavy-tailed sizes,
ties mostly among colleagues and neighbours, a few across — then measures:
  1. full recompute: fit the self-supervised model, generate candidates, score, take the top list;
  2. incremental update: add one person with a company, a city and a few ties, re-rank.
Aims: under 30 s and under 1 s. Prints wall and CPU time and peak memory (max RSS of the process).

    .venv/bin/python bench/bench_pair_model.py [--people 30000]
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from collections.abc import Callable

import numpy as np

from altruist.engine.introductions.pair_graph import PairGraph
from altruist.engine.introductions.pair_index import PairIndex, ScoredPair


def zipf_labels(rng: np.random.Generator, n: int, n_labels: int, a: float) -> np.ndarray:
    weights = 1.0 / np.arange(1, n_labels + 1) ** a
    return rng.choice(n_labels, size=n, p=weights / weights.sum())


def generate_network(n: int, seed: int = 7) -> PairGraph:
    rng = np.random.default_rng(seed)
    company = zipf_labels(rng, n, max(10, n // 10), 1.1)
    city = zipf_labels(rng, n, 60, 1.0)
    industry = zipf_labels(rng, n, 25, 0.8)
    by_company = {c: np.flatnonzero(company == c) for c in np.unique(company)}
    by_city = {c: np.flatnonzero(city == c) for c in np.unique(city)}
    ties: list[tuple[int, int]] = []
    degree = rng.geometric(1 / 8, size=n)  # mean 8 ties started per person, heavy tail
    for u in range(n):
        for _ in range(int(degree[u])):
            r = rng.random()
            pool = by_company[company[u]] if r < 0.5 else by_city[city[u]] if r < 0.8 else None
            v = int(rng.integers(n)) if pool is None or len(pool) < 2 else int(rng.choice(pool))
            if v != u:
                ties.append((u, v))
    return PairGraph(
        n=n,
        ties=np.asarray(ties, dtype=np.int64),
        directed=False,
        attributes={
            "company": [(f"company-{c}",) for c in company],
            "city": [(f"city-{c}",) for c in city],
            "industry": [(f"industry-{c}",) for c in industry],
        },
    )


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def timed(label: str, action: Callable[[], object]) -> float:
    """Run once; print wall and CPU seconds (the machine may be shared: CPU shows our own work)."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{label}: {wall:.2f} s wall, {cpu:.2f} s CPU, peak RSS so far {peak_rss_mb():.0f} MB")
    return wall


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=30_000)
    args = parser.parse_args()

    t0 = time.perf_counter()
    graph = generate_network(args.people)
    print(
        f"network: {graph.n} people, {len(graph.ties)} ties, 3 attributes "
        f"(generated in {time.perf_counter() - t0:.1f} s); peak RSS {peak_rss_mb():.0f} MB"
    )
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")

    index = PairIndex(graph)
    top: list[ScoredPair] = []

    def full() -> None:
        index.recompute()
        top[:] = index.top(limit=100, per_person_cap=3)

    full_s = timed("full recompute (fit + candidates + score + top 100)", full)
    print(f"  {len(index.pairs)} candidate pairs scored; best: {top[0] if top else None}")

    rng = np.random.default_rng(1)
    colleagues = rng.choice(graph.n, size=6, replace=False).tolist()
    added: list[int] = []

    def incremental() -> None:
        added.append(
            index.add_person(
                {"company": ("company-0",), "city": ("city-3",), "industry": ("industry-1",)},
                ties=colleagues,
            )
        )
        top[:] = index.top(limit=100, per_person_cap=3)

    inc_s = timed("incremental: add one person with 6 ties, re-rank top 100", incremental)
    new = added[0]
    mine = int(((index.pairs[:, 0] == new) | (index.pairs[:, 1] == new)).sum())
    print(f"  {mine} pairs of the newcomer scored")
    print(
        f"aims: full < 30 s -> {'met' if full_s < 30 else 'MISSED'}; "
        f"incremental < 1 s -> {'met' if inc_s < 1 else 'MISSED'} (wall time)"
    )


if __name__ == "__main__":
    main()
