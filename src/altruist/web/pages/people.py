"""People: full-text search with filters (tag, company, city, need/offer, not contacted since),
one page at a time, and the matching JSON API (`/api/people`, `/api/people/{id}`)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query
from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from altruist import validate
from altruist.clock import as_utc
from altruist.domain import Person
from altruist.ingest.people_view import person_detail
from altruist.store import people_search
from altruist.store.people_search import PeopleFilter
from altruist.web.deps import store_of
from altruist.web.pages._paging import Page, page_of
from altruist.web.pages._params import PageNumber, RowId
from altruist.web.render import render

router = APIRouter()


class PersonSummary(BaseModel):
    id: int
    name: str
    company: str | None
    position: str | None
    city: str | None
    tags: list[str]
    last_contact: datetime | None


class PeoplePage(BaseModel):
    total: int
    total_is_lower_bound: bool  # filtered searches count up to 1,001 matches
    page: int
    pages: int
    people: list[PersonSummary]


def _day(text: str) -> date | None:
    """The date field of the filter form; a browser sends it empty when unused. Bounded, so the
    conversion to the user's time zone can never overflow (0001-01-01 used to end in a 500)."""
    return validate.day(text)


def _since(day: date | None, timezone: str) -> datetime | None:
    """The user's calendar day starts at local midnight; the store compares in UTC."""
    if day is None:
        return None
    return as_utc(datetime.combine(day, time.min, tzinfo=ZoneInfo(timezone)))


def _filter(
    request: Request,
    q: str,
    tag: str,
    company: str,
    city: str,
    facet: str,
    since: date | None,
) -> PeopleFilter:
    return PeopleFilter(
        query=q,
        tag=tag,
        company=company,
        city=city,
        facet_text=facet,
        not_contacted_since=_since(since, request.app.state.settings.timezone),
    )


def _search(
    request: Request, flt: PeopleFilter, page: int, size: int
) -> tuple[list[Person], dict[int, datetime], Page]:
    with store_of(request).read() as conn:
        found, total = people_search.search_page(conn, flt, limit=size, offset=(page - 1) * size)
        pager = page_of(page, total, size)
        if pager.number != page:  # asked past the end: show the last page instead
            found, total = people_search.search_page(conn, flt, limit=size, offset=pager.offset)
        last = people_search.last_contacts(conn, [p.id for p in found if p.id is not None])
    return found, last, pager


@router.get("/people", response_class=HTMLResponse)
def people_page(
    request: Request,
    q: str = Query("", max_length=200),
    tag: str = Query("", max_length=100),
    company: str = Query("", max_length=200),
    city: str = Query("", max_length=200),
    facet: str = Query("", max_length=200),
    since: str = Query("", max_length=10),
    page: PageNumber = 1,
) -> Response:
    day = _day(since)
    flt = _filter(request, q, tag, company, city, facet, day)
    found, last, pager = _search(request, flt, page, 50)
    params = {
        "q": q,
        "tag": tag,
        "company": company,
        "city": city,
        "facet": facet,
        "since": day.isoformat() if day else "",
    }
    pager = page_of(pager.number, pager.total, pager.size, **params)
    return render(
        request,
        "people.html",
        {
            "people": found,
            "last": last,
            "pager": pager,
            "form": params,
            "more_than": people_search.COUNT_CAP if pager.total > people_search.COUNT_CAP else 0,
        },
    )


@router.get("/api/people", response_model=PeoplePage, tags=["people"])
def people_api(
    request: Request,
    q: str = Query("", max_length=200, description="words that must all appear"),
    tag: str = Query("", max_length=100),
    company: str = Query("", max_length=200),
    city: str = Query("", max_length=200),
    facet: str = Query("", max_length=200, description="text of a need or an offer"),
    since: str = Query("", max_length=10, description="not contacted since this day (YYYY-MM-DD)"),
    page: PageNumber = 1,
    size: int = Query(50, ge=1, le=500),
) -> PeoplePage:
    """Search people, one page at a time, by name."""
    flt = _filter(request, q, tag, company, city, facet, _day(since))
    found, last, pager = _search(request, flt, page, size)
    return PeoplePage(
        total=pager.total,
        total_is_lower_bound=pager.total > people_search.COUNT_CAP,
        page=pager.number,
        pages=pager.pages,
        people=[
            PersonSummary(
                id=p.id or 0,
                name=p.name,
                company=p.company,
                position=p.position,
                city=p.city,
                tags=p.tags,
                last_contact=last.get(p.id or 0),
            )
            for p in found
        ],
    )


@router.get("/api/people/{person_id}", tags=["people"])
def person_api(request: Request, person_id: RowId) -> dict[str, Any]:
    """A person with identities and every imported value with its provenance."""
    return person_detail(store_of(request), person_id)
