"""Long web work runs off the event loop (issue 19): while an import is held mid-way, other pages
answer. No wall-clock assertion: the import is held until the other page has answered, so on an
event loop blocked by the import the page could only answer after it — and the test sees that
order."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import httpx
import pytest

from altruist.clock import Clock
from altruist.config import Settings
from altruist.export.archive import export_archive, restore_archive
from altruist.ingest import importer
from altruist.store import Store
from altruist.web.app import create_app
from altruist.web.pages import import_page, settings_page

T = TypeVar("T")
APP = "http://127.0.0.1:8000"
HOLD_SECONDS = 30  # the longest the held work waits; a blocked loop shows as the wrong order

CSV = "First Name,Last Name,E-mail Address\nAda,Lovelace,ada@example.org\n"


def _run_alone(coroutine: Coroutine[Any, Any, T]) -> T:
    """asyncio.run in a thread of its own: Playwright's sync API may keep an event loop running
    in the test thread when the browser tests ran first."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _held(
    real: Callable[..., Any], started: threading.Event, release: threading.Event
) -> Callable[..., Any]:
    def slow(*args: Any, **kwargs: Any) -> Any:
        started.set()
        release.wait(HOLD_SECONDS)
        return real(*args, **kwargs)

    return slow


async def _other_page_answers_while_held(
    store: Store, clock: Clock, post: Callable[[httpx.AsyncClient, str], Any]
) -> list[str]:
    app = create_app(Settings(embedder="fake"), store=store, clock=clock)
    events: list[str] = []
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=APP) as client:
        token = (await client.get("/api/session")).json()["csrf_token"]

        async def slow_work() -> None:
            response = await post(client, token)
            assert response.status_code in (200, 303), response.text[:300]
            events.append("work done")

        work = asyncio.create_task(slow_work())
        await asyncio.to_thread(STARTED.wait, HOLD_SECONDS)
        for path in ("/people", "/settings", "/api/today"):
            response = await client.get(path)
            assert response.status_code == 200
            events.append(f"{path} answered")
        RELEASE.set()
        await work
    return events


STARTED = threading.Event()
RELEASE = threading.Event()


@pytest.fixture(autouse=True)
def _fresh_events() -> None:
    STARTED.clear()
    RELEASE.clear()


def test_pages_answer_during_a_slow_web_import(
    any_store: Store, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(import_page, "import_bytes", _held(importer.import_bytes, STARTED, RELEASE))

    async def post(client: httpx.AsyncClient, token: str) -> httpx.Response:
        """The upload answers at once with the progress page; the work is done when the
        background import is (as the page polls it), and its report says what it did."""
        started = await client.post(
            "/import",
            data={"csrf_token": token},
            files={"files": ("contacts.csv", CSV.encode(), "text/csv")},
        )
        assert started.status_code == 303, started.text[:300]
        progress = await client.get("/import/report")
        assert 'http-equiv="refresh"' in progress.text  # the page reloads itself meanwhile
        while (await client.get("/api/import")).json()["running"]:
            await asyncio.sleep(0.02)
        report = await client.get("/import/report")
        assert 'data-figure="added">1<' in report.text
        return report

    events = _run_alone(_other_page_answers_while_held(any_store, clock, post))
    assert events[:3] == ["/people answered", "/settings answered", "/api/today answered"]
    assert events[-1] == "work done"


def test_pages_answer_during_a_slow_restore(
    any_store: Store, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = json.dumps(export_archive(any_store)).encode()
    monkeypatch.setattr(settings_page, "restore_archive", _held(restore_archive, STARTED, RELEASE))

    async def post(client: httpx.AsyncClient, token: str) -> httpx.Response:
        return await client.post(
            "/settings/restore",
            data={"csrf_token": token, "confirm": "yes"},
            files={"backup": ("backup.json", backup, "application/json")},
        )

    events = _run_alone(_other_page_answers_while_held(any_store, clock, post))
    assert events[:3] == ["/people answered", "/settings answered", "/api/today answered"]
    assert events[-1] == "work done"
