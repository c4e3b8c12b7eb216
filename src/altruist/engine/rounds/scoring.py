"""How much two members gain from meeting.

benefit(A→B) is how well B's offers meet A's needs: the best cosine between one of A's need items
and one of B's offer items, rescaled so that unrelated texts score zero. The multilingual USE
model gives unrelated short texts cosines of about 0.1–0.25 and matching ones 0.45–0.9 (measured
in docs/rounds.md), hence the floor.

The pair score rewards reciprocity (RECON-style: both should gain) with the harmonic mean, but a
strong one-way help is still worth an introduction — the blog post's whole point is giving — so a
share of the larger direction is added:  score = (1 − w)·H(b_ab, b_ba) + w·max(b_ab, b_ba).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_array

from altruist.engine.rounds.features import MemberVectors
from altruist.engine.rounds.intents import ItemIntents, place_bound_rows, weight_table

COSINE_FLOOR = 0.2
# Shared organiser tags (interests, sectors) raise a fitting pair's score by up to this factor;
# they never create a pair on their own — without a need met there is nothing to introduce for.
TAG_BOOST = 1.0
ONE_WAY_WEIGHT = 0.3
PAIR_CHUNK = 4096  # pairs scored per numpy batch: ~30 MB of gathered vectors at 512-d


def benefit_from_cosine(cosine: np.ndarray) -> np.ndarray:
    return np.clip((cosine - COSINE_FLOOR) / (1.0 - COSINE_FLOOR), 0.0, 1.0)


def mutual_score(b_ab: np.ndarray, b_ba: np.ndarray, one_way: float = ONE_WAY_WEIGHT) -> np.ndarray:
    total = b_ab + b_ba
    harmonic = np.divide(2.0 * b_ab * b_ba, total, out=np.zeros_like(total), where=total > 0)
    return (1.0 - one_way) * harmonic + one_way * np.maximum(b_ab, b_ba)


@dataclass
class PairScores:
    """Scores of pairs (a[i], b[i]) and which items met best, as slot numbers 0..MAX_ITEMS-1."""

    a: np.ndarray
    b: np.ndarray
    score: np.ndarray  # float64, rounded to 1e-6 so every backend ranks ties the same
    b_ab: np.ndarray  # what A gains from B
    b_ba: np.ndarray
    a_need_slot: np.ndarray
    b_offer_slot: np.ndarray
    b_need_slot: np.ndarray
    a_offer_slot: np.ndarray

    def __len__(self) -> int:
        return int(self.a.shape[0])

    def take(self, mask: np.ndarray) -> PairScores:
        return PairScores(*(getattr(self, f)[mask] for f in _FIELDS))

    @staticmethod
    def concat(parts: list[PairScores]) -> PairScores:
        if not parts:
            return empty_scores()
        return PairScores(*(np.concatenate([getattr(p, f) for p in parts]) for f in _FIELDS))


_FIELDS = (
    "a",
    "b",
    "score",
    "b_ab",
    "b_ba",
    "a_need_slot",
    "b_offer_slot",
    "b_need_slot",
    "a_offer_slot",
)


def empty_scores() -> PairScores:
    i = np.zeros(0, dtype=np.int64)
    f = np.zeros(0, dtype=np.float64)
    return PairScores(i, i, f, f, f, i, i, i, i)


_WEIGHTS = weight_table()
_PLACE_BOUND = place_bound_rows()


def _best_match(
    vecs: np.ndarray, needs: np.ndarray, offers: np.ndarray, weights: np.ndarray | None = None
) -> tuple[np.ndarray, ...]:
    """Best cosine between any need item (rows of `needs`) and any offer item, per pair; with
    `weights` (P, M, M') each cosine is scaled by how well the two intents fit."""
    need_vecs = vecs[needs]  # (P, M, d)
    offer_vecs = vecs[offers]
    cos = np.matmul(need_vecs, offer_vecs.transpose(0, 2, 1))  # (P, M, M)
    if weights is not None:
        cos = cos * weights
    m = cos.shape[2]
    flat = cos.reshape(cos.shape[0], -1)
    best = flat.argmax(axis=1)
    return flat[np.arange(flat.shape[0]), best], best // m, best % m


def tag_jaccard(tags: csr_array, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    shared = np.asarray(tags[a].multiply(tags[b]).sum(axis=1), dtype=np.float64).ravel()
    sizes = np.asarray(tags.sum(axis=1), dtype=np.float64).ravel()
    union = sizes[a] + sizes[b] - shared
    return np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)


def intent_weights(intents: ItemIntents, needer: np.ndarray, giver: np.ndarray) -> np.ndarray:
    """(P, M, 2M) weights of the needer's need items against the giver's giving items: intent
    compatibility, and zero for a job or hire whose members' places do not fit."""
    need = intents.need[needer]  # (P, M)
    give = intents.give[giver]  # (P, 2M)
    weights = _WEIGHTS[need[:, :, None], give[:, None, :]]
    far = ~intents.places_fit(needer, giver)
    blocked = _PLACE_BOUND[need][:, :, None] & far[:, None, None]
    return np.where(blocked, 0.0, weights).astype(np.float32)


def score_pairs(vectors: MemberVectors, a: np.ndarray, b: np.ndarray) -> PairScores:
    """Score the pairs (a[i], b[i]); the work is split into fixed-size chunks, so the same pairs
    give bit-identical scores however the caller partitions them."""
    parts = []
    for start in range(0, len(a), PAIR_CHUNK):
        pa, pb = a[start : start + PAIR_CHUNK], b[start : start + PAIR_CHUNK]
        w_ab = w_ba = None
        if vectors.intents is not None:
            w_ab = intent_weights(vectors.intents, pa, pb)
            w_ba = intent_weights(vectors.intents, pb, pa)
        cos_ab, a_need, b_offer = _best_match(
            vectors.item_vecs, vectors.need_items[pa], vectors.offer_items[pb], w_ab
        )
        cos_ba, b_need, a_offer = _best_match(
            vectors.item_vecs, vectors.need_items[pb], vectors.offer_items[pa], w_ba
        )
        b_ab = benefit_from_cosine(cos_ab.astype(np.float64))
        b_ba = benefit_from_cosine(cos_ba.astype(np.float64))
        score = mutual_score(b_ab, b_ba)
        if vectors.tags is not None:
            score = score * (1.0 + TAG_BOOST * tag_jaccard(vectors.tags, pa, pb))
        score = np.round(score, 6)
        parts.append(
            PairScores(
                pa.astype(np.int64),
                pb.astype(np.int64),
                score,
                b_ab,
                b_ba,
                a_need,
                b_offer,
                b_need,
                a_offer,
            )
        )
    return PairScores.concat(parts)
