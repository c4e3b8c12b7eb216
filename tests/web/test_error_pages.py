"""Error pages are HTML in the user's language; the JSON API keeps JSON (issue 14)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from altruist.clock import Clock
from altruist.config import Settings
from altruist.store import Store
from altruist.web.app import create_app


@pytest.fixture
def client(sqlite_store: Store, clock: Clock) -> TestClient:
    app = create_app(Settings(embedder="fake"), store=sqlite_store, clock=clock)
    return TestClient(app, base_url="http://127.0.0.1:8000")


@pytest.mark.parametrize(
    ("path", "status", "german", "english"),
    [
        ("/people/abc", 404, "Unter dieser Adresse gibt es keine Seite.", "There is no page"),
        ("/no-such-page", 404, "Unter dieser Adresse gibt es keine Seite.", "There is no page"),
        ("/refresh", 405, "Diese Adresse lässt sich so nicht aufrufen.", "cannot be used"),
        ("/people?page=0", 422, "ungültig", "invalid"),
    ],
)
def test_error_pages_speak_the_users_language(
    client: TestClient, path: str, status: int, german: str, english: str
) -> None:
    for lang, expected, foreign in (("de", german, english), ("en", english, german)):
        client.cookies.set("altruist_lang", lang)
        response = client.get(path)
        assert response.status_code == status
        assert response.headers["content-type"].startswith("text/html")
        assert expected in response.text and foreign not in response.text
        assert "Not Found" not in response.text and "Method Not Allowed" not in response.text


def test_the_422_page_names_the_field_as_the_user_knows_it(client: TestClient) -> None:
    client.cookies.set("altruist_lang", "de")
    page = client.get("/people?page=0").text
    assert "Seite" in page and "page" not in page.split("<main", 1)[-1].split("</main>")[0]
    client.cookies.set("altruist_lang", "en")
    assert "Page" in client.get("/people?page=0").text


def test_the_api_keeps_json(client: TestClient) -> None:
    response = client.get("/api/today?limit=abc")
    assert response.status_code == 422 and response.headers["content-type"] == "application/json"
