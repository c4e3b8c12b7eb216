"""`altruist questions`: the open questions you can answer, and those to forward to a contact.

The same list as the web's Questions page (agenda.of_kinds over the latest refresh), refreshed
first as `altruist today` does, so the CLI never shows a stale ranking.
"""

from __future__ import annotations

import json

import typer
from rich.console import Console

from altruist.agenda import of_kinds
from altruist.cli.context import engine_context, get_app, translator
from altruist.cli.today_cmd import print_deeds, recompute_status, suggestion_json
from altruist.engine.questions.suggest import QUESTION_KINDS, with_posts

out = Console()


def questions(
    ctx: typer.Context,
    limit: int = typer.Option(20, "--limit", "-n", min=1, help="How many questions to show."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON list."),
) -> None:
    """Open questions in your groups that fit your knowledge, best first, each with its reason;
    and questions a contact could answer (forward them)."""
    engine = engine_context(get_app(ctx))
    t = translator(ctx)
    with recompute_status(t) as on_progress:
        ranked = of_kinds(engine, QUESTION_KINDS, recompute=True, on_progress=on_progress)
    deeds = with_posts(engine.store, ranked[:limit])
    items = [d.item for d in deeds]
    if as_json:
        rows = [
            suggestion_json(d.item, t)
            | {
                "url": d.post.url if d.post else None,
                "group": d.group.name if d.group else None,
                "answers": d.post.answer_count if d.post else None,
            }
            for d in deeds
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not items:
        out.print(
            t(
                "No open questions fit your knowledge yet. Add groups (altruist groups add URL)"
                " and fetch them (altruist groups fetch), or describe your expertise"
                " (altruist expertise --set …)."
            )
        )
        return
    links = {d.item.id or 0: d.post.url for d in deeds if d.post and d.post.url}
    print_deeds(t, "Questions", "question", items, links)


def register(app: typer.Typer) -> None:
    app.command("questions")(questions)
