"""Issue 15's realistic notes, end to end: notes → derived needs and offers (the reader, real
multilingual embeddings) → introductions with direction and place → the first double-opt-in
message, which must not reveal a private job search."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from altruist.clock import fixed_clock
from altruist.domain import Facet, FacetKind, Language, Person, Suggestion, Visibility
from altruist.engine.context import EngineContext
from altruist.engine.introductions import drafts
from altruist.engine.introductions.suggest import suggest
from altruist.store import Store, settings_repo
from altruist.store import facets as facets_repo
from altruist.store import people as people_repo
from altruist.understand.embedder import get_embedder
from altruist.understand.needs import refresh_derived
from tests.helpers import shown

NOTES: dict[str, tuple[str, str | None]] = {
    "Ingrid Engel": (
        "Angel investor, happy to look at early-stage B2B SaaS startups looking for seed funding",
        "München",
    ),
    "Gregor Gründer": (
        "Gründer eines B2B-SaaS-Startups, sucht Seed-Finanzierung und Investoren",
        "Berlin",
    ),
    "Sibylla Stein": ("Suchen einen Data Engineer für unser Team", "Hamburg"),
    "Wiltrud Wagner": ("Suche eine Stelle als Data Engineer in Hamburg", "Hamburg"),
    "Hanno Hauser": ("Wir stellen Data Engineers ein, unser Team sitzt in Hamburg", "Hamburg"),
    "Bernd Berliner": ("Sucht eine neue Stelle als Data Engineer, nur in Berlin", "Berlin"),
    "Tanja Steuer": ("Steuerberaterin, hilft gern bei Fragen zur GmbH-Gründung", "Köln"),
    "Gustav Gruender": ("Will bald eine GmbH gründen und hat viele Fragen dazu", "Köln"),
    "Helga Hochzeit": ("Ich helfe gern bei der Planung von Hochzeiten", "Leipzig"),
    "Paul Paar": (
        "Wir heiraten im Sommer und suchen Tipps für die Planung der Hochzeit",
        "Leipzig",
    ),
}


@dataclass
class World:
    ctx: EngineContext
    ids: dict[str, int]
    suggestions: list[Suggestion]

    def pair(self, a: str, b: str) -> Suggestion | None:
        wanted = {self.ids[a], self.ids[b]}
        return next((s for s in self.suggestions if set(s.person_ids) == wanted), None)

    def facets(self, name: str) -> list[Facet]:
        with self.ctx.store.read() as conn:
            return facets_repo.for_person(conn, self.ids[name])


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    from altruist.store import open_store

    path = tmp_path_factory.mktemp("realistic") / "altruist.db"
    store: Store = open_store(f"sqlite:///{path}")
    ids: dict[str, int] = {}
    with store.transaction() as conn:
        people_repo.add(conn, Person(name="Kim Berger", given_name="Kim", is_me=True))
        for name, (note, city) in NOTES.items():
            given, family = name.split()
            person = Person(
                name=name,
                given_name=given,
                family_name=family,
                notes=note,
                city=city,
                language=Language.DE,
            )
            ids[name] = people_repo.add(conn, person).id or 0
        settings_repo.put(conn, "language", "de")
    refresh_derived(store, embedder=get_embedder("use"))
    ctx = EngineContext(
        store=store, clock=fixed_clock(datetime(2026, 5, 4, 12, tzinfo=UTC)), embedder_name="use"
    )
    return World(ctx, ids, suggest(ctx))


def kinds(facets: list[Facet]) -> set[FacetKind]:
    return {f.kind for f in facets}


def test_the_notes_are_read_in_the_right_direction(world: World) -> None:
    assert kinds(world.facets("Ingrid Engel")) == {FacetKind.OFFER}  # not a need any more
    assert kinds(world.facets("Gregor Gründer")) == {FacetKind.NEED}
    assert kinds(world.facets("Tanja Steuer")) == {FacetKind.OFFER}
    assert kinds(world.facets("Helga Hochzeit")) == {FacetKind.OFFER}
    assert kinds(world.facets("Wiltrud Wagner")) == {FacetKind.NEED}


def test_a_job_search_is_private_and_an_opening_is_not(world: World) -> None:
    assert {f.visibility for f in world.facets("Wiltrud Wagner")} == {Visibility.PRIVATE}
    assert {f.visibility for f in world.facets("Sibylla Stein")} == {Visibility.SHAREABLE}


def test_investor_meets_founder_and_helpers_meet_askers(world: World) -> None:
    for a, b in (
        ("Ingrid Engel", "Gregor Gründer"),
        ("Tanja Steuer", "Gustav Gruender"),
        ("Helga Hochzeit", "Paul Paar"),
    ):
        assert world.pair(a, b) is not None, (a, b)


def test_hiring_manager_meets_the_job_seeker_in_her_city_with_the_reason(world: World) -> None:
    found = world.pair("Sibylla Stein", "Wiltrud Wagner") or world.pair(
        "Hanno Hauser", "Wiltrud Wagner"
    )
    assert found is not None
    assert "Hamburg" in shown(found.reason)


def test_same_one_sided_needs_and_distant_places_never_pair(world: World) -> None:
    assert world.pair("Sibylla Stein", "Hanno Hauser") is None  # two hiring managers
    assert world.pair("Sibylla Stein", "Bernd Berliner") is None  # Hamburg job, Berlin only
    assert world.pair("Hanno Hauser", "Bernd Berliner") is None
    assert world.pair("Wiltrud Wagner", "Bernd Berliner") is None  # two job seekers


def test_first_ask_names_no_private_need_until_its_owner_agreed(world: World) -> None:
    with world.ctx.store.read() as conn:
        sibylla = people_repo.get(conn, world.ids["Sibylla Stein"])
        wiltrud = people_repo.get(conn, world.ids["Wiltrud Wagner"])
    parties = drafts.Parties(
        a=sibylla,
        b=wiltrud,
        facets={
            world.ids["Sibylla Stein"]: world.facets("Sibylla Stein"),
            world.ids["Wiltrud Wagner"]: world.facets("Wiltrud Wagner"),
        },
    )
    first = drafts.ask(sibylla, wiltrud, parties, second=False)
    assert "Stelle" not in first.body and "Suche eine" not in first.body
    # Once Wiltrud agreed (asked first), the ask to Sibylla may say what she seeks.
    after = drafts.ask(sibylla, wiltrud, parties, second=True)
    assert "Suche eine Stelle als Data Engineer in Hamburg" in after.body
