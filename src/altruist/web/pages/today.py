"""Today: the agenda page, feedback forms, and the matching JSON API."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Form, Query
from pydantic import BaseModel, Field
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from altruist.agenda import (
    build_today,
    last_refresh,
    plan_today,
    record_feedback,
    refresh,
    refresh_in_background,
    refresh_progress,
)
from altruist.domain import Suggestion
from altruist.engine.phrases import LANGUAGE_KEY
from altruist.i18n import Translator
from altruist.onboarding import needs_onboarding
from altruist.store import people as people_repo
from altruist.store import settings_repo
from altruist.web.deps import engine_of
from altruist.web.pages._params import RowId
from altruist.web.render import render, request_language, shown

router = APIRouter()

FLASH = {
    "done": "Marked as done.",
    "dismiss": "Dismissed; it will not come back.",
    "snooze": "Snoozed.",
}


# The engine family a recomputation is at, in words (msgids of the catalogue).
STEP_TEXT = {
    "accounts": "syncing your accounts",
    "demo": "building the demo network",
    "care": "birthdays and keeping in touch",
    "introductions": "introductions",
    "questions": "questions in your groups",
    "asks": "asks for help",
    "saving": "saving",
}


class SuggestionOut(BaseModel):
    id: int
    kind: str
    title: str
    reason: str
    draft: str | None
    score: float
    person_ids: list[int]
    post_id: int | None
    state: str

    @classmethod
    def of(cls, item: Suggestion, t: Translator) -> SuggestionOut:
        """Title and reason in the reader's language (the request's), like the page."""
        return cls(
            id=item.id or 0,
            kind=str(item.kind),
            title=shown(item.title, t),
            reason=shown(item.reason, t),
            draft=item.draft,
            score=item.score,
            person_ids=item.person_ids,
            post_id=item.post_id,
            state=str(item.state),
        )


class FeedbackIn(BaseModel):
    action: Literal["done", "dismiss", "snooze"]
    days: int = Field(7, ge=1, le=365)


@router.get("/", response_class=HTMLResponse)
def today_page(
    request: Request, limit: int = Query(0, ge=0, le=50), flash: str | None = None
) -> Response:
    engine = engine_of(request)
    if needs_onboarding(engine.store):  # the first start asks who the user is (issue 16)
        return RedirectResponse("/welcome", status_code=303)
    size = limit or request.app.state.settings.today_limit
    plan = plan_today(engine, size, recompute=False)
    items = plan.items
    with engine.store.read() as conn:
        people = people_repo.get_many(conn, {pid for item in items for pid in item.person_ids})
        # An empty list says "import contacts" only to someone who has none yet.
        has_people = bool(items) or people_repo.count(conn) > (1 if people_repo.me(conn) else 0)
    return render(
        request,
        "today.html",
        {
            "items": items,
            "plan": plan,
            "progress": refresh_progress(engine),
            "step_text": STEP_TEXT,
            "people": people,
            "has_people": has_people,
            "flash": FLASH.get(flash or ""),
            "refreshed_at": last_refresh(engine),
        },
    )


@router.post("/suggestions/{suggestion_id}/feedback")
def feedback_form(
    request: Request,
    suggestion_id: RowId,
    action: Literal["done", "dismiss", "snooze"] = Form(...),
) -> Response:
    record_feedback(engine_of(request), suggestion_id, action)
    return RedirectResponse(f"/?flash={action}", status_code=303)


@router.post("/refresh")
def refresh_form(request: Request) -> Response:
    """Recompute in the background: the page comes back at once and shows the progress, since
    a recomputation after an import or a profile edit takes seconds to minutes."""
    refresh_in_background(engine_of(request))
    return RedirectResponse("/", status_code=303)


@router.get("/api/refresh", tags=["today"])
def refresh_status_api(request: Request) -> dict[str, object]:
    """Whether suggestions are being recomputed, and how far it got."""
    progress = refresh_progress(engine_of(request))
    return {
        "running": progress.running,
        "step": progress.step,
        "steps": progress.steps,
        "current": progress.current,
        "error": progress.error,
        "detail": progress.detail,
    }


@router.get("/api/today", response_model=list[SuggestionOut], tags=["today"])
def today_api(request: Request, limit: int = Query(0, ge=0, le=50)) -> list[SuggestionOut]:
    """Today's good deeds (from the last computation), best first."""
    size = limit or request.app.state.settings.today_limit
    t = Translator(request_language(request))
    items = build_today(engine_of(request), size, recompute=False)
    return [SuggestionOut.of(s, t) for s in items]


@router.post(
    "/api/suggestions/{suggestion_id}/feedback", response_model=SuggestionOut, tags=["today"]
)
def feedback_api(request: Request, suggestion_id: RowId, body: FeedbackIn) -> SuggestionOut:
    """Mark a good deed done, dismissed or snoozed (send the CSRF cookie and X-CSRF-Token header)."""
    return SuggestionOut.of(
        record_feedback(engine_of(request), suggestion_id, body.action, snooze_days=body.days),
        Translator(request_language(request)),
    )


@router.post("/api/refresh", tags=["today"])
def refresh_api(request: Request) -> dict[str, int]:
    """Recompute all suggestions now."""
    return {"suggestions": len(refresh(engine_of(request)))}


@router.get("/api/session", tags=["session"])
def session_api(request: Request) -> dict[str, str]:
    """The CSRF token to send as X-CSRF-Token with state-changing API calls (cookie set too)."""
    return {"csrf_token": request.state.csrf_token}


@router.post("/language")
def switch_language(
    request: Request, lang: Literal["de", "en"] = Form(...), next: str = Form("/")
) -> Response:
    """The visible switch: sets the UI language and the language suggestions are written in."""
    target = next if next.startswith("/") and not next.startswith("//") else "/"
    with engine_of(request).store.transaction() as conn:
        settings_repo.put(conn, LANGUAGE_KEY, lang)
    # No recomputation: deeds store their texts as messages, rendered in the reader's language
    # when shown (issue 14), so every deed follows the switch at once.
    response = RedirectResponse(target, status_code=303)
    response.set_cookie("altruist_lang", lang, samesite="lax", max_age=365 * 86400, path="/")
    return response
