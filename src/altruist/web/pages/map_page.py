"""The network map page: the SVG from `web/network_map.py` over the user's people, known
relations and the suggested introductions of the last refresh, plus a legend of clusters."""

from __future__ import annotations

from fastapi import APIRouter, Query
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from altruist.agenda import current, is_available
from altruist.clock import as_utc
from altruist.domain import SuggestionKind
from altruist.i18n import Translator
from altruist.store import interactions as interactions_repo
from altruist.store import people as people_repo
from altruist.web.deps import engine_of, store_of
from altruist.web.network_map import DEFAULT_LIMIT, Bridge, MapPerson, build_map
from altruist.web.render import render, request_language, shown

router = APIRouter()
MAX_BRIDGES = 15


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, limit: int = Query(DEFAULT_LIMIT, ge=10, le=1000)) -> Response:
    engine = engine_of(request)
    now = as_utc(engine.clock())
    suggested = sorted(
        (
            s
            for s in current(engine)
            if s.kind is SuggestionKind.INTRODUCE
            and len(s.person_ids) == 2
            and is_available(s, now)
        ),
        key=lambda s: -s.score,
    )
    # The best bridges only: a map with every candidate pair drawn shows nothing.
    t = Translator(request_language(request))
    bridges = [
        Bridge(s.person_ids[0], s.person_ids[1], shown(s.reason, t))
        for s in suggested[:MAX_BRIDGES]
    ]
    with store_of(request).read() as conn:
        people = [MapPerson(p.id or 0, p.name, p.company) for p in people_repo.all_people(conn)]
        # Recorded relations, and people who were in one meeting: they have met (issue 16).
        relations = interactions_repo.related_pairs(conn) | interactions_repo.co_attended_pairs(
            conn
        )
    _ = Translator(request_language(request))
    network = build_map(
        people,
        relations,
        bridges,
        limit=limit,
        title=_("Your network"),
        bridge_label=_("Suggested introduction"),
    )
    names = {p.id: p.name for p in people}
    return render(
        request,
        "map.html",
        {
            # The SVG builder escapes every name and reason itself (tested), so it is safe markup.
            "svg": Markup(network.svg),
            "network": network,
            "names": names,
        },
    )
