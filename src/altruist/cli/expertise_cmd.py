"""`altruist expertise`: show and edit what altruist believes you know.

The knowledge profile ranks the open questions of your groups: your stated expertise (typed, or
a CV or bio read from a file), the offers on your own contact card, and your own earlier posts
in groups where your account is known (`altruist groups add … --account ME`).
"""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from altruist.cli.context import get_app, translator
from altruist.engine.questions.my_expertise import (
    KnowledgeOverview,
    knowledge_overview,
    set_expertise,
)
from altruist.errors import ConfigError, ImportError_
from altruist.i18n import Translator

out = Console()
TOP_TAGS = 10


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportError_(
            f"not UTF-8 text (byte {exc.start}); save the CV or bio as plain UTF-8 text",
            file=str(path),
        ) from exc
    except OSError as exc:
        raise ImportError_(f"cannot read: {exc.strerror or exc}", file=str(path)) from exc


def expertise(
    ctx: typer.Context,
    text: str | None = typer.Option(None, "--set", help="Replace your stated expertise."),
    file: Path | None = typer.Option(
        None, "--file", help="Read your expertise from a CV or bio (plain UTF-8 text)."
    ),
    clear: bool = typer.Option(False, "--clear", help="Remove your stated expertise."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show your knowledge profile; --set, --file or --clear edit the stated expertise."""
    edits = [
        name for name, given in (("--set", text), ("--file", file), ("--clear", clear)) if given
    ]
    if len(edits) > 1:
        raise ConfigError(f"use one of --set, --file and --clear, not {' and '.join(edits)}")
    store = get_app(ctx).store
    new_text = "" if clear else _read_text(file) if file is not None else text
    if new_text is not None:
        with store.transaction() as conn:
            set_expertise(conn, new_text)
    overview = knowledge_overview(store)
    if as_json:
        print(json.dumps(overview.to_dict(), ensure_ascii=False, indent=2))
        return
    _print(translator(ctx), overview)


def _print(t: Translator, overview: KnowledgeOverview) -> None:
    out.print(f"[bold]{t('Stated expertise')}[/]")
    out.print(
        escape(overview.expertise)
        if overview.expertise
        else t("(none yet — altruist expertise --set TEXT | --file CV.txt)")
    )
    if overview.topics:
        out.print(f"[bold]{t('Topics')}[/] " + escape(" · ".join(overview.topics)))
    if overview.offers:
        out.print(f"[bold]{t('Your offers')}[/] " + escape(" · ".join(overview.offers)))
    out.print(f"[bold]{t('Your posts in groups')}[/] {overview.my_posts}")
    for name, count in overview.my_posts_per_group.items():
        out.print(f"  {escape(name)}: {count}")
    if overview.my_top_tags:
        tags = ", ".join(f"#{tag} ({n})" for tag, n in overview.my_top_tags.items())
        out.print(f"[bold]{t('Your tags')}[/] " + escape(tags))


def register(app: typer.Typer) -> None:
    app.command("expertise")(expertise)
