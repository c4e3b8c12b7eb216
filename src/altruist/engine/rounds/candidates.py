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
