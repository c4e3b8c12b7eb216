"""Features of a candidate pair (u, v): shared contacts, degree, attributes, context layers and
need↔offer complementarity. Pairs are unordered; every feature is symmetric in u and v.

Pair values are row-wise sparse dot products, so a 30,000-person network never materialises an
n × n matrix, and the cost per pair is the two people's numbers of ties.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from altruist.engine.introductions.pair_graph import (
    PairGraph,
    directed_adjacency,
    undirected_adjacency,
)

# Pairs handled per chunk: bounds the two row-gathered sparse matrices to a few hundred MB.
CHUNK_PAIRS = 200_000


def rowwise_dot(a: sp.csr_matrix, b: sp.csr_matrix, us: np.ndarray, vs: np.ndarray) -> np.ndarray:
    """sum_k a[u, k] * b[v, k] for each pair (u, v), i.e. (a @ b.T)[us, vs].

    With a symmetric adjacency A: common neighbours are rowwise_dot(A, A, …), Adamic–Adar
    rowwise_dot(A·diag(w), A, …); with a directed D, "u→w→v" is rowwise_dot(D, D.T, …).
    """
    out = np.zeros(len(us), dtype=np.float64)
    for start in range(0, len(us), CHUNK_PAIRS):
        stop = start + CHUNK_PAIRS
        part = a[us[start:stop]].multiply(b[vs[start:stop]])
        out[start:stop] = np.asarray(part.sum(axis=1)).ravel()
    return out


def shared_neighbour_sums(
    adj: sp.csr_matrix, weights: list[np.ndarray], us: np.ndarray, vs: np.ndarray
) -> list[np.ndarray]:
    """For each weight vector w: sum over common neighbours k of u and v of w[k].

    One gather and one element-wise product serve all weightings (common neighbours w = 1,
    Adamic–Adar w = 1/log deg, resource allocation w = 1/deg).
    """
    outs = [np.zeros(len(us), dtype=np.float64) for _ in weights]
    stacked = np.column_stack(weights)
    for start in range(0, len(us), CHUNK_PAIRS):
        stop = start + CHUNK_PAIRS
        common = adj[us[start:stop]].multiply(adj[vs[start:stop]]).tocsr()
        sums = common @ stacked
        for i, out in enumerate(outs):
            out[start:stop] = sums[:, i]
    return outs


def _safe_inverse(x: np.ndarray) -> np.ndarray:
    out = np.zeros_like(x, dtype=np.float64)
    np.divide(1.0, x, out=out, where=x > 0)
    return out


class PairFeaturizer:
    """Precomputes the sparse matrices of one graph; `features(us, vs)` returns one row per pair."""

    def __init__(self, graph: PairGraph) -> None:
        self.graph = graph
        n = graph.n
        self.adj = undirected_adjacency(graph.ties, n)
        self.deg = np.asarray(self.adj.sum(axis=1)).ravel()
        if graph.directed:
            self.dadj = directed_adjacency(graph.ties, n)
            self.indeg = np.asarray(self.dadj.sum(axis=0)).ravel()
            self.outdeg = np.asarray(self.dadj.sum(axis=1)).ravel()
        else:
            self.dadj = self.adj
            self.indeg = self.deg
            self.outdeg = self.deg
        # A common neighbour w counts 1/log(deg w) (Adamic–Adar) or 1/deg w (resource allocation);
        # w has at least the two endpoints as neighbours, so deg w >= 2 and the log is positive.
        self.w_one = np.ones(n)
        self.w_aa = _safe_inverse(np.log(np.maximum(self.deg, 1.0)))
        self.w_ra = _safe_inverse(self.deg)
        self.members = {name: graph.membership(name) for name in sorted(graph.attributes)}
        # Fraction of a person's contacts that hold each value: "she knows many people at X".
        inv_deg = sp.diags(_safe_inverse(self.deg))
        self.nbr_share = {
            name: (inv_deg @ self.adj @ m).tocsr() for name, m in self.members.items()
        }
        self.numeric = {}
        for name, raw in sorted(graph.numeric.items()):
            arr = np.asarray(raw, dtype=np.float64)
            known = ~np.isnan(arr)
            mean = float(arr[known].mean()) if known.any() else 0.0
            std = float(arr[known].std()) if known.sum() > 1 else 1.0
            self.numeric[name] = (np.where(known, (arr - mean) / (std or 1.0), np.nan), known)
        self.context = {
            name: undirected_adjacency(ties, n) for name, ties in sorted(graph.context.items())
        }

    @property
    def names(self) -> list[str]:
        names = ["common_neighbours", "adamic_adar", "resource_allocation", "cosine"]
        names += ["degree_sum", "degree_gap", "in_degree_max", "in_degree_min"]
        if self.graph.directed:
            names += ["shared_targets", "shared_sources", "two_step"]
        for name in self.members:
            names += [f"same_{name}", f"contacts_share_{name}"]
        for name in self.numeric:
            names += [f"gap_{name}", f"level_{name}"]
        for name in self.context:
            names += [f"tie_{name}", f"common_{name}", f"bridge_{name}"]
        if self.graph.similarity is not None:
            names.append("need_offer")
        return names

    def features(self, us: np.ndarray, vs: np.ndarray) -> np.ndarray:
        us = np.asarray(us, dtype=np.int64)
        vs = np.asarray(vs, dtype=np.int64)
        cols: list[np.ndarray] = []
        adj = self.adj
        cn, aa, ra = shared_neighbour_sums(adj, [self.w_one, self.w_aa, self.w_ra], us, vs)
        cols += [np.log1p(cn), aa, ra]
        du, dv = self.deg[us], self.deg[vs]
        cols.append(cn * _safe_inverse(np.sqrt(du * dv)))
        lu, lv = np.log1p(du), np.log1p(dv)
        cols += [lu + lv, np.abs(lu - lv)]
        iu, iv = np.log1p(self.indeg[us]), np.log1p(self.indeg[vs])
        cols += [np.maximum(iu, iv), np.minimum(iu, iv)]
        if self.graph.directed:
            d = self.dadj
            dt = d.T.tocsr()
            cols.append(np.log1p(rowwise_dot(d, d, us, vs)))  # both ask the same people
            cols.append(np.log1p(rowwise_dot(dt, dt, us, vs)))  # both asked by the same people
            two = rowwise_dot(d, dt, us, vs) + rowwise_dot(dt, d, us, vs)  # u→w→v or v→w→u
            cols.append(np.log1p(two))
        for name, m in self.members.items():
            cols.append(np.minimum(rowwise_dot(m, m, us, vs), 1.0))
            share = self.nbr_share[name]
            both = rowwise_dot(share, m, us, vs) + rowwise_dot(share, m, vs, us)
            cols.append(np.minimum(both, 2.0) / 2.0)
        for z, known in self.numeric.values():
            ok = known[us] & known[vs]
            cols.append(np.where(ok, np.abs(z[us] - z[vs]), 0.0))
            cols.append(np.where(ok, z[us] + z[vs], 0.0))
        for ctx in self.context.values():
            cols.append(np.asarray(ctx[us, vs]).ravel())
            cols.append(np.log1p(rowwise_dot(ctx, ctx, us, vs)))
            bridge = rowwise_dot(adj, ctx, us, vs) + rowwise_dot(ctx, adj, us, vs)
            cols.append(np.log1p(bridge))
        if self.graph.similarity is not None:
            cols.append(np.asarray(self.graph.similarity(us, vs), dtype=np.float64))
        return np.column_stack(cols) if cols else np.zeros((len(us), 0))
