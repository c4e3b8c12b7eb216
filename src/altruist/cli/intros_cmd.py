"""`altruist intros` (suggested pairs, introductions in progress and done) and `altruist intro …`,
the double-opt-in workflow step by step. Each command calls one function of
engine/introductions/flow.py and prints the resulting state and the next message to send."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.markup import escape

from altruist.agenda import current
from altruist.cli.context import engine_context, get_app, translator
from altruist.clock import as_utc
from altruist.domain import IntroductionState, Suggestion
from altruist.engine.context import EngineContext
from altruist.engine.introductions import flow
from altruist.engine.introductions.drafts import Draft
from altruist.errors import ConfigError
from altruist.i18n import Translator
from altruist.i18n.labels import INTRODUCTION_STATES, label
from altruist.i18n.message import render
from altruist.validate import MAX_ROW_ID

console = Console()
intro_app = typer.Typer(help="Carry an introduction through double opt-in, step by step.")
GROUPS = ("suggested", "in-progress", "done")
# The command that takes each next step of flow.actions_for (the engine's step names are not
# commands: both "agreed" steps are `intro agreed`, the outcomes are `intro outcome`).
NEXT_COMMANDS = {
    "ask_first": "altruist intro ask-first {id}",
    "first_agreed": "altruist intro agreed {id}",
    "ask_second": "altruist intro ask-second {id}",
    "both_agreed": "altruist intro agreed {id}",
    "introduce": "altruist intro introduce {id}",
    "helped": "altruist intro outcome {id} helped",
    "no_fit": "altruist intro outcome {id} no-fit",
    "decline": "altruist intro decline {id} --by PERSON_ID",
}


_LANGUAGE_NAMES = {"de": "German", "en": "English"}
_DRAFT_STEPS = {
    "ask_first": "asking the first person",
    "ask_second": "asking the second person",
    "introduce": "the introduction to both",
    "close": "the closing note",
}


def _draft_json(draft: Draft | None) -> dict[str, object] | None:
    if draft is None:
        return None
    return {
        "step": draft.step,
        "to": list(draft.to),
        "emails": list(draft.emails),
        "language": str(draft.language),
        "subject": draft.subject,
        "body": draft.body,
        "mailto": draft.mailto,
    }


def _view_json(v: flow.IntroductionView, t: Translator) -> dict[str, object]:
    i = v.introduction
    return {
        "id": i.id,
        "state": str(i.state),
        "person_a": {"id": v.a.id, "name": v.a.name, "language": str(v.a.language)},
        "person_b": {"id": v.b.id, "name": v.b.name, "language": str(v.b.language)},
        "reason": render(i.reason, t),
        "suggestion_id": i.suggestion_id,
        "declined_by": i.declined_by,
        "actions": list(v.actions),
        "next_draft": _draft_json(v.draft),
    }


def _suggestion_json(s: Suggestion, t: Translator) -> dict[str, object]:
    return {
        "suggestion_id": s.id,
        "title": render(s.title, t),
        "reason": render(s.reason, t),
        "score": s.score,
        "person_ids": s.person_ids,
    }


def _suggested(ectx: EngineContext) -> list[Suggestion]:
    return flow.open_suggestions(current(ectx), as_utc(ectx.clock()))


def _states(group: str) -> tuple[IntroductionState, ...]:
    return flow.IN_PROGRESS if group == "in-progress" else flow.DONE


def intros(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    state: str | None = typer.Option(
        None, "--state", help="Only one group: suggested | in-progress | done."
    ),
) -> None:
    """Suggested introductions (with reasons), introductions in progress and done."""
    if state is not None and state not in GROUPS:
        raise ConfigError(f"unknown --state '{state}' (use {', '.join(GROUPS)})")
    ectx = engine_context(get_app(ctx))
    t = translator(ctx)
    wanted = [state] if state else list(GROUPS)
    out: dict[str, list[dict[str, object]]] = {}
    suggested = _suggested(ectx) if "suggested" in wanted else []
    if "suggested" in wanted:
        out["suggested"] = [_suggestion_json(s, t) for s in suggested]
    for group in ("in-progress", "done"):
        if group in wanted:
            out[group] = [_view_json(v, t) for v in flow.views(ectx, _states(group))]
    if as_json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return
    for s in suggested:
        head = t("suggestion {id}", id=s.id)
        title, reason = escape(render(s.title, t)), escape(render(s.reason, t))
        console.print(f"[bold]{head}[/] {title}\n  {reason}", highlight=False)
    for group in ("in-progress", "done"):
        for item in out.get(group, []):
            a, b = item["person_a"], item["person_b"]
            assert isinstance(a, dict) and isinstance(b, dict)
            head = t("introduction {id}", id=item["id"])
            state_text = t(label(INTRODUCTION_STATES, item["state"]))
            console.print(
                f"[bold]{head}[/] {escape(str(a['name']))} ↔ {escape(str(b['name']))}: "
                f"{state_text}",
                highlight=False,
            )
    if not any(out.values()):
        console.print(t("No introductions yet."))
    elif out.get("suggested"):
        console.print(t("Start one: altruist intro start SUGGESTION_ID"))


def _print_view(t: Translator, v: flow.IntroductionView, as_json: bool = False) -> None:
    if as_json:
        print(json.dumps(_view_json(v, t), ensure_ascii=False, indent=2))
        return
    i = v.introduction
    head = t("introduction {id}", id=i.id)
    state_text = t(label(INTRODUCTION_STATES, i.state))
    console.print(
        f"[bold]{head}[/] {escape(v.a.name)} ↔ {escape(v.b.name)}: {state_text}", highlight=False
    )
    console.print(render(i.reason, t), highlight=False, markup=False)
    if v.draft is not None:
        step = t(_DRAFT_STEPS.get(v.draft.step, v.draft.step))
        language = t(_LANGUAGE_NAMES.get(str(v.draft.language), str(v.draft.language)))
        console.print("\n[bold]" + t("Next message ({step}, in {language})", step=step,
                                       language=language) + "[/]")  # fmt: skip
        console.print(t("To:") + f" {', '.join(v.draft.emails) or '-'}", highlight=False)
        # The draft is in the recipient's language (a message to send), not the reader's.
        console.print(t("Subject:"), v.draft.subject, highlight=False, markup=False)
        console.print(f"\n{v.draft.body}\n", highlight=False, markup=False)
        console.print(v.draft.mailto, highlight=False, markup=False, soft_wrap=True)
    if v.actions:
        console.print("\n" + t("Next steps:"))
        for action in v.actions:
            command = t(NEXT_COMMANDS.get(action, "altruist intro show {id}"), id=i.id)
            console.print(f"  {command}", highlight=False)


def _ectx(ctx: typer.Context) -> EngineContext:
    return engine_context(get_app(ctx))


@intro_app.command("start")
def start(
    ctx: typer.Context,
    suggestion_id: int | None = typer.Argument(None, help="Id from `altruist intros`."),
    a: int | None = typer.Option(None, "--a", help="First person (asked first)."),
    b: int | None = typer.Option(None, "--b", help="Second person."),
    first: int | None = typer.Option(
        None, "--first", help="With a suggestion: who is asked first."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Start an introduction from a suggestion, or between two people (--a ID --b ID)."""
    ectx = _ectx(ctx)
    if suggestion_id is not None and (a is not None or b is not None):
        raise ConfigError("give either a suggestion id or --a and --b, not both")
    if suggestion_id is not None:
        intro = flow.start_from_suggestion(ectx, suggestion_id, first=first)
    elif a is not None and b is not None:
        intro = flow.start_between(ectx, a, b)
    else:
        raise ConfigError("give a suggestion id, or both --a and --b")
    _print_view(translator(ctx), flow.view(ectx, intro.id or 0), as_json)


