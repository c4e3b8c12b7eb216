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
    # name -> (people × values matrix, value -> column); built once, extended by with_person
    _members: dict[str, tuple[sp.csr_matrix, dict[str, int]]] = field(
        default_factory=dict, repr=False, compare=False
    )

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

    def membership(self, name: str) -> sp.csr_matrix:
        """People × distinct values of one attribute (cached)."""
        if name not in self._members:
            self._members[name] = membership_matrix(self.attributes[name], self.n)
        return self._members[name][0]

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
            _members=self._members,
        )

    def with_person(
        self,
        attributes: Mapping[str, Sequence[str]],
        ties: np.ndarray,
        numeric: Mapping[str, float],
        context_ties: Mapping[str, np.ndarray],
    ) -> PairGraph:
        """This graph plus one person (index n) — reusing the cached attribute matrices, so adding
        someone to 30,000 people costs milliseconds, not a rebuild."""
        members: dict[str, tuple[sp.csr_matrix, dict[str, int]]] = {}
        for name in self.attributes:
            matrix, vocab = self._members.get(name) or membership_matrix(
                self.attributes[name], self.n
            )
            vocab = dict(vocab)
            cols = sorted({vocab.setdefault(v, len(vocab)) for v in attributes.get(name, ())})
            row = sp.csr_matrix(
                (np.ones(len(cols)), (np.zeros(len(cols), dtype=np.int64), cols)),
                shape=(1, max(len(vocab), matrix.shape[1])),
            )
            matrix = sp.csr_matrix(
                (matrix.data, matrix.indices, matrix.indptr), shape=(self.n, row.shape[1])
            )
            members[name] = (sp.vstack([matrix, row]).tocsr(), vocab)
        context = dict(self.context)
        for name, extra in context_ties.items():
            context[name] = np.concatenate([context.get(name, np.zeros((0, 2), np.int64)), extra])
        return PairGraph(
            n=self.n + 1,
            ties=np.concatenate([self.ties, as_edge_array(ties)]),
            directed=self.directed,
            attributes={k: [*v, tuple(attributes.get(k, ()))] for k, v in self.attributes.items()},
            numeric={k: np.append(v, numeric.get(k, np.nan)) for k, v in self.numeric.items()},
            context=context,
            similarity=self.similarity,
            _members=members,
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


def membership_matrix(
    values: Sequence[Sequence[str]], n: int
) -> tuple[sp.csr_matrix, dict[str, int]]:
    """People × distinct values, 1 where a person holds a value (multi-valued cells allowed),
    and the column of each value."""
    vocab: dict[str, int] = {}
    cols = np.fromiter(
        (vocab.setdefault(v, len(vocab)) for cell in values for v in cell), dtype=np.int64
    )
    rows = np.repeat(np.arange(n, dtype=np.int64), [len(cell) for cell in values])
    matrix = sp.csr_matrix((np.ones(len(cols)), (rows, cols)), shape=(n, max(1, len(vocab))))
    matrix.sum_duplicates()
    matrix.data[:] = 1.0  # a value repeated in one cell still counts once
    return matrix, vocab


def undirected_pairs(ties: np.ndarray) -> np.ndarray:
    """Distinct unordered pairs (low, high) of a tie array, sorted."""
    if ties.size == 0:
        return np.zeros((0, 2), dtype=np.int64)
    lo = np.minimum(ties[:, 0], ties[:, 1])
    hi = np.maximum(ties[:, 0], ties[:, 1])
    n = np.int64(hi.max()) + 1
    keys = np.unique(lo * n + hi)  # sorting int64 keys is far faster than unique rows
    return np.stack([keys // n, keys % n], axis=1)
