"""`altruist export …`: data leaving altruist on the user's request — the care calendar (ICS) and
all contacts as vCard 4.0 or CSV. Whole backups are `altruist backup` / `altruist restore`."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console

from altruist.cli.context import get_app
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
    data = calendar_for(app.store, timezone=app.settings.timezone, horizon_days=days)
    _write(data, output, f"{data.count(b'BEGIN:VEVENT')} events")


@export_app.command("feed-token")
def export_feed_token(
    ctx: typer.Context,
    rotate: bool = typer.Option(False, "--rotate", help="Make a new token; old feed URLs stop."),
) -> None:
    """Print the secret token of the subscribable calendar feed (created on first use)."""
    with get_app(ctx).store.transaction() as conn:
        token = feed_token.rotate(conn) if rotate else feed_token.ensure(conn)
    print(token)


def _write(data: bytes, output: Path | None, what: str) -> None:
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    output.write_bytes(data)
    err.print(f"Wrote {output} ({what}).")


@export_app.command("vcard")
def export_vcard(
    ctx: typer.Context,
    output: Path | None = typer.Option(
        None, "--output", "-o", help="File to write (default: stdout)."
    ),
) -> None:
    """All contacts as one vCard 4.0 file (names, e-mails, phones, birthdays, company, notes)."""
    cards = contact_cards(get_app(ctx).store)
    _write(to_vcard(cards), output, f"{len(cards)} contacts")


@export_app.command("csv")
def export_csv(
    ctx: typer.Context,
    output: Path | None = typer.Option(
        None, "--output", "-o", help="File to write (default: stdout)."
    ),
    excel: bool = typer.Option(
        False, "--excel", help="For German Excel: semicolons and UTF-8 with a byte-order mark."
    ),
) -> None:
    """All contacts as CSV with Google Contacts' column names."""
    cards = contact_cards(get_app(ctx).store)
    _write(to_csv(cards, excel=excel), output, f"{len(cards)} contacts")


def register(app: typer.Typer) -> None:
    app.add_typer(export_app, name="export")
