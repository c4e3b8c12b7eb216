"""Turn members' free-text needs and offers into vectors the matcher can compare.

A member often lists several needs ("a Python mentor; feedback on my CV"). Averaging them into
one vector blurs each, so every item is embedded on its own and a pair is scored by its best
need/offer item match, which also names that match in the reason. Identical item texts are
embedded once: communities repeat phrases ("a job in data science"), and the embedding is the
slowest step.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_array

from altruist.engine.rounds.intents import ItemIntents
from altruist.engine.rounds.model import Member

MAX_ITEMS = 4  # per member and side; further items are joined into the last one
_ITEM_SPLIT = re.compile(r"\s*(?:[;|•\n]|\s/\s)\s*")


def split_items(text: str) -> list[str]:
    items = [item.strip(" -*\t") for item in _ITEM_SPLIT.split(text or "")]
    items = [item for item in items if item]
    if len(items) > MAX_ITEMS:
        items = [*items[: MAX_ITEMS - 1], "; ".join(items[MAX_ITEMS - 1 :])]
    return items


@dataclass
class ItemIndex:
    """Members' items as ids into one list of unique texts; `pad` marks an empty slot."""

    texts: list[str]
    need_items: np.ndarray  # (n, MAX_ITEMS) int32
    offer_items: np.ndarray  # (n, MAX_ITEMS) int32

    @property
    def pad(self) -> int:
        return len(self.texts)


def index_items(members: Sequence[Member]) -> ItemIndex:
    ids: dict[str, int] = {}
    n = len(members)
    need_items = np.empty((n, MAX_ITEMS), dtype=np.int32)
    offer_items = np.empty((n, MAX_ITEMS), dtype=np.int32)
    rows: list[tuple[list[int], list[int]]] = []
    for member in members:
        needs = [ids.setdefault(t, len(ids)) for t in split_items(member.needs)]
        offers = [ids.setdefault(t, len(ids)) for t in split_items(member.offers)]
        rows.append((needs, offers))
    pad = len(ids)
    need_items.fill(pad)
    offer_items.fill(pad)
    for i, (needs, offers) in enumerate(rows):
        need_items[i, : len(needs)] = needs
        offer_items[i, : len(offers)] = offers
    return ItemIndex(list(ids), need_items, offer_items)


@dataclass
class MemberVectors:
    """Item vectors (a zero row appended for the pad id) and the members' item ids."""

    item_vecs: np.ndarray  # (T + 1, d) float32, L2-normalised rows, last row zero
    need_items: np.ndarray
    offer_items: np.ndarray
    tags: csr_array | None = None  # (n, vocabulary) 0/1: the members' tags, if any has tags
    # Direction and place (issue 15): set by `pair_members`, which then lets `offer_items` hold
    # each member's giving side (offers, then needs); None scores by topic alone.
    intents: ItemIntents | None = None

    @property
    def n(self) -> int:
        return int(self.need_items.shape[0])


def build_vectors(index: ItemIndex, embed: Callable[[list[str]], np.ndarray]) -> MemberVectors:
    vecs = embed(index.texts) if index.texts else np.zeros((0, 1), dtype=np.float32)
    dim = vecs.shape[1] if vecs.ndim == 2 and vecs.shape[0] else 1
    padded = np.zeros((len(index.texts) + 1, dim), dtype=np.float32)
    if index.texts:
        padded[:-1] = vecs
    return MemberVectors(padded, index.need_items, index.offer_items)


def tag_matrix(members: Sequence[Member]) -> csr_array | None:
    vocabulary: dict[str, int] = {}
    rows, cols = [], []
    for i, member in enumerate(members):
        for tag in set(member.tags):
            rows.append(i)
            cols.append(vocabulary.setdefault(tag, len(vocabulary)))
    if not vocabulary:
        return None
    return csr_array(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(members), len(vocabulary))
    )


def projection(item_vecs: np.ndarray, dim: int, sample: int = 50_000) -> np.ndarray:
    """A (d, dim) basis of the items' top singular directions, to search in fewer dimensions.

    Uncentred on purpose: the search compares dot products, which the leading right singular
    vectors preserve best. Evenly spaced rows keep the sample deterministic.
    """
    d = item_vecs.shape[1]
    if dim >= d or item_vecs.shape[0] <= 1:
        return np.eye(d, dtype=np.float32)
    step = max(1, item_vecs.shape[0] // sample)
    rows = item_vecs[::step].astype(np.float64)
    # Eigenvectors of the d×d Gram matrix are the right singular vectors; far cheaper than an
    # SVD of the tall sample (4.8 s vs milliseconds for 2,600×256 here).
    values, vectors = np.linalg.eigh(rows.T @ rows)
    top = np.argsort(values)[::-1][:dim]
    return np.ascontiguousarray(vectors[:, top].astype(np.float32))


def search_keys(vectors: MemberVectors, dim: int = 128) -> tuple[np.ndarray, np.ndarray]:
    """Query and key matrices whose product is need_a·offer_b + offer_a·need_b.

    Each member's items are averaged (in the projected space) per side. Because the query is
    [need, offer] and the key [offer, need], the product is symmetric: a nearest neighbour in
    this space promises benefit in both directions together, the quantity the pairs are scored by.
    """
    basis = projection(vectors.item_vecs[:-1], dim // 2)
    reduced = vectors.item_vecs @ basis  # the pad row stays zero
    need = _mean_rows(reduced, vectors.need_items, len(reduced) - 1)
    offer = _mean_rows(reduced, vectors.offer_items, len(reduced) - 1)
    query = np.hstack([need, offer]).astype(np.float32)
    key = np.hstack([offer, need]).astype(np.float32)
    return np.ascontiguousarray(query), np.ascontiguousarray(key)


def _mean_rows(vecs: np.ndarray, ids: np.ndarray, pad: int) -> np.ndarray:
    counts = np.maximum((ids != pad).sum(axis=1, keepdims=True), 1)
    total = np.zeros((ids.shape[0], vecs.shape[1]), dtype=np.float32)
    for slot in range(ids.shape[1]):
        total += vecs[ids[:, slot]]
    mean = total / counts
    norms = np.linalg.norm(mean, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return mean / norms
