"""`altruist sync …`: accounts that stay current (CardDAV, CalDAV, IMAP, vdir; issue 17).

altruist sync [--json] [--account NAME]     sync every account (or the named ones)
altruist sync add carddav|caldav URL --user U [--password-file F]
altruist sync add imap HOST --user U [--port 993] [--starttls]
altruist sync add vdir FOLDER
altruist sync list [--json]
altruist sync remove NAME
altruist sync addresses [ADDRESS ...]       the user's own e-mail addresses
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from altruist.cli.context import get_app, translator
from altruist.errors import ConfigError
from altruist.i18n.formats import format_moment
from altruist.i18n.templates import translate_text
from altruist.ingest.sync import accounts as accounts_mod
from altruist.ingest.sync import runner, secrets
from altruist.ingest.sync.report import AccountReport
from altruist.store import own_addresses, sync_repo

sync_app = typer.Typer(
    help="Accounts that stay current: CardDAV address books, CalDAV calendars, IMAP mail "
    "(headers only), vdir folders.",
    invoke_without_command=True,
)
out = Console()
NO_ACCOUNTS = "No accounts yet. Add one with: altruist sync add carddav URL --user U"
err = Console(stderr=True)


@sync_app.callback()
def sync_command(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print the reports as JSON."),
    account: list[str] = typer.Option([], "--account", help="Sync only this account (repeatable)."),
    push: bool = typer.Option(
        False, "--push", help="Then write contacts edited in altruist back to CardDAV (If-Match)."
    ),
) -> None:
    """Sync every account concurrently and report per account (added, updated, gone, errors)."""
    if ctx.invoked_subcommand is not None:
        return
    app = get_app(ctx)
    t = app.t
    with app.store.read() as conn:
        total = len(account) or len(sync_repo.accounts(conn))
    if total == 0:
        if as_json:
            print("[]")
        else:
            out.print(t(NO_ACCOUNTS))
        return
    progress = Progress(
        TextColumn(t("sync")), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
        console=err, disable=as_json or not err.is_terminal,
    )  # fmt: skip
    with progress:
        task = progress.add_task("", total=total)

        def done(report: AccountReport) -> None:
            progress.update(task, advance=1, description=report.account)

        reports = runner.sync_all(
            app.store,
            names=account or None,
            region=app.settings.phone_region,
            done=done,
            push=push,
        )
    if as_json:
        print(json.dumps([r.as_dict() for r in reports], ensure_ascii=False, indent=2))
    else:
        table = Table(
            t("account"), t("kind"), t("fetched"), t("added"), t("updated"), t("unchanged"),
            t("gone"), t("pushed"), t("errors and conflicts"),
        )  # fmt: skip
        for r in reports:
            problems = "; ".join(translate_text(t, p) for p in r.errors + r.conflicts)
            table.add_row(
                r.account, r.kind, str(r.fetched), str(r.added), str(r.updated),
                str(r.unchanged), str(r.gone), str(r.pushed), problems[:200] or "–",
            )  # fmt: skip
        out.print(table)
        # What an item (a card, an event) did not give, named by its address on the server.
        for r in reports:
            for s in r.skipped:
                what = t("partly read") if s.get("kept") else t("skipped")
                where = f"{s['file']}:{s['line']}" if s.get("line") else s["file"]
                reason = translate_text(t, str(s["reason"]))
                out.print(f"  {r.account}: {what} {where}: {reason}", highlight=False)
    if any(not r.ok for r in reports):
        raise typer.Exit(1)


@sync_app.command("add")
def add_command(
    ctx: typer.Context,
    kind: str = typer.Argument(..., help="carddav | caldav | imap | vdir"),
    where: str = typer.Argument(..., metavar="URL|HOST|FOLDER"),
    user: str | None = typer.Option(None, "--user", help="Login name."),
    name: str | None = typer.Option(None, "--name", help="Your label (default: kind-user@host)."),
    port: int | None = typer.Option(
        None, "--port", help="IMAP port (default 993, 143 with --starttls)."
    ),
    starttls: bool = typer.Option(False, "--starttls", help="IMAP: plain port, then STARTTLS."),
    cafile: Path | None = typer.Option(
        None, "--cafile", help="Trust a self-signed server through this certificate (PEM)."
    ),
    fingerprint: str | None = typer.Option(
        None,
        "--fingerprint",
        help="Trust a self-signed server by its certificate's SHA-256 (as a sync error names it).",
    ),
    subjects: bool = typer.Option(
        False, "--subjects", help="IMAP: keep subjects too (default: not)."
    ),
    password_file: Path | None = typer.Option(
        None,
        "--password-file",
        help=f"Read the password from this file (else ${secrets.ENV_PASSWORD}, else a prompt).",
    ),
) -> None:
    """Add an account once; its password goes to a file only you can read, never the database."""
    password: str | None = None
    if kind in accounts_mod.NEEDS_PASSWORD:
        if password_file is not None:
            password = secrets.read_password_file(password_file)
        elif os.environ.get(secrets.ENV_PASSWORD):
            password = os.environ[secrets.ENV_PASSWORD]
        elif sys.stdin.isatty():
            password = typer.prompt(translator(ctx)("Password"), hide_input=True)
    account = accounts_mod.add(
        get_app(ctx).store,
        kind=kind,
        where=where,
        user=user,
        password=password,
        name=name,
        port=port,
        starttls=starttls,
        options=({"subjects": True} if subjects else {})
        | ({"cafile": str(cafile.expanduser().resolve())} if cafile else {})
        | ({"fingerprint": fingerprint.strip()} if fingerprint else {}),
        env=os.environ,
    )
    out.print(
        translator(ctx)(
            "Added account {name} ({kind}, {url}). Sync with: altruist sync",
            name=account.name,
            kind=account.kind,
            url=account.url,
        ),
        highlight=False,
    )


@sync_app.command("list")
def list_command(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """The accounts with their last sync and its errors (never a password)."""
    found = accounts_mod.list_accounts(get_app(ctx).store)
    if as_json:
        rows = [
            {
                "name": a.name,
                "kind": a.kind,
                "url": a.url,
                "user": a.username,
                "last_sync_at": a.last_sync_at.isoformat() if a.last_sync_at else None,
                "last_report": a.last_report,
            }
            for a in found
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    t = translator(ctx)
    if not found:
        out.print(t(NO_ACCOUNTS))
        return
    table = Table(t("name"), t("kind"), t("address"), t("user"), t("last sync"), t("errors"))
    for a in found:
        errors = "; ".join(translate_text(t, e) for e in (a.last_report or {}).get("errors", []))
        when = format_moment(a.last_sync_at, t.lang) if a.last_sync_at else t("never")
        table.add_row(a.name, a.kind, a.url, a.username or "", when, errors[:120] or "–")
    out.print(table)


@sync_app.command("remove")
def remove_command(ctx: typer.Context, name: str = typer.Argument(...)) -> None:
    """Forget an account and its password; the people and meetings it brought stay."""
    accounts_mod.remove(get_app(ctx).store, name, os.environ)
    out.print(translator(ctx)("Removed account {name}; what it brought stays.", name=name))


@sync_app.command("addresses")
def addresses_command(
    ctx: typer.Context,
    addresses: list[str] = typer.Argument(
        None, help="Your own e-mail addresses (replaces the list)."
    ),
    clear: bool = typer.Option(False, "--clear", help="Empty the list."),
) -> None:
    """Your own e-mail addresses: never a contact; they tell sent from received mail."""
    store = get_app(ctx).store
    if addresses or clear:
        bad = [a for a in addresses or [] if "@" not in a]
        if bad:
            raise ConfigError(f"not an e-mail address: {', '.join(bad)}")
        with store.transaction() as conn:
            own_addresses.set_listed(conn, [] if clear else addresses)
    with store.read() as conn:
        listed, known = own_addresses.listed(conn), sorted(own_addresses.load(conn))
    t = translator(ctx)
    out.print(t("Listed: {addresses}", addresses=", ".join(listed) or t("none")))
    out.print(
        t(
            "Known as yours (profile, me, accounts): {addresses}",
            addresses=", ".join(known) or t("none"),
        )
    )


@sync_app.command("schedule")
def schedule_command(
    ctx: typer.Context,
    minutes: int | None = typer.Argument(None, min=0, help="Minutes between syncs; 0 = off."),
) -> None:
    """How often `altruist serve` syncs the accounts in the background (default every 60 min)."""
    from altruist.ingest.sync import schedule

    store = get_app(ctx).store
    if minutes is not None:
        schedule.set_interval(store, minutes)
    every = schedule.interval_minutes(store)
    t = translator(ctx)
    out.print(
        t.ngettext(
            "altruist serve syncs every {n} minute.",
            "altruist serve syncs every {n} minutes.",
            every,
        )
        if every
        else t("Background sync is off.")
    )


def register(app: typer.Typer) -> None:
    app.add_typer(sync_app, name="sync")
