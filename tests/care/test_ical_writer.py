"""The hand-written RFC 5545 serialisation, checked against the icalendar parser."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from altruist.export.ical_writer import Writer, duration_value, escape_text, fold


def test_folding_never_splits_a_utf8_character_and_unfolds_to_the_original() -> None:
    line = "SUMMARY:" + "Müßiggänger Ökonom " * 12
    folded = fold(line)
    physical = folded.split(b"\r\n")[:-1]
    assert len(physical) > 1
    assert all(len(p) <= 75 for p in physical)
    assert all(p.startswith(b" ") for p in physical[1:])
    for p in physical:
        p.decode("utf-8")  # each physical line is valid UTF-8 on its own: no split sequence
    assert b"".join(p[1:] if i else p for i, p in enumerate(physical)).decode() == line


def test_short_lines_are_not_folded() -> None:
    assert fold("VERSION:2.0") == b"VERSION:2.0\r\n"


def test_text_escaping_round_trips_through_icalendar() -> None:
    nasty = "Meier, Anna; Dr.\\Prof.\nzweite Zeile"
    out = Writer()
    out.begin("VCALENDAR")
    out.raw("VERSION", "2.0")
    out.text("PRODID", "-//test//EN")
    out.begin("VEVENT")
    out.text("UID", "x@test")
    out.utc("DTSTAMP", datetime(2026, 11, 26, 9, 30, 5, tzinfo=UTC))
    out.date("DTSTART", date(2027, 1, 2))
    out.text("SUMMARY", nasty)
    out.raw("TRIGGER", duration_value(timedelta(days=-3)))
    out.end("VEVENT")
    out.end("VCALENDAR")
    [event] = Calendar.from_ical(bytes(out)).walk("VEVENT")
    assert str(event["SUMMARY"]) == nasty
    assert event.decoded("DTSTAMP") == datetime(2026, 11, 26, 9, 30, 5, tzinfo=UTC)
    assert event.decoded("DTSTART") == date(2027, 1, 2)
    assert escape_text("a,b;c") == "a\\,b\\;c"


def test_durations() -> None:
    assert duration_value(timedelta(days=-3)) == "-P3D"
    assert duration_value(timedelta(days=1, seconds=5)) == "P1DT5S"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=300))
def test_any_summary_survives_escaping_and_folding(summary: str) -> None:
    out = Writer()
    out.begin("VCALENDAR")
    out.raw("VERSION", "2.0")
    out.text("PRODID", "-//test//EN")
    out.begin("VEVENT")
    out.text("UID", "x@test")
    out.text("SUMMARY", summary)
    out.end("VEVENT")
    out.end("VCALENDAR")
    raw = bytes(out)
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    [event] = Calendar.from_ical(raw).walk("VEVENT")
    assert str(event.get("SUMMARY", "")) == summary
