from __future__ import annotations

from datetime import UTC, datetime

import pytest

from altruist.domain import Birthday, Identity, IdentityKind, Interaction, InteractionKind, Person
from altruist.errors import NotFoundError
from altruist.store import Store
from altruist.store import interactions as interactions_repo
from altruist.store import people as people_repo


def test_person_round_trips_with_umlauts_and_birthday_without_year(any_store: Store) -> None:
    with any_store.transaction() as conn:
        added = people_repo.add(
            conn,
            Person(
                name="Jürgen Müßig",
                company="Bäckerei Öztürk",
                birthday=Birthday(2, 29),
                tags=["alumni"],
            ),
        )
    with any_store.read() as conn:
        loaded = people_repo.get(conn, added.id or 0)
    assert loaded.name == "Jürgen Müßig"
    assert loaded.company == "Bäckerei Öztürk"
    assert loaded.birthday == Birthday(2, 29)
    assert loaded.tags == ["alumni"]


def test_identity_is_unique_per_kind_and_value(any_store: Store) -> None:
    with any_store.transaction() as conn:
        p = people_repo.add(conn, Person(name="Ada"))
        people_repo.add_identity(conn, Identity(p.id or 0, IdentityKind.EMAIL, "ada@example.org"))
    with any_store.read() as conn:
        assert people_repo.find_by_identity(conn, IdentityKind.EMAIL, "ada@example.org") == p.id
        assert people_repo.find_by_identity(conn, IdentityKind.EMAIL, "nobody@example.org") is None


def test_failed_transaction_leaves_nothing_behind(any_store: Store) -> None:
    with pytest.raises(RuntimeError), any_store.transaction() as conn:
        people_repo.add(conn, Person(name="Half written"))
        raise RuntimeError("process died mid-way")
    with any_store.read() as conn:
        assert people_repo.count(conn) == 0


def test_deleting_a_person_removes_their_interactions(any_store: Store) -> None:
    at = datetime(2026, 1, 5, tzinfo=UTC)
    with any_store.transaction() as conn:
        p = people_repo.add(conn, Person(name="Bea"))
        interactions_repo.add(conn, Interaction(p.id or 0, InteractionKind.CALL, at))
        people_repo.delete_person(conn, p.id or 0)
    with any_store.read() as conn:
        assert interactions_repo.last_contact(conn) == {}
        with pytest.raises(NotFoundError):
            people_repo.get(conn, p.id or 0)


def test_interaction_dedup_key_makes_reimport_idempotent(any_store: Store) -> None:
    at = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
    with any_store.transaction() as conn:
        p = people_repo.add(conn, Person(name="Cem"))
        first = interactions_repo.add(
            conn, Interaction(p.id or 0, InteractionKind.MESSAGE, at), dedup_key="m1"
        )
        second = interactions_repo.add(
            conn, Interaction(p.id or 0, InteractionKind.MESSAGE, at), dedup_key="m1"
        )
    assert (first, second) == (True, False)
    with any_store.read() as conn:
        assert interactions_repo.last_contact(conn)[p.id or 0] == at
