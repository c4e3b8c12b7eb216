"""Features of a candidate pair (u, v): shared contacts, degree, attributes, context layers and
need↔offer complementarity. Pairs are unordered; every feature is symmetric in u and v.

All matrix work is sparse and done in blocks of rows, so a 30,000-person network never
materialises an n × n matrix; the evaluation's small networks simply use one block.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from altruist.engine.pair_graph import (
    PairGraph,
    directed_adjacency,
    membership_matrix,
    undirected_adjacency,
)

# Rows of a sparse product computed at once; bounds memory on large graphs.
BLOCK_ROWS = 1024


def pair_values(
    left: sp.csr_matrix, *rest: sp.csr_matrix, us: np.ndarray, vs: np.ndarray
) -> np.ndarray:
    """(left @ rest[0] @ rest[1] …)[us, vs] without forming the whole product."""
    out = np.zeros(len(us), dtype=np.float64)
    if len(us) == 0:
        return out
    order = np.argsort(us, kind="stable")
    sorted_us = us[order]
    uniq = np.unique(sorted_us)
    for start in range(0, len(uniq), BLOCK_ROWS):
        rows = uniq[start : start + BLOCK_ROWS]
        lo = np.searchsorted(sorted_us, rows[0], side="left")
        hi = np.searchsorted(sorted_us, rows[-1], side="right")
        sel = order[lo:hi]
        block = left[rows]
        for matrix in rest:
            block = block @ matrix
        block = block.tocsr()
        local = np.searchsorted(rows, us[sel])
        out[sel] = np.asarray(block[local, vs[sel]]).ravel()
    return out


def _rowwise_dot(a: sp.csr_matrix, b: sp.csr_matrix, us: np.ndarray, vs: np.ndarray) -> np.ndarray:
    """sum_k a[u, k] * b[v, k] for each pair: a[us] ⊙ b[vs], summed per row."""
    out = np.zeros(len(us), dtype=np.float64)
    step = 200_000
    for start in range(0, len(us), step):
        part = a[us[start : start + step]].multiply(b[vs[start : start + step]])
        out[start : start + step] = np.asarray(part.sum(axis=1)).ravel()
    return out


def _safe_inverse(x: np.ndarray) -> np.ndarray:
    out = np.zeros_like(x, dtype=np.float64)
    np.divide(1.0, x, out=out, where=x > 0)
    return out


class PairFeaturizer:
    """Precomputes the sparse matrices of one graph; `features(us, vs)` returns one row per pair."""

    def __init__(self, graph: PairGraph, *, use_paths3: bool = True) -> None:
        self.graph = graph
        self.use_paths3 = use_paths3
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
        log_deg = np.log(np.maximum(self.deg, 1.0))
        self.adj_aa = (self.adj @ sp.diags(_safe_inverse(log_deg))).tocsr()
        self.adj_ra = (self.adj @ sp.diags(_safe_inverse(self.deg))).tocsr()
        inv_sqrt = _safe_inverse(np.sqrt(self.deg))
        # Kovács et al. L3: paths u-a-b-v weighted by 1/sqrt(deg a * deg b).
        self.l3_mid = (sp.diags(inv_sqrt) @ self.adj @ sp.diags(inv_sqrt)).tocsr()
        self.members = {
            name: membership_matrix(values, n) for name, values in sorted(graph.attributes.items())
        }
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
        if self.use_paths3:
            names.append("paths3")
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
        cn = pair_values(adj, adj, us=us, vs=vs)
        cols.append(np.log1p(cn))
        cols.append(pair_values(self.adj_aa, adj, us=us, vs=vs))
        cols.append(pair_values(self.adj_ra, adj, us=us, vs=vs))
        du, dv = self.deg[us], self.deg[vs]
        cols.append(cn * _safe_inverse(np.sqrt(du * dv)))
        if self.use_paths3:
            cols.append(np.log1p(pair_values(adj, self.l3_mid, adj, us=us, vs=vs)))
        lu, lv = np.log1p(du), np.log1p(dv)
        cols += [lu + lv, np.abs(lu - lv)]
        iu, iv = np.log1p(self.indeg[us]), np.log1p(self.indeg[vs])
        cols += [np.maximum(iu, iv), np.minimum(iu, iv)]
        if self.graph.directed:
            d = self.dadj
            dt = d.T.tocsr()
            cols.append(np.log1p(pair_values(d, dt, us=us, vs=vs)))  # both ask the same people
            cols.append(np.log1p(pair_values(dt, d, us=us, vs=vs)))  # both asked by the same people
            two = pair_values(d, d, us=us, vs=vs) + pair_values(d, d, us=vs, vs=us)
            cols.append(np.log1p(two))
        for name, m in self.members.items():
            cols.append(np.minimum(_rowwise_dot(m, m, us, vs), 1.0))
            share = self.nbr_share[name]
            both = _rowwise_dot(share, m, us, vs) + _rowwise_dot(share, m, vs, us)
            cols.append(np.minimum(both, 2.0) / 2.0)
        for z, known in self.numeric.values():
            ok = known[us] & known[vs]
            cols.append(np.where(ok, np.abs(z[us] - z[vs]), 0.0))
            cols.append(np.where(ok, z[us] + z[vs], 0.0))
        for ctx in self.context.values():
            cols.append(np.asarray(ctx[us, vs]).ravel())
            cols.append(np.log1p(pair_values(ctx, ctx, us=us, vs=vs)))
            bridge = pair_values(adj, ctx, us=us, vs=vs) + pair_values(ctx, adj, us=us, vs=vs)
            cols.append(np.log1p(bridge))
        if self.graph.similarity is not None:
            cols.append(np.asarray(self.graph.similarity(us, vs), dtype=np.float64))
        return np.column_stack(cols) if cols else np.zeros((len(us), 0))
