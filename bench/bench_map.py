"""Network map benchmark (issue 16): how long the map page takes at the demo's size. Prints
figures, asserts nothing. Aim: the map renders in ≤ 300 ms for the 400-person demo.

    .venv/bin/python bench/bench_map.py [--people 400] [--runs 7]

Measured in process: the map builder alone (layout, clusters, SVG; wall and CPU time) and the
whole page through the app (database reads, builder, template), each over several runs after one
warm-up (the first request also imports networkx). The previous layout (networkx's
`spring_layout` with the same forces and steps) is timed beside it for the ratio.
"""

from __future__ import annotations

import argparse
import math
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import networkx as nx
from fastapi.testclient import TestClient

from altruist.clock import fixed_clock
from altruist.config import Settings
from altruist.demo import build_demo
from altruist.store import interactions as interactions_repo
from altruist.store import open_store
from altruist.store import people as people_repo
from altruist.web.app import create_app
from altruist.web.network_map import (
    LAYOUT_ITERATIONS,
    SEED,
    MapPerson,
    build_graph,
    build_map,
    force_layout,
)


def timed(action: Callable[[], object], runs: int) -> tuple[list[float], list[float]]:
    action()  # warm-up: imports, caches
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return walls, cpus


def line(label: str, walls: list[float], cpus: list[float]) -> None:
    print(
        f"{label:<34} wall min {min(walls):7.1f} / median {statistics.median(walls):7.1f} ms, "
        f"CPU median {statistics.median(cpus):7.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=400)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    clock = fixed_clock(datetime(2026, 11, 26, 9, tzinfo=UTC))
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(f"sqlite:///{Path(folder) / 'map.db'}")
        build_demo(store, seed=7, people=args.people, clock=clock)
        with store.read() as conn:
            everyone = [
                MapPerson(p.id or 0, p.name, p.company) for p in people_repo.all_people(conn)
            ]
            relations = interactions_repo.related_pairs(conn) | interactions_repo.co_attended_pairs(
                conn
            )
        graph = build_graph(everyone, relations)
        print(
            f"{len(everyone)} people, {graph.number_of_edges()} edges "
            f"(relations, meetings, colleague hints)"
        )
        line("layout (altruist)", *timed(lambda: force_layout(graph), args.runs))
        k = 1.5 / math.sqrt(graph.number_of_nodes())
        line(
            "layout (networkx spring_layout)",
            *timed(
                lambda: nx.spring_layout(
                    graph, seed=SEED, k=k, iterations=LAYOUT_ITERATIONS, weight="weight"
                ),
                args.runs,
            ),
        )
        line("map builder", *timed(lambda: build_map(everyone, relations, []), args.runs))
        app = create_app(Settings(embedder="fake"), store=store, clock=clock)
        with TestClient(app, base_url="http://127.0.0.1:8000") as client:
            line("map page (GET /map)", *timed(lambda: client.get("/map"), args.runs))
        store.dispose()


if __name__ == "__main__":
    main()
