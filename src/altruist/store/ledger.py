"""The giving ledger and life events (job changes, anniversaries) per person."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, insert, select

from altruist.domain import LedgerDirection, LedgerEntry, LedgerKind, LifeEvent
from altruist.i18n import message
from altruist.store.rows import aware
from altruist.store.schema import ledger, life_events


def add(conn: Connection, entry: LedgerEntry) -> LedgerEntry:
    entry.id = conn.execute(
        insert(ledger)
        .values(
            person_id=entry.person_id,
            direction=str(entry.direction),
            kind=str(entry.kind),
            note=entry.note,
            occurred_at=entry.occurred_at,
        )
        .returning(ledger.c.id)
    ).scalar_one()
    return entry


def entries(conn: Connection, person_id: int | None = None) -> list[LedgerEntry]:
    stmt = select(ledger).order_by(ledger.c.occurred_at.desc(), ledger.c.id.desc())
    if person_id is not None:
        stmt = stmt.where(ledger.c.person_id == person_id)
    return [
        LedgerEntry(
            id=r.id,
            person_id=r.person_id,
            direction=LedgerDirection(r.direction),
            kind=LedgerKind(r.kind),
            note=r.note,
            occurred_at=aware(r.occurred_at),  # type: ignore[arg-type]
        )
        for r in conn.execute(stmt)
    ]


def add_event(conn: Connection, event: LifeEvent) -> LifeEvent:
    event.id = conn.execute(
        insert(life_events)
        .values(
            person_id=event.person_id,
            kind=event.kind,
            occurred_at=event.occurred_at,
            summary=message.encode(event.summary),
            old_value=event.old_value,
            new_value=event.new_value,
        )
        .returning(life_events.c.id)
    ).scalar_one()
    return event


def events_since(conn: Connection, since: datetime) -> list[LifeEvent]:
    rows = conn.execute(
        select(life_events).where(life_events.c.occurred_at >= since).order_by(life_events.c.id)
    )
    return [
        LifeEvent(
            id=r.id,
            person_id=r.person_id,
            kind=r.kind,
            occurred_at=aware(r.occurred_at),  # type: ignore[arg-type]
            summary=message.decode(r.summary),
            old_value=r.old_value,
            new_value=r.new_value,
        )
        for r in rows
    ]
