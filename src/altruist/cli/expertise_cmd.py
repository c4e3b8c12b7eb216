"""`altruist expertise`: show and edit what altruist believes you know.

The knowledge profile ranks the open questions of your groups: your stated expertise (typed, or
a CV or bio read from a file), the offers on your own contact card, and your own earlier posts
in groups where your account is known (`altruist groups add … --account ME`).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from altruist.cli.context import get_app
from altruist.domain import FacetKind
from altruist.engine.my_expertise import get_expertise, set_expertise
from altruist.engine.question_ranker import KnowledgeProfile
from altruist.engine.questions import knowledge_parts
from altruist.errors import ConfigError, ImportError_
from altruist.store import Store
from altruist.store import facets as facets_repo
from altruist.store import groups as groups_repo
from altruist.store import people as people_repo

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


def profile_overview(store: Store) -> dict[str, object]:
    """Everything the knowledge profile is built from, as plain data."""
    with store.read() as conn:
        stated = get_expertise(conn)
        me = people_repo.me(conn)
        offers = [
            f.text
            for f in (facets_repo.for_person(conn, me.id or 0) if me is not None else [])
            if f.kind is FacetKind.OFFER
        ]
        mine = groups_repo.my_posts(conn)
        names = {g.id: g.name for g in groups_repo.all_groups(conn)}
    tags = Counter(t for p in mine for t in p.tags)
    per_group = Counter(names.get(p.group_id, "?") for p in mine)
    return {
        "expertise": stated,
        "topics": knowledge_parts(KnowledgeProfile(expertise=stated)),
        "offers": offers,
        "my_posts": len(mine),
        "my_posts_per_group": dict(per_group.most_common()),
        "my_top_tags": dict(tags.most_common(TOP_TAGS)),
    }


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
    overview = profile_overview(store)
    if as_json:
        print(json.dumps(overview, ensure_ascii=False, indent=2))
        return
    _print(overview)


def _print(overview: dict[str, object]) -> None:
    stated = str(overview["expertise"])
    out.print("[bold]Stated expertise[/]")
    out.print(
        escape(stated) if stated else "(none yet — altruist expertise --set TEXT | --file CV.txt)"
    )
    topics = overview["topics"]
    if isinstance(topics, list) and topics:
        out.print("[bold]Topics[/] " + escape(" · ".join(topics)))
    offers = overview["offers"]
    if isinstance(offers, list) and offers:
        out.print("[bold]Your offers[/] " + escape(" · ".join(offers)))
    out.print(f"[bold]Your posts in groups[/] {overview['my_posts']}")
    per_group = overview["my_posts_per_group"]
    if isinstance(per_group, dict):
        for name, count in per_group.items():
            out.print(f"  {escape(str(name))}: {count}")
    tags = overview["my_top_tags"]
    if isinstance(tags, dict) and tags:
        out.print("[bold]Your tags[/] " + escape(", ".join(f"#{t} ({n})" for t, n in tags.items())))


def register(app: typer.Typer) -> None:
    app.command("expertise")(expertise)
