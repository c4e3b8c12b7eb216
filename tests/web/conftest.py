from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from altruist.agenda import refresh
from altruist.clock import Clock
from altruist.config import Settings
from altruist.store import Store
from altruist.web.app import create_app
from tests.helpers import demo_engine


@pytest.fixture
def demo_client(sqlite_store: Store, clock: Clock) -> Iterator[TestClient]:
    refresh(demo_engine(sqlite_store, clock))
    app = create_app(Settings(embedder="fake"), store=sqlite_store, clock=clock)
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        yield client


def csrf(client: TestClient) -> str:
    """The signed form token our pages embed (the cookie only holds the nonce it is bound to)."""
    token = client.get("/api/session").json()["csrf_token"]
    assert token and client.cookies.get("altruist_csrf")
    return str(token)


def import_files(client: TestClient, **post: Any) -> Response:
    """POST /import, wait until the background import is done (polling GET /api/import as the
    progress page does), and return the report page it redirects to."""
    started = client.post("/import", follow_redirects=False, **post)
    if started.status_code != 303:
        return started  # refused before the import began (CSRF, size, busy)
    for _ in range(IMPORT_POLLS):
        if not client.get("/api/import").json()["running"]:
            break
        time.sleep(0.05)
    return client.get(started.headers["location"], headers=post.get("headers"))


IMPORT_POLLS = 12_000  # a bound on the polling only; no test asserts how long an import takes
