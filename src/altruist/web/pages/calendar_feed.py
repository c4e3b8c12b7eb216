"""The subscribable calendar: `/calendar/{token}.ics` serves birthdays and due check-ins
(`export/ics.py`) to calendar apps. The URL's token is the only credential (feed_token.py), so a
wrong token answers 404 and reveals nothing."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from starlette.requests import Request
from starlette.responses import Response

from altruist.export import feed_token
from altruist.export.ics import calendar_for
from altruist.web.deps import engine_of, store_of

router = APIRouter()


@router.get("/calendar/{token}.ics", include_in_schema=False)
def calendar(request: Request, token: str) -> Response:
    store = store_of(request)
    with store.read() as conn:
        if not feed_token.verify(conn, token):
            raise HTTPException(status_code=404, detail="Not Found")
    engine = engine_of(request)
    body = calendar_for(store, clock=engine.clock, timezone=engine.timezone)
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={
            "cache-control": "no-store",
            "content-disposition": 'inline; filename="altruist.ics"',
        },
    )
