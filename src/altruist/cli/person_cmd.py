"""`altruist person`: show one person (`altruist person ID`, as before), and what the user
enters by hand (issue 16) — `person add`, `person edit ID`, `person delete ID`, `person log ID`.
Thin shells over `altruist.ingest.by_hand`."""

from __future__ import annotations

import json
from typing import Any

import typer
from rich.console import Console
from typer.core import TyperGroup

from altruist.cli.context import engine_context, get_app
from altruist.cli.import_cmd import person_command
from altruist.errors import ConfigError
from altruist.i18n.formats import format_day
from altruist.ingest import by_hand
from altruist.ingest.by_hand import ContactInput, InvalidFields
from altruist.ingest.dates import parse_birthday
from altruist.store import people as people_repo
from altruist.store.rows import utcnow
from altruist.validate import MAX_ROW_ID

out = Console()

# How adding a contact by hand ended (by_hand.add_contact's outcome), as msgids.
OUTCOMES = {"added": "Added", "updated": "Updated", "unchanged": "Unchanged"}

# The form field a message is about, as the option that sets it is spelled.
OPTION_OF = {"date": "--date", "kind": "--kind", "note": "--note"}


class _PersonGroup(TyperGroup):
    """`altruist person 12` keeps showing person 12: an argument that is not a subcommand is
    the id of the person to show (`person show 12`)."""

    # `ctx` is Any: typer vendors click in recent versions, so its Context is not click's.
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["show", *args]
        return super().parse_args(ctx, args)


