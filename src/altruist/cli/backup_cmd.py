"""`altruist backup` and `altruist restore`: the whole store as one JSON file and back, as the
Settings page does (export/archive.py), for scripts and cron."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console

from altruist.cli.context import get_app, translator
from altruist.errors import ConfigError
from altruist.export.archive import export_archive, parse_backup, restore_archive

err = Console(stderr=True)


def backup(
    ctx: typer.Context,
    output: Path = typer.Option(..., "--output", "-o", help="The JSON file to write."),
    with_embeddings: bool = typer.Option(
        False, "--with-embeddings", help="Include derived embeddings (recomputed otherwise)."
    ),
) -> None:
    """Write everything altruist stores into one JSON file."""
    document = export_archive(get_app(ctx).store, include_derived=with_embeddings)
    # Written beside the target and renamed, so an interrupted backup never leaves half a file
    # where the last good backup was.
    partial = output.with_name(output.name + ".partial")
    partial.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    partial.replace(output)
    rows = sum(len(r) for r in document["tables"].values())
    err.print(
        translator(ctx).ngettext(
            "Wrote {path} ({n} row).", "Wrote {path} ({n} rows).", rows, path=output
        ),
        highlight=False,
    )


def restore(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="A backup written by `altruist backup` or Settings."),
    yes: bool = typer.Option(False, "--yes", help="Confirm that the backup replaces all data."),
) -> None:
    """Replace all data with a backup (one transaction: a failed restore changes nothing)."""
    if not yes:
        raise ConfigError("a restore replaces all current data; confirm with --yes")
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{file}: cannot read: {exc.strerror or exc}") from exc
    counts = restore_archive(get_app(ctx).store, parse_backup(data, str(file)))
    err.print(
        translator(ctx)(
            "Restored {path}: {people} people, {rows} rows.",
            path=file,
            people=counts.get("people", 0),
            rows=sum(counts.values()),
        ),
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    app.command()(backup)
    app.command()(restore)
