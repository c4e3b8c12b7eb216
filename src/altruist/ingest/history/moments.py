"""How a calendar's DATE or DATE-TIME becomes one instant, for the reader and its recurrences."""

from __future__ import annotations

from datetime import UTC, date, datetime

from altruist.clock import as_utc


def to_utc(value: date) -> datetime:
    """A DATE is midnight UTC; a floating time (or a zone icalendar could not find) is UTC."""
    if not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    return as_utc(value)
