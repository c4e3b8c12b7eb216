"""The care calendar, parsed back with icalendar and expanded with dateutil: stable UIDs, yearly
all-day birthdays (29 February per setting), due check-ins as dated events, RFC 5545 framing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar, Event

from altruist.clock import fixed_clock
from altruist.domain import Birthday, Language, SuggestionState
from altruist.engine.care import birthdays
from altruist.engine.care.birthdays import Feb29Rule
from altruist.export.ics import calendar_for
from altruist.store import Store
from tests.care.conftest import add_contact, add_person, close_suggestion, utc


def export(store: Store, at: datetime, tz: str = "Europe/Berlin", **kw: object) -> Calendar:
    data = calendar_for(store, clock=fixed_clock(at), timezone=tz, **kw)  # type: ignore[arg-type]
    return Calendar.from_ical(data)


def events(cal: Calendar) -> dict[str, Event]:
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def occurrences(event: Event, start: date, end: date) -> list[date]:
    """Expand DTSTART + RRULE with dateutil (independent of our code) within [start, end]."""
    first = event.decoded("DTSTART")
    rule = event["RRULE"].to_ical().decode()
    expanded = rrulestr(rule, dtstart=datetime(first.year, first.month, first.day))
    return [
        d.date()
        for d in expanded.between(
            datetime(start.year, start.month, start.day),
            datetime(end.year, end.month, end.day),
            inc=True,
        )
    ]


def test_framing_is_valid_rfc5545(sqlite_store: Store) -> None:
    add_person(
        sqlite_store,
        "Jürgen Müßig-Äpfelbäumer von und zu Langenamenhausen",
        birthday=Birthday(5, 17),
    )
    raw = calendar_for(sqlite_store, clock=fixed_clock(utc(2026, 11, 26)), timezone="Europe/Berlin")
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    # §3.1: lines are CRLF-terminated and folded at 75 octets.
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    cal = Calendar.from_ical(raw)
    assert str(cal["VERSION"]) == "2.0" and "altruist" in str(cal["PRODID"])
    [event] = cal.walk("VEVENT")
    for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "RRULE"):
        assert required in event
    assert event.decoded("DTSTAMP") == datetime(2026, 11, 26, 9, tzinfo=UTC)
    assert "Langenamenhausen" in str(event["SUMMARY"])
    [alarm] = event.walk("VALARM")
    assert alarm.decoded("TRIGGER") == timedelta(days=-3)


def test_birthdays_are_yearly_all_day_events_with_stable_uids(any_store: Store) -> None:
    anna = add_person(any_store, "Anna", birthday=Birthday(1, 2, 1990))
    kai = add_person(any_store, "Kai", birthday=Birthday(12, 30))
    first = events(export(any_store, utc(2026, 11, 26)))
    later = events(export(any_store, utc(2027, 6, 1)))
    assert (
        set(first) == set(later) == {f"birthday-{anna.id}@altruist", f"birthday-{kai.id}@altruist"}
    )
    a = first[f"birthday-{anna.id}@altruist"]
    assert a.decoded("DTSTART") == date(1990, 1, 2)  # a date, not a date-time: all day
    assert a.decoded("DTEND") == date(1990, 1, 3)
    assert str(a["TRANSP"]) == "TRANSPARENT"
    assert occurrences(a, date(2026, 12, 1), date(2028, 1, 31)) == [
        date(2027, 1, 2),
        date(2028, 1, 2),
    ]
    k = first[f"birthday-{kai.id}@altruist"]
    assert occurrences(k, date(2026, 12, 1), date(2027, 12, 31)) == [
        date(2026, 12, 30),
        date(2027, 12, 30),
    ]


@pytest.mark.parametrize(
    ("rule", "in_2027"), [(Feb29Rule.FEB28, date(2027, 2, 28)), (Feb29Rule.MAR1, date(2027, 3, 1))]
)
@pytest.mark.parametrize("year", [1988, None])
def test_29_february_lands_on_the_chosen_day_in_common_years(
    sqlite_store: Store, rule: Feb29Rule, in_2027: date, year: int | None
) -> None:
    leo = add_person(sqlite_store, "Leo", birthday=Birthday(2, 29, year))
    with sqlite_store.transaction() as conn:
        birthdays.save_feb29_rule(conn, rule)
    event = events(export(sqlite_store, utc(2026, 11, 26)))[f"birthday-{leo.id}@altruist"]
    assert occurrences(event, date(2027, 1, 1), date(2029, 1, 1)) == [in_2027, date(2028, 2, 29)]
    assert occurrences(event, date(2100, 1, 1), date(2100, 12, 31)) == [in_2027.replace(year=2100)]


def test_due_check_ins_are_dated_events_and_overdue_ones_move_to_today(sqlite_store: Store) -> None:
    soon = add_person(sqlite_store, "Soon", tier="close")
    late = add_person(sqlite_store, "Late", tier="close", language=Language.DE)
    far = add_person(sqlite_store, "Far", tier="yearly")
    add_contact(sqlite_store, soon, utc(2026, 11, 10))
    add_contact(sqlite_store, late, utc(2026, 9, 1))
    add_contact(sqlite_store, far, utc(2026, 11, 1))
    found = events(export(sqlite_store, utc(2026, 11, 26), horizon_days=60))
    s = found[f"checkin-{soon.id}-2026-11-10@altruist"]
    assert s.decoded("DTSTART") == date(2026, 12, 10)
    assert "RRULE" not in s
    overdue = found[f"checkin-{late.id}-2026-09-01@altruist"]
    assert overdue.decoded("DTSTART") == date(2026, 11, 26)
    assert int(overdue["SEQUENCE"]) == (date(2026, 11, 26) - date(2026, 10, 1)).days
    assert not any(uid.startswith(f"checkin-{far.id}-") for uid in found)  # due beyond 60 days


def test_many_overdue_check_ins_are_spread_over_the_following_days(sqlite_store: Store) -> None:
    """Issue 16: 10 overdue check-ins are not a wall on one day; the most overdue come first."""
    people = []
    for n in range(10):
        person = add_person(sqlite_store, f"Person {n}", tier="close")
        add_contact(sqlite_store, person, utc(2026, 10, 1) - timedelta(days=10 * n))
        people.append(person)
    found = events(export(sqlite_store, utc(2026, 11, 26), horizon_days=60))
    day_of = {
        p.id: next(
            e.decoded("DTSTART") for uid, e in found.items() if uid.startswith(f"checkin-{p.id}-")
        )
        for p in people
    }
    per_day: dict[date, int] = {}
    for day in day_of.values():
        per_day[day] = per_day.get(day, 0) + 1
    assert max(per_day.values()) <= 3
    assert min(per_day) == date(2026, 11, 26) and max(per_day) == date(2026, 11, 29)
    # The longest silence (the last person) is on today; the shortest waits longest.
    assert day_of[people[-1].id] == date(2026, 11, 26)
    assert day_of[people[0].id] == date(2026, 11, 29)


def test_traveller_sees_overdue_check_ins_on_their_local_today(sqlite_store: Store) -> None:
    ben = add_person(sqlite_store, "Ben", tier="close")
    add_contact(sqlite_store, ben, utc(2026, 9, 1))
    at = datetime(2026, 11, 26, 20, tzinfo=UTC)
    uid = f"checkin-{ben.id}-2026-09-01@altruist"
    assert events(export(sqlite_store, at, "Europe/Berlin"))[uid].decoded("DTSTART") == date(
        2026, 11, 26
    )
    assert events(export(sqlite_store, at, "Asia/Tokyo"))[uid].decoded("DTSTART") == date(
        2026, 11, 27
    )


def test_dismissed_check_in_moves_one_cadence_later(sqlite_store: Store) -> None:
    ben = add_person(sqlite_store, "Ben", tier="close")
    add_contact(sqlite_store, ben, utc(2026, 9, 1))
    key = f"checkin:{ben.id}:2026-09-01"
    close_suggestion(sqlite_store, key, ben.id or 0, SuggestionState.DISMISSED, utc(2026, 11, 20))
    found = events(export(sqlite_store, utc(2026, 11, 26)))
    assert f"checkin-{ben.id}-2026-09-01@altruist" not in found
    assert found[f"checkin-{ben.id}-2026-11-20@altruist"].decoded("DTSTART") == date(2026, 12, 20)


def test_calendar_speaks_the_users_language(sqlite_store: Store) -> None:
    add_person(sqlite_store, "Anna", birthday=Birthday(3, 4))
    cal = export(sqlite_store, utc(2026, 11, 26), lang=Language.DE)
    [event] = cal.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Geburtstag: Anna"


def test_feed_needs_the_current_token(sqlite_store: Store) -> None:
    from altruist.errors import NotFoundError
    from altruist.export import feed_token
    from altruist.export.ics import feed

    add_person(sqlite_store, "Anna", birthday=Birthday(3, 4))
    clock = fixed_clock(utc(2026, 11, 26))
    with pytest.raises(NotFoundError):
        feed(sqlite_store, "anything", clock=clock)  # no token created yet
    with sqlite_store.transaction() as conn:
        token = feed_token.ensure(conn)
    assert Calendar.from_ical(feed(sqlite_store, token, clock=clock)).walk("VEVENT")
    with sqlite_store.transaction() as conn:
        feed_token.rotate(conn)
    with pytest.raises(NotFoundError):
        feed(sqlite_store, token, clock=clock)
    with sqlite_store.transaction() as conn:
        feed_token.revoke(conn)
    with pytest.raises(NotFoundError):
        feed(sqlite_store, None, clock=clock)
