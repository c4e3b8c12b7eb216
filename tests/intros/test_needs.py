"""Deriving needs and offers from headlines, notes, positions and group questions."""

from __future__ import annotations

from datetime import UTC, datetime

from altruist.domain import Facet, FacetKind, Group, Language, Person, Post
from altruist.ingest.merge import merge_people, unmerge
from altruist.store import Store
from altruist.store import facets as facets_repo
from altruist.store import groups as groups_repo
from altruist.store import people as people_repo
from altruist.understand.intents import Intent
from altruist.understand.needs import derive_facets, refresh_derived, remove_facet
from altruist.understand.reader import Reader


def classify(text: str) -> Intent:
    return Reader().read_one(text).intent


def _facts(facets: list[Facet]) -> set[tuple[str, str, str]]:
    return {(str(f.kind), f.text, f.source) for f in facets}


def test_german_headline_notes_and_position() -> None:
    anna = Person(
        name="Anna Schmidt",
        id=1,
        language=Language.DE,
        position="Gründerin & CEO",
        company="Flink GmbH",
        headline="Suche Mitgründer für ein Climate-Tech-Startup | #OpenToWork",
        notes="Wir stellen ein: zwei Werkstudenten im Marketing. Ich helfe gern bei Förderanträgen.",
    )
    facets = derive_facets(anna)
    assert _facts(facets) == {
        ("need", "Suche Mitgründer für ein Climate-Tech-Startup", "derived:headline"),
        ("need", "sucht eine neue Stelle als Gründerin & CEO", "derived:headline"),
        # A hiring manager *needs* an employee (issue 15): the kind follows the intent.
        ("need", "Wir stellen ein: zwei Werkstudenten im Marketing.", "derived:notes"),
        ("offer", "Ich helfe gern bei Förderanträgen.", "derived:notes"),
        ("offer", "Gründungserfahrung (hat Flink GmbH gegründet)", "derived:position"),
    }
    confidence = {f.source: f.confidence for f in facets}
    assert confidence["derived:headline"] == 0.9
    assert confidence["derived:position"] < confidence["derived:notes"]
    by_text = {f.text: f for f in facets}
    # The texts are worded so the intent model reads them right (a co-founder search, a job).
    assert classify("Suche Mitgründer für ein Climate-Tech-Startup") is Intent.COFOUNDER
    assert classify(by_text["sucht eine neue Stelle als Gründerin & CEO"].text) is Intent.JOB
    assert (
        classify(by_text["Wir stellen ein: zwei Werkstudenten im Marketing."].text) is Intent.HIRE
    )


def test_english_statements_recruiter_and_senior_stack() -> None:
    ben = Person(
        name="Ben Carter",
        id=2,
        language=Language.EN,
        position="Talent Acquisition Partner",
        company="Acme",
        headline="We're hiring backend engineers in Berlin",
        notes="Looking for a mentor in product management.\nHappy to help with interview prep.",
    )
    assert _facts(derive_facets(ben)) == {
        ("need", "We're hiring backend engineers in Berlin", "derived:headline"),
        ("need", "Looking for a mentor in product management.", "derived:notes"),
        ("offer", "Happy to help with interview prep.", "derived:notes"),
        ("offer", "recruiting for open roles at Acme", "derived:position"),
    }
    cleo = Person(
        name="Cleo Park",
        id=3,
        language=Language.EN,
        position="Senior Data Engineer",
        headline="Senior Data Engineer | Python, SQL, Airflow | open to work",
    )
    facts = _facts(derive_facets(cleo))
    assert (
        "offer",
        "advice on Python, SQL, Airflow (Senior Data Engineer)",
        "derived:position",
    ) in facts
    assert (
        "need",
        "open to work: looking for a new role as Senior Data Engineer",
        "derived:headline",
    ) in facts


def test_hiring_wording_without_hiring_words_still_reads_as_hiring() -> None:
    eva = Person(
        name="Eva", id=4, language=Language.DE, headline="Wir suchen Verstärkung im Vertrieb"
    )
    [facet] = derive_facets(eva)
    assert facet.kind is FacetKind.NEED
    assert classify(facet.text) is Intent.HIRE
    assert classify(facet.text) is Intent.HIRE


def test_open_questions_are_needs_with_the_post_as_source() -> None:
    dora = Person(name="Dora", id=5, language=Language.EN)
    posts = [
        Post(
            group_id=1,
            id=10,
            title="How do I backfill an Airflow DAG?",
            author_person_id=5,
            posted_at=datetime(2026, 1, 2, tzinfo=UTC),
        ),
        Post(group_id=1, id=11, title="Solved already", author_person_id=5, is_solved=True),
        Post(group_id=1, id=12, title="Someone else's question", author_person_id=6),
    ]
    [need] = derive_facets(dora, posts)
    assert (need.kind, need.text, need.source) == (
        FacetKind.NEED,
        "How do I backfill an Airflow DAG?",
        "derived:post:10",
    )
    assert need.confidence == 0.7


def test_nothing_to_derive_from_plain_people() -> None:
    assert (
        derive_facets(
            Person(name="Plain", id=7, position="Data Engineer", headline="Data Engineer")
        )
        == []
    )


