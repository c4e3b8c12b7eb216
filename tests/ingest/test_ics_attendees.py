"""Who an imported calendar says the user met (issue 17): declined attendees were not met, the
user's own address is never a contact, the user's own "no" cancels the meeting, and a meeting
that lies ahead does not reset keep-in-touch before it has happened."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from altruist.clock import Clock
from altruist.engine.care import suggest as care
from altruist.engine.context import EngineContext
from altruist.ingest.importer import import_file
from altruist.store import Store, own_addresses
from altruist.store import people as people_repo
from altruist.store.schema import interactions, people


def _calendar(tmp: Path, *events: str, header: str = "") -> Path:
    body = "".join(
        "BEGIN:VEVENT\r\n" + event.strip().replace("\n", "\r\n") + "\r\nEND:VEVENT\r\n"
        for event in events
    )
    path = tmp / "calendar.ics"
    path.write_bytes(
        (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
            + header
            + body
            + "END:VCALENDAR\r\n"
        ).encode()
    )
    return path


def _met(store: Store) -> dict[str, int]:
    """Name -> number of meetings recorded with that person."""
    with store.read() as conn:
        rows = conn.execute(
            select(people.c.name, interactions.c.id).join(
                interactions, interactions.c.person_id == people.c.id
            )
        ).all()
    out: dict[str, int] = {}
    for name, _ in rows:
        out[name] = out.get(name, 0) + 1
    return out


def _names(store: Store) -> set[str]:
    with store.read() as conn:
        return {p.name for p in people_repo.all_people(conn)}


LUNCH = """UID:lunch-1
DTSTART:20260310T120000Z
SUMMARY:Mittagessen
ORGANIZER;CN=Bea Berger:mailto:bea@example.org
ATTENDEE;CN=Anna Alt;PARTSTAT=ACCEPTED:mailto:anna@example.org
ATTENDEE;CN=Carl Conrad;PARTSTAT=DECLINED:mailto:carl@example.org
ATTENDEE;CN=Dora Dorn;ROLE=NON-PARTICIPANT:mailto:dora@example.org"""


def test_declined_and_informed_attendees_were_not_met(
    tmp_path: Path, any_store: Store, clock: Clock
) -> None:
    report = import_file(any_store, _calendar(tmp_path, LUNCH), clock=clock)
    assert report.skipped == []
    assert _met(any_store) == {"Bea Berger": 1, "Anna Alt": 1}
    # Someone who only declined is not a contact the user has: nobody is created for them.
    assert _names(any_store) == {"Bea Berger", "Anna Alt"}


def test_own_address_from_the_profile_is_never_a_contact(
    tmp_path: Path, any_store: Store, clock: Clock
) -> None:
    with any_store.transaction() as conn:
        own_addresses.set_listed(conn, ["Ich@Example.org"])
    event = """UID:review-1
DTSTART:20260311T090000Z
SUMMARY:Review
ORGANIZER;CN=Me:mailto:ich@example.org
ATTENDEE;CN=Me;PARTSTAT=ACCEPTED:mailto:ich@example.org
ATTENDEE;CN=Anna Alt;PARTSTAT=ACCEPTED:mailto:anna@example.org"""
    import_file(any_store, _calendar(tmp_path, event), clock=clock)
    assert _names(any_store) == {"Anna Alt"}
    assert _met(any_store) == {"Anna Alt": 1}


def test_calendar_named_after_its_owner_names_the_user(
    tmp_path: Path, any_store: Store, clock: Clock
) -> None:
    event = """UID:coffee-1
DTSTART:20260312T150000Z
ORGANIZER;CN=Mein Name:mailto:owner@example.org
ATTENDEE;CN=Anna Alt;PARTSTAT=ACCEPTED:mailto:anna@example.org"""
    header = "X-WR-CALNAME:owner@example.org\r\n"
    import_file(any_store, _calendar(tmp_path, event, header=header), clock=clock)
    assert _names(any_store) == {"Anna Alt"}


def test_a_meeting_the_user_declined_met_nobody(
    tmp_path: Path, any_store: Store, clock: Clock
) -> None:
    with any_store.transaction() as conn:
        own_addresses.set_listed(conn, ["ich@example.org"])
    event = """UID:party-1
