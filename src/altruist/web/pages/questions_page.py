"""Questions I can answer: the open questions from the user's groups that the question engine
ranked for the user's knowledge (served from the last agenda refresh, like Today), each with its
reason, a link to the post, and done/dismiss; and the knowledge profile they were ranked by."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Form
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from altruist.agenda import of_kinds, record_feedback
from altruist.engine.questions.my_expertise import knowledge_overview
from altruist.engine.questions.suggest import QUESTION_KINDS, with_posts
from altruist.web.deps import engine_of
from altruist.web.pages._links import safe_href
from altruist.web.pages._paging import page_of
from altruist.web.pages._params import PageNumber, RowId
from altruist.web.render import render

router = APIRouter()

PAGE_SIZE = 20
FLASH = {"done": "Marked as answered.", "dismiss": "Dismissed; it will not come back."}


def _rows(request: Request, page: int) -> tuple[list[dict[str, Any]], Any]:
    engine = engine_of(request)
    ranked = of_kinds(engine, QUESTION_KINDS)
    pager = page_of(page, len(ranked), PAGE_SIZE)
    deeds = with_posts(engine.store, ranked[pager.offset : pager.offset + pager.size])
    rows = [
        {
            "item": d.item,
            "post": d.post,
            "group": d.group,
            "href": safe_href(d.post.url) if d.post else None,
        }
        for d in deeds
    ]
    return rows, pager


@router.get("/questions", response_class=HTMLResponse)
def questions_page(request: Request, page: PageNumber = 1, flash: str | None = None) -> Response:
    rows, pager = _rows(request, page)
    context = {
        "rows": rows,
        "pager": pager,
        "flash": FLASH.get(flash or ""),
        "profile": knowledge_overview(engine_of(request).store),
    }
    return render(request, "questions.html", context)


@router.post("/questions/{suggestion_id}/feedback")
def question_feedback(
    request: Request,
    suggestion_id: RowId,
    action: Literal["done", "dismiss"] = Form(...),
) -> Response:
    """Same feedback as on Today, but back to this list."""
    record_feedback(engine_of(request), suggestion_id, action)
    return RedirectResponse(f"/questions?flash={action}", status_code=303)
