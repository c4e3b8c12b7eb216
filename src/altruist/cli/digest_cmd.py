"""`altruist digest`: Today as an e-mail — printed, or sent over SMTP with `--send`.

For a daily digest, run `altruist digest --send --if-due` from cron or a systemd timer every
15 minutes: it sends once per day at or after the configured time (`--set-time 07:30`).
"""

from __future__ import annotations

import typer
from rich.console import Console

from altruist.agenda import build_today
from altruist.cli.context import engine_context, get_app
from altruist.domain import Language
from altruist.errors import ConfigError
from altruist.export import digest

err = Console(stderr=True)


def digest_cmd(
    ctx: typer.Context,
    send: bool = typer.Option(False, "--send", help="Send by e-mail instead of printing."),
    to: str | None = typer.Option(None, "--to", help="Recipient (default: setting digest_to)."),
    lang: str | None = typer.Option(None, "--lang", help="de | en (default: your UI language)."),
    limit: int | None = typer.Option(None, "--limit", "-n", help="How many deeds."),
    if_due: bool = typer.Option(False, "--if-due", help="Only if the daily digest is due now."),
    html: bool = typer.Option(False, "--html", help="Print the HTML part instead of plain text."),
    set_time: str | None = typer.Option(None, "--set-time", help="Daily send time, e.g. 07:30."),
) -> None:
    """Today's good deeds as an e-mail (plain text and HTML, German or English)."""
    app = get_app(ctx)
    t = app.t
    ectx = engine_context(app)
    if set_time is not None:
        with app.store.transaction() as conn:
            value = digest.save_time(conn, set_time)
        err.print(
            t("Daily digest at {time} ({zone}).", time=value, zone=app.settings.timezone),
            highlight=False,
        )
        return
    if lang not in (None, "de", "en"):
        raise ConfigError(f"--lang must be de or en, got {lang!r}")
    now = ectx.clock()
    with app.store.read() as conn:
        if if_due and not digest.is_due(conn, now, ectx.timezone):
            err.print(t("The digest is not due yet (or was sent today)."))
            return
    # --lang of `digest`, else the global --lang, else the stored setting (as every command).
    language = Language(lang or app.language)
    items = build_today(ectx, limit or app.settings.today_limit, mark_shown=send)
    msg = digest.build_message(
        items,
        lang=language,
        day=ectx.today(),
        sender=app.settings.digest_from,
        to=to or app.settings.digest_to or ("nobody@localhost" if not send else ""),
        now=now,
    )
    if not send:
        part = msg.get_body(("html",) if html else ("plain",))
        print(part.get_content() if part is not None else "", end="")
        return
    digest.send(msg, app.settings)
    with app.store.transaction() as conn:
        digest.mark_sent(conn, ectx.today())
    err.print(
        t.ngettext("Sent {n} good deed to {to}.", "Sent {n} good deeds to {to}.", len(items),
                   to=msg["To"]),
        highlight=False,
    )  # fmt: skip


def register(app: typer.Typer) -> None:
    app.command("digest")(digest_cmd)
