"""The user's own reminders as deeds on Today (issue 16): every open reminder due by today is
one deed, keyed by its occurrence (`reminder:ID:DUE`), so feedback sticks to that occurrence
and a recurring reminder done today returns as a new deed on its next day."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection

from altruist.domain import Message, Suggestion, SuggestionKind
from altruist.engine.context import EngineContext
from altruist.store import people as people_repo
from altruist.store import reminders as reminders_repo
from altruist.store.reminders import Reminder

# Above every proposed deed (at most 1.0 for a birthday on the day): the user asked for it.
SCORE = 1.2

# How often a recurring reminder comes back, by its unit: (singular msgid, plural msgid).
EVERY = {
    "days": ("every day", "every {n} days"),
    "weeks": ("every week", "every {n} weeks"),
    "months": ("every month", "every {n} months"),
    "years": ("every year", "every {n} years"),
}


def reason(item: Reminder, today: date) -> Message:
    """Said in the reader's language when shown (issue 14), like every other deed's reason."""
    when = (
        Message("due today")
        if today <= item.due_on
        else Message("due since {day}", {"day": item.due_on})
    )
    if not item.recurring:
        return Message("Your reminder, {when}.", {"when": when})
    singular, plural = EVERY[item.unit or "days"]
    every = Message(singular, {"n": item.every or 1}, plural=plural)
    return Message("Your reminder, {when}; {every}.", {"when": when, "every": every})


def due_suggestions(conn: Connection, today: date) -> list[Suggestion]:
    """Deeds for the reminders due by `today` (a cheap read: Today adds them between refreshes)."""
    due = reminders_repo.due(conn, today)
    names = people_repo.get_many(conn, [r.person_id for r in due if r.person_id])
    out = []
    for item in due:
        person = names.get(item.person_id) if item.person_id else None
        title = f"{person.name}: {item.text}" if person else item.text
        out.append(
            Suggestion(
                kind=SuggestionKind.REMINDER,
                key=item.key,
                title=title[:500],
                reason=reason(item, today),
                score=SCORE,
                person_ids=[item.person_id] if item.person_id else [],
            )
        )
    return out


def suggest(ctx: EngineContext) -> list[Suggestion]:
    with ctx.store.read() as conn:
        return due_suggestions(conn, ctx.today())


def reminder_id(key: str) -> int | None:
    """The reminder behind a deed's key (`reminder:ID:DUE`)."""
    parts = key.split(":")
    if len(parts) == 3 and parts[0] == "reminder" and parts[1].isdigit():
        return int(parts[1])
    return None
