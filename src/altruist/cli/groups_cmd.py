"""`altruist groups …`: the user's forums, Q&A sites, mailing lists and feeds.

Each command calls one function of `altruist.ingest.feeds` and renders its result.
"""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from altruist.cli.context import get_app, translator
from altruist.errors import FetchError
from altruist.i18n import Translator
from altruist.i18n.formats import format_moment, format_number
from altruist.i18n.templates import translate_text
from altruist.ingest import feeds
from altruist.ingest.feeds.fetch import SourceReport
from altruist.validate import MAX_ROW_ID

groups_app = typer.Typer(
    help="Your groups (RSS/Atom, Discourse, Stack Exchange, mailing lists) and their posts.",
    invoke_without_command=True,
)
out = Console()


@groups_app.callback()
def list_command(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """List groups with their posts, open questions, last fetch and last error."""
    if ctx.invoked_subcommand is not None:
        return
    overviews = feeds.list_groups(get_app(ctx).store)
    if as_json:
        print(json.dumps([o.to_dict() for o in overviews], ensure_ascii=False, indent=2))
        return
    t = translator(ctx)
    if not overviews:
        out.print(t("No groups yet. Add one with: altruist groups add URL|PATH"))
        return
    table = Table(
        t("id"), t("name"), t("kind"), t("posts"), t("open questions"), t("mine"),
        t("last fetched"), t("error"),
    )  # fmt: skip
    for o in overviews:
        fetched = format_moment(o.last_fetched_at, t.lang) if o.last_fetched_at else t("never")
        error = translate_text(t, o.last_error) if o.last_error else ""
        table.add_row(
            str(o.id), o.name, o.kind, str(o.posts),
            str(o.open_questions), str(o.mine), fetched, error[:120],
        )  # fmt: skip
    out.print(table)


@groups_app.command("add")
def add_command(
    ctx: typer.Context,
    location: str = typer.Argument(..., metavar="URL|PATH", help="Feed/forum/site URL or a file."),
    name: str | None = typer.Option(None, "--name", help="Display name (default: from the URL)."),
    kind: str | None = typer.Option(
        None, "--kind", help=f"Override detection: {', '.join(feeds.KINDS)}."
    ),
    account: str | None = typer.Option(
        None, "--account", help="Your username/user id/e-mail there: marks your own posts."
    ),
) -> None:
    """Add a group; the kind is guessed from the URL or file (one request if unclear)."""
    with feeds.PoliteClient() as client:
        group = feeds.add_group(
            get_app(ctx).store, location, name=name, kind=kind, account=account, client=client
        )
    t = translator(ctx)
    out.print(
        t(
            "Added group {id}: {name} ({kind}). Fetch with: altruist groups fetch",
            id=group.id,
            name=group.name,
            kind=group.kind,
        )
    )


@groups_app.command("fetch")
def fetch_command(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    group_id: list[int] | None = typer.Option(None, "--id", help="Only these group ids."),
    workers: int = typer.Option(8, "--workers", min=1, max=64, help="Sources fetched at once."),
) -> None:
    """Fetch all groups concurrently; exits non-zero only when every source failed."""
    store = get_app(ctx).store
    t = translator(ctx)
    if as_json:
        report = feeds.fetch_all(store, group_ids=group_id or None, workers=workers)
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        with Progress(
            TextColumn(t("fetching")), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            TextColumn("{task.description}"), console=Console(stderr=True), transient=True,
        ) as bar:  # fmt: skip
            task = bar.add_task("", total=None)

            def advance(source: SourceReport, done: int, total: int) -> None:
                bar.update(task, completed=done, total=total, description=source.name)

            report = feeds.fetch_all(
                store, group_ids=group_id or None, workers=workers, progress=advance
            )
        _print_report(t, report.sources)
    if report.all_failed:
        raise typer.Exit(FetchError.exit_code)


def _print_report(t: Translator, sources: list[SourceReport]) -> None:
    if not sources:
        out.print(t("No groups to fetch. Add one with: altruist groups add URL|PATH"))
        return
    table = Table(
        t("id"), t("group"), t("result"), t("new"), t("updated"), t("unchanged"), t("problem")
    )
    status = {
        "ok": f"[green]{t('ok')}[/]",
        "not_modified": t("not modified"),
        "error": f"[red]{t('error')}[/]",
    }
    for s in sources:
        problem = (
            translate_text(t, s.error)
            if s.error
            else "; ".join(translate_text(t, w) for w in s.warnings)[:200]
        )
        table.add_row(
            str(s.group_id), s.name, status[s.status], str(s.new), str(s.updated),
            str(s.unchanged), problem,
        )  # fmt: skip
    out.print(table)


@groups_app.command("remove")
def remove_command(
    ctx: typer.Context, group_id: int = typer.Argument(..., min=1, max=MAX_ROW_ID, metavar="ID")
) -> None:
    """Remove a group and its posts."""
    group = feeds.remove_group(get_app(ctx).store, group_id)
    out.print(translator(ctx)("Removed group {id}: {name}", id=group_id, name=group.name))


@groups_app.command("needs")
def needs_command(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """Groups where your knowledge is most in demand and least supplied, and your visibility."""
    from altruist.cli.context import engine_context
    from altruist.engine.questions.group_needs import groups_needing_me

    needs = groups_needing_me(engine_context(get_app(ctx)))
    if as_json:
        print(json.dumps([n.to_dict() for n in needs], ensure_ascii=False, indent=2))
        return
    t = translator(ctx)
    table = Table(
        t("group"), t("fitting open / week"), t("answers / question"), t("answerers"),
        t("my posts / month"), t("my accepted"), t("need"),
    )  # fmt: skip
    for n in needs:
        table.add_row(
            n.name, format_number(n.matching_open_per_week, t.lang, 2),
            format_number(n.answers_per_question, t.lang, 2), str(n.active_answerers),
            format_number(n.my_posts_per_month, t.lang, 2), str(n.my_accepted_answers),
            format_number(n.need, t.lang, 3),
        )  # fmt: skip
    out.print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(groups_app, name="groups")
