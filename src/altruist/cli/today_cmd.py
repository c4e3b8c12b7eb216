"""`altruist today` and the feedback commands `done`, `dismiss`, `snooze`."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from altruist.agenda import ProgressCallback, RefreshProgress, plan_today, record_feedback
from altruist.cli.context import engine_context, get_app, translator
from altruist.cli.deed_text import shown
from altruist.domain import Suggestion, SuggestionKind, SuggestionState
from altruist.i18n import Translator
from altruist.i18n.formats import format_number
from altruist.i18n.labels import SUGGESTION_KINDS, SUGGESTION_STATES, label
from altruist.understand import vectors
from altruist.validate import MAX_ROW_ID, MAX_SNOOZE_DAYS

console = Console()


def suggestion_json(item: Suggestion, t: Translator) -> dict[str, object]:
    return {
        "id": item.id,
        "kind": str(item.kind),
        "title": shown(item.title, t),
        "reason": shown(item.reason, t),
        "draft": item.draft,
        "score": item.score,
        "person_ids": item.person_ids,
        "post_id": item.post_id,
        "state": str(item.state),
    }


def print_deeds(
    t: Translator,
    title: str,
    column: str,
    items: Sequence[Suggestion],
    extra: Mapping[int, str] | None = None,
) -> None:
    """A table of deeds with their ids, for done / dismiss / snooze; `extra` adds a line per
    deed id (e.g. the post's link). `title` and `column` are msgids."""
    table = Table(title=t(title), show_lines=True)
    table.add_column(t("id"), justify="right")
    table.add_column(t("kind"))
    table.add_column(t(column))
    for item in items:
        # Titles carry names and post titles: escape them, "[gelöst]" is not a style.
        text = f"[bold]{escape(shown(item.title, t))}[/]\n{escape(shown(item.reason, t))}"
        more = (extra or {}).get(item.id or 0)
        kind = t(label(SUGGESTION_KINDS, item.kind))
        table.add_row(str(item.id), kind, text + (f"\n{escape(more)}" if more else ""))
    console.print(table)
    console.print(
        t("Mark one: altruist done ID | altruist dismiss ID | altruist snooze ID [--days N]")
    )


@contextmanager
def recompute_status(t: Translator) -> Iterator[ProgressCallback]:
    """A spinner on stderr naming the step of a recomputation, which can take minutes after an
    import or with a large Stack Exchange dump; silent when stderr is not a terminal."""
    status = Console(stderr=True).status(t("Recomputing suggestions…"))
    step = [t("Recomputing suggestions…")]
    with status:

        def show(progress: RefreshProgress) -> None:
            step[0] = t(
                "Recomputing suggestions: step {step} of {steps} ({current})…",
                step=progress.step,
                steps=progress.steps,
                current=progress.current,
            )
            status.update(step[0])

        def embedded(done: int, total: int) -> None:
            # The first embedding of a dump takes minutes: say how far it is (issue 16).
            status.update(
                t(
                    "{step}: embedding {done} of {total} texts…",
                    step=step[0].rstrip("…"),
                    done=format_number(done, t.lang),
                    total=format_number(total, t.lang),
                )
            )

        with vectors.watching(embedded):
            yield show


def today(
    ctx: typer.Context,
    limit: int | None = typer.Option(None, "--limit", "-n", help="How many good deeds to show."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON list."),
) -> None:
    """Show today's good deeds, each with its reason."""
    app = get_app(ctx)
    t = app.t
    with recompute_status(t) as on_progress:
        plan = plan_today(
            engine_context(app), limit or app.settings.today_limit, on_progress=on_progress
        )
    items = plan.items
    if as_json:
        print(json.dumps([suggestion_json(s, t) for s in items], ensure_ascii=False, indent=2))
        return
    if plan.finished:
        console.print(
            t.ngettext(
                "Done for today: {acted} of {n} good deed. See you tomorrow.",
                "Done for today: {acted} of {n} good deeds. See you tomorrow.",
                plan.budget,
                acted=plan.acted,
            )
        )
        return
    if not items:
        console.print(t("Nothing to do today — import contacts or add groups to get suggestions."))
        return
    print_deeds(t, "Today", "good deed", items)
    if plan.acted:
        console.print(t("{acted} of {budget} done today.", acted=plan.acted, budget=plan.budget))


def _feedback(ctx: typer.Context, suggestion_id: int, action: str, days: int = 7) -> None:
    t = translator(ctx)
    item = record_feedback(engine_context(get_app(ctx)), suggestion_id, action, snooze_days=days)
    state = t(label(SUGGESTION_STATES, item.state))
    console.print(f"{item.id}: {state} — {escape(shown(item.title, t))}")
    if item.kind is SuggestionKind.INTRODUCE and item.state is SuggestionState.ACCEPTED:
        console.print(
            t("Introduction started (double opt-in): see `altruist intros --state in-progress`.")
        )


def done(
    ctx: typer.Context,
    suggestion_id: int = typer.Argument(
        ..., min=1, max=MAX_ROW_ID, help="Id from `altruist today`."
    ),
) -> None:
    """Mark a good deed done."""
    _feedback(ctx, suggestion_id, "done")


def dismiss(
    ctx: typer.Context,
    suggestion_id: int = typer.Argument(
        ..., min=1, max=MAX_ROW_ID, help="Id from `altruist today`."
    ),
) -> None:
    """Dismiss a good deed; it will not be suggested again."""
    _feedback(ctx, suggestion_id, "dismiss")


def snooze(
    ctx: typer.Context,
    suggestion_id: int = typer.Argument(
        ..., min=1, max=MAX_ROW_ID, help="Id from `altruist today`."
    ),
    days: int = typer.Option(
        7, "--days", min=1, max=MAX_SNOOZE_DAYS, help="Days until it may return."
    ),
) -> None:
    """Snooze a good deed for some days."""
    _feedback(ctx, suggestion_id, "snooze", days)


def register(app: typer.Typer) -> None:
    app.command()(today)
    app.command()(done)
    app.command()(dismiss)
    app.command()(snooze)
