"""Which pairs are worth scoring: all of them for small rounds, nearest neighbours for large ones.

Scoring all n²/2 pairs is exact but quadratic. For large rounds every member's `c` nearest
neighbours in the symmetric need/offer space of `features.search_keys` are taken instead: the
query matrix is multiplied with the key matrix one block of rows at a time (numpy brute force;
~0.6 s per 2,048×100,000×128 block on this machine), so memory stays at one block and the blocks
are independent tasks a Dask cluster can run anywhere.

Pairs that must not be proposed (met in an earlier round, already know each other, same company)
are masked inside the block *before* the top-c are taken, so a member with many past partners
still gets c fresh candidates.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SEARCH_BLOCK = 512  # query rows per block: 512 × n float32 similarities (200 MB at n = 100k)


@dataclass
class Exclusions:
    """Pairs never to propose. `pairs` holds a*n+b keys (both orders); `company` codes members
    (−1 = none) when same-company pairs are excluded, else is None."""

    n: int
    pairs: np.ndarray  # sorted int64 keys
    company: np.ndarray | None = None

    @staticmethod
    def build(n: int, pairs: list[tuple[int, int]], company: np.ndarray | None) -> Exclusions:
        if pairs:
            arr = np.asarray(pairs, dtype=np.int64)
            keys = np.concatenate([arr[:, 0] * n + arr[:, 1], arr[:, 1] * n + arr[:, 0]])
        else:
            keys = np.zeros(0, dtype=np.int64)
        return Exclusions(n, np.unique(keys), company)

    def allowed(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        ok = a != b
        if self.pairs.size:
            keys = a.astype(np.int64) * self.n + b
            pos = np.searchsorted(self.pairs, keys).clip(max=self.pairs.size - 1)
            ok &= self.pairs[pos] != keys
        if self.company is not None:
            ca, cb = self.company[a], self.company[b]
            ok &= (ca < 0) | (ca != cb)
        return ok


def all_pairs(n: int, exclusions: Exclusions) -> tuple[np.ndarray, np.ndarray]:
    a, b = np.triu_indices(n, k=1)
    keep = exclusions.allowed(a, b)
    return a[keep].astype(np.int64), b[keep].astype(np.int64)


def search_blocks(n: int, block: int = SEARCH_BLOCK) -> list[tuple[int, int]]:
    return [(start, min(start + block, n)) for start in range(0, n, block)]


def nearest_in_block(
    rows: tuple[int, int],
    query_vecs: np.ndarray,
    key_vecs: np.ndarray,
    c: int,
    exclusions: Exclusions,
) -> tuple[np.ndarray, np.ndarray]:
    """The top-c partners of query rows [start, stop) as (a, b) index arrays.

    A module-level function of plain arrays, so Dask can ship it to a worker as one task.
    """
    start, stop = rows
    sims = query_vecs[start:stop] @ key_vecs.T  # (block, n)
    local = np.arange(stop - start)
    sims[local, local + start] = -np.inf  # never yourself
    if exclusions.company is not None:
        codes = exclusions.company[start:stop]
        same = (codes[:, None] == exclusions.company[None, :]) & (codes[:, None] >= 0)
        sims[same] = -np.inf
    if exclusions.pairs.size:
        lo, hi = np.searchsorted(exclusions.pairs, [start * exclusions.n, stop * exclusions.n])
        keys = exclusions.pairs[lo:hi]
        sims[keys // exclusions.n - start, keys % exclusions.n] = -np.inf
    c = min(c, key_vecs.shape[0] - 1)
    if c <= 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    top = np.argpartition(sims, -c, axis=1)[:, -c:]
    a = np.repeat(np.arange(start, stop, dtype=np.int64), c)
    b = top.reshape(-1).astype(np.int64)
    keep = np.isfinite(sims[a - start, b])
    return a[keep], b[keep]


def unique_pairs(
    parts: list[tuple[np.ndarray, np.ndarray]], n: int
) -> tuple[np.ndarray, np.ndarray]:
    """Merge block results into sorted, de-duplicated (a < b) pairs: A's list may hold B and
    B's list A; the pair is scored once."""
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    a = np.concatenate([p[0] for p in parts])
    b = np.concatenate([p[1] for p in parts])
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    keys = np.unique(lo * n + hi)
    return keys // n, keys % n


