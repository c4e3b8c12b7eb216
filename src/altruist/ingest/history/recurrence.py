"""Occurrences of a recurring calendar event (RFC 5545 §3.3.10 RRULE, §3.8.5.1 EXDATE), expanded
with python-dateutil's rrule — the kept library icalendar itself relies on.

A weekly one-to-one is a meeting every week: counted once (at its first start) it would make a
colleague seen every Monday look like someone last met years ago. Occurrences are expanded in
the event's own time zone (a 10:00 Berlin meeting stays at 10:00 across daylight saving), up to
a year ahead of today and at most MAX_OCCURRENCES; those ahead are stored but count for
keep-in-touch only once they have happened (interactions.all_times). Occurrences the calendar
moved or changed (a VEVENT with RECURRENCE-ID) or cancelled (EXDATE) are left out here: the
moved one is its own event.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import islice

from dateutil.rrule import rrulestr

MAX_OCCURRENCES = 1000
AHEAD = timedelta(days=365)


def occurrences(
    start: datetime,
    rule: str,
    skip: set[datetime],
    *,
    now: datetime | None = None,
) -> list[datetime] | None:
    """UTC start of every occurrence from `start` (aware, in the event's zone) under `rule`,
    without those in `skip` (UTC); None when the rule cannot be read (the caller then records
    the event once, as before)."""
    horizon = (now or datetime.now(UTC)) + AHEAD
    try:
        expanded = _expand(start, rule)
        found = [
            moment.astimezone(UTC)
            for moment in islice(expanded, MAX_OCCURRENCES)
            if moment.astimezone(UTC) <= horizon
        ]
    except (ValueError, TypeError, OverflowError):
        return None
    return [moment for moment in found if moment not in skip] or None


def _expand(start: datetime, rule: str) -> list[datetime]:
    try:
        iterator = rrulestr(f"RRULE:{rule}", dtstart=start, cache=False)
    except ValueError:
        # UNTIL given as a floating or DATE value while DTSTART has a zone (common in exports;
        # dateutil insists on UTC): read the rule in naive local time instead.
        naive = rrulestr(f"RRULE:{rule}", dtstart=start.replace(tzinfo=None), cache=False)
        zone = start.tzinfo
        return [moment.replace(tzinfo=zone) for moment in islice(naive, MAX_OCCURRENCES)]
    return list(islice(iterator, MAX_OCCURRENCES))
