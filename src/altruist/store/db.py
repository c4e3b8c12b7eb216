"""Connection policy: open SQLite (WAL, busy timeout, foreign keys) or PostgreSQL, and bring the
schema to the newest migration before anything else touches it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from altruist.errors import StoreError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"


def _enable_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the web server read while an import writes; busy_timeout waits instead of failing.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def create_db_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"not a database URL or path: {url!r}") from exc
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, poolclass=NullPool if parsed.database in (None, "", ":memory:") else None
        )
        event.listen(engine, "connect", _enable_sqlite_pragmas)
        return engine
    try:
        return create_engine(url, pool_pre_ping=True)
    except (ArgumentError, ModuleNotFoundError) as exc:
        raise StoreError(f"cannot use database {parsed.render_as_string()}: {exc}") from exc


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config  # imported here: alembic costs ~0.3 s at CLI start-up

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def migrate(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    try:
        command.upgrade(alembic_config(engine), revision)
    except OperationalError as exc:
        raise StoreError(f"cannot open or migrate the database: {exc.orig}") from exc


class Store:
    """The database handle every layer receives. Repositories are functions over a Connection."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One unit of work: committed whole or not at all (an import of one file, say)."""
        try:
            with self.engine.begin() as conn:
                yield conn
        except OperationalError as exc:
            raise StoreError(f"database error: {exc.orig}") from exc

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    def is_empty(self) -> bool:
        from altruist.store import people as people_repo

        with self.read() as conn:
            return people_repo.count(conn) == 0

    def dispose(self) -> None:
        self.engine.dispose()


def open_store(url: str) -> Store:
    engine = create_db_engine(url)
    try:
        migrate(engine)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot open database {url}: {exc}") from exc
    return Store(engine)
