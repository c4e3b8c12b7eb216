"""`altruist remind add|list|done`: the user's own reminders (issue 16). A due reminder is a
deed on `altruist today`; done moves a recurring one to its next day."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table

from altruist.agenda import complete_reminder
from altruist.cli.context import engine_context, get_app
from altruist.errors import ConfigError
from altruist.i18n import Translator
from altruist.i18n.formats import format_day
from altruist.ingest.by_hand import DATE_INVALID, parse_day
from altruist.store import people as people_repo
from altruist.store import reminders as reminders_repo
from altruist.validate import MAX_ROW_ID

out = Console()
remind_app = typer.Typer(help="Your own reminders, once or recurring; due ones are on Today.")


def register(app: typer.Typer) -> None:
    app.add_typer(remind_app, name="remind")


@remind_app.command("add")
def add(
    ctx: typer.Context,
    text: str = typer.Argument(..., help="What to remind you of."),
    on: str = typer.Option("", "--on", help="Day it is due (default today): 05.12.2026."),
    every: int | None = typer.Option(None, "--every", help="Repeat every N units."),
    unit: str | None = typer.Option(None, "--unit", help="days | weeks | months | years"),
    person: int | None = typer.Option(None, "--person", min=1, max=MAX_ROW_ID, help="About."),
) -> None:
    """Set a reminder, e.g. `altruist remind add "Anna anrufen" --on 05.12.2026 --every 3
    --unit months --person 12`."""
    app = get_app(ctx)
    engine = engine_context(app)
    day = engine.today() if not on.strip() else parse_day(on)
    if day is None:
        raise ConfigError(f"--on: {DATE_INVALID}")
    if every is not None and unit is None:
        unit = "days"
    with app.store.transaction() as conn:
        if person is not None:
            people_repo.get(conn, person)  # NotFoundError with the id
        try:
            item = reminders_repo.add(conn, text, day, person_id=person, every=every, unit=unit)
        except ConfigError as exc:  # "every: …" names the option
            raise ConfigError(f"--{exc}") from exc
    t = app.t
    due = format_day(item.due_on, t.lang)
    out.print(
        t("Reminder {id}: {text} — due {day}, {repeat}", id=item.id, text=item.text, day=due,
          repeat=_repeats(t, item.every, item.unit))
    )  # fmt: skip


@remind_app.command("list")
def list_reminders(ctx: typer.Context, as_json: bool = typer.Option(False, "--json")) -> None:
    """Open reminders, soonest first."""
    app = get_app(ctx)
    store, t = app.store, app.t
    with store.read() as conn:
        items = reminders_repo.open_reminders(conn)
        names = people_repo.get_many(conn, [r.person_id for r in items if r.person_id])
    rows = [
        {
            "id": r.id,
            "text": r.text,
            "due_on": r.due_on.isoformat(),
            "every": r.every,
            "unit": r.unit,
            "person_id": r.person_id,
            "person": names[r.person_id].name if r.person_id in names else None,
        }
        for r in items
    ]
    if as_json:
        print(json.dumps(rows, ensure_ascii=False))
        return
    table = Table(t("id"), t("due"), t("reminder"), t("person"), t("repeats"), title=t("Reminders"))
    for r in items:
        table.add_row(
            str(r.id),
            format_day(r.due_on, t.lang),
            r.text,
            names[r.person_id].name if r.person_id in names else "",
            _repeats(t, r.every, r.unit),
        )
    out.print(table)


@remind_app.command("done")
def done(
    ctx: typer.Context,
    reminder_id: int = typer.Argument(..., min=1, max=MAX_ROW_ID, help="Id from `remind list`."),
) -> None:
    """Mark a reminder done: a recurring one moves to its next day, a one-off one closes."""
    app = get_app(ctx)
    engine = engine_context(app)
    complete_reminder(engine, reminder_id)
    with app.store.read() as conn:
        item = reminders_repo.get(conn, reminder_id)
    t = app.t
    if item.done_at is None:
        due = format_day(item.due_on, t.lang)
        out.print(t("Reminder {id} done; next due {day}.", id=item.id, day=due))
    else:
        out.print(t("Reminder {id} done.", id=item.id))


# "every {n} weeks" … as in the web's reminder list (msgids of i18n/de_byhand.po).
_EVERY = {
    "days": ("every {n} day", "every {n} days"),
    "weeks": ("every {n} week", "every {n} weeks"),
    "months": ("every {n} month", "every {n} months"),
    "years": ("every {n} year", "every {n} years"),
}


def _repeats(t: Translator, every: int | None, unit: str | None) -> str:
    if not every or unit not in _EVERY:
        return t("once")
    singular, plural = _EVERY[unit]
    return t.ngettext(singular, plural, every)
