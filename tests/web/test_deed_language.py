"""Deeds follow the reader's language at once: their texts are messages rendered per request."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient

from altruist.store import suggestions as suggestions_repo
from tests.web.conftest import csrf

LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)


def test_switching_the_language_changes_every_deed_without_a_recompute(
    demo_client: TestClient,
) -> None:
    """The English page and the German page show the same deeds in two languages; nothing is
    recomputed between the two requests (the refresh stamp stays the same)."""
    store = demo_client.app.state.store  # type: ignore[attr-defined]
    with store.read() as conn:
        before = {s.key: s.updated_at for s in suggestions_repo.proposed_since(conn, LONG_AGO)}
    token = csrf(demo_client)
    pages = {}
    for lang in ("en", "de"):
        demo_client.post("/language", data={"lang": lang, "csrf_token": token, "next": "/"})
        pages[lang] = demo_client.get("/").text
    assert "Introduce " in pages["en"] or "Check in with " in pages["en"]
    assert " einander vorstellen" in pages["de"] or " melden" in pages["de"]
    for german in (" einander vorstellen", " melden<", "Geburtstag"):
        assert german not in pages["en"]
    for english in ("Introduce ", "Check in with ", "birthday is"):
        assert english not in pages["de"]
    with store.read() as conn:
        after = {s.key: s.updated_at for s in suggestions_repo.proposed_since(conn, LONG_AGO)}
    assert after == before
