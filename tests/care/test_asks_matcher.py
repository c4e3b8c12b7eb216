"""Asks use the one need/offer matcher (issue 15): a contact who hires for the sought role in a
place that fits is well placed; another job seeker of that role, or a hiring manager in a city the
user does not look in, is not. Real USE model, real SQLite."""

from __future__ import annotations

from dataclasses import replace

from altruist.domain import Facet, FacetKind, LedgerKind
from altruist.engine import giving
from altruist.engine.care import asks, my_needs
from altruist.store import Store
from altruist.store import facets as facets_repo
from altruist.understand.needs import refresh_derived
from tests.care.conftest import add_person, ctx_at, utc
from tests.helpers import shown

NOW = utc(2026, 11, 26)


def _person_with_note(store: Store, name: str, note: str, city: str) -> int:
    person = add_person(store, name, notes=note, city=city, position="Engineer")
    giving.record_given(store, person.id or 0, LedgerKind.TIP, utc(2026, 10, 1))
    return person.id or 0


def test_ask_goes_to_who_hires_for_the_role_in_a_fitting_place(sqlite_store: Store) -> None:
    with sqlite_store.transaction() as conn:
        my_needs.set_job_search(conn, roles=["Data Engineer"], regions=["Hamburg"])
    cto = _person_with_note(
        sqlite_store, "Clara", "Suchen einen Data Engineer für unser Team in Hamburg.", "Hamburg"
    )
    rival = _person_with_note(
        sqlite_store, "Rico", "Suche eine Stelle als Data Engineer in Hamburg.", "Hamburg"
    )
    far = _person_with_note(
        sqlite_store,
        "Berta",
        "Wir stellen einen Data Engineer ein, nur vor Ort in Berlin.",
        "Berlin",
    )
    ctx = replace(ctx_at(sqlite_store, NOW), embedder_name="use")
    refresh_derived(sqlite_store, embedder=ctx.embedder)
    found = asks.suggest(ctx)
    asked = [pid for s in found for pid in s.person_ids]
    assert cto in asked
    assert rival not in asked  # two job seekers do not help each other
    assert far not in asked  # hiring in Berlin does not fit a search in Hamburg
    [ask] = [s for s in found if cto in s.person_ids]
    reason = shown(ask.reason)
    assert "Data Engineer" in reason and "Hamburg" in reason, reason


def test_a_stated_hire_facet_counts_like_a_derived_one(sqlite_store: Store) -> None:
    with sqlite_store.transaction() as conn:
        my_needs.set_job_search(conn, roles=["nurse"], regions=["München"])
    lead = add_person(sqlite_store, "Lena", city="Munich")
    with sqlite_store.transaction() as conn:
        facets_repo.add(
            conn,
            Facet(
                lead.id or 0, FacetKind.NEED, "We are hiring nurses for our ward", source="stated"
            ),
        )
    giving.record_given(sqlite_store, lead.id or 0, LedgerKind.TIP, utc(2026, 10, 1))
    ctx = replace(ctx_at(sqlite_store, NOW), embedder_name="use")
    [ask] = asks.suggest(ctx)
    assert ask.person_ids == [lead.id]
