"""An empty Today tells a new user to import, and someone with contacts that nothing is due."""

from __future__ import annotations

from fastapi.testclient import TestClient

from altruist.clock import Clock
from altruist.config import Settings
from altruist.domain import Person
from altruist.store import Store
from altruist.store import people as people_repo
from altruist.web.app import create_app


def _today(store: Store, clock: Clock) -> str:
    app = create_app(Settings(embedder="fake"), store=store, clock=clock)
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        client.cookies.set("altruist_lang", "de")
        return client.get("/").text


def test_empty_today_says_import_only_without_contacts(sqlite_store: Store, clock: Clock) -> None:
    # Set up as after onboarding: the user's own card, no contacts yet.
    with sqlite_store.transaction() as conn:
        people_repo.add(conn, Person(name="Kai Sommer", is_me=True))
    assert "Importiere Kontakte" in _today(sqlite_store, clock)
    with sqlite_store.transaction() as conn:
        people_repo.add(conn, Person(name="Anke Weiß"))
    page = _today(sqlite_store, clock)
    assert "Importiere Kontakte" not in page
    assert "Heute ist nichts fällig" in page
