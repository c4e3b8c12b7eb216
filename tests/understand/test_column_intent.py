"""A facet the reader reads as stating nothing takes the likeliest intent of its side — the same
rule for stated facets (engine/need_offer.facet_intents) and round items (issue 15, third pass)."""

from __future__ import annotations

import numpy as np
import pytest

from altruist.domain import Facet, FacetKind, Person
from altruist.engine.need_offer import facet_intents, match_needs
from altruist.store import Store
from altruist.store import people as people_repo
from altruist.understand.embedder import get_embedder
from altruist.understand.intents import Intent, column_intent
from altruist.understand.reader import LABELS, Reader


def _probs(**weights: float) -> np.ndarray:
    p = np.full(len(LABELS), 0.01)
    for name, value in weights.items():
        p[LABELS.index(Intent(name.replace("_", "-")))] = value
    return p / p.sum()


def test_none_takes_the_likeliest_intent_of_the_side() -> None:
    probs = _probs(none=0.5, job=0.2, freelancer=0.25, knowledge_offer=0.05)
    assert column_intent(probs, need=True) is Intent.JOB
    assert column_intent(probs, need=False) is Intent.FREELANCER


def test_other_side_counts_as_knowledge_and_own_side_is_kept() -> None:
    funding_read = _probs(funding=0.7, investing=0.1)
    assert column_intent(funding_read, need=False) is Intent.KNOWLEDGE_OFFER
    assert column_intent(funding_read, need=True) is Intent.FUNDING
    hire_read = _probs(hire=0.8)  # hiring reads the same as a need or an offer
    assert column_intent(hire_read, need=False) is Intent.HIRE


@pytest.mark.realmodel
def test_bare_job_search_stated_as_need_meets_a_hiring_manager(sqlite_store: Store) -> None:
    with sqlite_store.transaction() as conn:
        seeker, employer = (people_repo.add(conn, Person(name=n)).id or 0 for n in ("S", "E"))
    bare = Facet(seeker, FacetKind.NEED, "eine Data-Engineer-Stelle in Hamburg")
    embedder = get_embedder("use")
    reader = Reader(embedder)
    assert reader.read_one(bare.text).intent is Intent.NONE  # the premise of this test
    [intent] = facet_intents([bare], reader)
    assert intent is Intent.JOB
    assert intent is column_intent(reader.probabilities([bare.text])[0], need=True)
    hiring = Facet(employer, FacetKind.NEED, "Wir stellen Data Engineers in Hamburg ein")
    matches = match_needs(sqlite_store, embedder, [bare, hiring], min_similarity=0.1)
    assert (seeker, employer) in matches
    assert (employer, seeker) in matches


def test_cue_only_reader_keeps_a_bare_topic_as_knowledge() -> None:
    """Without embeddings a bare topic carries no evidence: it stays knowledge of its side."""
    reader = Reader()
    facets = [Facet(1, FacetKind.OFFER, "Kubernetes"), Facet(2, FacetKind.NEED, "Kubernetes")]
    assert reader.read_one("Kubernetes").intent is Intent.NONE  # the premise of this test
    assert facet_intents(facets, reader) == [Intent.KNOWLEDGE_OFFER, Intent.KNOWLEDGE_NEED]
