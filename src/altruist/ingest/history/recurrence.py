"""Occurrences of a recurring calendar event (RFC 5545 §3.3.10 RRULE, §3.8.5.2 RDATE, §3.8.5.1
EXDATE, §3.8.4.4 RECURRENCE-ID), expanded by the kept library `recurring-ical-events`.

A weekly one-to-one is a meeting every week: counted once (at its first start) it would make a
colleague seen every Monday look like someone last met years ago. Occurrences keep the event's
own local hour (a 10:00 Berlin meeting stays at 10:00 across daylight saving), up to a year
ahead of today and at most MAX_OCCURRENCES; those ahead are stored but count for keep-in-touch
only once they have happened (interactions.all_times). Occurrences the calendar cancelled
(EXDATE) or moved (a VEVENT with the same UID and a RECURRENCE-ID) are left out here: the moved
one is its own event (ics.py).

The library answers "which occurrences lie between two times" and has no cap on their number:
a rule with a second's interval would fill a year with 31 million. So the window is first cut
at the MAX_OCCURRENCES-th start of the rule itself (python-dateutil, which the library uses).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import islice

import recurring_ical_events
from dateutil.rrule import rrulestr
from icalendar import Calendar, Component

from altruist.ingest.history.moments import to_utc

MAX_OCCURRENCES = 1000
AHEAD = timedelta(days=365)


class NotUnderstood(ValueError):
    """The event's recurrence cannot be expanded; the caller records it once, as it starts."""


def occurrences(
    event: Component,
    overrides: list[Component],
    *,
    now: datetime | None = None,
) -> list[datetime]:
    """UTC start of every occurrence of `event` (a VEVENT with RRULE or RDATE), in order, up to
    a year after `now` and at most MAX_OCCURRENCES, without those `overrides` moved."""
    horizon = (now or datetime.now(UTC)) + AHEAD
    start = to_utc(event.decoded("DTSTART"))
    end = min(horizon, _cap(event, start) or horizon) + timedelta(seconds=1)
    calendar = Calendar()
    calendar.add_component(event)
    for override in overrides:
        calendar.add_component(override)
    try:
        moved = {to_utc(o.decoded("RECURRENCE-ID")) for o in overrides if "RECURRENCE-ID" in o}
        found = recurring_ical_events.of(calendar).between(start, end)
        starts = sorted({to_utc(o.decoded("DTSTART")) for o in found if _original(o) not in moved})
    except (ValueError, TypeError, AttributeError, KeyError, OverflowError) as exc:
        # The library's own errors (InvalidCalendar) are ValueErrors; the others are what a
        # hostile file makes it raise (a DTSTART listed twice is a list, not a value).
        raise NotUnderstood(str(exc) or type(exc).__name__) from exc
    return [s for s in starts if s <= horizon][:MAX_OCCURRENCES]


def _original(occurrence: Component) -> datetime | None:
    """The start this occurrence had before any move (the library writes it as RECURRENCE-ID)."""
    if "RECURRENCE-ID" not in occurrence:
        return None
    return to_utc(occurrence.decoded("RECURRENCE-ID"))


def _cap(event: Component, start: datetime) -> datetime | None:
    """The MAX_OCCURRENCES-th start of the event's first RRULE (None: no rule, or none the cap
    can read; then the year ahead is the only limit)."""
    rule = event.get("RRULE")
    if isinstance(rule, list):
        rule = rule[0] if rule else None
    if rule is None:
        return None
    text = "RRULE:" + bytes(rule.to_ical()).decode(errors="replace")
    local = event.decoded("DTSTART")
    if not isinstance(local, datetime):
        local = datetime(local.year, local.month, local.day)
    for dtstart in (local, local.replace(tzinfo=None)):
        try:
            first = list(islice(rrulestr(text, dtstart=dtstart, cache=False), MAX_OCCURRENCES))
        except (ValueError, TypeError, OverflowError):
            continue  # UNTIL as a floating or DATE value while DTSTART has a zone: try naive
        return to_utc(first[-1]) if len(first) == MAX_OCCURRENCES else None
    return None
