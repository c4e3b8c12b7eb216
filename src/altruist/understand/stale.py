"""Derived needs and offers that repair themselves after a kill (issue 19).

An import that changes people marks the derived facets stale *in its own transaction*; the full
re-derivation clears the mark in *its* transaction. A process killed between the two (the import
committed, the derivation not yet) leaves the mark set, and the next start of the web app or the
next refresh of the agenda derives again. So no person stays without their derived facets, and
a re-import that finds nothing changed needs no special case.
"""

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


def repair_if_stale(store: Store) -> bool:
    """Re-derive everyone's facets if an earlier run was cut off; True when it did."""
    if not is_stale(store):
        return False
    from altruist.understand.needs import refresh_derived  # late: needs imports the engines

    refresh_derived(store)
    return True
