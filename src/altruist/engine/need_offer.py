"""benefit(A→B): how well B meets A's needs — B's offers, or B's own complementary need (a job
seeker and a hiring manager each fulfil the other's need).

A match needs compatible intents (understand/intents.py) and a similar topic; the score is
intent weight × topic similarity. Computed in blocks with a top-k per need, so 30,000 people
never build a dense people×people matrix.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from altruist.domain import Facet, FacetKind
from altruist.store import Store
from altruist.understand.embedder import Embedder
from altruist.understand.intents import COMPATIBLE, Intent, understand
from altruist.understand.vectors import embed_cached

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


def match_needs(
    store: Store,
    embedder: Embedder,
    facets: Sequence[Facet],
    *,
    top_k: int = 20,
    min_similarity: float = 0.3,
) -> dict[tuple[int, int], Match]:
    understood = [understand(f.text) for f in facets]
    vectors = embed_cached(store, embedder, [u.topic for u in understood]) if facets else None
    by_side: dict[tuple[FacetKind, Intent], list[int]] = {}
    for i, (facet, u) in enumerate(zip(facets, understood, strict=True)):
        by_side.setdefault((facet.kind, u.intent), []).append(i)
    best: dict[tuple[int, int], Match] = {}
    for intent, targets in COMPATIBLE.items():
        needs = by_side.get((FacetKind.NEED, intent), [])
        if not needs or vectors is None:
            continue
        cols = [i for side in targets for i in by_side.get(side, [])]
        if not cols:
            continue
        weights = np.array(
            [targets[(facets[i].kind, understood[i].intent)] for i in cols], dtype=np.float32
        )
        owners = np.array([facets[i].person_id for i in cols])
        target_vecs = vectors[cols]
        k = min(top_k, len(cols))
        for start in range(0, len(needs), BLOCK):
            rows = needs[start : start + BLOCK]
            scores = (vectors[rows] @ target_vecs.T) * weights
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
                        best[key] = Match(
                            need.person_id,
                            helper,
                            score,
                            need.text,
                            other.text,
                            other.kind is FacetKind.NEED,
                        )
    return best