person_app = typer.Typer(
    cls=_PersonGroup,
    help="Show a person (`altruist person ID`), add, edit, delete one, or log what happened.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    person_app.command("show")(person_command)
    app.add_typer(person_app, name="person")


def _fields_error(exc: InvalidFields) -> ConfigError:
    """One line naming each option and what is wrong with it."""
    parts = [f"{OPTION_OF.get(name, '--' + name)}: {why}" for name, why in exc.errors.items()]
    return ConfigError("; ".join(parts))


@person_app.command("add")
def add(
    ctx: typer.Context,
    name: str = typer.Option(..., "--name", help="Full name."),
    email: list[str] = typer.Option([], "--email", help="E-mail address (repeatable)."),
    phone: list[str] = typer.Option([], "--phone", help="Phone number (repeatable)."),
    company: str = typer.Option("", "--company"),
    position: str = typer.Option("", "--position"),
    city: str = typer.Option("", "--city"),
    birthday: str = typer.Option("", "--birthday", help="05.12.1975, 1975-12-05 or 05.12."),
    notes: str = typer.Option("", "--notes"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Add a contact by hand. The import's identity rules apply: a known person with this
    e-mail or mobile number and a fitting name is updated (undoable), a differently named one
    is never fused."""
    app = get_app(ctx)
    data = ContactInput(name, email, phone, company, position, city, birthday, notes)
    try:
        added = by_hand.add_contact(app.store, data, now=utcnow(), region=app.settings.phone_region)
    except InvalidFields as exc:
        raise _fields_error(exc) from exc
    if as_json:
        print(json.dumps({"id": added.person_id, "outcome": added.outcome}))
        return
    t = app.t
    if added.outcome == "merged":
        out.print(
            t(
                "Already known: merged into #{id} (see `altruist merges`, undo with "
                "`altruist unmerge MERGE_ID`).",
                id=added.person_id,
            )
        )
    else:
        outcome = t(OUTCOMES.get(added.outcome, added.outcome))
        out.print(
            t("{outcome}: #{id} {name}", outcome=outcome, id=added.person_id, name=name.strip()),
            highlight=False,
        )
    if added.review:
        out.print(
            t.ngettext(
                "{n} possible duplicate to review: `altruist merges`",
                "{n} possible duplicates to review: `altruist merges`",
                added.review,
            )
        )


@person_app.command("edit")
def edit(
    ctx: typer.Context,
    person_id: int = typer.Argument(..., min=1, max=MAX_ROW_ID),
    name: str | None = typer.Option(None, "--name"),
    company: str | None = typer.Option(None, "--company", help="Empty text clears it."),
    position: str | None = typer.Option(None, "--position"),
    city: str | None = typer.Option(None, "--city"),
    birthday: str | None = typer.Option(None, "--birthday"),
    notes: str | None = typer.Option(None, "--notes"),
    email: list[str] = typer.Option([], "--email", help="Add an e-mail address."),
    phone: list[str] = typer.Option([], "--phone", help="Add a phone number."),
) -> None:
    """Change a person's details (recorded with the source `manual`) and add identifiers."""
    app = get_app(ctx)
    values: dict[str, Any] = {}
    if name is not None:
        if not name.strip():
            raise ConfigError(f"--name: {by_hand.NAME_MISSING}")
        values["name"] = name.strip()
    for key, value in (("company", company), ("position", position), ("city", city)):
        if value is not None:
            values[key] = value.strip() or None
    if notes is not None:
        values["notes"] = notes.strip() or None
    if birthday is not None:
        parsed = parse_birthday(birthday)
        if birthday.strip() and parsed is None:
            raise ConfigError(f"--birthday: {by_hand.BIRTHDAY_INVALID}")
        values["birthday"] = parsed
    if not values and not email and not phone:
        raise ConfigError("nothing to change: give --name, --company, --email … (see --help)")
    try:
        by_hand.edit_contact(
            app.store,
            person_id,
            values,
            emails=email,
            phones=phone,
            now=utcnow(),
            region=app.settings.phone_region,
        )
    except InvalidFields as exc:
        raise _fields_error(exc) from exc
    out.print(app.t("Saved: #{id}", id=person_id))


@person_app.command("delete")
def delete(
    ctx: typer.Context,
    person_id: int = typer.Argument(..., min=1, max=MAX_ROW_ID),
    yes: bool = typer.Option(False, "--yes", help="Do not ask."),
) -> None:
    """Delete a person and everything only about them (says what goes first)."""
    app = get_app(ctx)
    store, t = app.store, app.t
    with store.read() as conn:
        name = people_repo.get(conn, person_id).name
        goes = by_hand.what_goes(conn, person_id)
    # What goes with the person, by table: the names are msgids (as in demo removal).
    listing = ", ".join(f"{t(what)}: {n}" for what, n in goes.items() if n) or t("nothing else")
    question = t("Delete {name} (#{id}) with {listing}?", name=name, id=person_id, listing=listing)
    if not yes and not typer.confirm(question):
        raise typer.Abort()
    by_hand.delete_contact(store, person_id)
    out.print(
        t("Deleted: #{id} {name} with {listing}", id=person_id, name=name, listing=listing),
        highlight=False,
    )


@person_app.command("log")
def log(
    ctx: typer.Context,
    person_id: int = typer.Argument(..., min=1, max=MAX_ROW_ID),
    kind: str = typer.Option("note", "--kind", help="call | meeting | message | note"),
    note: str = typer.Option("", "--note", help="What was said or done."),
    date: str = typer.Option("", "--date", help="Day it happened (default today): 05.12.2026."),
    direction: str = typer.Option("both", "--direction", help="out | in | both (calls, messages)"),
) -> None:
    """Log a call, meeting, message or note; it resets keep-in-touch like an imported one."""
    if direction not in ("in", "out", "both"):
        raise ConfigError("--direction: out, in or both")
    app = get_app(ctx)
    engine = engine_context(app)
    try:
        item = by_hand.log_interaction(
            app.store,
            person_id,
            kind=kind,
            day=date,
            note=note,
            direction=direction,
            now=utcnow(),
            timezone=engine.timezone,
        )
    except InvalidFields as exc:
        raise _fields_error(exc) from exc
    t = app.t
    out.print(
        t(
            "Logged ({kind}) with #{id} on {day}.",
            kind=t(str(item.kind)),
            id=person_id,
            day=format_day(item.occurred_at.date(), t.lang),
        )
    )