# ----------------------------------------------------------------------------- coarse index
# Beyond ~20k members, brute force spends most of its time ranking n² similarities it throws
# away (argpartition over 10¹⁰ values at 100k). An inverted-file index (IVF) cuts that: keys are
# clustered around √n centroids, every group of queries searches only the members of its
# `probes` nearest clusters. That is approximate; docs/rounds.md reports its recall.

IVF_MIN_MEMBERS = 20_000


@dataclass
class CoarseIndex:
    members_by_cluster: list[np.ndarray]  # key rows per cluster
    query_groups: list[np.ndarray]  # query rows that search together
    probe_lists: list[np.ndarray]  # clusters each query group searches


def _kmeans(points: np.ndarray, k: int, iterations: int = 6) -> np.ndarray:
    """Spherical k-means on a deterministic sample; returns unit-length centroids."""
    step = max(1, points.shape[0] // (k * 40))
    sample = points[::step]
    centroids = sample[np.linspace(0, len(sample) - 1, k).astype(int)].copy()
    for _ in range(iterations):
        assign = np.argmax(sample @ centroids.T, axis=1)
        for j in range(k):
            rows = sample[assign == j]
            if len(rows):
                centroids[j] = rows.sum(axis=0)
        centroids /= np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-12)
    return centroids


def build_coarse_index(query: np.ndarray, key: np.ndarray, probes: int = 24) -> CoarseIndex:
    n = key.shape[0]
    k = max(2, int(np.sqrt(n)))
    centroids = _kmeans(key, k)
    key_cluster = np.concatenate(
        [np.argmax(key[s:e] @ centroids.T, axis=1) for s, e in search_blocks(n, 8192)]
    )
    query_cluster = np.concatenate(
        [np.argmax(query[s:e] @ centroids.T, axis=1) for s, e in search_blocks(n, 8192)]
    )
    members = [np.flatnonzero(key_cluster == j) for j in range(k)]
    groups, probe_lists = [], []
    for j in range(k):
        rows = np.flatnonzero(query_cluster == j)
        if not len(rows):
            continue
        affinity = query[rows].sum(axis=0) @ centroids.T
        groups.append(rows)
        probe_lists.append(np.sort(np.argsort(-affinity)[:probes]))
    return CoarseIndex(members, groups, probe_lists)


def nearest_in_group(
    task: tuple[np.ndarray, np.ndarray],
    query_vecs: np.ndarray,
    key_vecs: np.ndarray,
    c: int,
    exclusions: Exclusions,
) -> tuple[np.ndarray, np.ndarray]:
    """The top-c partners of one query group among the members of its probed clusters."""
    rows, cols = task
    if len(cols) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    sims = query_vecs[rows] @ key_vecs[cols].T
    a_full = np.repeat(rows.astype(np.int64), len(cols)).reshape(len(rows), len(cols))
    b_full = np.broadcast_to(cols.astype(np.int64), a_full.shape)
    sims[~exclusions.allowed(a_full.ravel(), b_full.ravel()).reshape(sims.shape)] = -np.inf
    c = min(c, len(cols))
    top = np.argpartition(sims, -c, axis=1)[:, -c:]
    a = np.repeat(rows.astype(np.int64), c)
    b = cols[top.reshape(-1)].astype(np.int64)
    keep = np.isfinite(sims[np.repeat(np.arange(len(rows)), c), top.reshape(-1)])
    return a[keep], b[keep]


def coarse_tasks(index: CoarseIndex, max_rows: int = 512) -> list[tuple[np.ndarray, np.ndarray]]:
    """(query rows, candidate key rows) per task; big groups are split to bound memory."""
    tasks = []
    for rows, probes in zip(index.query_groups, index.probe_lists, strict=True):
        cols = np.sort(np.concatenate([index.members_by_cluster[j] for j in probes]))
        for start in range(0, len(rows), max_rows):
            tasks.append((rows[start : start + max_rows], cols))
    return tasks
