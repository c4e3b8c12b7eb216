"""Delete a person everywhere (PRODUCT.md, "own your data").

The foreign keys cascade identities, field values, interactions, facets, ledger entries, life
events, relations, introductions and merge records. Two things do not cascade and are handled
here: people merged *into* this one (hidden, but they would reappear once `merged_into` is
nulled), and suggestions, which name people in a JSON list rather than by foreign key.
"""

from __future__ import annotations

from sqlalchemy import Connection, delete, select

from altruist.errors import NotFoundError
from altruist.store.schema import people, suggestions


def _absorbed(conn: Connection, person_id: int) -> list[int]:
    """Everyone merged into this person, directly or through a chain of merges."""
    found: list[int] = []
    frontier = [person_id]
    while frontier:
        rows = conn.execute(select(people.c.id).where(people.c.merged_into.in_(frontier)))
        frontier = [r[0] for r in rows if r[0] not in found]
        found.extend(frontier)
    return found


def forget_person(conn: Connection, person_id: int) -> list[int]:
    """Remove the person, the people merged into them, and every suggestion naming any of them.
    Returns the ids of the people removed."""
    if conn.execute(select(people.c.id).where(people.c.id == person_id)).first() is None:
        raise NotFoundError(f"no person with id {person_id}")
    gone = [person_id, *_absorbed(conn, person_id)]
    wanted = set(gone)
    stale = [
        sid
        for sid, ids in conn.execute(select(suggestions.c.id, suggestions.c.person_ids))
        if wanted.intersection(ids or [])
    ]
    for start in range(0, len(stale), 900):
        conn.execute(delete(suggestions).where(suggestions.c.id.in_(stale[start : start + 900])))
    # Absorbed people first: their merged_into points at the person we delete last.
    for pid in reversed(gone):
        conn.execute(delete(people).where(people.c.id == pid))
    return gone
