"""Shared fixtures: real stores (SQLite file, PostgreSQL server), the real-data folder, a clock."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from altruist.clock import Clock, fixed_clock
from altruist.store import Store, open_store
from tests.pg_server import PgServer, start_pg

IN_CI = bool(os.environ.get("CI"))

# The interface language starts from the system locale (config.system_language). The tests say
# which language they expect, so a developer's German terminal must not change their default.
os.environ["LC_MESSAGES"] = "C.UTF-8"
os.environ.pop("LC_ALL", None)


def skip_or_fail(reason: str) -> None:
    """Missing real data or services skip on a user's machine but fail in CI (shared/data README)."""
    if IN_CI:
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def realdata() -> Path:
    folder = Path(
        os.environ.get("ALTRUIST_REALDATA", Path(__file__).parent.parent / ".." / "shared" / "data")
    )
    if not folder.is_dir():
        skip_or_fail(f"real data folder {folder} not found (set ALTRUIST_REALDATA)")
    return folder.resolve()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    try:
        server = start_pg()
    except RuntimeError as exc:
        skip_or_fail(f"PostgreSQL unavailable: {exc}")
        raise  # unreachable: skip_or_fail raises
    yield server
    server.stop()


def _fresh_pg_database(server: PgServer) -> str:
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return server.url(name)


def drop_pg_database(server: PgServer, url: str) -> None:
    """Each test database is ~8 MB on disk; hundreds of them make the server slow to remove."""
    name = url.rsplit("/", 1)[1]
    admin = create_engine(server.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    store = open_store(f"sqlite:///{tmp_path / 'altruist.db'}")
    yield store
    store.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A migrated, empty store on each backend: store tests run against both."""
    server: PgServer | None = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'altruist.db'}"
    else:
        server = request.getfixturevalue("pg_server")
        url = _fresh_pg_database(server)
    store = open_store(url)
    yield store
    store.dispose()
    if server is not None:
        drop_pg_database(server, url)


@pytest.fixture
def clock() -> Clock:
    return fixed_clock(datetime(2026, 11, 26, 9, 0, tzinfo=UTC))
