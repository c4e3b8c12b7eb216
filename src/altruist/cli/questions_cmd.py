"""`altruist questions`: the open questions you can answer, and those to forward to a contact.

The same list as the web's Questions page (agenda.of_kinds over the latest refresh), refreshed
first as `altruist today` does, so the CLI never shows a stale ranking.
"""

from __future__ import annotations

import json
from contextlib import suppress

import typer
from rich.console import Console

from altruist.agenda import of_kinds
from altruist.cli.context import engine_context, get_app
from altruist.cli.today_cmd import print_deeds, suggestion_json
from altruist.domain import Post, SuggestionKind
from altruist.errors import NotFoundError
from altruist.store import groups as groups_repo

QUESTION_KINDS = (SuggestionKind.ANSWER, SuggestionKind.FORWARD)
out = Console()


def questions(
    ctx: typer.Context,
    limit: int = typer.Option(20, "--limit", "-n", min=1, help="How many questions to show."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON list."),
) -> None:
    """Open questions in your groups that fit your knowledge, best first, each with its reason;
    and questions a contact could answer (forward them)."""
    engine = engine_context(get_app(ctx))
    items = of_kinds(engine, QUESTION_KINDS, recompute=True)[:limit]
    posts: dict[int, Post] = {}
    with engine.store.read() as conn:
        groups = {g.id: g.name for g in groups_repo.all_groups(conn)}
        for item in items:
            if item.post_id is not None:
                with suppress(NotFoundError):  # the group was removed since the refresh
                    posts[item.post_id] = groups_repo.get_post(conn, item.post_id)
    if as_json:
        rows = []
        for item in items:
            post = posts.get(item.post_id or -1)
            rows.append(
                suggestion_json(item)
                | {
                    "url": post.url if post else None,
                    "group": groups.get(post.group_id) if post else None,
                    "answers": post.answer_count if post else None,
                }
            )
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not items:
        out.print(
            "No open questions fit your knowledge yet. Add groups (altruist groups add URL) "
            "and fetch them (altruist groups fetch), or describe your expertise (altruist expertise --set …)."
        )
        return
    links = {
        item.id or 0: post.url
        for item in items
        if (post := posts.get(item.post_id or -1)) is not None and post.url
    }
    print_deeds("Questions", "question", items, links)


def register(app: typer.Typer) -> None:
    app.command("questions")(questions)
