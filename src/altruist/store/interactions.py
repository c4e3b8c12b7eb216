"""Interactions (anything that happened between the user and a person) and recorded relations."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Connection, func, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from altruist.domain import Direction, Interaction, InteractionKind
from altruist.store.rows import aware
from altruist.store.schema import interactions, relations


def add(conn: Connection, item: Interaction, *, dedup_key: str | None = None) -> bool:
    """Store an interaction; with a dedup_key, a second identical one is ignored.

    Returns whether a row was written, so importers can count "unchanged".
    """
    values = {
        "person_id": item.person_id,
        "kind": str(item.kind),
        "occurred_at": item.occurred_at,
        "direction": str(item.direction),
        "summary": item.summary,
        "source": item.source,
        "dedup_key": dedup_key,
    }
    if dedup_key is None:
        item.id = conn.execute(
            insert(interactions).values(**values).returning(interactions.c.id)
        ).scalar_one()
        return True
    dialect_insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    stmt = (
        dialect_insert(interactions)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["dedup_key"])
        .returning(interactions.c.id)
    )
    # RETURNING instead of rowcount: drivers disagree on rowcount for ON CONFLICT DO NOTHING.
    item.id = conn.execute(stmt).scalar_one_or_none()
    return item.id is not None


def for_person(conn: Connection, person_id: int, *, limit: int = 200) -> list[Interaction]:
    rows = conn.execute(
        select(interactions)
        .where(interactions.c.person_id == person_id)
        .order_by(interactions.c.occurred_at.desc())
        .limit(limit)
    )
    return [
        Interaction(
            id=r.id,
            person_id=r.person_id,
            kind=InteractionKind(r.kind),
            occurred_at=aware(r.occurred_at),  # type: ignore[arg-type]
            direction=Direction(r.direction),
            summary=r.summary,
            source=r.source,
        )
        for r in rows
    ]


def last_contact(conn: Connection) -> dict[int, datetime]:
    """When each person was last in touch, over every kind of interaction (the cadence resets on
    *any* interaction, not only on the ones logged by hand)."""
    rows = conn.execute(
        select(interactions.c.person_id, func.max(interactions.c.occurred_at)).group_by(
            interactions.c.person_id
        )
    )
    return {pid: aware(at) for pid, at in rows if at is not None}  # type: ignore[misc]


def all_times(conn: Connection, *, until: datetime | None = None) -> dict[int, list[datetime]]:
    """Every person's interaction times, oldest first. With `until`, only those that happened by
    then: a meeting planned for next year has not reset keep-in-touch yet (issue 17)."""
    query = select(interactions.c.person_id, interactions.c.occurred_at).order_by(
        interactions.c.person_id, interactions.c.occurred_at
    )
    if until is not None:
        query = query.where(interactions.c.occurred_at <= until)
    rows = conn.execute(query)
    out: dict[int, list[datetime]] = {}
    for pid, at in rows:
        out.setdefault(pid, []).append(aware(at))  # type: ignore[arg-type]
    return out


def add_relation(
    conn: Connection, a: int, b: int, kind: str = "knows", source: str | None = None
) -> None:
    low, high = sorted((a, b))
    dialect_insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    conn.execute(
        dialect_insert(relations)
        .values(person_a_id=low, person_b_id=high, kind=kind, source=source)
        .on_conflict_do_nothing()
    )


def related_pairs(conn: Connection, kinds: Iterable[str] | None = None) -> set[tuple[int, int]]:
    """Pairs (low id, high id) the store knows to be acquainted."""
    stmt = select(relations.c.person_a_id, relations.c.person_b_id)
    if kinds is not None:
        stmt = stmt.where(relations.c.kind.in_(list(kinds)))
    return {(min(a, b), max(a, b)) for a, b in conn.execute(stmt)}


def last_of_kinds(conn: Connection, kinds: Iterable[InteractionKind]) -> dict[int, datetime]:
    """Per person, the latest interaction of one of `kinds` (the last ask, the last intro made)."""
    rows = conn.execute(
        select(interactions.c.person_id, func.max(interactions.c.occurred_at))
        .where(interactions.c.kind.in_([str(k) for k in kinds]))
        .group_by(interactions.c.person_id)
    )
    return {pid: aware(at) for pid, at in rows if at is not None}  # type: ignore[misc]


def co_attended_pairs(conn: Connection) -> set[tuple[int, int]]:
    """Pairs who were in the same meeting (one calendar event imported as an interaction per
    attendee, same start and source): they have met, so they need no introduction."""
    meetings = (
        select(interactions.c.occurred_at, interactions.c.source, interactions.c.person_id)
        # A meeting logged by hand (source "manual") is one person's: two logged at the same
        # time are not one event.
        .where(
            interactions.c.kind == "meeting",
            interactions.c.source.is_not(None),
            interactions.c.source != "manual",
        )
        .order_by(interactions.c.occurred_at, interactions.c.source)
    )
    groups: dict[tuple[object, object], list[int]] = {}
    for at, source, pid in conn.execute(meetings):
        groups.setdefault((at, source), []).append(pid)
    pairs: set[tuple[int, int]] = set()
    for attendees in groups.values():
        unique = sorted(set(attendees))
        if 2 <= len(unique) <= 30:  # a town-hall invite is not an acquaintance
            pairs.update((a, b) for i, a in enumerate(unique) for b in unique[i + 1 :])
    return pairs
