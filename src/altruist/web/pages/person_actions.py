"""The forms of the Person page: edit core fields, add/edit/remove needs and offers (a user's
edit wins over derived values), record a ledger entry, merge and unmerge, delete everywhere.

Every handler validates, calls one library or repository function, and redirects back
(post/redirect/get), so reloading a page never repeats an action.
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import quote

from fastapi import APIRouter, Form
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from altruist import validate
from altruist.domain import (
    Facet,
    FacetKind,
    LedgerDirection,
    LedgerKind,
    Visibility,
)
from altruist.engine import giving
from altruist.errors import ConfigError, NotFoundError
from altruist.ingest import merge
from altruist.ingest.by_hand import record_manual_values
from altruist.ingest.dates import parse_birthday
from altruist.ingest.language_choice import choose_language
from altruist.store import facets as facets_repo
from altruist.store import people as people_repo
from altruist.store.forget import forget_person
from altruist.store.rows import utcnow
from altruist.understand import needs
from altruist.web.deps import engine_of, store_of
from altruist.web.pages._params import RowId
from altruist.web.pages.person import TIMELINE_PAGE, person_context
from altruist.web.render import render

router = APIRouter()

MAX_TEXT = 2000


def _back(person_id: RowId, flash: str, anchor: str = "") -> Response:
    return RedirectResponse(f"/people/{person_id}?flash={flash}{anchor}", status_code=303)


def _clean(value: str | None, limit: int = 300) -> str | None:
    text = (value or "").strip()
    return text[:limit] or None


# Shown next to the field, translated in the template (issue 13: the form keeps what was typed).
BIRTHDAY_ERROR = "Not a date. Write it like 05.12.1975, 5. Dezember 1975, or 05.12. without a year."
NAME_ERROR = "A person needs a name."
CADENCE_ERROR = "The keep-in-touch cadence is a whole number of days from 1 to 3650."


@router.post("/people/{person_id}/edit")
def edit_person(
    request: Request,
    person_id: RowId,
    name: str = Form(..., min_length=1, max_length=300),
    company: str = Form(""),
    position: str = Form(""),
    headline: str = Form(""),
    city: str = Form(""),
    country: str = Form(""),
    birthday: str = Form(""),
    language: Literal["de", "en"] = Form("en"),
    tags: str = Form(""),
    tier: str = Form(""),
    cadence_days: str = Form(""),
    notes: str = Form(""),
) -> Response:
    days_text = cadence_days.strip()
    birthday_value = parse_birthday(birthday)
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = NAME_ERROR
    if birthday.strip() and birthday_value is None:
        errors["birthday"] = BIRTHDAY_ERROR
    days: int | None = None
    if days_text:
        try:
            days = validate.cadence_days(days_text)  # 1-3,650 days (issue 19)
        except ConfigError:
            errors["cadence_days"] = CADENCE_ERROR
    if errors:
        typed = {
            "name": name,
            "company": company,
            "position": position,
            "headline": headline,
            "city": city,
            "country": country,
            "birthday": birthday,
            "language": language,
            "tags": tags,
            "tier": tier,
            "cadence_days": cadence_days,
            "notes": notes,
        }
        return _form_again(request, person_id, typed, errors)
    values = {
        "name": name.strip(),
        "company": _clean(company),
        "position": _clean(position),
        "headline": _clean(headline, MAX_TEXT),
        "city": _clean(city, 200),
        "country": _clean(country, 100),
        "birthday": birthday_value,
        "tags": [t.strip() for t in tags.split(",") if t.strip()],
        "tier": _clean(tier, 40),
        "cadence_days": days,
        "notes": _clean(notes, 20000),
    }
    with store_of(request).transaction() as conn:
        now = utcnow()
        record_manual_values(conn, person_id, values, now=now)  # provenance "manual" (issue 16)
        people_repo.update_fields(conn, person_id, **values)
        choose_language(conn, person_id, language, where="web", now=now)
    return _back(person_id, "saved")


def _form_again(
    request: Request, person_id: int, typed: dict[str, str], errors: dict[str, str]
) -> Response:
    """The person page again with everything as typed and each message beside its field."""
    context = person_context(request, person_id, TIMELINE_PAGE)
    more = f"/people/{person_id}?more=2#timeline"
    context.update(form=typed, errors=errors, flash=None, more_link=more)
    return render(request, "person.html", context, status_code=422)


@router.post("/people/{person_id}/facets")
def add_facet(
    request: Request,
    person_id: RowId,
    kind: Literal["need", "offer"] = Form(...),
    text: str = Form(..., min_length=1, max_length=MAX_TEXT),
) -> Response:
    if not text.strip():
        raise ConfigError("write what they need or offer")
    with store_of(request).transaction() as conn:
        people_repo.get(conn, person_id)
        facets_repo.add(
            conn,
            Facet(
                person_id,
                FacetKind(kind),
                text.strip(),
                source="stated",
                edited=True,
                visibility=needs.stated_visibility(text.strip()),
            ),
        )
    return _back(person_id, "facet-added", "#facets")


def _own_facet(request: Request, person_id: RowId, facet_id: RowId) -> None:
    """A facet id from a form must belong to the person whose page sent it."""
    with store_of(request).read() as conn:
        if facet_id not in {f.id for f in facets_repo.for_person(conn, person_id)}:
            raise NotFoundError(f"person {person_id} has no need or offer {facet_id}")


@router.post("/people/{person_id}/facets/{facet_id}/edit")
def edit_facet(
    request: Request,
    person_id: RowId,
    facet_id: RowId,
    text: str = Form(..., min_length=1, max_length=MAX_TEXT),
) -> Response:
    _own_facet(request, person_id, facet_id)
    with store_of(request).transaction() as conn:
        facets_repo.edit(conn, facet_id, text.strip())
    return _back(person_id, "saved", "#facets")


@router.post("/people/{person_id}/facets/{facet_id}/visibility")
def facet_visibility(
    request: Request,
    person_id: int,
    facet_id: int,
    visibility: Literal["private", "shareable"] = Form(...),
) -> Response:
    """Private: never named to others before its owner agreed to an introduction (issue 15)."""
    _own_facet(request, person_id, facet_id)
    with store_of(request).transaction() as conn:
        facets_repo.set_visibility(conn, facet_id, Visibility(visibility))
    return _back(person_id, "saved", "#facets")


@router.post("/people/{person_id}/facets/{facet_id}/delete")
def remove_facet(request: Request, person_id: RowId, facet_id: RowId) -> Response:
    _own_facet(request, person_id, facet_id)
    with store_of(request).transaction() as conn:
        needs.remove_facet(conn, facet_id)
    return _back(person_id, "facet-removed", "#facets")


@router.post("/people/{person_id}/ledger")
def record_ledger(
    request: Request,
    person_id: RowId,
    action: str = Form(..., max_length=40),
    note: str = Form("", max_length=MAX_TEXT),
) -> Response:
    direction_text, _, kind_text = action.partition(":")
    try:
        direction = LedgerDirection(direction_text)
    except ValueError as exc:
        raise ConfigError(f"unknown ledger action '{action}'") from exc
    kind = giving.parse_kind(kind_text)
    record = giving.record_given if direction is LedgerDirection.GAVE else giving.record_received
    if direction is LedgerDirection.RECEIVED and kind not in (
        LedgerKind.HELP,
        LedgerKind.OFFERED_HELP,
        LedgerKind.THANKS,
    ):
        raise ConfigError(f"'{kind_text}' is not something one receives")
    record(store_of(request), person_id, kind, engine_of(request).clock(), note or None)
    return _back(person_id, "ledger", "#ledger")


@router.post("/people/{person_id}/merge")
def merge_into(request: Request, person_id: RowId, other_id: int = Form(..., ge=1)) -> Response:
    """Merge `other_id` into this person (this one is kept)."""
    merge.merge_people(store_of(request), person_id, other_id, clock=engine_of(request).clock)
    return _back(person_id, "merged", "#merges")


@router.post("/merges/{merge_id}/undo")
def undo_merge(request: Request, merge_id: RowId) -> Response:
    result = merge.unmerge(store_of(request), merge_id, clock=engine_of(request).clock)
    return _back(result.kept_id, "unmerged", "#merges")


@router.post("/people/{person_id}/delete")
def delete_person(request: Request, person_id: RowId, confirm: str = Form("")) -> Response:
    if confirm != "yes":
        raise ConfigError("tick the box to confirm that this person should be deleted")
    with store_of(request).transaction() as conn:
        name = people_repo.get(conn, person_id).name
        forget_person(conn, person_id)
    return RedirectResponse(f"/people?deleted={quote(name)}", status_code=303)
