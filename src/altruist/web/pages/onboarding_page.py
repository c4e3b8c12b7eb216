"""Onboarding (issue 16): the first start asks who the user is (`/welcome`); Settings changes
name and e-mail addresses (`/settings/me`) and removes the demo (`/settings/demo/remove`).

The Today page sends a database without the user's own card here, so a new user meets this page
first; `make run` builds the demo (with its own user) first and is never asked."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from fastapi import APIRouter, Form
from sqlalchemy import Connection
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from altruist.agenda import refresh_in_background
from altruist.demo import build_demo, remove_demo
from altruist.domain import Language
from altruist.i18n import Translator
from altruist.onboarding import (
    Owner,
    check_demo_possible,
    needs_onboarding,
    owner_of,
    set_up,
    update_owner,
)
from altruist.store import demo_rows
from altruist.understand.embedder import LazyEmbedder
from altruist.validate import InvalidValue
from altruist.web.deps import engine_of, store_of
from altruist.web.render import LANG_COOKIE, render, request_language

router = APIRouter()

FLASH = {
    "me": "Your name and addresses are saved.",
    "demo-removed": "The demo is removed.",
}
# The step name Today's progress shows while the demo is built (see web/pages/today.py).
DEMO_STEP = "demo"
SETTINGS_FLASH = FLASH  # read by the Settings page next to its own messages


@router.get("/welcome", response_class=HTMLResponse)
def welcome_page(request: Request) -> Response:
    if not needs_onboarding(store_of(request)):
        return RedirectResponse("/", status_code=303)
    return render(
        request, "welcome.html", {"form": {"language": _guess(request), "start": "empty"}}
    )


@router.post("/welcome")
def welcome_submit(
    request: Request,
    name: str = Form("", max_length=300),
    emails: str = Form("", max_length=4000),
    language: Literal["de", "en"] = Form("de"),
    seek: str = Form("", max_length=4000),
    offer: str = Form("", max_length=20000),
    share_seek: str = Form(""),
    start: Literal["empty", "demo"] = Form("empty"),
) -> Response:
    store = store_of(request)
    if not needs_onboarding(store):
        return RedirectResponse("/", status_code=303)
    owner = Owner(
        name=name,
        emails=[emails],
        language=Language(language),
        seek=seek,
        offer=offer,
        share_seek=share_seek == "yes",
    )
    try:
        if start == "demo":
            check_demo_possible(store)
        # The card now; the demo (hundreds of people, read by the model) in the background.
        set_up(store, owner, with_demo=False, clock=request.app.state.clock)
    except InvalidValue as exc:
        form = {
            "name": name,
            "emails": emails,
            "language": language,
            "seek": seek,
            "offer": offer,
            "share_seek": share_seek == "yes",
            "start": start,
        }
        error = exc.translated(Translator(request_language(request)).gettext)
        return render(request, "welcome.html", {"form": form, "error": error}, status_code=400)
    engine = engine_of(request)
    if start == "demo":
        # Building the demo takes a while: it runs as the first step of the recomputation that
        # Today shows with its progress bar, so the page says what it waits for.
        settings, clock = request.app.state.settings, request.app.state.clock

        def build(advance: Callable[[str], None]) -> None:
            build_demo(store, clock=clock, embedder=LazyEmbedder(settings.embedder))
            advance(DEMO_STEP)

        refresh_in_background(engine, prelude=(DEMO_STEP, 1, build))
    else:
        refresh_in_background(engine)
    response = RedirectResponse("/" if start == "demo" else "/import", status_code=303)
    # The chosen language is the UI's from now on, whatever the browser asks for.
    response.set_cookie(LANG_COOKIE, language, samesite="lax", max_age=365 * 86400, path="/")
    return response


@router.post("/settings/me")
def save_me(
    request: Request,
    name: str = Form(..., max_length=300),
    emails: str = Form("", max_length=4000),
) -> Response:
    update_owner(store_of(request), name=name, emails=[emails])
    return RedirectResponse("/settings?flash=me#me", status_code=303)


@router.post("/settings/demo/remove")
def remove_demo_rows(request: Request, confirm: str = Form("")) -> Response:
    if confirm != "yes":
        raise InvalidValue("Tick the box to confirm removing the demo.")
    remove_demo(store_of(request), clock=request.app.state.clock)
    refresh_in_background(engine_of(request))
    return RedirectResponse("/settings?flash=demo-removed#demo", status_code=303)


def section(conn: Connection) -> dict[str, Any]:
    """What the Settings page shows about the user and the demo."""
    me, emails, me_is_demo = owner_of(conn)
    history = demo_rows.removals(conn)
    return {
        "me": me,
        "my_emails": emails,
        "me_is_demo": me_is_demo,
        "has_demo": demo_rows.has_demo(conn),
        "last_removal": history[-1] if history else None,
    }


def _guess(request: Request) -> str:
    accept = (request.headers.get("accept-language") or "de").lower()
    return "en" if accept.startswith("en") else "de"
