"""Two contacts who should meet, on a real store: Anna (German, job seeker) and Ben (English,
hiring manager), plus the user who signs the messages."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from altruist.clock import Clock
from altruist.domain import Facet, FacetKind, Identity, IdentityKind, Language, Person
from altruist.engine.context import EngineContext
from altruist.store import Store, settings_repo
from altruist.store import facets as facets_repo
from altruist.store import people as people_repo
from tests.web.conftest import demo_client  # noqa: F401  (re-exported fixture)


@dataclass
class Pair:
    ctx: EngineContext
    anna: Person
    ben: Person


def make_pair(store: Store, clock: Clock, *, ben_language: Language = Language.EN) -> Pair:
    with store.transaction() as conn:
        people_repo.add(conn, Person(name="Kim Berger", given_name="Kim", is_me=True))
        anna = people_repo.add(
            conn,
            Person(
                name="Anna Schmidt",
                given_name="Anna",
                family_name="Schmidt",
                position="Data Engineer",
                company="Zalando",
                city="Berlin",
                language=Language.DE,
            ),
        )
        ben = people_repo.add(
            conn,
            Person(
                name="Ben Carter",
                given_name="Ben",
                family_name="Carter",
                position="Head of Data",
                company="Acme",
                city="Hamburg",
                language=ben_language,
            ),
        )
        facets_repo.add(
            conn,
            Facet(
                anna.id or 0, FacetKind.NEED, "sucht eine neue Stelle als Data Engineer in Hamburg"
            ),
        )
        facets_repo.add(
            conn, Facet(anna.id or 0, FacetKind.OFFER, "Wissen über SQL-Optimierung in PostgreSQL")
        )
        facets_repo.add(
            conn, Facet(ben.id or 0, FacetKind.OFFER, "hiring data engineers for our Hamburg team")
        )
        people_repo.add_identity(
            conn, Identity(anna.id or 0, IdentityKind.EMAIL, "anna@example.org")
        )
        people_repo.add_identity(conn, Identity(ben.id or 0, IdentityKind.EMAIL, "ben@example.com"))
        settings_repo.put(conn, "language", "en")
    ctx = EngineContext(store=store, clock=clock, timezone="Europe/Berlin", embedder_name="fake")
    return Pair(ctx, anna, ben)


@pytest.fixture
def pair(any_store: Store, clock: Clock) -> Pair:
    return make_pair(any_store, clock)


@pytest.fixture
def sqlite_pair(sqlite_store: Store, clock: Clock) -> Pair:
    return make_pair(sqlite_store, clock)
