"""`altruist export …`: data leaving altruist on the user's request — the care calendar (ICS) and
all contacts as vCard 4.0 or CSV. Whole backups are `altruist backup` / `altruist restore`."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console

from altruist.cli.context import get_app, translator
from altruist.domain import Language
from altruist.export import feed_token
from altruist.export.contacts import contact_cards, to_csv, to_vcard
from altruist.export.ics import DEFAULT_HORIZON_DAYS, calendar_for
from altruist.validate import MAX_CADENCE_DAYS

export_app = typer.Typer(
    help="Export data: the care calendar (ICS), contacts (vCard, CSV).", no_args_is_help=True
)
err = Console(stderr=True)


@export_app.command("ics")
def export_ics(
    ctx: typer.Context,
    output: Path | None = typer.Option(
        None, "--output", "-o", help="File to write (default: stdout)."
    ),
    days: int = typer.Option(
        DEFAULT_HORIZON_DAYS,
        "--days",
        min=1,
        max=MAX_CADENCE_DAYS,
        help="Include check-ins due within this many days.",
    ),
) -> None:
    """Birthdays (yearly, all-day) and due check-ins as an iCalendar file."""
    app = get_app(ctx)
    data = calendar_for(
        app.store,
        timezone=app.settings.timezone,
        horizon_days=days,
        lang=Language(app.language),
    )
    _write(ctx, data, output, EVENTS, data.count(b"BEGIN:VEVENT"))


@export_app.command("feed-token")
def export_feed_token(
    ctx: typer.Context,
    rotate: bool = typer.Option(False, "--rotate", help="Make a new token; old feed URLs stop."),
) -> None:
    """Print the secret token of the subscribable calendar feed (created on first use)."""
    with get_app(ctx).store.transaction() as conn:
        token = feed_token.rotate(conn) if rotate else feed_token.ensure(conn)
    print(token)


CONTACTS = ("Wrote {path} ({n} contact).", "Wrote {path} ({n} contacts).")
EVENTS = ("Wrote {path} ({n} event).", "Wrote {path} ({n} events).")


def _write(
    ctx: typer.Context, data: bytes, output: Path | None, what: tuple[str, str], n: int
) -> None:
    """`data` to the file (saying so on stderr with `what`, singular and plural) or stdout."""
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    output.write_bytes(data)
    err.print(translator(ctx).ngettext(*what, n, path=output), highlight=False)


@export_app.command("vcard")
def export_vcard(
    ctx: typer.Context,
    output: Path | None = typer.Option(
        None, "--output", "-o", help="File to write (default: stdout)."
    ),
) -> None:
    """All contacts as one vCard 4.0 file (names, e-mails, phones, birthdays, company, notes)."""
    cards = contact_cards(get_app(ctx).store)
    _write(ctx, to_vcard(cards), output, CONTACTS, len(cards))


@export_app.command("csv")
def export_csv(
    ctx: typer.Context,
    output: Path | None = typer.Option(
        None, "--output", "-o", help="File to write (default: stdout)."
    ),
    excel: bool | None = typer.Option(
        None,
        "--excel/--no-excel",
        help="Semicolons and UTF-8 with a byte-order mark, for Excel "
        "(default: yes when your language is German).",
    ),
) -> None:
    """All contacts as CSV with Google Contacts' column names (German ones for German users)."""
    app = get_app(ctx)
    cards = contact_cards(app.store)
    lang = app.language
    data = to_csv(cards, excel=lang == "de" if excel is None else excel, lang=lang)
    _write(ctx, data, output, CONTACTS, len(cards))


def register(app: typer.Typer) -> None:
    app.add_typer(export_app, name="export")
