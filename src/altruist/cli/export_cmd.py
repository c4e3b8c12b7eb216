"""`altruist export …`: data leaving altruist on the user's request. `export ics` writes the care
calendar; the group stays open for `export json` / `export vcard`."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console

from altruist.cli.context import get_app
from altruist.export import feed_token
from altruist.export.ics import DEFAULT_HORIZON_DAYS, calendar_for
from altruist.validate import MAX_CADENCE_DAYS

export_app = typer.Typer(help="Export data: the care calendar (ICS), …", no_args_is_help=True)
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
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    output.write_bytes(data)
    err.print(f"Wrote {output} ({data.count(b'BEGIN:VEVENT')} events).")


@export_app.command("feed-token")
def export_feed_token(
    ctx: typer.Context,
    rotate: bool = typer.Option(False, "--rotate", help="Make a new token; old feed URLs stop."),
) -> None:
    """Print the secret token of the subscribable calendar feed (created on first use)."""
    with get_app(ctx).store.transaction() as conn:
        token = feed_token.rotate(conn) if rotate else feed_token.ensure(conn)
    print(token)


def register(app: typer.Typer) -> None:
    app.add_typer(export_app, name="export")
