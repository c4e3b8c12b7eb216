"""`altruist init`: who the user is, and whether to start empty or with the demo (issue 16).

Asks on a terminal; every answer also has a flag, so scripts never see a prompt."""

from __future__ import annotations

import json

import typer
from rich.console import Console

from altruist.cli.context import get_app
from altruist.domain import Language
from altruist.errors import ConfigError
from altruist.i18n import Translator
from altruist.onboarding import Owner, set_up, update_owner
from altruist.understand.embedder import LazyEmbedder

console = Console()
SEEK_PROMPT = "What do you seek? (e.g. a job as data engineer; private unless --share-seek)"
OFFER_PROMPT = "What do you offer? (your knowledge and skills)"


def init(
    ctx: typer.Context,
    name: str | None = typer.Option(None, "--name", help="Your full name (signs your drafts)."),
    email: list[str] = typer.Option(
        [], "--email", help="One of your e-mail addresses (repeat for more)."
    ),
    language: str | None = typer.Option(None, "--language", help="de or en."),
    seek: str | None = typer.Option(None, "--seek", help="What you seek (private by default)."),
    offer: str | None = typer.Option(None, "--offer", help="What you offer: your knowledge."),
    share_seek: bool = typer.Option(
        False, "--share-seek", help="Others may learn what you seek (default: private)."
    ),
    demo: bool | None = typer.Option(
        None, "--demo/--empty", help="Start with the demo network, or empty."
    ),
    demo_people: int = typer.Option(400, "--demo-people", help="Contacts in the demo network."),
    update: bool = typer.Option(
        False, "--update", help="Change name, e-mail and language of an existing set-up."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Set up your own profile: name, e-mail addresses, language, what you seek and offer.

    Without --name it asks; with --name (a script) whatever is left out takes its default."""
    app = get_app(ctx)
    store = app.store
    asking = name is None
    t = app.t  # until the user has chosen a language: the configured one
    if name is None:
        name = str(typer.prompt(t("Your name")))
    if asking and not email:
        answer = str(typer.prompt(t("Your e-mail addresses (comma-separated)"), default=""))
        email = [answer] if answer.strip() else []
    if language is None:
        language = str(typer.prompt(t("Language (de/en)"), default="de")) if asking else "de"
    lang = _language(language)
    t = Translator(str(lang))  # from here on: the language just chosen
    if update:
        me_id = update_owner(store, name=name, emails=email, language=lang)
        _report(
            as_json,
            {"me_id": me_id, "updated": True},
            t("Your profile is saved (person {id}).", id=me_id),
        )
        return
    if seek is None:
        seek = str(typer.prompt(t(SEEK_PROMPT), default="")) if asking else ""
    if offer is None:
        offer = str(typer.prompt(t(OFFER_PROMPT), default="")) if asking else ""
    if demo is None:
        demo = asking and typer.confirm(t("Start with the demo network?"), default=False)
    owner = Owner(
        name=name, emails=email, language=lang, seek=seek, offer=offer, share_seek=share_seek
    )
    result = set_up(
        store,
        owner,
        with_demo=demo,
        demo_people=demo_people,
        embedder=LazyEmbedder(app.settings.embedder),
    )
    summary = result.demo
    payload: dict[str, object] = {
        "me_id": result.me_id,
        "demo": None if summary is None else {"people": summary.people, "groups": summary.groups},
    }
    name = owner.name.strip()
    text = (
        t(
            "Set up for {name} (person {id}); demo built: {people} people, {groups} groups.",
            name=name,
            id=result.me_id,
            people=summary.people,
            groups=summary.groups,
        )
        if summary
        else t("Set up for {name} (person {id}); empty.", name=name, id=result.me_id)
    )
    _report(as_json, payload, text)


def _language(value: str) -> Language:
    try:
        return Language(value.strip().lower())
    except ValueError:
        raise ConfigError(f"language '{value}' is not supported; use de or en") from None


def _report(as_json: bool, payload: dict[str, object], text: str) -> None:
    if as_json:
        print(json.dumps(payload))
    else:
        console.print(text)


def register(app: typer.Typer) -> None:
    app.command()(init)
