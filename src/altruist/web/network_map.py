"""The network map as server-rendered SVG: people as nodes, clusters coloured, suggested
introductions drawn as dashed bridges, so the user *sees* where they can connect people.

Pure functions over plain data (no store, no request), so the picture is unit-tested and
deterministic: the layout uses a fixed seed and nodes are added in id order.

Clusters are communities found by greedy modularity on the graph of known relations, with a
weaker edge between colleagues at the same company (people rarely record every relation, but a
shared employer is a strong hint). Past `limit` people the map shows a sample — everyone in a
suggested introduction first, then the best-connected — and says so.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import escape

import networkx as nx
import numpy as np
from networkx.algorithms.community import greedy_modularity_communities

DEFAULT_LIMIT = 500
SEED = 7
WIDTH, HEIGHT, MARGIN = 1000, 700, 30
COMPANY_WEIGHT = 0.5
LAYOUT_ITERATIONS = 60
# Colour-blind-safe palette (Okabe–Ito plus darker companions), all readable on white.
PALETTE = (
    "#0072b2",
    "#d55e00",
    "#009e73",
    "#cc79a7",
    "#e69f00",
    "#56b4e9",
    "#8c564b",
    "#7f7f00",
    "#6a3d9a",
    "#b15928",
)
OTHER_COLOUR = "#9a9a9a"


@dataclass(frozen=True)
class MapPerson:
    id: int
    name: str
    company: str | None = None


@dataclass(frozen=True)
class Bridge:
    a: int
    b: int
    reason: str = ""


@dataclass
class Cluster:
    label: str
    colour: str
    members: list[int] = field(default_factory=list)


@dataclass
class NetworkMap:
    svg: str
    shown: int
    total: int
    clusters: list[Cluster]
    bridges: list[Bridge]

    @property
    def sampled(self) -> bool:
        return self.shown < self.total


def choose_people(
    people: Sequence[MapPerson],
    relations: Iterable[tuple[int, int]],
    bridges: Sequence[Bridge],
    limit: int,
) -> list[MapPerson]:
    """Everyone when they fit; otherwise the people of the bridges, then by number of relations."""
    if len(people) <= limit:
        return sorted(people, key=lambda p: p.id)
    degree: Counter[int] = Counter()
    for a, b in relations:
        degree[a] += 1
        degree[b] += 1
    in_bridge = {pid for br in bridges for pid in (br.a, br.b)}
    ranked = sorted(people, key=lambda p: (p.id not in in_bridge, -degree[p.id], p.id))
    return sorted(ranked[:limit], key=lambda p: p.id)


def build_graph(people: Sequence[MapPerson], relations: Iterable[tuple[int, int]]) -> nx.Graph:
    graph = nx.Graph()
    for p in people:
        graph.add_node(p.id)
    for a, b in sorted(relations):
        if a in graph and b in graph and a != b:
            graph.add_edge(a, b, weight=1.0)
    by_company: dict[str, list[int]] = {}
    for p in people:
        if p.company:
            by_company.setdefault(p.company.strip().casefold(), []).append(p.id)
    for ids in by_company.values():
        # A chain, not a clique: keeps a 2,000-person employer from adding millions of edges.
        for a, b in itertools.pairwise(ids):
            if not graph.has_edge(a, b):
                graph.add_edge(a, b, weight=COMPANY_WEIGHT)
    return graph


def find_clusters(graph: nx.Graph, people: Sequence[MapPerson]) -> list[Cluster]:
    """Communities, largest first; singletons are not a cluster."""
    if graph.number_of_edges() == 0:
        return []
    companies = {p.id: p.company for p in people}
    groups = [
        sorted(c) for c in greedy_modularity_communities(graph, weight="weight") if len(c) > 1
    ]
    groups.sort(key=lambda members: (-len(members), members[0]))
    clusters = []
    for index, members in enumerate(groups):
        common = Counter(companies[m] for m in members if companies.get(m)).most_common(1)
        label = common[0][0] if common and common[0][1] > 1 else ""
        colour = PALETTE[index] if index < len(PALETTE) else OTHER_COLOUR
        clusters.append(Cluster(label or f"#{index + 1}", colour, members))
    return clusters


def force_layout(
    graph: nx.Graph, *, iterations: int = LAYOUT_ITERATIONS, seed: int = SEED
) -> dict[int, tuple[float, float]]:
    """Fruchterman–Reingold spring layout in unit space, written for speed.

    Same forces as networkx's `spring_layout` (repulsion k²/d between all nodes, attraction
    d²/k along weighted edges, a cooling step limit), but each step works on n×n matrices only:
    Σ_j F_ij (p_i − p_j) = p_i·Σ_j F_ij − (F·p)_i, and squared distances come from one Gram
    product. networkx builds n×n×2 difference arrays and their norms every step, which took
    1.3–1.7 s for the 400-person demo; this takes a small fraction of that (bench/bench_map.py).
    """
    nodes = sorted(graph.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.5, 0.5)}
    at = {node: i for i, node in enumerate(nodes)}
    weights = np.zeros((n, n))
    for a, b, data in graph.edges(data=True):
        weights[at[a], at[b]] = weights[at[b], at[a]] = float(data.get("weight", 1.0))
    pos = np.random.default_rng(seed).random((n, 2))
    k = 1.5 / math.sqrt(n)
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        square = (pos * pos).sum(axis=1)
        dist2 = np.maximum(square[:, None] + square[None, :] - 2.0 * (pos @ pos.T), 1e-6)
        force = k * k / dist2 - weights * np.sqrt(dist2) / k
        np.fill_diagonal(force, 0.0)
        move = pos * force.sum(axis=1)[:, None] - force @ pos
        length = np.maximum(np.sqrt((move * move).sum(axis=1)), 1e-9)
        pos += move * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    return {node: (float(pos[i, 0]), float(pos[i, 1])) for node, i in at.items()}


def _layout(graph: nx.Graph) -> dict[int, tuple[float, float]]:
    raw = force_layout(graph)
    if not raw:
        return {}
    xs = [v[0] for v in raw.values()]
    ys = [v[1] for v in raw.values()]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0

    def scale(value: float, low: float, span: float, size: int) -> float:
        return round(MARGIN + (value - low) / span * (size - 2 * MARGIN), 1)

    return {
        node: (scale(x, min(xs), span_x, WIDTH), scale(y, min(ys), span_y, HEIGHT))
        for node, (x, y) in raw.items()
    }


def render_svg(
    people: Sequence[MapPerson],
    graph: nx.Graph,
    clusters: Sequence[Cluster],
    bridges: Sequence[Bridge],
    title: str,
    bridge_label: str,
) -> str:
    pos = _layout(graph)
    colour = {m: c.colour for c in clusters for m in c.members}
    names = {p.id: p.name for p in people}
    radius = 6 if len(people) <= 150 else 4
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="network-map" role="img" aria-labelledby="map-title">',
        f'<title id="map-title">{escape(title)}</title>',
        '<g class="edges" stroke="#c9c4b8" stroke-width="0.8">',
    ]
    for a, b, data in sorted(graph.edges(data=True)):
        if data.get("weight", 1.0) < 1.0:
            continue  # colleague hints shape the layout and clusters but are not drawn
        (x1, y1), (x2, y2) = pos[a], pos[b]
        out.append(f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}"/>')
    out.append("</g>")
    out.append('<g class="bridges" stroke="#1d1f24" stroke-width="2" stroke-dasharray="6 4">')
    for br in bridges:
        if br.a not in pos or br.b not in pos:
            continue
        (x1, y1), (x2, y2) = pos[br.a], pos[br.b]
        text = f"{bridge_label}: {names.get(br.a, '')} ↔ {names.get(br.b, '')}"
        if br.reason:
            text += f" — {br.reason}"
        out.append(
            f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}"><title>{escape(text)}</title></line>'
        )
    out.append("</g>")
    in_bridge = {pid for br in bridges for pid in (br.a, br.b)}
    out.append('<g class="nodes" stroke="#ffffff" stroke-width="1">')
    for p in sorted(people, key=lambda p: p.id):
        x, y = pos[p.id]
        fill = colour.get(p.id, OTHER_COLOUR)
        r = radius + 2 if p.id in in_bridge else radius
        label = p.name + (f" ({p.company})" if p.company else "")
        out.append(
            f'<a href="/people/{p.id}" aria-label="{escape(label)}">'
            f'<circle cx="{x}" cy="{y}" r="{r}" fill="{fill}"><title>{escape(label)}</title>'
            "</circle></a>"
        )
    out.append("</g>")
    out.append('<g class="labels" font-size="11" fill="#1d1f24">')
    for pid in sorted(in_bridge):
        if pid in pos:
            x, y = pos[pid]
            out.append(f'<text x="{x + 9}" y="{y + 4}">{escape(names.get(pid, ""))}</text>')
    out.append("</g></svg>")
    return "".join(out)


def build_map(
    people: Sequence[MapPerson],
    relations: Iterable[tuple[int, int]],
    bridges: Sequence[Bridge],
    *,
    limit: int = DEFAULT_LIMIT,
    title: str = "Network map",
    bridge_label: str = "Suggested introduction",
) -> NetworkMap:
    relations = list(relations)
    shown = choose_people(people, relations, bridges, limit)
    graph = build_graph(shown, relations)
    clusters = find_clusters(graph, shown)
    visible = [br for br in bridges if br.a in graph and br.b in graph]
    svg = render_svg(shown, graph, clusters, visible, title, bridge_label)
    return NetworkMap(svg, len(shown), len(people), clusters, visible)
