"""The clock is injected everywhere "now" matters (birthdays, cadences, freshness), so tests can
travel in time and across time zones without patching globals."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


def fixed_clock(at: datetime) -> Clock:
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return lambda: at


def local_today(clock: Clock, timezone: str) -> date:
    """The user's calendar date: a birthday is "today" in the user's zone, not in UTC."""
    return clock().astimezone(ZoneInfo(timezone)).date()


def as_utc(value: datetime) -> datetime:
    """Naive datetimes from the store are UTC by convention."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