def test_refresh_keeps_stated_and_edited_facets(any_store: Store) -> None:
    with any_store.transaction() as conn:
        ann = people_repo.add(
            conn,
            Person(
                name="Ann",
                language=Language.EN,
                headline="Looking for a Rust mentor",
                position="Head of Platform",
            ),
        )
        group = groups_repo.add(conn, Group(name="Forum", kind="demo", url="https://f.example"))
        groups_repo.upsert_post(
            conn,
            Post(
                group_id=group.id or 0,
                external_id="q1",
                title="Which Kafka client for Go?",
                author_person_id=ann.id,
            ),
        )
        facets_repo.add(conn, Facet(ann.id or 0, FacetKind.OFFER, "knows Kubernetes well"))
        # The person states the same need already: derivation must not repeat it.
        facets_repo.add(conn, Facet(ann.id or 0, FacetKind.NEED, "looking for a Rust mentor"))
    assert refresh_derived(any_store) == 2
    with any_store.read() as conn:
        first = facets_repo.for_person(conn, ann.id or 0)
    assert {(f.text, f.source) for f in first} == {
        ("knows Kubernetes well", "stated"),
        ("looking for a Rust mentor", "stated"),
        ("advice from experience as Head of Platform", "derived:position"),
        ("Which Kafka client for Go?", f"derived:post:{_post_id(any_store)}"),
    }
    derived_offer = next(f for f in first if f.source == "derived:position")
    with any_store.transaction() as conn:
        facets_repo.edit(conn, derived_offer.id or 0, "platform engineering advice, esp. on-call")
    # Run twice: idempotent, and the user's edit wins over the re-derived text.
    refresh_derived(any_store)
    assert refresh_derived(any_store) == 1
    with any_store.read() as conn:
        again = facets_repo.for_person(conn, ann.id or 0)
    texts = sorted(f.text for f in again)
    assert texts == sorted(
        [
            "knows Kubernetes well",
            "looking for a Rust mentor",
            "platform engineering advice, esp. on-call",
            "Which Kafka client for Go?",
        ]
    )


def _post_id(store: Store) -> int:
    with store.read() as conn:
        [post] = groups_repo.posts_of(conn)
    return post.id or 0


def test_refresh_limited_to_some_people_leaves_the_others(sqlite_store: Store) -> None:
    with sqlite_store.transaction() as conn:
        a = people_repo.add(conn, Person(name="A", headline="open to work", position="Designer"))
        b = people_repo.add(conn, Person(name="B", headline="hiring designers at Foo"))
    assert refresh_derived(sqlite_store, [a.id or 0]) == 1
    with sqlite_store.read() as conn:
        assert facets_repo.for_person(conn, b.id or 0) == []
        [need] = facets_repo.for_person(conn, a.id or 0)
    assert need.text == "open to work: looking for a new role as Designer"


def test_a_removed_derived_facet_stays_removed(any_store: Store) -> None:
    # The user removes a wrong derived need and an edited derived offer; re-deriving (after every
    # import) must not bring either back, but a changed headline that says something new counts.
    with any_store.transaction() as conn:
        ben = people_repo.add(
            conn,
            Person(name="Ben", headline="looking for a co-founder", position="Head of Platform"),
        )
    refresh_derived(any_store)
    with any_store.transaction() as conn:
        derived = facets_repo.for_person(conn, ben.id or 0)
        need = next(f for f in derived if f.kind is FacetKind.NEED)
        offer = next(f for f in derived if f.kind is FacetKind.OFFER)
        facets_repo.edit(conn, offer.id or 0, "on-call advice")
        remove_facet(conn, need.id or 0)
        remove_facet(conn, offer.id or 0)
    refresh_derived(any_store)
    refresh_derived(any_store)
    with any_store.read() as conn:
        assert facets_repo.for_person(conn, ben.id or 0) == []
    with any_store.transaction() as conn:
        people_repo.update_fields(conn, ben.id or 0, headline="looking for a Rust mentor")
    refresh_derived(any_store)
    with any_store.read() as conn:
        texts = [f.text for f in facets_repo.for_person(conn, ben.id or 0)]
    assert texts == ["looking for a Rust mentor"]


def test_stated_facet_removal_is_not_remembered(sqlite_store: Store) -> None:
    with sqlite_store.transaction() as conn:
        cy = people_repo.add(conn, Person(name="Cy"))
        stated = facets_repo.add(conn, Facet(cy.id or 0, FacetKind.NEED, "needs a tax adviser"))
        remove_facet(conn, stated.id or 0)
        assert facets_repo.dismissed(conn) == {}


def test_a_removal_moves_with_a_merge_and_back_with_unmerge(sqlite_store: Store) -> None:
    with sqlite_store.transaction() as conn:
        kept = people_repo.add(conn, Person(name="Dana Roth"))
        dup = people_repo.add(conn, Person(name="Dana R.", headline="looking for a co-founder"))
    refresh_derived(sqlite_store)
    with sqlite_store.transaction() as conn:
        [need] = facets_repo.for_person(conn, dup.id or 0)
        remove_facet(conn, need.id or 0)
    result = merge_people(sqlite_store, kept.id or 0, dup.id or 0)
    with sqlite_store.read() as conn:
        assert set(facets_repo.dismissed(conn)) == {kept.id}
    unmerge(sqlite_store, result.merge_id)
    with sqlite_store.read() as conn:
        assert set(facets_repo.dismissed(conn)) == {dup.id}
