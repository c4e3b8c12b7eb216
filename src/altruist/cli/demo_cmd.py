"""`altruist demo`: build the seeded demo network."""

from __future__ import annotations

import typer
from rich.console import Console

from altruist.cli.context import get_app, translator
from altruist.demo import build_demo

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
    store = get_app(ctx).store
    t = translator(ctx)
    if if_empty and not store.is_empty():
        console.print(t("Database already holds people; demo not rebuilt."))
        return
    summary = build_demo(store, seed=seed, people=people)
    console.print(
        t(
            "Demo network built: {people} people, {interactions} interactions, {groups} groups,"
            " {posts} posts.",
            people=summary.people,
            interactions=summary.interactions,
            groups=summary.groups,
            posts=summary.posts,
        )
    )


def register(app: typer.Typer) -> None:
    app.command()(demo)
