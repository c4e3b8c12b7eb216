"""The mark that derived needs and offers are out of date (issue 19). It lives in the store so
that an import (ingest) can set it in its own transaction without importing the layer that
derives; understand/stale.py clears it and repairs."""

from __future__ import annotations

from sqlalchemy import Connection

from altruist.store import Store, settings_repo

STALE_KEY = "understand.derived_stale"


def mark_stale(conn: Connection) -> None:
    settings_repo.put(conn, STALE_KEY, True)


def clear(conn: Connection) -> None:
    settings_repo.put(conn, STALE_KEY, False)


def is_stale(store: Store) -> bool:
    with store.read() as conn:
        return bool(settings_repo.get(conn, STALE_KEY, False))
