from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from altruist import agenda
from altruist.domain import Suggestion, SuggestionKind
from altruist.engine.context import EngineContext
from altruist.store import suggestions as suggestions_repo
from tests.web.conftest import csrf


def _ids(html: str) -> list[int]:
    return [int(x) for x in re.findall(r'id="deed-(\d+)"', html)]


def test_today_page_lists_deeds_and_done_removes_one(demo_client: TestClient) -> None:
    page = demo_client.get("/")
    assert page.status_code == 200
    ids = _ids(page.text)
    assert len(ids) >= 5
    token = csrf(demo_client)
    done = demo_client.post(
        f"/suggestions/{ids[0]}/feedback",
        data={"action": "done", "csrf_token": token},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert ids[0] not in _ids(demo_client.get("/").text)


def test_state_change_without_csrf_token_is_refused(demo_client: TestClient) -> None:
    ids = _ids(demo_client.get("/").text)
    refused = demo_client.post(f"/suggestions/{ids[0]}/feedback", data={"action": "done"})
    assert refused.status_code == 403
    assert ids[0] in _ids(demo_client.get("/").text)


def test_foreign_host_header_is_refused(demo_client: TestClient) -> None:
    assert demo_client.get("/", headers={"host": "rebind.attacker.example"}).status_code == 400


def test_security_headers(demo_client: TestClient) -> None:
    headers = demo_client.get("/").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "same-origin"  # other sites get no referrer


def test_language_from_accept_language_and_switch(demo_client: TestClient) -> None:
    assert (
        "Gute Taten für heute"
        in demo_client.get("/", headers={"accept-language": "de-DE,de;q=0.9"}).text
    )
    assert "Good deeds for today" in demo_client.get("/", headers={"accept-language": "en-GB"}).text
    token = csrf(demo_client)
    demo_client.post("/language", data={"lang": "de", "csrf_token": token, "next": "/"})
    assert "Gute Taten für heute" in demo_client.get("/", headers={"accept-language": "en"}).text


def test_api_today_and_feedback(demo_client: TestClient) -> None:
    items = demo_client.get("/api/today").json()
    assert items and {"id", "kind", "title", "reason"} <= items[0].keys()
    token = demo_client.get("/api/session").json()["csrf_token"]
    answer = demo_client.post(
        f"/api/suggestions/{items[0]['id']}/feedback",
        json={"action": "dismiss"},
        headers={"x-csrf-token": token},
    )
    assert answer.status_code == 200 and answer.json()["state"] == "dismissed"
    missing = demo_client.post(
        "/api/suggestions/999999/feedback", json={"action": "done"}, headers={"x-csrf-token": token}
    )
    assert missing.status_code == 404 and "999999" in missing.json()["error"]
    assert demo_client.get("/api/openapi.json").json()["info"]["title"] == "altruist"


def test_titles_are_escaped(demo_client: TestClient) -> None:
    store = demo_client.app.state.store  # type: ignore[attr-defined]
    with store.transaction() as conn:
        suggestions_repo.upsert(
            conn,
            Suggestion(
                kind=SuggestionKind.CHECK_IN,
                key="xss",
                title="<script>alert(1)</script>",
                reason="<img src=x onerror=alert(2)>",
                score=99.0,
            ),
        )
    html = demo_client.get("/?limit=50").text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html


def test_unknown_page_is_a_friendly_404(demo_client: TestClient) -> None:
    page = demo_client.get("/no/such/page")
    assert page.status_code == 404 and "<html" in page.text


def test_recompute_runs_in_the_background_and_the_page_says_so(
    demo_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 16: 'Recompute' never blocks the page; while it runs, Today shows its progress and
    reloads itself; afterwards the list is served from the new computation. The real engines
    run; the first one is only held at a gate until the page has been checked."""
    release = threading.Event()
    real_sources = agenda._engine_sources

    def held_sources() -> list[tuple[str, Callable[[EngineContext], list[Suggestion]]]]:
        sources = real_sources()

        def wait_then_care(ctx: EngineContext) -> list[Suggestion]:
            release.wait(60)
            return sources[0][1](ctx)

        return [("care", wait_then_care), *sources[1:]]

    monkeypatch.setattr(agenda, "_engine_sources", held_sources)
    try:
        assert demo_client.get("/api/refresh").json()["running"] is False
        token = csrf(demo_client)
        answered = demo_client.post("/refresh", data={"csrf_token": token}, follow_redirects=False)
        assert answered.status_code == 303
        page = demo_client.get("/", headers={"accept-language": "de"})
        assert 'http-equiv="refresh"' in page.text
        assert "Vorschläge werden neu berechnet" in page.text and "<progress" in page.text
        assert demo_client.get("/api/refresh").json()["running"] is True
    finally:
        release.set()
    for _ in range(1200):
        if not demo_client.get("/api/refresh").json()["running"]:
            break
        time.sleep(0.1)
    status = demo_client.get("/api/refresh").json()
    assert status["running"] is False and status["error"] is None
    assert 'http-equiv="refresh"' not in demo_client.get("/").text
