from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

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
