"""The web import as a background job (issue 19): one at a time per store, a second upload
meanwhile is refused with a message in the user's language and imports nothing; the progress and
the report are told by `GET /api/import`."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from fastapi.testclient import TestClient

from altruist.ingest import importer
from altruist.web.pages import import_page
from tests.web.conftest import csrf

HOLD_SECONDS = 60
CSV = b"First Name,Last Name,E-mail Address\nAda,Lovelace,ada@example.org\n"
OTHER = b"First Name,Last Name,E-mail Address\nGrace,Hopper,grace@example.org\n"


def test_a_second_upload_waits_for_the_running_import(
    demo_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    started, release = threading.Event(), threading.Event()

    def held(*args: Any, **kwargs: Any) -> Any:
        started.set()
        release.wait(HOLD_SECONDS)
        return importer.import_bytes(*args, **kwargs)

    monkeypatch.setattr(import_page, "import_bytes", held)
    token = csrf(demo_client)
    try:
        first = demo_client.post(
            "/import",
            data={"csrf_token": token},
            files={"files": ("ada.csv", CSV, "text/csv")},
            follow_redirects=False,
        )
        assert first.status_code == 303 and first.headers["location"] == "/import/report"
        assert started.wait(HOLD_SECONDS)
        state = demo_client.get("/api/import").json()
        assert state["running"] and state["file"] == "ada.csv" and state["report"] is None
        second = demo_client.post(
            "/import",
            headers={"Accept-Language": "de"},
            data={"csrf_token": token},
            files={"files": ("grace.csv", OTHER, "text/csv")},
        )
        assert second.status_code == 409
        assert "Ein Import läuft noch" in second.text
    finally:
        release.set()
    for _ in range(2_000):  # a bound on polling, not a time assertion
        state = demo_client.get("/api/import").json()
        if not state["running"]:
            break
        threading.Event().wait(0.05)
    assert state["error"] is None and state["report"]["added"] == 1
    people = demo_client.get("/api/people", params={"q": "Hopper"}).json()["people"]
    assert people == []  # the refused upload imported nothing
    report = demo_client.get("/import/report")
    assert report.status_code == 200 and 'data-figure="added">1<' in report.text
