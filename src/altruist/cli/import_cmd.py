"""`altruist import`, `people`, `person`, `merges` and `unmerge`: thin shells over
`altruist.ingest` (issue 3)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn
from rich.table import Table

from altruist.cli.context import get_app
from altruist.errors import AltruistError, ImportError_
from altruist.ingest import merge
from altruist.ingest.importer import ImportReport, import_file
from altruist.ingest.people_view import list_people, person_detail

out = Console()
err = Console(stderr=True, soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command("import")(import_command)
    app.command("people")(people_command)
    app.command("person")(person_command)
    merges_app = typer.Typer(help="The merge review queue: people who may be the same.")
    merges_app.callback(invoke_without_command=True)(merges_list)
    merges_app.command("accept")(merges_accept)
    merges_app.command("reject")(merges_reject)
    app.add_typer(merges_app, name="merges")
    app.command("unmerge")(unmerge_command)


def import_command(
    ctx: typer.Context,
    paths: list[Path] = typer.Argument(..., help="Export files: LinkedIn CSV, vCard, ICS, CSV."),
    format: str | None = typer.Option(None, "--format", help="Override format detection."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Import contacts and history; prints added/updated/unchanged/merged/review/skipped."""
    app = get_app(ctx)
    store, region = app.store, app.settings.phone_region
    total = ImportReport()
    failures: list[AltruistError] = []
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        console=err,
        transient=True,
        disable=as_json,
    ) as bar:
        for path in paths:
            task = bar.add_task(path.name, total=None)

            def tick(done: int, total_rows: int, task: Any = task) -> None:
                bar.update(task, completed=done, total=total_rows)

            try:
                total.absorb(import_file(store, path, format=format, region=region, progress=tick))
            except ImportError_ as exc:
                if len(paths) == 1:
                    raise
                failures.append(exc)
                err.print(f"[bold red]error:[/] {exc}", highlight=False)
    if total.changed_people:
        from altruist.understand.embedder import get_embedder
        from altruist.understand.needs import refresh_derived

        refresh_derived(store, embedder=get_embedder(app.settings.embedder))
    if as_json:
        print(json.dumps(total.as_dict(), ensure_ascii=False))
    else:
        _print_report(total)
    if failures:
        raise typer.Exit(failures[0].exit_code)


def _print_report(report: ImportReport) -> None:
    out.print(
        f"added {report.added}, updated {report.updated}, unchanged {report.unchanged}, "
        f"merged {report.merged}, for review {report.review}, skipped {len(report.skipped)}"
    )
    if report.added == report.updated == report.merged == 0 and report.unchanged:
        out.print("Nothing changed: everything in these files is already known.")
    for s in report.skipped:
        out.print(f"  skipped {s.file}:{s.line}: {s.reason}", highlight=False)


def people_command(
    ctx: typer.Context,
    query: str = typer.Argument("", help="Words to search in name, company, position, city."),
    as_json: bool = typer.Option(False, "--json"),
    limit: int = typer.Option(200, "--limit"),
) -> None:
    """List people."""
    rows = list_people(get_app(ctx).store, query, limit=limit)
    if as_json:
        print(json.dumps(rows, ensure_ascii=False))
        return
    table = Table("id", "name", "company", "position", "e-mail", "birthday")
    for r in rows:
        table.add_row(
            str(r["id"]),
            r["name"],
            r["company"] or "",
            r["position"] or "",
            ", ".join(r["emails"]),
            r["birthday"] or "",
        )
    out.print(table)


def person_command(
    ctx: typer.Context,
    person_id: int = typer.Argument(...),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Show one person with every field, where it came from, and unknown imported fields."""
    detail = person_detail(get_app(ctx).store, person_id)
    if as_json:
        print(json.dumps(detail, ensure_ascii=False))
        return
    out.print(f"[bold]{detail['name']}[/] (#{detail['id']})")
    for key in ("company", "position", "birthday", "city", "country", "notes"):
        if detail[key]:
            out.print(f"  {key}: {detail[key]}", highlight=False)
    for ident in detail["identities"]:
        out.print(f"  {ident['kind']}: {ident['value']}  [dim]{ident['source'] or ''}[/]")
    for title, key in (("Fields", "fields"), ("Other imported fields", "unknown_fields")):
        if detail[key]:
            table = Table("field", "value", "source", "imported", title=title)
            for f in detail[key]:
                value = f["value"] if len(f["value"]) < 80 else f["value"][:77] + "…"
                table.add_row(
                    f["name"],
                    value,
                    f"{f['source_file']}:{f['source_line']}",
                    f["imported_at"] or "",
                )
            out.print(table)


def merges_list(ctx: typer.Context, as_json: bool = typer.Option(False, "--json")) -> None:
    """List open merge candidates."""
    if ctx.invoked_subcommand:
        return
    rows = merge.open_candidates(get_app(ctx).store)
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, default=str))
        return
    table = Table("id", "score", "person A", "person B", "reason")
    for r in rows:
        table.add_row(
            str(r["id"]),
            f"{r['score']:.0f}",
            f"#{r['person_a']['id']} {r['person_a']['name']}",
            f"#{r['person_b']['id']} {r['person_b']['name']}",
            r["reason"],
        )
    out.print(table)


def merges_accept(ctx: typer.Context, candidate_id: int = typer.Argument(...)) -> None:
    """Merge the two people of a candidate (undo with `altruist unmerge MERGE_ID`)."""
    result = merge.accept(get_app(ctx).store, candidate_id)
    out.print(
        f"merged #{result.merged_id} into #{result.kept_id} (merge {result.merge_id}; "
        f"undo: altruist unmerge {result.merge_id})"
    )


def merges_reject(ctx: typer.Context, candidate_id: int = typer.Argument(...)) -> None:
    """Keep the two people apart; the pair is not proposed again."""
    merge.reject(get_app(ctx).store, candidate_id)
    out.print(f"rejected candidate {candidate_id}")


def unmerge_command(ctx: typer.Context, merge_id: int = typer.Argument(...)) -> None:
    """Undo a merge."""
    result = merge.unmerge(get_app(ctx).store, merge_id)
    out.print(f"restored #{result.merged_id} next to #{result.kept_id}")
