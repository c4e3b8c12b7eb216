"""Derivation after an import reads only the people whose text changed (issue 19: one contact
with a 50 MB note made every later import slow). Counted, not timed: which people the reader was
handed. Real imports of real CSV bytes, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest
from sqlalchemy import func, select

from altruist.domain import Facet, Person, Post
from altruist.ingest.importer import import_bytes
from altruist.store import Store
from altruist.store import facets as facets_repo
from altruist.store import people as people_repo
from altruist.store.schema import derived_marks, facets
from altruist.understand import needs
from altruist.understand.reader import Reader

HEADER = "First Name,Last Name,E-mail Address,Company,Job Title,Notes\n"
# A note of a few thousand sentences: reading it is what the incremental derivation avoids.
LONG_NOTE = "Met at the meetup and talked about Leipzig. " * 3_000 + "Looking for a Rust mentor."


def _csv(rows: Sequence[str]) -> bytes:
    return (HEADER + "".join(f"{r}\n" for r in rows)).encode()


FIRST = [
    f'Anna,Groß,anna@example.org,Acme,Data Engineer,"{LONG_NOTE}"',
    "Ben,Klein,ben@example.org,Foo,Recruiter,Wir stellen ein.",
    "Cem,Yıldız,cem@example.org,Bar,Senior Architect,",
]


SRC = needs.SOURCE_NOTES


@pytest.fixture
def derived_ids(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the people the reader derived, in order (the real derivation runs)."""
    seen: list[str] = []
    real: Callable[..., list[Facet]] = needs.derive_facets

    def counting(person: Person, posts: Sequence[Post] = (), reader: Reader | None = None) -> Any:
        seen.append(person.name)
        return real(person, posts, reader)

    monkeypatch.setattr(needs, "derive_facets", counting)
    return seen


def _derived(store: Store) -> int:
    with store.read() as conn:
        return int(
            conn.execute(
                select(func.count()).select_from(facets).where(facets.c.source.like("derived%"))
            ).scalar_one()
        )


def _person(store: Store, name: str) -> Person:
    with store.read() as conn:
        return next(p for p in people_repo.all_people(conn) if p.name == name)


def test_a_later_import_derives_only_the_people_it_changed(
    any_store: Store, derived_ids: list[str]
) -> None:
    import_bytes(any_store, _csv(FIRST), "contacts.csv")
    needs.refresh_derived(any_store, changed_only=True)
    assert sorted(derived_ids) == ["Anna Groß", "Ben Klein", "Cem Yıldız"]
    before = _derived(any_store)
    assert before >= 3  # Anna's mentor wish, Ben's hiring, Cem's advice

    derived_ids.clear()
    import_bytes(any_store, _csv(["Dora,Neu,dora@example.org,Baz,Founder,"]), "more.csv")
    needs.refresh_derived(any_store, changed_only=True)
    assert derived_ids == ["Dora Neu"]  # Anna's long note was not read again
    assert _derived(any_store) > before  # and everyone's facets are still there

    derived_ids.clear()
    changed = [
        FIRST[0],
        FIRST[1].replace("Wir stellen ein.", "Happy to help with hiring."),
        FIRST[2],
    ]
    import_bytes(any_store, _csv(changed), "contacts.csv")
    needs.refresh_derived(any_store, changed_only=True)
    assert derived_ids == ["Ben Klein"]
    with any_store.read() as conn:
        ben = facets_repo.for_person(conn, _person(any_store, "Ben Klein").id or 0)
    assert any("Happy to help with hiring" in f.text for f in ben)

    derived_ids.clear()
    needs.refresh_derived(any_store, changed_only=True)
    assert derived_ids == []  # nothing changed, nothing read
    needs.refresh_derived(any_store)
    assert len(derived_ids) == 4  # the full derivation (`altruist understand`) reads everyone


def test_a_removed_or_added_facet_makes_that_person_derived_again(
    any_store: Store, derived_ids: list[str]
) -> None:
    import_bytes(any_store, _csv(FIRST), "contacts.csv")
    needs.refresh_derived(any_store, changed_only=True)
    ben = _person(any_store, "Ben Klein")
    with any_store.transaction() as conn:
        [hiring] = [f for f in facets_repo.for_person(conn, ben.id or 0) if f.source == SRC]
        needs.remove_facet(conn, hiring.id or 0)
        cem = _person(any_store, "Cem Yıldız")
        # A stated facet with the derived text: derivation must drop its own copy.
        [advice] = facets_repo.for_person(conn, cem.id or 0)
        facets_repo.add(conn, Facet(cem.id or 0, advice.kind, advice.text))
    derived_ids.clear()
    needs.refresh_derived(any_store, changed_only=True)
    assert sorted(derived_ids) == ["Ben Klein", "Cem Yıldız"]
    with any_store.read() as conn:
        # The removed one stays removed; the position's offer is derived as before.
        assert [f.source for f in facets_repo.for_person(conn, ben.id or 0)] == ["derived:position"]
        assert [f.source for f in facets_repo.for_person(conn, cem.id or 0)] == ["stated"]


def test_a_derivation_cut_off_midway_records_nothing(
    any_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Digests are written in the derivation's transaction: a run that dies half-way leaves no
    digest, so the next run derives everyone (the kill-safety of understand/stale.py)."""
    import_bytes(any_store, _csv(FIRST), "contacts.csv")
    real = needs.derive_facets
    calls: list[str] = []

    def dying(person: Person, posts: Sequence[Post] = (), reader: Reader | None = None) -> Any:
        calls.append(person.name)
        if len(calls) == 2:
            raise KeyboardInterrupt  # as a kill would: nothing after this point runs
        return real(person, posts, reader)

    monkeypatch.setattr(needs, "derive_facets", dying)
    with pytest.raises(KeyboardInterrupt):
        needs.refresh_derived(any_store, changed_only=True)
    with any_store.read() as conn:
        assert conn.execute(select(func.count()).select_from(derived_marks)).scalar_one() == 0
    assert _derived(any_store) == 0
    monkeypatch.setattr(needs, "derive_facets", real)
    needs.refresh_derived(any_store, changed_only=True)
    assert _derived(any_store) >= 3
