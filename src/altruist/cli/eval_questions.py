"""`altruist eval questions` and `altruist eval routing` on Stack Exchange dumps (issue 5).

Embeddings are memoised in memory for the run, not written to the store: the dumps are read in
place and evaluating must not fill the user's database with strangers' posts. All four dumps in
../shared/data embed in well under a minute with the real model.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from altruist.cli.context import get_app
from altruist.cli.progress import embedding_bar, steps
from altruist.engine.memo_embedder import MemoEmbedder
from altruist.eval.questions import QUESTION_METRICS, EvalResult, evaluate_questions
from altruist.eval.routing import ROUTING_METRICS, evaluate_routing
from altruist.eval.stackexchange import find_dumps, load_dump, temporal_split
from altruist.understand.embedder import Embedder, get_embedder

Evaluation = Callable[..., EvalResult]


def run_evaluation(
    data: Path, evaluate: Evaluation, embedder: Embedder, past: float = 0.8, quiet: bool = True
) -> list[EvalResult]:
    """Evaluate every dump under `data` (one folder, or every folder with a Posts.xml in it),
    with a bar over the dumps and one for embedding their texts (on a terminal, not `quiet`)."""
    memo = MemoEmbedder(embedder)
    folders = find_dumps(data)
    results: list[EvalResult] = []
    with embedding_bar(quiet), steps("Evaluating", len(folders), quiet) as advance:
        for folder in folders:
            results.append(evaluate(temporal_split(load_dump(folder), past), memo))
            advance(folder.name)
    return results


def _print(results: list[EvalResult], metrics: list[str], title: str, as_json: bool) -> None:
    if as_json:
        payload = [r.as_json() for r in results]
        typer.echo(json.dumps(payload[0] if len(payload) == 1 else payload, indent=2))
        return
    table = Table(title=title)
    for column in ["dataset", "n", "method", *metrics]:
        table.add_column(column, justify="left" if column in ("dataset", "method") else "right")
    for result in results:
        best = {m: _best([v[m] for v in result.methods.values()]) for m in metrics}
        for i, (method, values) in enumerate(result.methods.items()):
            cells = [_cell(values[m], best[m]) for m in metrics]
            first = i == 0
            table.add_row(
                result.dataset if first else "", str(result.n) if first else "", method, *cells
            )
        table.add_section()
    Console().print(table)
    if any(r.n == 0 for r in results):
        Console().print("— : no case to measure in that dump (see docs/eval-questions.md).")


def _best(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return max(known) if known else None


def _cell(value: float | None, best: float | None) -> str:
    if value is None:
        return "—"
    return f"[bold]{value:.3f}[/]" if value == best else f"{value:.3f}"


def register_eval(eval_app: typer.Typer) -> None:
    data_help = "A Stack Exchange dump folder with Posts.xml, or a folder of such dump folders."
    past_help = "Share of questions (oldest first) that form the past; the rest is the pool."

    @eval_app.command("questions")
    def questions(
        ctx: typer.Context,
        data: Path = typer.Option(..., "--data", help=data_help),
        as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
        past: float = typer.Option(0.8, "--past", min=0.1, max=0.95, help=past_help),
    ) -> None:
        """Rank each pool question for people who answered before: MAP, nDCG@10, P@5 (n = people)."""
        embedder = get_embedder(get_app(ctx).settings.embedder)
        results = run_evaluation(data, evaluate_questions, embedder, past, quiet=as_json)
        _print(results, list(QUESTION_METRICS), "Questions I can answer (n = people)", as_json)

    @eval_app.command("routing")
    def routing(
        ctx: typer.Context,
        data: Path = typer.Option(..., "--data", help=data_help),
        as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
        past: float = typer.Option(0.8, "--past", min=0.1, max=0.95, help=past_help),
    ) -> None:
        """Rank earlier answerers for each pool question: MRR, P@1, nDCG@3, R@5 (n = questions)."""
        embedder = get_embedder(get_app(ctx).settings.embedder)
        results = run_evaluation(data, evaluate_routing, embedder, past, quiet=as_json)
        _print(results, list(ROUTING_METRICS), "Routing a question (n = questions)", as_json)
