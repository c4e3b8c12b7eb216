"""`altruist eval understand`: needs and offers read from real wording, per file (issue 15)."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from altruist.cli.context import get_app
from altruist.cli.progress import steps
from altruist.eval.understand import METHODS, MethodResult, evaluate, statement_files
from altruist.understand.embedder import get_embedder

Results = list[tuple[str, int, dict[str, MethodResult]]]


def _render(results: Results) -> None:
    table = Table(title="Needs and offers read from statements (recall per primary label)")
    for column in ("dataset", "n", "method", "accuracy", "balanced acc.", "per-label recall"):
        table.add_column(column, justify="right" if column in ("n", "accuracy") else "left")
    for name, n, methods in results:
        for i, method in enumerate(METHODS):
            r = methods[method]
            labels = ", ".join(f"{label} {v:.2f}" for label, v in r.per_label.items())
            table.add_row(
                name if i == 0 else "",
                str(n) if i == 0 else "",
                method,
                f"{r.accuracy:.3f}",
                f"{r.balanced_accuracy:.3f}",
                labels,
            )
        table.add_section()
    Console(width=200).print(table)


def _payload(results: Results) -> list[dict[str, object]]:
    return [
        {
            "dataset": name,
            "n": n,
            "methods": {
                m: {
                    "accuracy": round(r.accuracy, 4),
                    "balanced_accuracy": round(r.balanced_accuracy, 4),
                    "per_label": {k: round(v, 4) for k, v in r.per_label.items()},
                }
                for m, r in methods.items()
            },
        }
        for name, n, methods in results
    ]


def register_eval(eval_app: typer.Typer) -> None:
    @eval_app.command("understand")
    def understand(
        ctx: typer.Context,
        data: Path = typer.Option(
            ..., "--data", help="Folder with statements.jsonl files below it."
        ),
        as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
    ) -> None:
        """Score the reader of needs and offers against a keyword baseline and the old reader."""
        settings = get_app(ctx).settings
        files = len(statement_files(data))
        with steps("Evaluating", files, quiet=as_json) as advance:
            results = evaluate(data, get_embedder(settings.embedder), on_file=advance)
        if as_json:
            typer.echo(json.dumps(_payload(results), indent=2))
        else:
            _render(results)
