"""What the user enters by hand (issue 16), on SQLite and PostgreSQL: contacts through the
import's identity rules with `manual` provenance, logged interactions that reset keep-in-touch,
deleting with everything only about the person."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, select

from altruist.domain import (
    Birthday,
    Interaction,
    InteractionKind,
    Person,
    SuggestionKind,
)
from altruist.engine.care import suggest as care
from altruist.errors import NotFoundError
from altruist.ingest import by_hand
from altruist.ingest.by_hand import ContactInput, InvalidFields
from altruist.store import Store
from altruist.store import interactions as interactions_repo
from altruist.store import people as people_repo
from altruist.store import relations as relations_repo
from altruist.store import reminders as reminders_repo
from altruist.store.schema import field_values, merges, suggestions
from tests.care.conftest import ctx_at

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def _values(store: Store, person_id: int) -> list[tuple[str, str, str | None]]:
    with store.read() as conn:
        rows = conn.execute(
            select(field_values.c.name, field_values.c.value, field_values.c.source_file).where(
                field_values.c.person_id == person_id
            )
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


def test_a_contact_added_by_hand_is_stored_with_manual_provenance(any_store: Store) -> None:
    added = by_hand.add_contact(
        any_store,
        ContactInput(
            name="Jürgen Weiß",
            emails=["Juergen.Weiss@Example.org"],
            phones=["0171 2345678"],
            company="Bäckerei Groß",
            birthday="05.12.1975",
        ),
        now=NOW,
    )
    assert added.outcome == "added"
    with any_store.read() as conn:
        person = people_repo.get(conn, added.person_id)
        ids = {
            (str(i.kind), i.value, i.source)
            for i in people_repo.identities_of(conn, person.id or 0)
        }
    assert person.name == "Jürgen Weiß" and person.company == "Bäckerei Groß"
    assert person.birthday == Birthday(12, 5, 1975)
    # Identities name their source as imports do (file:line); the file of a hand entry is manual.
    assert ("email", "juergen.weiss@example.org", "manual:1") in ids
    assert ("phone", "+491712345678", "manual:1") in ids
    assert ("company", "Bäckerei Groß", "manual") in _values(any_store, added.person_id)


def test_a_shared_email_never_fuses_differently_named_people(any_store: Store) -> None:
    first = by_hand.add_contact(
        any_store,
        ContactInput(name="Anna Schmidt", emails=["familie.schmidt@example.org"]),
        now=NOW,
    )
    second = by_hand.add_contact(
        any_store,
        ContactInput(name="Peter Schmidt", emails=["familie.schmidt@example.org"]),
        now=NOW,
    )
    assert second.outcome == "added" and second.person_id != first.person_id
    with any_store.read() as conn:
        assert people_repo.count(conn) == 2
        for pid in (first.person_id, second.person_id):
            (email,) = people_repo.identities_of(conn, pid)
            assert email.shared, "the address is evidence on both, marked shared"


def test_the_same_person_typed_again_joins_them_as_an_undoable_merge(any_store: Store) -> None:
    with any_store.transaction() as conn:
        known = people_repo.add(conn, Person(name="Maria Keller", company="Acme"))
        from altruist.domain import Identity, IdentityKind

        people_repo.add_identity(
            conn,
            Identity(known.id or 0, IdentityKind.EMAIL, "maria.keller@example.org", "linkedin.csv"),
        )
    added = by_hand.add_contact(
        any_store,
        ContactInput(name="Maria Keller", emails=["maria.keller@example.org"], city="Köln"),
        now=NOW,
    )
    assert added.outcome == "merged" and added.person_id == known.id
    with any_store.read() as conn:
        assert people_repo.count(conn) == 1
        assert people_repo.get(conn, known.id or 0).city == "Köln"
        assert conn.execute(select(merges.c.kept_id)).scalars().all() == [known.id]


def test_bad_fields_are_named_and_nothing_is_stored(any_store: Store) -> None:
    with pytest.raises(InvalidFields) as caught:
        by_hand.add_contact(
            any_store,
            ContactInput(name=" ", emails=["anna@"], phones=["call me"], birthday="31.02.1980"),
            now=NOW,
        )
    assert set(caught.value.errors) == {"name", "email", "phone", "birthday"}
    with any_store.read() as conn:
        assert people_repo.count(conn) == 0


def test_an_edit_by_hand_is_recorded_and_a_known_address_is_shared_not_fused(
    any_store: Store,
) -> None:
    a = by_hand.add_contact(
        any_store, ContactInput(name="Lena Vogel", emails=["team@example.org"]), now=NOW
    )
    b = by_hand.add_contact(any_store, ContactInput(name="Tom Krause"), now=NOW)
    by_hand.edit_contact(
        any_store,
        b.person_id,
        {"company": "Vogel & Krause GmbH"},
        emails=["team@example.org"],
        now=NOW,
    )
    assert ("company", "Vogel & Krause GmbH", "manual") in _values(any_store, b.person_id)
    with any_store.read() as conn:
        assert people_repo.count(conn) == 2
        held = [people_repo.identities_of(conn, pid) for pid in (a.person_id, b.person_id)]
    assert all(ids[0].value == "team@example.org" and ids[0].shared for ids in held)
    with pytest.raises(InvalidFields) as caught:
        by_hand.edit_contact(any_store, b.person_id, {}, phones=["no number"], now=NOW)
    assert set(caught.value.errors) == {"phone"}


def test_a_logged_call_resets_keep_in_touch(any_store: Store) -> None:
    with any_store.transaction() as conn:
        person = people_repo.add(conn, Person(name="Ida Berg", cadence_days=14))
        interactions_repo.add(
            conn, Interaction(person.id or 0, InteractionKind.MESSAGE, NOW - timedelta(days=60))
        )
    ctx = ctx_at(any_store, NOW)

    def check_ins() -> list[list[int]]:
        return [s.person_ids for s in care.suggest(ctx) if s.kind is SuggestionKind.CHECK_IN]

    assert [person.id] in check_ins()
    logged = by_hand.log_interaction(
        any_store,
        person.id or 0,
        kind="call",
        day="",
        note="Über den Umzug nach Leipzig gesprochen",
        direction="out",
        now=NOW,
        timezone="Europe/Berlin",
    )
    assert logged.occurred_at == NOW
    assert [person.id] not in check_ins()
    with any_store.read() as conn:
        (latest, _old) = interactions_repo.for_person(conn, person.id or 0)
    assert latest.summary == "Über den Umzug nach Leipzig gesprochen"
    assert latest.kind is InteractionKind.CALL and str(latest.direction) == "out"
    assert latest.source == "manual"


def test_a_log_names_its_bad_fields(any_store: Store) -> None:
    with any_store.transaction() as conn:
        person = people_repo.add(conn, Person(name="Ida Berg"))
    with pytest.raises(InvalidFields) as caught:
        by_hand.log_interaction(
            any_store, person.id or 0, kind="fax", day="12.13.2026", note="", now=NOW
        )
    assert set(caught.value.errors) == {"kind", "date"}
    with pytest.raises(InvalidFields) as caught:
        by_hand.log_interaction(
            any_store, person.id or 0, kind="note", day="01.01.2027", note="", now=NOW
        )
    assert caught.value.errors == {"date": by_hand.DATE_FUTURE, "note": by_hand.TEXT_MISSING}
    # A German date of an earlier day is stored at that day's local noon.
    item = by_hand.log_interaction(
        any_store,
        person.id or 0,
        kind="meeting",
        day="20.11.2026",
        note="Kaffee",
        now=NOW,
        timezone="Europe/Berlin",
    )
    assert item.occurred_at == datetime(2026, 11, 20, 11, 0, tzinfo=UTC)


def test_two_meetings_logged_by_hand_at_one_time_are_not_one_event(any_store: Store) -> None:
    with any_store.transaction() as conn:
        a = people_repo.add(conn, Person(name="A B"))
        b = people_repo.add(conn, Person(name="C D"))
    for person in (a, b):
        by_hand.log_interaction(any_store, person.id or 0, kind="meeting", day="", note="", now=NOW)
    with any_store.read() as conn:
        assert interactions_repo.co_attended_pairs(conn) == set()


def test_delete_says_what_goes_and_removes_it(any_store: Store) -> None:
    a = by_hand.add_contact(
        any_store, ContactInput(name="Eva Roth", emails=["eva@example.org"]), now=NOW
    )
    b = by_hand.add_contact(any_store, ContactInput(name="Jan Roth"), now=NOW)
    by_hand.log_interaction(any_store, a.person_id, kind="note", day="", note="mag Jazz", now=NOW)
    with any_store.transaction() as conn:
        relations_repo.add(conn, a.person_id, b.person_id, "family")
        reminders_repo.add(conn, "Buch zurückgeben", NOW.date(), person_id=a.person_id)
        assert by_hand.what_goes(conn, a.person_id) == {
            "identities": 1,
            "interactions": 1,
            "facets": 0,
            "ledger": 0,
            "relations": 1,
            "reminders": 1,
            "suggestions": 0,
        }
    name, gone = by_hand.delete_contact(any_store, a.person_id)
    assert name == "Eva Roth" and gone["reminders"] == 1
    with any_store.read() as conn:
        with pytest.raises(NotFoundError):
            people_repo.get(conn, a.person_id)
        assert reminders_repo.open_reminders(conn) == []
        assert relations_repo.of_person(conn, b.person_id) == []
        assert people_repo.get(conn, b.person_id).name == "Jan Roth"


def test_what_goes_counts_the_deeds_that_name_the_person_and_no_others(any_store: Store) -> None:
    """The count reads only deeds whose stored list holds the id: 2 is not inside [12] or [21]."""
    with any_store.transaction() as conn:
        ids = [people_repo.add(conn, Person(name=f"Person {n}")).id or 0 for n in range(25)]
        two, twelve, twenty_one = ids[1], ids[11], ids[20]
        lists = [
            [two],
            [two, twelve],
            [twelve, two],
            [twelve, two, twenty_one],
            [twelve],
            [twenty_one, twelve],
            [],
        ]
        conn.execute(
            insert(suggestions),
            [
                {
                    "kind": "check_in",
                    "key": f"test:{n}",
                    "title": "t",
                    "reason": "r",
                    "person_ids": people,
                    "created_at": NOW,
                    "updated_at": NOW,
                }
                for n, people in enumerate(lists)
            ],
        )
        assert by_hand.what_goes(conn, two)["suggestions"] == 4
        assert by_hand.what_goes(conn, twelve)["suggestions"] == 5
        assert by_hand.what_goes(conn, ids[0])["suggestions"] == 0
