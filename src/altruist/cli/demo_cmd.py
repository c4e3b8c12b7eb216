"""`altruist demo`: build the seeded demo network."""

from __future__ import annotations

import json

import typer
from rich.console import Console

from altruist.cli.context import get_app
from altruist.demo import build_demo, remove_demo
from altruist.store import Store

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
    remove: bool = typer.Option(
        False, "--remove", help="Remove every row the demo made, and nothing else."
    ),
    as_json: bool = typer.Option(False, "--json", help="With --remove: the counts as JSON."),
) -> None:
    """Fill an empty database with a realistic German/English demo network (or remove it)."""
    store = get_app(ctx).store
    if remove:
        _remove(store, as_json)
        return
    if if_empty and not store.is_empty():
        console.print("Database already holds people; demo not rebuilt.")
        return
    summary = build_demo(store, seed=seed, people=people)
    console.print(
        f"Demo network built: {summary.people} people, {summary.interactions} interactions, "
        f"{summary.groups} groups, {summary.posts} posts."
    )


def _remove(store: Store, as_json: bool) -> None:
    result = remove_demo(store)
    if as_json:
        print(json.dumps(result.to_dict()))
        return
    if not result.removed:
        console.print("No demo rows found; nothing removed.")
        return
    parts = ", ".join(f"{n} {name}" for name, n in sorted(result.removed.items()))
    console.print(f"Demo removed: {parts}.")
    if result.unmerged:
        console.print(f"{result.unmerged} merge(s) with demo people undone first.")


def register(app: typer.Typer) -> None:
    app.command()(demo)
