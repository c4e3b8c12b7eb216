from __future__ import annotations

from altruist.domain import Facet, FacetKind, Person
from altruist.engine.introductions.suggest import mutual_score, score_pairs
from altruist.engine.need_offer import match_needs
from altruist.store import Store
from altruist.store import people as people_repo
from altruist.understand.embedder import FakeEmbedder


def _people(store: Store, n: int) -> list[int]:
    with store.transaction() as conn:
        return [people_repo.add(conn, Person(name=f"P{i}")).id or 0 for i in range(n)]


def test_job_seeker_meets_recruiter_but_two_recruiters_do_not(sqlite_store: Store) -> None:
    seeker, recruiter, other_recruiter = _people(sqlite_store, 3)
    facets = [
        Facet(seeker, FacetKind.NEED, "looking for a data engineer role in Hamburg"),
        Facet(recruiter, FacetKind.NEED, "hiring a data engineer for a Hamburg client"),
        Facet(other_recruiter, FacetKind.OFFER, "we are hiring data engineers in Hamburg"),
        Facet(other_recruiter, FacetKind.NEED, "hiring a data engineer in Hamburg"),
    ]
    matches = match_needs(sqlite_store, FakeEmbedder(), facets, min_similarity=0.1)
    assert (seeker, recruiter) in matches
    assert (recruiter, seeker) in matches
    assert (seeker, other_recruiter) in matches
    assert (recruiter, other_recruiter) not in matches
    assert (other_recruiter, recruiter) not in matches


def test_advice_need_matches_knowledge_offer_on_topic_only(sqlite_store: Store) -> None:
    asker, expert, stranger = _people(sqlite_store, 3)
    facets = [
        Facet(asker, FacetKind.NEED, "needs advice on PostgreSQL query performance"),
        Facet(expert, FacetKind.OFFER, "advice on PostgreSQL query performance tuning"),
        Facet(stranger, FacetKind.OFFER, "advice on watercolour painting for beginners"),
    ]
    matches = match_needs(sqlite_store, FakeEmbedder(), facets, min_similarity=0.3)
    assert (asker, expert) in matches
    assert (asker, stranger) not in matches


def test_mutual_benefit_beats_one_way_and_known_pairs_are_skipped(sqlite_store: Store) -> None:
    assert mutual_score(0.6, 0.6) > mutual_score(0.6, 0.0)
    assert mutual_score(0.9, 0.0) > mutual_score(0.3, 0.3)  # strong one-way help still counts
    a, b, c = _people(sqlite_store, 3)
    facets = [
        Facet(a, FacetKind.NEED, "advice on kubernetes operations"),
        Facet(b, FacetKind.OFFER, "advice on kubernetes operations"),
        Facet(c, FacetKind.OFFER, "advice on kubernetes operations at scale"),
    ]
    matches = match_needs(sqlite_store, FakeEmbedder(), facets, min_similarity=0.1)
    pairs = score_pairs(matches, known={(min(a, b), max(a, b))})
    assert [(p.a, p.b) for p in pairs] == [(min(a, c), max(a, c))]
