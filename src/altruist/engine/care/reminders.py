"""The user's own reminders as deeds on Today (issue 16): every open reminder due by today is
one deed, keyed by its occurrence (`reminder:ID:DUE`), so feedback sticks to that occurrence
and a recurring reminder done today returns as a new deed on its next day."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection

from altruist.domain import Language, Suggestion, SuggestionKind
from altruist.engine.context import EngineContext
from altruist.engine.phrases import stored_language
from altruist.store import people as people_repo
from altruist.store import reminders as reminders_repo
from altruist.store.reminders import Reminder

# Above every proposed deed (at most 1.0 for a birthday on the day): the user asked for it.
SCORE = 1.2

_UNITS = {
    Language.DE: {"days": "Tage", "weeks": "Wochen", "months": "Monate", "years": "Jahre"},
    Language.EN: {"days": "days", "weeks": "weeks", "months": "months", "years": "years"},
}


def reason(item: Reminder, today: date, ui: Language) -> str:
    late = (today - item.due_on).days
    if ui is Language.DE:
        when = "heute fällig" if late == 0 else f"fällig seit {item.due_on:%d.%m.%Y}"
        every = f"; alle {item.every} {_UNITS[ui][item.unit or 'days']}" if item.recurring else ""
        return f"Deine Erinnerung, {when}{every}."
    when = "due today" if late == 0 else f"due since {item.due_on.isoformat()}"
    every = f"; every {item.every} {_UNITS[ui][item.unit or 'days']}" if item.recurring else ""
    return f"Your reminder, {when}{every}."


def due_suggestions(conn: Connection, today: date) -> list[Suggestion]:
    """Deeds for the reminders due by `today` (a cheap read: Today adds them between refreshes)."""
    ui = stored_language(conn)
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
                reason=reason(item, today, ui),
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
