"""Migrations are ordered and tested: an old database is upgraded with its data intact."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from altruist.store import open_store
from altruist.store.db import create_db_engine, migrate
from altruist.store.schema import metadata
from tests.conftest import _fresh_pg_database, drop_pg_database
from tests.pg_server import PgServer


def _urls(tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'old.db'}"
    server: PgServer = request.getfixturevalue("pg_server")
    return _fresh_pg_database(server)


@pytest.fixture(params=["sqlite", "postgres"])
def old_url(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    url = _urls(tmp_path, request)
    yield url
    if request.param == "postgres":
        drop_pg_database(request.getfixturevalue("pg_server"), url)


def test_upgrade_from_first_revision_keeps_data(old_url: str) -> None:
    engine = create_db_engine(old_url)
    migrate(engine, "0001")
    now = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO suggestions (kind, key, title, reason, score, person_ids, state, "
                "shown_count, created_at, updated_at) VALUES ('birthday', 'k1', 't', 'r', 0.5, '[]', "
                "'dismissed', 2, :now, :now)"
            ),
            {"now": now},
        )
    engine.dispose()
    store = open_store(old_url)
    with store.read() as conn:
        row = conn.execute(text("SELECT state, shown_count, proposed_at FROM suggestions")).one()
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    assert row.state == "dismissed" and row.shown_count == 2 and row.proposed_at is not None
    assert version == "0012"
    store.dispose()


def test_head_schema_matches_the_declared_tables(old_url: str) -> None:
    store = open_store(old_url)
    inspector = inspect(store.engine)
    for table in metadata.sorted_tables:
        columns = {c["name"] for c in inspector.get_columns(table.name)}
        assert columns == {c.name for c in table.columns}, table.name
    store.dispose()


def test_head_indexes_match_the_declared_indexes(old_url: str) -> None:
    store = open_store(old_url)
    inspector = inspect(store.engine)
    for table in metadata.sorted_tables:
        # PostgreSQL lists the index behind a UNIQUE constraint too; those are constraints here.
        stored = {
            i["name"]
            for i in inspector.get_indexes(table.name)
            if not i.get("duplicates_constraint")
        }
        declared = {i.name for i in table.indexes}
        assert stored == declared, table.name
    store.dispose()


def test_identity_migration_folds_existing_people_and_allows_shared_identifiers(
    old_url: str,
) -> None:
    engine = create_db_engine(old_url)
    migrate(engine, "0004")
    now = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO people (id, name, company, language, tags, is_me, created_at, "
                "updated_at) VALUES (1, 'Jürgen Müller', 'Bäckerei Groß', 'de', '[]', false, "
                ":now, :now), (2, 'Franz Huber', NULL, 'de', '[]', false, :now, :now)"
            ),
            {"now": now},
        )
        conn.execute(
            text("INSERT INTO identities (person_id, kind, value) VALUES (1, 'phone', '+49891')")
        )
    engine.dispose()
    store = open_store(old_url)
    with store.transaction() as conn:
        conn.execute(
            text("INSERT INTO identities (person_id, kind, value) VALUES (2, 'phone', '+49891')")
        )
        folded = conn.execute(text("SELECT search_text FROM people WHERE id = 1")).scalar_one()
    assert folded == "juergen mueller | baeckerei gross"
    store.dispose()
