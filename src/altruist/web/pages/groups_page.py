"""Groups: the user's forums, Q&A sites, mailing lists and feeds with their figures (posts, open
questions, last fetch, errors); add a source, fetch now, remove. Fetching new posts recomputes
the suggestions in the background, so new questions reach the Questions page and Today."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Form
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from altruist.agenda import refresh_in_background
from altruist.engine.questions.group_needs import groups_needing_me
from altruist.errors import ConfigError, FetchError
from altruist.ingest.feeds import (
    KINDS,
    FetchReport,
    PoliteClient,
    add_group,
    fetch_all,
    list_groups,
    remove_group,
)
from altruist.ingest.feeds.detect import is_url
from altruist.web.deps import engine_of, store_of
from altruist.web.pages._links import safe_href
from altruist.web.pages._paging import page_of
from altruist.web.pages._params import PageNumber, RowId
from altruist.web.render import render

router = APIRouter()

PAGE_SIZE = 25
KIND_LABELS = {
    "rss": "RSS or Atom feed",
    "discourse": "Discourse forum",
    "stackexchange": "Stack Exchange site (API)",
    "stackexchange-dump": "Stack Exchange data dump (Posts.xml)",
    "mbox": "Mailing list archive (mbox)",
    "maildir": "Mail folder (Maildir)",
    "mailing-list": "Mailing list from your mail account",
}


def _redirect(**params: str) -> Response:
    return RedirectResponse("/groups?" + urlencode(params), status_code=303)


@router.get("/groups", response_class=HTMLResponse)
def groups_page(
    request: Request,
    page: PageNumber = 1,
    added: str | None = None,
    fetched: str | None = None,
    removed: str | None = None,
) -> Response:
    overview = list_groups(store_of(request))
    pager = page_of(page, len(overview), PAGE_SIZE)
    rows = [
        {"group": g, "href": safe_href(g.url)}
        for g in overview[pager.offset : pager.offset + pager.size]
    ]
    totals = {
        "posts": sum(g.posts for g in overview),
        "open_questions": sum(g.open_questions for g in overview),
        "mine": sum(g.mine for g in overview),
        "failing": sum(1 for g in overview if g.last_error),
    }
    return render(
        request,
        "groups.html",
        {
            "rows": rows,
            "pager": pager,
            "totals": totals,
            "kinds": [(k, KIND_LABELS.get(k, k)) for k in KINDS],
            "kind_labels": KIND_LABELS,
            "added": added,
            "fetched": fetched,
            "removed": removed,
            "needs": groups_needing_me(engine_of(request)),
        },
    )


@router.post("/groups")
def add_source(
    request: Request,
    location: str = Form(..., min_length=1, max_length=1000),
    name: str = Form("", max_length=300),
    kind: str = Form("", max_length=40),
    account: str = Form("", max_length=300),
) -> Response:
    """Register a group. A URL whose shape does not tell the kind is probed with one polite
    request; a local path never touches the network."""
    client = PoliteClient() if not kind and is_url(location.strip()) else None
    try:
        group = add_group(
            store_of(request),
            location,
            name=name.strip() or None,
            kind=kind or None,
            account=account.strip() or None,
            client=client,
        )
    except FetchError as exc:
        # The location the user typed cannot be used (no such file, no feed, a redirect loop):
        # their input to correct, so a 400 page with the reason, not a 502.
        raise ConfigError(str(exc)) from exc
    finally:
        if client is not None:
            client.close()
    return _redirect(added=group.name)


def _after_fetch(request: Request, report: FetchReport) -> Response:
    if any(s.new or s.updated for s in report.sources):
        engine = engine_of(request)
        refresh_in_background(engine)
    summary = report.to_dict()
    return _redirect(
        fetched=f"{summary['new']}:{summary['updated']}:{summary['failed']}",
    )


@router.post("/groups/fetch")
def fetch_every_group(request: Request) -> Response:
    return _after_fetch(request, fetch_all(store_of(request), clock=engine_of(request).clock))


@router.post("/groups/{group_id}/fetch")
def fetch_one_group(request: Request, group_id: RowId) -> Response:
    report = fetch_all(store_of(request), group_ids=[group_id], clock=engine_of(request).clock)
    return _after_fetch(request, report)


@router.post("/groups/{group_id}/delete")
def remove_source(request: Request, group_id: RowId) -> Response:
    group = remove_group(store_of(request), group_id)
    return _redirect(removed=group.name)
