"""The neutral input of the pair model: people as indices 0..n-1, what is known about them, and
the ties between them. Both the product (a user's contacts) and the evaluation (real advice and
e-mail networks) build one of these, so the same features rank introductions in both places."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

# Given index arrays us, vs of equal length, return one need↔offer similarity per pair (higher =
# more complementary). The product passes a closure over its embeddings; tests pass a matrix.
PairSimilarity = Callable[[np.ndarray, np.ndarray], np.ndarray]


def as_edge_array(ties: Sequence[tuple[int, int]] | np.ndarray) -> np.ndarray:
    """An (m, 2) int64 array of (source, target) without self-loops."""
    arr = np.asarray(ties, dtype=np.int64).reshape(-1, 2)
    return arr[arr[:, 0] != arr[:, 1]]


@dataclass
class PairGraph:
    """Everything the pair model may look at.

    * `ties`: the known ties (who already knows / works with / asks whom). Directed when
      `directed` is true (then in-degree counts: people go to experts), else either order.
    * `attributes`: categorical, multi-valued, per person — company, city, department, office,
      practice, status, tags… An empty sequence means unknown, never "no value shared".
    * `numeric`: numeric per-person values (seniority, age); NaN = unknown.
    * `context`: further tie layers the user knows (co-work, friendship, shared groups); a tie
      there is evidence, not an exclusion.
    * `similarity`: optional need↔offer complementarity callback.
    """

    n: int
    ties: np.ndarray
    directed: bool = False
    attributes: Mapping[str, Sequence[Sequence[str]]] = field(default_factory=dict)
    numeric: Mapping[str, np.ndarray] = field(default_factory=dict)
    context: Mapping[str, np.ndarray] = field(default_factory=dict)
    similarity: PairSimilarity | None = None

    def __post_init__(self) -> None:
        self.ties = as_edge_array(self.ties)
        self.context = {k: as_edge_array(v) for k, v in self.context.items()}
        for name, values in self.attributes.items():
            if len(values) != self.n:
                raise ValueError(f"attribute {name!r} has {len(values)} rows for {self.n} people")
        for name, arr in self.numeric.items():
            if len(arr) != self.n:
                raise ValueError(f"numeric {name!r} has {len(arr)} rows for {self.n} people")
        for arr in (self.ties, *self.context.values()):
            if arr.size and (arr.min() < 0 or arr.max() >= self.n):
                raise ValueError(f"tie index outside 0..{self.n - 1}")

    def undirected_adjacency(self) -> sp.csr_matrix:
        return undirected_adjacency(self.ties, self.n)

    def with_ties(self, ties: np.ndarray) -> PairGraph:
        """The same people and context with other known ties (used to hide ties for training)."""
        return PairGraph(
            n=self.n,
            ties=ties,
            directed=self.directed,
            attributes=self.attributes,
            numeric=self.numeric,
            context=self.context,
            similarity=self.similarity,
        )


def undirected_adjacency(ties: np.ndarray, n: int) -> sp.csr_matrix:
    """Binary symmetric adjacency: a tie in either direction counts once."""
    if ties.size == 0:
        return sp.csr_matrix((n, n), dtype=np.float64)
    rows = np.concatenate([ties[:, 0], ties[:, 1]])
    cols = np.concatenate([ties[:, 1], ties[:, 0]])
    adj = sp.csr_matrix((np.ones(rows.size), (rows, cols)), shape=(n, n))
    adj.data[:] = 1.0  # duplicates (reciprocal ties) were summed; keep the matrix binary
    return adj


def directed_adjacency(ties: np.ndarray, n: int) -> sp.csr_matrix:
    if ties.size == 0:
        return sp.csr_matrix((n, n), dtype=np.float64)
    adj = sp.csr_matrix((np.ones(len(ties)), (ties[:, 0], ties[:, 1])), shape=(n, n))
    adj.data[:] = 1.0
    return adj


def membership_matrix(values: Sequence[Sequence[str]], n: int) -> sp.csr_matrix:
    """People × distinct values, 1 where a person holds a value (multi-valued cells allowed)."""
    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for person, cell in enumerate(values):
        for value in set(cell):
            rows.append(person)
            cols.append(vocab.setdefault(value, len(vocab)))
    return sp.csr_matrix(
        (np.ones(len(rows)), (np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64))),
        shape=(n, max(1, len(vocab))),
    )


def undirected_pairs(ties: np.ndarray) -> np.ndarray:
    """Distinct unordered pairs (low, high) of a tie array, sorted."""
    if ties.size == 0:
        return np.zeros((0, 2), dtype=np.int64)
    lo = np.minimum(ties[:, 0], ties[:, 1])
    hi = np.maximum(ties[:, 0], ties[:, 1])
    return np.unique(np.stack([lo, hi], axis=1), axis=0)
