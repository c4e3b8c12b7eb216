"""The calendar reader on icalendar and recurring-ical-events (issue 17, item 6): the keys of the
hand-written reader it replaced, time zones, the year-ahead and 1,000-occurrence limits, and bad
input reported by file, line and event while the good rest is imported."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

from icalendar import Calendar
from sqlalchemy import insert, select

from altruist.clock import Clock
from altruist.domain import Identity, IdentityKind, Person
from altruist.i18n import Translator
from altruist.ingest import reasons
from altruist.ingest.history import ics, recurrence
from altruist.ingest.importer import import_file
from altruist.store import Store
from altruist.store import people as people_repo
from altruist.store.schema import interactions, people

ANNA = "ATTENDEE;CN=Anna Alt;PARTSTAT=ACCEPTED:mailto:anna@example.org"


def _text(*events: str, zones: str = "") -> str:
    body = "".join(
        "BEGIN:VEVENT\r\n" + e.strip().replace("\n", "\r\n") + "\r\nEND:VEVENT\r\n" for e in events
    )
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        + zones.strip().replace("\n", "\r\n")
        + ("\r\n" if zones else "")
        + body
        + "END:VCALENDAR\r\n"
    )


def _starts(store: Store) -> list[datetime]:
    with store.read() as conn:
        rows = conn.execute(select(interactions.c.occurred_at).order_by("occurred_at")).scalars()
        return [at.replace(tzinfo=UTC) if at.tzinfo is None else at for at in rows]


# A zone only the file's VTIMEZONE defines (Lotus Notes writes such names): CET/CEST.
LOTUS_ZONE = """BEGIN:VTIMEZONE
TZID:Western/Central Europe
BEGIN:STANDARD
DTSTART:19501029T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:19500326T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
END:DAYLIGHT
END:VTIMEZONE"""


def test_keys_are_those_the_hand_written_reader_made() -> None:
    """The stored key of a meeting is a hash of this material: it must not change, or every
    calendar imported before would be stored a second time."""
    text = _text(
        f"UID:utc\nDTSTART:20260310T120000Z\n{ANNA}",
        f"UID:day\nDTSTART;VALUE=DATE:20260311\n{ANNA}",
        f"UID:berlin\nDTSTART;TZID=Europe/Berlin:20260705T100000\n{ANNA}",
        f"UID:floating\nDTSTART:20260312T100000\n{ANNA}",
        f"UID:windows\nDTSTART;TZID=W. Europe Standard Time:20260105T100000\n{ANNA}",
        f"SUMMARY:Ohne UID\nDTSTART:20260313T080000Z\n{ANNA}",
        f"UID:weekly\nDTSTART;TZID=Europe/Berlin:20260105T100000\nRRULE:FREQ=WEEKLY;COUNT=2\n{ANNA}",
        "UID:weekly\nRECURRENCE-ID;TZID=Europe/Berlin:20260112T100000\n"
        f"DTSTART;TZID=Europe/Berlin:20260113T100000\n{ANNA}",
    )
    found = {
        (r.dedup_material, r.legacy_dedup_material) for r in ics.parse(text, "k.ics").interactions
    }
    assert found == {
        ("utc||2026-03-10T12:00:00+00:00", None),
        ("day||2026-03-11T00:00:00+00:00", None),
        ("berlin||2026-07-05T08:00:00+00:00", None),
        ("floating||2026-03-12T10:00:00+00:00", None),
        ("windows||2026-01-05T09:00:00+00:00", None),
        ("Ohne UID||2026-03-13T08:00:00+00:00", None),
        ("weekly||2026-01-05T09:00:00+00:00", None),  # the first occurrence: its old key
        ("weekly|20260112T100000|2026-01-13T09:00:00+00:00", None),
    }


def test_a_calendar_the_old_reader_imported_is_not_stored_twice(
    tmp_path: Path, sqlite_store: Store, clock: Clock
) -> None:
    """The old reader read a zone only a VTIMEZONE defines as UTC (10:00 → 10:00 UTC) and keyed
    the meeting so; icalendar reads it right (09:00 UTC). The meeting it stored is found again
    by that old key, and nothing is added."""
    path = tmp_path / "notes.ics"
    event = f"UID:lotus-1\nDTSTART;TZID=Western/Central Europe:20260105T100000\n{ANNA}"
    path.write_text(_text(event, zones=LOTUS_ZONE))
    with sqlite_store.transaction() as conn:
        anna = people_repo.add(conn, Person(name="Anna Alt")).id or 0
        people_repo.add_identity(conn, Identity(anna, IdentityKind.EMAIL, "anna@example.org"))
        old = hashlib.sha1(b"lotus-1||2026-01-05T10:00:00+00:00|anna@example.org").hexdigest()
        conn.execute(
            insert(interactions).values(
                person_id=anna,
                kind="meeting",
                occurred_at=datetime(2026, 1, 5, 10, tzinfo=UTC),
                direction="mutual",
                dedup_key=f"ics:{old}",
            )
        )
    import_file(sqlite_store, path, clock=clock)
    assert _starts(sqlite_store) == [datetime(2026, 1, 5, 10, tzinfo=UTC)]
    # A calendar imported for the first time gets the right hour.
    other = tmp_path / "fresh.ics"
    other.write_text(_text(event.replace("lotus-1", "lotus-2"), zones=LOTUS_ZONE))
    import_file(sqlite_store, other, clock=clock)
    assert datetime(2026, 1, 5, 9, tzinfo=UTC) in _starts(sqlite_store)


def test_time_zones_windows_names_vendor_prefixes_and_the_files_own() -> None:
    text = _text(
        f"UID:a\nDTSTART;TZID=Tokyo Standard Time:20260105T100000\n{ANNA}",
        f"UID:b\nDTSTART;TZID=/mozilla.org/20070129_1/America/New_York:20260705T100000\n{ANNA}",
        f"UID:c\nDTSTART;TZID=Western/Central Europe:20260705T100000\n{ANNA}",
        zones=LOTUS_ZONE,
    )
    starts = {
        r.dedup_material.split("|")[0]: r.occurred_at for r in ics.parse(text, "z.ics").interactions
    }
    assert starts == {
        "a": datetime(2026, 1, 5, 1, tzinfo=UTC),
        "b": datetime(2026, 7, 5, 14, tzinfo=UTC),
        "c": datetime(2026, 7, 5, 8, tzinfo=UTC),  # summer time of the file's own zone
    }


def test_recurrence_reaches_one_year_ahead_and_at_most_1000_occurrences() -> None:
    now = datetime.now(UTC)
    first = (now - timedelta(days=100)).replace(hour=9, minute=0, second=0, microsecond=0)
    daily = Calendar.from_ical(
        _text(f"UID:d\nDTSTART:{first:%Y%m%dT%H%M%SZ}\nRRULE:FREQ=DAILY\n{ANNA}")
    ).walk("VEVENT")[0]
    starts = recurrence.occurrences(daily, [], now=now)
    assert starts[0] == first
    # Every day up to a year ahead (100 days past + 365 ahead), then no more.
    assert starts[-1] <= now + recurrence.AHEAD < starts[-1] + timedelta(days=1)
    assert len(starts) == len({s.date() for s in starts}) == (starts[-1] - first).days + 1
    # A rule every second would fill a year with millions: the cap stops it.
    secondly = Calendar.from_ical(
        _text(f"UID:s\nDTSTART:20260101T090000Z\nRRULE:FREQ=SECONDLY\n{ANNA}")
    ).walk("VEVENT")[0]
    many = recurrence.occurrences(secondly, [])
    assert len(many) == recurrence.MAX_OCCURRENCES
    assert many[-1] == datetime(2026, 1, 1, 9, 16, 39, tzinfo=UTC)


def test_rdate_adds_occurrences() -> None:
    text = _text(
        f"UID:r\nDTSTART:20260105T090000Z\nRDATE:20260107T090000Z,20260109T090000Z\n{ANNA}"
    )
    assert [r.occurred_at.day for r in ics.parse(text, "r.ics").interactions] == [5, 7, 9]


def test_many_attendees_each_met_once(tmp_path: Path, sqlite_store: Store, clock: Clock) -> None:
    guests = "\n".join(
        f"ATTENDEE;CN=Gast {n:02d};PARTSTAT=ACCEPTED:mailto:gast{n}@example.org" for n in range(60)
    )
    path = tmp_path / "konferenz.ics"
    path.write_text(_text(f"UID:konf\nDTSTART:20260310T090000Z\nSUMMARY:Konferenz\n{guests}"))
    report = import_file(sqlite_store, path, clock=clock)
    assert report.skipped == []
    with sqlite_store.read() as conn:
        assert len(conn.execute(select(people.c.id)).all()) == 60
        assert len(conn.execute(select(interactions.c.id)).all()) == 60


def test_bad_input_is_reported_by_line_and_event_and_the_rest_imported(
    tmp_path: Path, sqlite_store: Store, clock: Clock
) -> None:
    good = f"UID:good\nDTSTART:20260310T090000Z\nSUMMARY:Gutes Treffen\n{ANNA}"
    bad_start = (
        "UID:bad\nDTSTART:2026-03-11\nSUMMARY:Kaputter Beginn\n"
        "ATTENDEE;CN=Bea Berger:mailto:bea@example.org"
    )
    bad_rule = (
        "UID:rule\nDTSTART:20260312T090000Z\nSUMMARY:Regel\nRRULE:FREQ=SOMETIMES\n"
        "ATTENDEE;CN=Carl Conrad:mailto:carl@example.org"
    )
    text = _text(good, bad_start, bad_rule)
    # A stray line between two events: icalendar refuses the file as a whole.
    text = text.replace("END:VEVENT\r\nBEGIN:VEVENT", "END:VEVENT\r\nstray line\r\nBEGIN:VEVENT", 1)
    # The last event is cut off.
    text = text.replace("END:VCALENDAR\r\n", f"BEGIN:VEVENT\r\nUID:cut\r\n{ANNA}\r\n")
    path = tmp_path / "kaputt.ics"
    path.write_text(text)
    report = import_file(sqlite_store, path, clock=clock)
    lines = text.split("\r\n")
    problems = {(s.line, s.reason) for s in report.skipped}
    assert all(s.file == str(path) for s in report.skipped)
    stray = lines.index("stray line") + 1
    assert any(line == stray and "read event by event" in r for line, r in problems)
    bad_line = lines.index("UID:bad")  # 1-based line of its BEGIN:VEVENT
    assert (bad_line, "event “Kaputter Beginn”: DTSTART '2026-03-11' not understood") in problems
    rule_line = lines.index("UID:rule")
    assert any(line == rule_line and "“Regel”: RRULE not understood" in r for line, r in problems)
    # The good event and the one whose rule was not understood are meetings; nothing else.
    with sqlite_store.read() as conn:
        met = {p.name for p in people_repo.all_people(conn)}
    assert met == {"Anna Alt", "Carl Conrad"}
    cut = len(lines) - lines[::-1].index("BEGIN:VEVENT")
    assert (cut, "event not closed (no END:VEVENT)") in problems
    # Every problem is shown in German by the import page's and CLI's lookup (reasons.parts).
    german = Translator("de")
    for _line, reason in problems:
        template, values = reasons.parts(reason)
        shown = german(template, **values)
        assert shown.startswith(("Termin", "Kalender")), shown