@intro_app.command("show")
def show(
    ctx: typer.Context,
    introduction_id: int = typer.Argument(..., min=1, max=MAX_ROW_ID),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """State and the next message to send."""
    _print_view(translator(ctx), flow.view(_ectx(ctx), introduction_id), as_json)


def _step_command(name: str, help_text: str) -> None:
    def command(
        ctx: typer.Context, introduction_id: int = typer.Argument(..., min=1, max=MAX_ROW_ID)
    ) -> None:
        ectx = _ectx(ctx)
        flow.step(ectx, introduction_id, name)
        _print_view(translator(ctx), flow.view(ectx, introduction_id))

    command.__doc__ = help_text
    intro_app.command(name.replace("_", "-"))(command)


_step_command("ask_first", "Record that you asked the first person (privately).")
_step_command("ask_second", "Record that you asked the second person.")
_step_command("introduce", "Record that you sent the introduction to both (a giving act).")


@intro_app.command("agreed")
def agreed(
    ctx: typer.Context, introduction_id: int = typer.Argument(..., min=1, max=MAX_ROW_ID)
) -> None:
    """The person asked last said yes."""
    ectx = _ectx(ctx)
    flow.agreed(ectx, introduction_id)
    _print_view(translator(ctx), flow.view(ectx, introduction_id))


@intro_app.command("decline")
def decline(
    ctx: typer.Context,
    introduction_id: int = typer.Argument(..., min=1, max=MAX_ROW_ID),
    by: int = typer.Option(
        ..., "--by", min=1, max=MAX_ROW_ID, help="Id of the person who said no."
    ),
) -> None:
    """One of them said no. The other side never learns who or why."""
    ectx = _ectx(ctx)
    flow.decline(ectx, introduction_id, by)
    _print_view(translator(ctx), flow.view(ectx, introduction_id))


@intro_app.command("outcome")
def outcome(
    ctx: typer.Context,
    introduction_id: int = typer.Argument(..., min=1, max=MAX_ROW_ID),
    result: str = typer.Argument(..., help="helped | no-fit"),
) -> None:
    """How the introduction went."""
    ectx = _ectx(ctx)
    flow.outcome(ectx, introduction_id, result)
    _print_view(translator(ctx), flow.view(ectx, introduction_id))


def register(app: typer.Typer) -> None:
    app.command()(intros)
    app.add_typer(intro_app, name="intro")