DTSTART:20260313T180000Z
ORGANIZER;CN=Bea Berger:mailto:bea@example.org
ATTENDEE;CN=Ich;PARTSTAT=DECLINED:mailto:ich@example.org
ATTENDEE;CN=Anna Alt;PARTSTAT=ACCEPTED:mailto:anna@example.org"""
    import_file(any_store, _calendar(tmp_path, event), clock=clock)
    assert _met(any_store) == {}


def test_a_future_meeting_does_not_reset_keep_in_touch(
    tmp_path: Path, sqlite_store: Store, clock: Clock
) -> None:
    past = """UID:past-1
DTSTART:20250105T100000Z
ATTENDEE;CN=Anna Alt;PARTSTAT=ACCEPTED:mailto:anna@example.org"""
    planned = """UID:planned-1
DTSTART:20270105T100000Z
ATTENDEE;CN=Anna Alt;PARTSTAT=ACCEPTED:mailto:anna@example.org"""
    import_file(sqlite_store, _calendar(tmp_path, past, planned), clock=clock)
    assert _met(sqlite_store) == {"Anna Alt": 2}  # both are stored: the plan is history later
    with sqlite_store.read() as conn:
        [anna] = people_repo.all_people(conn)
    ctx = EngineContext(store=sqlite_store, clock=clock, embedder_name="fake")
    state = care.person_care(ctx, anna.id or 0)
    assert state.last_contact == datetime(2025, 1, 5, 10, 0, tzinfo=UTC)
    # Once its day has passed, the same stored meeting counts.
    later = EngineContext(
        store=sqlite_store,
        clock=lambda: datetime(2027, 2, 1, tzinfo=UTC),
        embedder_name="fake",
    )
    assert care.person_care(later, anna.id or 0).last_contact == datetime(
        2027, 1, 5, 10, 0, tzinfo=UTC
    )


def test_a_weekly_meeting_is_met_every_week_but_cancelled_and_moved_ones(
    tmp_path: Path, sqlite_store: Store, clock: Clock
) -> None:
    weekly = """UID:weekly-1
DTSTART;TZID=Europe/Berlin:20260105T100000
RRULE:FREQ=WEEKLY;COUNT=4
EXDATE;TZID=Europe/Berlin:20260112T100000
ATTENDEE;CN=Anna Alt;PARTSTAT=ACCEPTED:mailto:anna@example.org"""
    moved = """UID:weekly-1
RECURRENCE-ID;TZID=Europe/Berlin:20260119T100000
DTSTART;TZID=Europe/Berlin:20260120T150000
ATTENDEE;CN=Anna Alt;PARTSTAT=ACCEPTED:mailto:anna@example.org"""
    summer = """UID:summer-1
DTSTART;TZID=Europe/Berlin:20260323T100000
RRULE:FREQ=WEEKLY;UNTIL=20260331
ATTENDEE;CN=Bea Berger;PARTSTAT=ACCEPTED:mailto:bea@example.org"""
    path = _calendar(tmp_path, weekly, moved, summer)
    import_file(sqlite_store, path, clock=clock)
    with sqlite_store.read() as conn:
        times = conn.execute(
            select(people.c.name, interactions.c.occurred_at)
            .join(interactions, interactions.c.person_id == people.c.id)
            .order_by(interactions.c.occurred_at)
        ).all()
    utc = [(name, at.replace(tzinfo=UTC) if at.tzinfo is None else at) for name, at in times]
    assert utc == [
        ("Anna Alt", datetime(2026, 1, 5, 9, 0, tzinfo=UTC)),  # 10:00 Berlin (winter)
        # 12 January cancelled (EXDATE); 19 January moved to the 20th at 15:00
        ("Anna Alt", datetime(2026, 1, 20, 14, 0, tzinfo=UTC)),
        ("Anna Alt", datetime(2026, 1, 26, 9, 0, tzinfo=UTC)),
        ("Bea Berger", datetime(2026, 3, 23, 9, 0, tzinfo=UTC)),
        ("Bea Berger", datetime(2026, 3, 30, 8, 0, tzinfo=UTC)),  # still 10:00 Berlin (summer)
    ]
    # Re-importing stores nothing twice.
    assert import_file(sqlite_store, path, clock=clock).added == 0
