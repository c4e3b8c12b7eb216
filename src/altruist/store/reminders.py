"""The user's own reminders (issue 16): a text, a day it is due, optionally a person, and
optionally a repetition (every N days, weeks, months or years).

A reminder is open while `done_at` is empty. Marking a recurring one done moves `due_on` to its
next occurrence after the day it was done, so a weekly reminder missed for three weeks comes
back once, not three times.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Row, delete, insert, select, update

from altruist.errors import ConfigError, NotFoundError
from altruist.store.rows import aware, utcnow
from altruist.store.schema import reminders, suggestions

UNITS = ("days", "weeks", "months", "years")
MAX_EVERY = 3650  # the cadence bound (validate.py): what timedelta and the calendar handle


@dataclass
class Reminder:
    id: int
    text: str
    due_on: date
    person_id: int | None = None
    every: int | None = None
    unit: str | None = None
    done_at: datetime | None = None

    @property
    def recurring(self) -> bool:
        return bool(self.every and self.unit)

    @property
    def key(self) -> str:
        """The deed's stable key: one per occurrence, so a recurring reminder done today is a
        new deed when it is due again, while its feedback (snoozed) sticks to this one."""
        return f"reminder:{self.id}:{self.due_on.isoformat()}"


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has fewer (31 Jan → 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def step(day: date, every: int, unit: str) -> date:
    if unit == "days":
        return day + timedelta(days=every)
    if unit == "weeks":
        return day + timedelta(weeks=every)
    if unit == "months":
        return add_months(day, every)
    if unit == "years":
        return add_months(day, 12 * every)
    raise ConfigError(f"unknown repetition unit '{unit}' (use {', '.join(UNITS)})")


def next_due(due_on: date, every: int, unit: str, done_on: date) -> date:
    """The first occurrence after `done_on` (and after `due_on`: done early moves on one step)."""
    nxt = step(due_on, every, unit)
    while nxt <= done_on:
        nxt = step(nxt, every, unit)
    return nxt


def check_repetition(every: int | None, unit: str | None) -> tuple[int | None, str | None]:
    """Both or neither; a count from 1 to MAX_EVERY and a known unit. ConfigError names the field."""
    if not every and not unit:
        return None, None
    if unit not in UNITS:
        raise ConfigError(f"unit: one of {', '.join(UNITS)}")
    if every is None or not 1 <= every <= MAX_EVERY:
        raise ConfigError(f"every: a whole number from 1 to {MAX_EVERY}")
    return every, unit


def _to_reminder(r: Row[Any]) -> Reminder:
    return Reminder(
        id=r.id,
        text=r.text,
        due_on=r.due_on,
        person_id=r.person_id,
        every=r.every,
        unit=r.unit,
        done_at=aware(r.done_at) if r.done_at else None,
    )


def add(
    conn: Connection,
    text: str,
    due_on: date,
    *,
    person_id: int | None = None,
    every: int | None = None,
    unit: str | None = None,
) -> Reminder:
    if not text.strip():
        raise ConfigError("text: a reminder needs a text")
    every, unit = check_repetition(every, unit)
    new_id = conn.execute(
        insert(reminders)
        .values(
            person_id=person_id,
            text=text.strip(),
            due_on=due_on,
            every=every,
            unit=unit,
            created_at=utcnow(),
        )
        .returning(reminders.c.id)
    ).scalar_one()
    return get(conn, new_id)


def get(conn: Connection, reminder_id: int) -> Reminder:
    row = conn.execute(select(reminders).where(reminders.c.id == reminder_id)).first()
    if row is None:
        raise NotFoundError(f"no reminder with id {reminder_id}")
    return _to_reminder(row)


def open_reminders(conn: Connection, person_id: int | None = None) -> list[Reminder]:
    """Reminders not yet done, soonest first (of one person when `person_id` is given)."""
    query = select(reminders).where(reminders.c.done_at.is_(None))
    if person_id is not None:
        query = query.where(reminders.c.person_id == person_id)
    return [
        _to_reminder(r) for r in conn.execute(query.order_by(reminders.c.due_on, reminders.c.id))
    ]


def due(conn: Connection, today: date) -> list[Reminder]:
    return [r for r in open_reminders(conn) if r.due_on <= today]


def complete(conn: Connection, reminder_id: int, done_on: date) -> Reminder:
    """Done: a recurring reminder moves on to its next occurrence, a one-off one closes."""
    item = get(conn, reminder_id)
    if item.done_at is not None:
        return item
    if item.every and item.unit:
        values: dict[str, Any] = {"due_on": next_due(item.due_on, item.every, item.unit, done_on)}
    else:
        values = {"done_at": utcnow()}
    conn.execute(update(reminders).where(reminders.c.id == reminder_id).values(**values))
    return get(conn, reminder_id)


def remove(conn: Connection, reminder_id: int) -> None:
    """Remove a reminder and its deeds (they name it by key, not by foreign key)."""
    if conn.execute(delete(reminders).where(reminders.c.id == reminder_id)).rowcount == 0:
        raise NotFoundError(f"no reminder with id {reminder_id}")
    conn.execute(delete(suggestions).where(suggestions.c.key.like(f"reminder:{reminder_id}:%")))
