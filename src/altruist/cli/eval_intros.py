"""`altruist eval intros`: how well the pair model recovers hidden real ties (issue 4)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from altruist.cli.progress import steps
from altruist.eval.intros import METHODS, MethodResult, evaluate_network
from altruist.eval.networks import load_networks


def _number(x: float) -> float | None:
    return None if math.isnan(x) else round(x, 4)


def _render(results: list[tuple[str, dict[str, MethodResult]]]) -> None:
    """One row per network and method; the best AUC and MRR of each network in bold."""
    table = Table(title="Introductions: hidden ties recovered (mean of 5 seeds, 30 % hidden)")
    table.add_column("network")
    table.add_column("method")
    table.add_column("AUC", justify="right")
    table.add_column("MRR", justify="right")
    for name, methods in results:
        best_auc = max(r.auc for r in methods.values())
        best_mrr = max(r.mrr for r in methods.values())
        for i, method in enumerate(METHODS):
            r = methods[method]
            auc = f"[bold]{r.auc:.3f}[/]" if r.auc == best_auc else f"{r.auc:.3f}"
            mrr = f"[bold]{r.mrr:.3f}[/]" if r.mrr == best_mrr else f"{r.mrr:.3f}"
            table.add_row(name if i == 0 else "", method, auc, mrr)
        table.add_section()
    Console().print(table)


def register_eval(eval_app: typer.Typer) -> None:
    @eval_app.command("intros")
    def intros(
        data: Path = typer.Option(
            ..., "--data", help="Folder of networks, or a folder of such folders (../shared/data)."
        ),
        network: str | None = typer.Option(None, "--network", help="Evaluate only this network."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
    ) -> None:
        """Hide 30 % of each network's ties and measure how well they are recovered."""
        networks = load_networks(data, network)
        results = []
        with steps("Evaluating", len(networks), quiet=as_json) as advance:
            for net in networks:
                results.append((net.name, evaluate_network(net)))
                advance(net.name)
        if as_json:
            payload = [
                {
                    "dataset": name,
                    "methods": {
                        m: {"auc": _number(r.auc), "mrr": _number(r.mrr)}
                        for m, r in methods.items()
                    },
                }
                for name, methods in results
            ]
            typer.echo(json.dumps(payload, indent=2))
        else:
            _render(results)
