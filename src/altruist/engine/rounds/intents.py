"""Direction and place in connector rounds: the one matcher's rules (engine/need_offer.py) on
members' need and offer items (issue 15).

Each item is read by the reader (understand/reader.py) on the vectors the round computed anyway.
A member's "giving side" is their offers *and* their needs, so a job seeker and a hiring manager
each meet the other's need, while two hiring managers meet nothing: the weight of a need item
against a giving item is COMPATIBLE[need intent][giving intent]. A job or hire match also needs
compatible places (understand/place.py) of the two members.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from altruist.engine.rounds.model import Member
from altruist.understand.intents import (
    COMPATIBLE,
    PLACE_BOUND,
    Intent,
    column_intent,
    topic_of,
)
from altruist.understand.place import place_of
from altruist.understand.reader import LABELS, features, shipped_models

PAD = len(LABELS)  # the intent index of an empty slot


def weight_table() -> np.ndarray:
    """(labels + 1)² weights: row = need intent, column = giving intent; the pad row/column 0."""
    table = np.zeros((PAD + 1, PAD + 1), dtype=np.float32)
    for need, targets in COMPATIBLE.items():
        for give, weight in targets.items():
            table[LABELS.index(need), LABELS.index(give)] = weight
    return table


def place_bound_rows() -> np.ndarray:
    rows = np.zeros(PAD + 1, dtype=bool)
    for intent in PLACE_BOUND:
        rows[LABELS.index(intent)] = True
    return rows


def item_probabilities(texts: Sequence[str], vecs: np.ndarray, *, embeddings: bool) -> np.ndarray:
    if not texts:
        return np.zeros((0, len(LABELS)), dtype=np.float32)
    model = shipped_models()["full" if embeddings else "cues"]
    return model.probabilities(features(list(texts), vecs if embeddings else None))


@dataclass
class ItemIntents:
    """Per member and slot: the need items' intents (n, M) and the giving items' (n, 2M), plus
    each member's place as codes (city, region; −1 unknown) and a remote/relocate flag."""

    need: np.ndarray
    give: np.ndarray
    city: np.ndarray
    region: np.ndarray
    flexible: np.ndarray
    read: list[Intent] | None = None  # each unique item text's intent, as the reader read it

    def places_fit(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return np.asarray(
            self.flexible[a]
            | self.flexible[b]
            | (self.city[a] < 0)
            | (self.city[b] < 0)
            | (self.region[a] == self.region[b])
        )


def item_intents(
    members: Sequence[Member],
    texts: Sequence[str],
    need_items: np.ndarray,
    offer_items: np.ndarray,
    item_vecs: np.ndarray,
    *,
    embeddings: bool,
) -> ItemIntents:
    probs = item_probabilities(texts, item_vecs[: len(texts)], embeddings=embeddings)
    read = [LABELS[int(i)] for i in probs.argmax(axis=1)]
    for (_, _), item in np.ndenumerate(need_items):  # a job search under needs, read as such
        if item < len(read) and read[item] is Intent.NONE:
            read[item] = column_intent(probs[item], need=True)

    def codes(items: np.ndarray, *, need: bool) -> np.ndarray:
        out = np.full(items.shape, PAD, dtype=np.int64)
        for (i, s), item in np.ndenumerate(items):
            if item < len(read):
                out[i, s] = LABELS.index(column_intent(probs[item], need=need))
        return out

    places = [place_of(f"{m.needs} {m.offers}", m.city) for m in members]
    cities = sorted({p.city for p in places if p.city})
    regions = sorted({p.region for p in places if p.region})
    return ItemIntents(
        need=codes(need_items, need=True),
        give=np.hstack([codes(offer_items, need=False), codes(need_items, need=True)]),
        city=np.array([cities.index(p.city) if p.city else -1 for p in places]),
        region=np.array([regions.index(p.region) if p.region else -2 for p in places]),
        flexible=np.array([p.remote or p.relocate for p in places], dtype=bool),
        read=read,
    )


def with_topic_vectors(
    item_vecs: np.ndarray,
    texts: Sequence[str],
    read: Sequence[Intent],
    embed: Callable[[list[str]], np.ndarray],
) -> np.ndarray:
    """Job and hire items compared by their topic (the role), not their whole wording: "Hiring
    a nurse for our team in Hamburg" and "Hiring a project manager for our team in Hamburg" are
    near-identical sentences, yet only the role decides which job seeker fits. Only these items
    are embedded a second time (topic_of strips the intent words, understand/intents.py)."""
    rows = [i for i, intent in enumerate(read) if intent in PLACE_BOUND]
    if not rows:
        return item_vecs
    out = item_vecs.copy()
    out[rows] = embed([topic_of(texts[i]) for i in rows])
    return out
