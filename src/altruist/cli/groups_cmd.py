"""`altruist groups …`: the user's forums, Q&A sites, mailing lists and feeds.

Each command calls one function of `altruist.ingest.feeds` and renders its result.
"""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from altruist.cli.context import get_app
from altruist.errors import FetchError
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
    if not overviews:
        out.print("No groups yet. Add one with: altruist groups add URL|PATH")
        return
    table = Table("id", "name", "kind", "posts", "open questions", "mine", "last fetched", "error")
    for o in overviews:
        fetched = o.last_fetched_at.strftime("%Y-%m-%d %H:%M") if o.last_fetched_at else "never"
        table.add_row(
            str(o.id), o.name, o.kind, str(o.posts), str(o.open_questions), str(o.mine),
            fetched, (o.last_error or "")[:80],
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
    out.print(
        f"Added group {group.id}: {group.name} ({group.kind}). Fetch with: altruist groups fetch"
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
    if as_json:
        report = feeds.fetch_all(store, group_ids=group_id or None, workers=workers)
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        with Progress(
            TextColumn("fetching"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            TextColumn("{task.description}"), console=Console(stderr=True), transient=True,
        ) as bar:  # fmt: skip
            task = bar.add_task("", total=None)

            def advance(source: SourceReport, done: int, total: int) -> None:
                bar.update(task, completed=done, total=total, description=source.name)

            report = feeds.fetch_all(
                store, group_ids=group_id or None, workers=workers, progress=advance
            )
        _print_report(report.sources)
    if report.all_failed:
        raise typer.Exit(FetchError.exit_code)


def _print_report(sources: list[SourceReport]) -> None:
    if not sources:
        out.print("No groups to fetch. Add one with: altruist groups add URL|PATH")
        return
    table = Table("id", "group", "result", "new", "updated", "unchanged", "problem")
    for s in sources:
        status = {"ok": "[green]ok[/]", "not_modified": "not modified", "error": "[red]error[/]"}
        problem = s.error or ("; ".join(s.warnings)[:120] if s.warnings else "")
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
    out.print(f"Removed group {group_id}: {group.name}")


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
    table = Table(
        "group", "fitting open / week", "answers / question", "answerers", "my posts / month",
        "my accepted", "need",
    )  # fmt: skip
    for n in needs:
        table.add_row(
            n.name, f"{n.matching_open_per_week:.2f}", f"{n.answers_per_question:.2f}",
            str(n.active_answerers), f"{n.my_posts_per_month:.2f}", str(n.my_accepted_answers),
            f"{n.need:.3f}",
        )  # fmt: skip
    out.print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(groups_app, name="groups")
