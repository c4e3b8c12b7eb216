"""Odd web input gives a 4xx page, never a 500 (issue 19), on SQLite and PostgreSQL: ids beyond
64 bits, pages with 30 digits, dates a time zone cannot reach, non-ASCII digits, cadences the
calendar feed could not add to today."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from altruist.clock import Clock
from altruist.config import Settings
from altruist.domain import Person
from altruist.export import feed_token
from altruist.store import Store
from altruist.store import people as people_repo
from altruist.web.app import create_app

HUGE = "99999999999999999999"


@pytest.fixture
def client(any_store: Store, clock: Clock) -> Iterator[TestClient]:
    with any_store.transaction() as conn:
        people_repo.add(conn, Person(name="Ada Weber"))
    app = create_app(Settings(embedder="fake"), store=any_store, clock=clock)
    with TestClient(app, base_url="http://127.0.0.1:8000", raise_server_exceptions=False) as c:
        yield c


def _person_id(client: TestClient) -> int:
    return int(client.get("/api/people").json()["people"][0]["id"])


@pytest.mark.parametrize(
    "path",
    [
        f"/people/{HUGE}",
        f"/api/people/{HUGE}",
        "/people?page=" + "9" * 30,
        "/api/people?page=" + "9" * 30,
        "/groups?page=" + "9" * 30,
        "/import?page=" + "9" * 30,
        "/questions?page=" + "9" * 30,
        "/people?since=0001-01-01",
        "/people?since=9999-12-31",
        "/people?since=2024-02-30",
        f"/rounds/{HUGE}/pairs.csv",
        f"/calendar/{HUGE}.ics",
    ],
)
def test_odd_query_gives_a_4xx_page(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert 400 <= response.status_code < 500, (path, response.status_code)
    assert "Traceback" not in response.text


@pytest.mark.parametrize(
    ("path", "data"),
    [
        (f"/people/{HUGE}/edit", {"name": "x"}),
        ("/people/{pid}/edit", {"name": "x", "cadence_days": "²"}),
        ("/people/{pid}/edit", {"name": "x", "cadence_days": "999999999"}),
        ("/people/{pid}/edit", {"name": "x", "cadence_days": "0"}),
        ("/settings/tiers", {"tiers": "close = ²"}),
        ("/settings/tiers", {"tiers": "close = 100000000000000000000"}),
        (f"/suggestions/{HUGE}/feedback", {"action": "done"}),
        ("/introductions/start", {"suggestion_id": HUGE}),
        (f"/import/review/{HUGE}/accept", {}),
        (f"/merges/{HUGE}/undo", {}),
        (f"/people/{HUGE}/delete", {}),
        (f"/groups/{HUGE}/fetch", {}),
    ],
)
def test_odd_form_gives_a_4xx_page(client: TestClient, path: str, data: dict[str, str]) -> None:
    token = client.get("/api/session").json()["csrf_token"]
    url = path.format(pid=_person_id(client))
    response = client.post(url, data={"csrf_token": token, **data}, follow_redirects=False)
    assert 400 <= response.status_code < 500, (path, data, response.status_code)
    assert "Traceback" not in response.text


def test_refused_cadence_keeps_the_calendar_feed_answering(client: TestClient) -> None:
    token = client.get("/api/session").json()["csrf_token"]
    pid = _person_id(client)
    client.post(
        f"/people/{pid}/edit",
        data={"csrf_token": token, "name": "Ada", "cadence_days": "999999999"},
    )
    client.post("/settings/tiers", data={"csrf_token": token, "tiers": "close = " + "9" * 20})
    store: Store = client.app.state.store  # type: ignore[attr-defined]
    with store.transaction() as conn:
        secret = feed_token.ensure(conn)
    assert client.get(f"/calendar/{secret}.ics").status_code == 200


def test_range_message_is_german_for_a_german_user(client: TestClient) -> None:
    token = client.get("/api/session").json()["csrf_token"]
    pid = _person_id(client)
    response = client.post(
        f"/people/{pid}/edit",
        data={"csrf_token": token, "name": "Ada", "cadence_days": "²"},
        headers={"accept-language": "de"},
    )
    # The person form answers with the page again, the message beside the field (issue 13).
    assert response.status_code == 422
    assert "ganze Zahl von 1 bis 3650" in response.text
    assert "Kontakt-Rhythmus" in response.text


def test_values_stored_before_the_checks_do_not_break_the_feed(
    client: TestClient, any_store: Store
) -> None:
    """A database written before values were range-checked (issue 19: the feed answered 500)."""
    from sqlalchemy import update

    from altruist.store import settings_repo
    from altruist.store.schema import people

    with any_store.transaction() as conn:
        conn.execute(update(people).values(cadence_days=999_999_999, tier="close"))
        settings_repo.put(conn, "care.tiers", {"close": 10**20})
        secret = feed_token.ensure(conn)
    assert client.get(f"/calendar/{secret}.ics").status_code == 200
    assert client.get(f"/people/{_person_id(client)}").status_code == 200


def test_deeply_nested_backup_is_a_clear_400(client: TestClient) -> None:
    token = client.get("/api/session").json()["csrf_token"]
    deep = b"[" * 200_000 + b"]" * 200_000
    response = client.post(
        "/settings/restore",
        data={"csrf_token": token, "confirm": "yes"},
        files={"backup": ("b.json", deep, "application/json")},
        headers={"accept-language": "de"},
    )
    assert response.status_code == 400
    assert "zu tief verschachtelt" in response.text
