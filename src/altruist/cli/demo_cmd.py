"""`altruist demo`: build the seeded demo network."""

from __future__ import annotations

import json

import typer
from rich.console import Console

from altruist.cli.context import get_app, translator
from altruist.demo import build_demo, remove_demo
from altruist.i18n import Translator
from altruist.store import Store
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
    remove: bool = typer.Option(
        False, "--remove", help="Remove every row the demo made, and nothing else."
    ),
    as_json: bool = typer.Option(False, "--json", help="With --remove: the counts as JSON."),
) -> None:
    """Fill an empty database with a realistic German/English demo network (or remove it)."""
    app = get_app(ctx)
    store = app.store
    t = translator(ctx)
    if remove:
        _remove(store, as_json, t)
        return
    if if_empty and not store.is_empty():
        console.print(t("Database already holds people; demo not rebuilt."))
        return
    # The same reader as `altruist import`: the configured embedding model, not cue words only.
    summary = build_demo(
        store, seed=seed, people=people, embedder=LazyEmbedder(app.settings.embedder)
    )
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


def _remove(store: Store, as_json: bool, t: Translator) -> None:
    result = remove_demo(store)
    if as_json:
        print(json.dumps(result.to_dict()))
        return
    if not result.removed:
        console.print(t("No demo rows found; nothing removed."))
        return
    # Table names are msgids (German in i18n/de_onboarding.po), as on the Settings page.
    parts = ", ".join(f"{t(name)}: {n}" for name, n in sorted(result.removed.items()))
    console.print(t("Demo removed: {parts}.", parts=parts))
    if result.unmerged:
        console.print(
            t.ngettext(
                "{n} merge with a demo person undone first.",
                "{n} merges with demo people undone first.",
                result.unmerged,
            )
        )


def register(app: typer.Typer) -> None:
    app.command()(demo)
