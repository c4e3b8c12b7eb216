"""The subscribable calendar: `/calendar/{token}.ics` serves birthdays and due check-ins
(`export/ics.py`) to calendar apps. The URL's token is the only credential (feed_token.py), so a
wrong token answers 404 and reveals nothing."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from altruist.export.ics import feed
from altruist.web.deps import engine_of, store_of

router = APIRouter()


@router.get("/calendar/{token}.ics", include_in_schema=False)
def calendar(request: Request, token: str) -> Response:
    engine = engine_of(request)
    # A wrong token is NotFoundError: 404 through the app's one error handler.
    body = feed(store_of(request), token, clock=engine.clock, timezone=engine.timezone)
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={
            "cache-control": "no-store",
            "content-disposition": 'inline; filename="altruist.ics"',
        },
    )
