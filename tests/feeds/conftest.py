"""Fixtures of the feed tests: the local fixture server, the real-data folders, fast politeness."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from altruist.ingest.feeds import PoliteClient, Politeness
from tests.feeds.server import FixtureServer

# Real defaults wait seconds between requests; tests keep every wait in milliseconds.
FAST = Politeness(timeout=0.3, retries=2, backoff=0.01, max_backoff=0.05, min_interval=0.0)


@pytest.fixture
def server() -> Iterator[FixtureServer]:
    srv = FixtureServer().start()
    yield srv
    srv.stop()


@pytest.fixture
def client() -> Iterator[PoliteClient]:
    with PoliteClient(FAST) as c:
        yield c


@pytest.fixture(scope="session")
def feed_fixtures(realdata: Path) -> Path:
    return realdata / "feeds-feedparser-tests"


@pytest.fixture(scope="session")
def discourse_fixtures(realdata: Path) -> Path:
    return realdata / "discourse-api-json-fixtures"
