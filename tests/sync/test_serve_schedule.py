"""`altruist serve`'s scheduled sync (issue 17), with real servers and a short tick: it runs,
Settings shows the last sync and its errors, and it never runs at the same time as "Sync now" —
both are the one background job (agenda/sync_job.py), the second is not started."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from fastapi.testclient import TestClient

from altruist.agenda.sync_job import sync_in_background
from altruist.clock import Clock
from altruist.config import Settings
from altruist.ingest.sync import accounts, schedule
from altruist.store import Store, sync_repo
from altruist.store import people as people_repo
from altruist.web.app import create_app
from tests.sync.radicale_server import Radicale
from tests.sync.test_carddav import VCARD, card
from tests.web.conftest import csrf

GERMAN = {"accept-language": "de"}


class _Held(BaseHTTPRequestHandler):
    """A DAV server that holds every request until released, then fails it (503); it counts
    how many requests it held at once."""

    release = threading.Event()
    lock = threading.Lock()
    active = 0
    most = 0
    seen = 0

    def _answer(self) -> None:
        cls = type(self)
        with cls.lock:
            cls.active += 1
            cls.seen += 1
            cls.most = max(cls.most, cls.active)
        cls.release.wait(60)
        with cls.lock:
            cls.active -= 1
        self.send_response(503)
        self.send_header("content-length", "0")
        self.end_headers()

    do_PROPFIND = do_REPORT = do_GET = _answer

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def held_server() -> Iterator[str]:
    _Held.release.clear()
    _Held.active = _Held.most = _Held.seen = 0
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Held)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/dav/"
    _Held.release.set()
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def client(sqlite_store: Store, clock: Clock) -> Iterator[TestClient]:
    app = create_app(Settings(embedder="fake"), store=sqlite_store, clock=clock)
    with TestClient(app, base_url="http://127.0.0.1:8000") as c:
        yield c


def _until(condition: Callable[[], bool], polls: int = 1200) -> None:
    """Poll a bounded number of times (not a time limit on the code under test)."""
    for _ in range(polls):
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("the condition was not reached")


def _last_reports(store: Store) -> dict[str, dict[str, object] | None]:
    with store.read() as conn:
        return {a.name: a.last_report for a in sync_repo.accounts(conn)}


def _add(store: Store, name: str, url: str, user: str, password: str) -> None:
    accounts.add(store, kind="carddav", where=url, user=user, password=password, name=name)


def _schedule(
    client: TestClient, calls: list[bool] | None = None, tick: float = 0.05
) -> threading.Event:
    engine = client.app.state.engine  # type: ignore[attr-defined]

    def run(names: list[str]) -> bool:
        started = sync_in_background(engine, names=names)
        if calls is not None:
            calls.append(started)
        return started

    return schedule.start(engine.store, run=run, tick=tick)


def test_the_schedule_syncs_and_settings_shows_the_last_sync_and_its_errors(
    radicale: Radicale, held_server: str, client: TestClient, sqlite_store: Store
) -> None:
    user, password = radicale.new_user("scheduled")
    book = radicale.make_collection("kontakte", "carddav", user, password)
    radicale.put(
        book + "a.vcf", card("a", "Anna Alt", "anna@example.org", "ACME"), VCARD, user, password
    )
    _add(sqlite_store, "wolke", radicale.url, user, password)
    _add(sqlite_store, "kaputt", held_server, "u", "pw")
    _Held.release.set()  # this server fails at once
    schedule.set_interval(sqlite_store, 1)

    stop = _schedule(client)
    try:
        _until(lambda: all(_last_reports(sqlite_store).values()))
        _until(lambda: not client.get("/api/refresh").json()["running"])
    finally:
        stop.set()

    with sqlite_store.read() as conn:
        assert {p.name for p in people_repo.all_people(conn)} == {"Anna Alt"}
        synced = {a.name: a.last_sync_at for a in sync_repo.accounts(conn)}
    assert all(synced.values())
    page = client.get("/settings", headers=GERMAN).text
    section = page.split('id="accounts"')[1] if 'id="accounts"' in page else page
    assert "wolke" in section and "kaputt" in section
    assert "Der Server hat einen Fehler gemeldet (503)" in section
    # Just synced, so not due again within the interval: the schedule does not sync in a loop.
    assert schedule.due_accounts(sqlite_store) == []


def test_while_sync_now_runs_the_schedule_starts_nothing(
    held_server: str, client: TestClient, sqlite_store: Store
) -> None:
    _add(sqlite_store, "langsam", held_server, "u", "pw")
    schedule.set_interval(sqlite_store, 1)
    token = csrf(client)
    client.post("/settings/accounts/sync", data={"csrf_token": token})
    _until(lambda: _Held.seen >= 1)  # "Sync now" is at the server, which holds it
    # The schedule's ticks find the account due, but the job is running: nothing is started.
    calls: list[bool] = []
    stop = _schedule(client, calls)
    try:
        _until(lambda: len(calls) >= 3)
        assert not any(calls) and _Held.most == 1
        _Held.release.set()
        _until(lambda: not client.get("/api/refresh").json()["running"])
    finally:
        stop.set()
    # Synced once (by the click), its error recorded; now not due, so nothing more runs.
    report = _last_reports(sqlite_store)["langsam"]
    assert report and "503" in str(report["errors"])
    assert schedule.due_accounts(sqlite_store) == []
    assert _Held.most == 1


def test_while_a_scheduled_sync_runs_sync_now_says_it_is_already_running(
    held_server: str, client: TestClient, sqlite_store: Store
) -> None:
    _add(sqlite_store, "langsam", held_server, "u", "pw")
    schedule.set_interval(sqlite_store, 1)
    calls: list[bool] = []
    stop = _schedule(client, calls)
    try:
        _until(lambda: _Held.seen >= 1)  # the scheduled round is at the server
        assert calls[0] is True
        token = csrf(client)
        german = client.post("/settings/accounts/sync", data={"csrf_token": token}, headers=GERMAN)
        assert "Ein Abgleich oder eine Neuberechnung läuft schon" in german.text
        english = client.post(
            "/settings/accounts/sync",
            data={"csrf_token": token},
            headers={"accept-language": "en"},
        )
        assert "A sync or recomputation is already running" in english.text
        _until(lambda: len(calls) >= 3)
        assert calls[1:] and not any(calls[1:])  # later ticks started nothing either
        assert _Held.most == 1
        _Held.release.set()
        _until(lambda: not client.get("/api/refresh").json()["running"])
    finally:
        stop.set()
    assert _Held.most == 1
    assert _last_reports(sqlite_store)["langsam"]
