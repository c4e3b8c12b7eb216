"""benefit(A→B): how well B meets A's needs — B's offers, or B's own complementary need (a job
seeker and a hiring manager each fulfil the other's need). The one matcher behind introductions
and connector rounds (issue 15).

Each facet is read by the reader (understand/reader.py) for its intent; a match needs compatible
intents (understand/intents.py COMPATIBLE — direction matters, two hiring managers never match),
compatible places for a job or hire (understand/place.py: same city or region, remote, or willing
to relocate) and a similar topic; the score is intent weight × topic similarity. Computed in
blocks with a top-k per need, so 30,000 people never build a dense people×people matrix.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from altruist.domain import Facet, FacetKind, Person
from altruist.store import Store
from altruist.understand.embedder import Embedder
from altruist.understand.intents import (
    COMPATIBLE,
    PLACE_BOUND,
    Intent,
    column_intent,
    topic_of,
)
from altruist.understand.place import Place, PlaceFit, fit, place_of
from altruist.understand.reader import LABELS, Reader
from altruist.understand.vectors import CachedEmbedder, embed_cached

BLOCK = 1024


@dataclass(frozen=True)
class Match:
    """The best match for the ordered pair: `needer`'s need met by `helper`'s facet."""

    needer: int
    helper: int
    similarity: float
    need: str
    offer: str  # the helper's facet text (an offer, or a complementary need)
    offer_is_need: bool = False
    place: PlaceFit | None = None  # for a job or hire match: why the places fit


def facet_intents(facets: Sequence[Facet], reader: Reader) -> list[Intent]:
    """The reader's intent of each facet, by the same rule as a round member's items
    (understand/intents.py `column_intent`): the stored kind decides the direction. A facet read
    for the other side counts as knowledge offered or sought, and a facet read as stating nothing
    gets the likeliest intent of its kind's side ("eine Data-Engineer-Stelle in Hamburg" stated
    as a need is a job search, not a question about data engineering).

    Only with the embedding model: the cue-only reader (forwards, drafts, the `fake` embedder)
    has no evidence in a bare topic ("Kubernetes"), so its likeliest side intent is its prior —
    on the demo network it turned 171 of the knowledge offers into freelance work. There a
    facet read as nothing stays knowledge of its side (docs/design.md)."""
    probs = reader.probabilities([f.text for f in facets])
    out: list[Intent] = []
    for facet, p in zip(facets, probs, strict=True):
        need = facet.kind is FacetKind.NEED
        if not reader.uses_embeddings and LABELS[int(p.argmax())] is Intent.NONE:
            out.append(Intent.KNOWLEDGE_NEED if need else Intent.KNOWLEDGE_OFFER)
        else:
            out.append(column_intent(p, need=need))
    return out


class _Places:
    """Places as integer arrays, so a block of needs × helpers is checked at once."""

    def __init__(self, places: Sequence[Place]) -> None:
        cities = sorted({p.city for p in places if p.city})
        regions = sorted({p.region for p in places if p.region})
        self.city = np.array([cities.index(p.city) if p.city else -1 for p in places])
        self.region = np.array([regions.index(p.region) if p.region else -2 for p in places])
        self.flexible = np.array([p.remote or p.relocate for p in places])
        self.places = places

    def compatible(self, rows: list[int], cols: list[int]) -> np.ndarray:
        r, c = np.array(rows)[:, None], np.array(cols)[None, :]
        return np.asarray(
            self.flexible[r]
            | self.flexible[c]
            | (self.city[r] < 0)
            | (self.city[c] < 0)
            | (self.region[r] == self.region[c])
        )


def match_needs(
    store: Store,
    embedder: Embedder,
    facets: Sequence[Facet],
    *,
    people: Mapping[int, Person] | None = None,
    top_k: int = 20,
    min_similarity: float = 0.3,
) -> dict[tuple[int, int], Match]:
    """Best match per ordered pair (needer, helper); `people` gives each facet a home city."""
    if not facets:
        return {}
    intents = facet_intents(facets, Reader(CachedEmbedder(store, embedder)))
    vectors = embed_cached(store, embedder, [topic_of(f.text) for f in facets])
    homes = {pid: p.city for pid, p in (people or {}).items()}
    places = [place_of(f.text, homes.get(f.person_id)) for f in facets]
    grid = _Places(places)
    by_intent: dict[Intent, list[int]] = {}
    for i, intent in enumerate(intents):
        by_intent.setdefault(intent, []).append(i)
    best: dict[tuple[int, int], Match] = {}
    for intent, targets in COMPATIBLE.items():
        needs = by_intent.get(intent, [])
        cols = [i for target in targets for i in by_intent.get(target, [])]
        if not needs or not cols:
            continue
        weights = np.array([targets[intents[i]] for i in cols], dtype=np.float32)
        owners = np.array([facets[i].person_id for i in cols])
        target_vecs = vectors[cols]
        k = min(top_k, len(cols))
        for start in range(0, len(needs), BLOCK):
            rows = needs[start : start + BLOCK]
            scores = (vectors[rows] @ target_vecs.T) * weights
            if intent in PLACE_BOUND:
                scores = np.where(grid.compatible(rows, cols), scores, -1.0)
            top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
            for r, picks in enumerate(top):
                need = facets[rows[r]]
                for c in picks:
                    score = float(scores[r, c])
                    helper = int(owners[c])
                    if score < min_similarity or helper == need.person_id:
                        continue
                    key = (need.person_id, helper)
                    if key not in best or best[key].similarity < score:
                        other = facets[cols[c]]
                        where = (
                            fit(places[rows[r]], places[cols[c]]) if intent in PLACE_BOUND else None
                        )
                        best[key] = Match(
                            need.person_id,
                            helper,
                            score,
                            need.text,
                            other.text,
                            other.kind is FacetKind.NEED,
                            where,
                        )
    return best
