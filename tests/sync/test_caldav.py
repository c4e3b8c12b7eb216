"""CalDAV against a real Radicale: events with attendees become meetings with the same rules as
.ics files (declined attendees not met), incremental, a moved event replaces its meetings, a
deleted future event takes its planned meeting away while a past one stays history."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from altruist.clock import Clock
from altruist.ingest.sync import dav_sync
from altruist.store import Store, sync_repo
from altruist.store.schema import identities, interactions
from tests.sync.radicale_server import Radicale

ICAL = "text/calendar; charset=utf-8"


def event(uid: str, start: str, *attendees: str) -> str:
    lines = [
        f"ATTENDEE;CN={a.split('@')[0]}{';PARTSTAT=DECLINED' if a.startswith('!') else ''}:mailto:{a.lstrip('!')}"
        for a in attendees
    ]
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:{uid}\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:{start}\r\nDTEND:{start[:9]}235900Z\r\n"
        "SUMMARY:Treffen\r\n" + "\r\n".join(lines) + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )


def _meetings(store: Store) -> list[tuple[str, datetime]]:
    with store.read() as conn:
        rows = conn.execute(
            select(identities.c.value, interactions.c.occurred_at)
            .join(interactions, interactions.c.person_id == identities.c.person_id)
            .order_by(interactions.c.occurred_at, identities.c.value)
        ).all()
    return [(v, at.replace(tzinfo=UTC) if at.tzinfo is None else at) for v, at in rows]


def test_events_become_meetings_incrementally(
    radicale: Radicale, sqlite_store: Store, clock: Clock
) -> None:
    user, password = radicale.new_user("cal")
    cal = radicale.make_collection("termine", "caldav", user, password)
    radicale.put(
        cal + "past.ics",
        event("past", "20260301T100000Z", "anna@example.org", "!carl@example.org"),
        ICAL,
        user,
        password,
    )
    radicale.put(
        cal + "plan.ics",
        event("plan", "20270115T100000Z", "anna@example.org"),
        ICAL,
        user,
        password,
    )
    with sqlite_store.transaction() as conn:
        account = sync_repo.add_account(
            conn,
            name="cal",
            kind="caldav",
            url=radicale.url,
            username=user,
            options={},
            now=clock(),
        )
    first = dav_sync.sync_account(sqlite_store, account, password, clock=clock)
    assert first.errors == [] and first.fetched == 2
    past, planned = datetime(2026, 3, 1, 10, tzinfo=UTC), datetime(2027, 1, 15, 10, tzinfo=UTC)
    # Carl declined: not met. The planned meeting is stored (it counts once it has happened).
    assert _meetings(sqlite_store) == [("anna@example.org", past), ("anna@example.org", planned)]

    assert dav_sync.sync_account(sqlite_store, account, password, clock=clock).fetched == 0
    radicale.put(
        cal + "past.ics",
        event("past", "20260302T100000Z", "anna@example.org", "bea@example.org"),
        ICAL,
        user,
        password,
    )
    radicale.delete(cal + "plan.ics", user, password)
    third = dav_sync.sync_account(sqlite_store, account, password, clock=clock)
    assert third.errors == [] and (third.fetched, third.gone) == (1, 1)
    moved = datetime(2026, 3, 2, 10, tzinfo=UTC)
    assert _meetings(sqlite_store) == [("anna@example.org", moved), ("bea@example.org", moved)]
