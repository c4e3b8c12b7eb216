"""Introductions: suggested pairs (start or dismiss), introductions in progress with the next
message (copy button, mailto link) and the next-step buttons, and the ones done. Every step is
a plain form post, so the whole workflow works without JavaScript."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Form
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from altruist.agenda import current, record_feedback
from altruist.clock import as_utc
from altruist.engine.introductions import flow
from altruist.web.deps import engine_of
from altruist.web.pages._params import FormRowId, RowId
from altruist.web.render import render

router = APIRouter()

FLASH = {
    "started": "Introduction started. Send the first message when you are ready.",
    "dismissed": "Dismissed; this pair will not be suggested again.",
    "step": "Saved.",
    "declined": "Recorded. The other side will not learn who declined.",
    "outcome": "Outcome saved.",
}
# State → sentence for the user; {a} is asked first, {b} second.
STATE_TEXT = {
    "suggested": "Nobody asked yet: start with {a}.",
    "asked_first": "Waiting for {a} to answer.",
    "first_agreed": "{a} agreed. Now ask {b}.",
    "asked_second": "Waiting for {b} to answer.",
    "both_agreed": "Both agreed: send the introduction.",
    "introduced": "Introduced. How did it go?",
    "helped": "Introduced, and it helped.",
    "no_fit": "Introduced; it was no fit.",
    "declined": "Did not come about ({who} declined; only you see this).",
}

STATE_LABEL = {
    "suggested": "not asked yet",
    "asked_first": "asked first person",
    "first_agreed": "first person agreed",
    "asked_second": "asked second person",
    "both_agreed": "both agreed",
    "introduced": "introduced",
    "helped": "helped",
    "no_fit": "no fit",
    "declined": "did not come about",
}
DRAFT_LABEL = {
    "ask_first": "private ask",
    "ask_second": "private ask",
    "introduce": "introduction to both",
    "close": "closing note",
}


def _back(flash: str, anchor: str = "") -> Response:
    return RedirectResponse(f"/introductions?flash={flash}{anchor}", status_code=303)


@router.get("/introductions", response_class=HTMLResponse)
def introductions_page(request: Request, flash: str | None = None) -> Response:
    engine = engine_of(request)
    suggested = flow.open_suggestions(current(engine), as_utc(engine.clock()))
    return render(
        request,
        "introductions.html",
        {
            "suggested": suggested,
            "in_progress": flow.views(engine, flow.IN_PROGRESS),
            "done": flow.views(engine, flow.DONE),
            "flash": FLASH.get(flash or ""),
            "state_text": STATE_TEXT,
            "state_label": STATE_LABEL,
            "draft_label": DRAFT_LABEL,
        },
    )


@router.post("/introductions/start")
def start_form(request: Request, suggestion_id: FormRowId) -> Response:
    intro = flow.start_from_suggestion(engine_of(request), suggestion_id)
    return _back("started", f"#intro-{intro.id}")


@router.post("/introductions/dismiss")
def dismiss_form(request: Request, suggestion_id: FormRowId) -> Response:
    record_feedback(engine_of(request), suggestion_id, "dismiss")
    return _back("dismissed", "#suggested")


@router.post("/introductions/{introduction_id}/step")
def step_form(
    request: Request,
    introduction_id: RowId,
    step: Literal["ask_first", "agreed", "ask_second", "introduce"] = Form(...),
) -> Response:
    engine = engine_of(request)
    if step == "agreed":
        flow.agreed(engine, introduction_id)
    else:
        flow.step(engine, introduction_id, step)
    return _back("step", f"#intro-{introduction_id}")


@router.post("/introductions/{introduction_id}/decline")
def decline_form(request: Request, introduction_id: RowId, person_id: FormRowId) -> Response:
    flow.decline(engine_of(request), introduction_id, person_id)
    return _back("declined", f"#intro-{introduction_id}")


@router.post("/introductions/{introduction_id}/outcome")
def outcome_form(
    request: Request, introduction_id: RowId, result: Literal["helped", "no_fit"] = Form(...)
) -> Response:
    flow.outcome(engine_of(request), introduction_id, result)
    return _back("outcome", f"#intro-{introduction_id}")
