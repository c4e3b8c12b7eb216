"""What derived needs and offers are up to date with (issue 19). It lives in the store so that
an import (ingest) can set the stale mark in its own transaction without importing the layer that
derives; understand/stale.py decides what is stale and repairs.

- The stale mark: set by an import that changed people, cleared by a derivation that looked at
  everyone. A kill between the two leaves it set, and the next start or refresh derives again.
- Per-person digests (`derived_marks`): what each person's facets were last derived from, so a
  derivation re-reads only the people whose digest changed.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Connection, delete, insert, select

from altruist.store import Store, settings_repo
from altruist.store.schema import derived_marks

STALE_KEY = "understand.derived_stale"
_CHUNK = 900  # SQLite's bound-parameter limit


def mark_stale(conn: Connection) -> None:
    settings_repo.put(conn, STALE_KEY, True)


def clear(conn: Connection) -> None:
    settings_repo.put(conn, STALE_KEY, False)


def is_stale(store: Store) -> bool:
    with store.read() as conn:
        return bool(settings_repo.get(conn, STALE_KEY, False))


def digests(conn: Connection) -> dict[int, str]:
    """person id -> the digest their derived facets were last derived from."""
    return {
        int(r.person_id): str(r.digest)
        for r in conn.execute(select(derived_marks.c.person_id, derived_marks.c.digest))
    }


def put_digests(conn: Connection, by_person: Mapping[int, str]) -> None:
    """Record what these people were derived from, in the derivation's own transaction."""
    ids = list(by_person)
    for start in range(0, len(ids), _CHUNK):
        conn.execute(
            delete(derived_marks).where(derived_marks.c.person_id.in_(ids[start : start + _CHUNK]))
        )
    if ids:
        conn.execute(
            insert(derived_marks),
            [{"person_id": pid, "digest": digest} for pid, digest in by_person.items()],
        )
