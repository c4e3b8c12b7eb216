"""`altruist demo`: build the seeded demo network."""

from __future__ import annotations

import typer
from rich.console import Console

from altruist.cli.context import get_app
from altruist.demo import build_demo
from altruist.understand.embedder import LazyEmbedder

console = Console()


def demo(
    ctx: typer.Context,
    seed: int = typer.Option(
        7, "--seed", help="Random seed; the same seed gives the same network."
    ),
    people: int = typer.Option(400, "--people", help="Number of contacts."),
    if_empty: bool = typer.Option(
        False, "--if-empty", help="Do nothing when the database already holds people."
    ),
) -> None:
    """Fill an empty database with a realistic German/English demo network."""
    app = get_app(ctx)
    store = app.store
    if if_empty and not store.is_empty():
        console.print("Database already holds people; demo not rebuilt.")
        return
    # The same reader as `altruist import`: the configured embedding model, not cue words only.
    summary = build_demo(
        store, seed=seed, people=people, embedder=LazyEmbedder(app.settings.embedder)
    )
    console.print(
        f"Demo network built: {summary.people} people, {summary.interactions} interactions, "
        f"{summary.groups} groups, {summary.posts} posts."
    )


def register(app: typer.Typer) -> None:
    app.command()(demo)
