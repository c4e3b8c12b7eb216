"""`altruist eval …`: ranking quality on real data against baselines. Each evaluation module in
this package adds its subcommand through `register_eval(eval_app)`."""

from __future__ import annotations

import importlib
import pkgutil

import typer

import altruist.cli as cli_package

eval_app = typer.Typer(
    help="Measure ranking quality on real data against simple baselines.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    for info in sorted(pkgutil.iter_modules(cli_package.__path__), key=lambda m: m.name):
        if info.name.startswith("eval_") and info.name != "eval_cmd":
            module = importlib.import_module(f"altruist.cli.{info.name}")
            module.register_eval(eval_app)
    app.add_typer(eval_app, name="eval")
