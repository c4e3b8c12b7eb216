"""What the user enters by hand (issue 16): a new contact, an e-mail or phone added to a
person, a logged call/meeting/message/note, own reminders (also without a person, on
/reminders) and relations between contacts.

Every handler validates, calls one library or repository function, and redirects back
(post/redirect/get); a form with mistakes comes back with what was typed and a message
beside each field (status 422).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Form
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from altruist.errors import ConfigError, NotFoundError
from altruist.ingest import by_hand
from altruist.ingest.by_hand import ContactInput, InvalidFields, parse_day
from altruist.store import people as people_repo
from altruist.store import people_search
from altruist.store import relations as relations_repo
from altruist.store import reminders as reminders_repo
from altruist.store.people_search import PeopleFilter
from altruist.web.deps import engine_of, store_of
from altruist.web.pages._byhand_context import UNIT_LABELS
from altruist.web.pages._params import RowId
from altruist.web.pages.person import TIMELINE_PAGE, person_context
from altruist.web.render import render

router = APIRouter()

MAX_TEXT = 2000
REMINDER_TEXT_MISSING = "Write what to remind you of."
REMINDER_DATE_INVALID = "Not a date. Write it like 05.12.2026 or 2026-12-05."
EVERY_INVALID = "Repeat every 1 to 3650 days, weeks, months or years."
OTHER_MISSING = "Write the other person's name or number."
OTHER_UNKNOWN = "Nobody of that name or number."
OTHER_AMBIGUOUS = "Several people match. Write more of the name, or their number from /people/…"
OTHER_SELF = "Choose someone else: a person cannot be related to themself."


def _settings(request: Request) -> Any:
    return request.app.state.settings


def _now(request: Request) -> Any:
    return engine_of(request).clock()


def _back(person_id: int, flash: str, anchor: str) -> Response:
    return RedirectResponse(f"/people/{person_id}?flash={flash}#{anchor}", status_code=303)


def _person_again(
    request: Request, person_id: int, form: str, typed: dict[str, str], errors: dict[str, str]
) -> Response:
    """The person page again with one form as typed and its messages beside the fields."""
    context = person_context(request, person_id, TIMELINE_PAGE)
    context.update(
        flash=None,
        more_link=f"/people/{person_id}?more=2#timeline",
        byhand_form={form: typed},
        byhand_errors={form: errors},
    )
    return render(request, "person.html", context, status_code=422)


# --- a new contact ----------------------------------------------------------------------------


@router.get("/people/new", response_class=HTMLResponse)
def new_contact_page(request: Request) -> Response:
    return render(request, "person_new.html", {"form": {}, "errors": {}})


@router.post("/people/new")
def add_contact(
    request: Request,
    name: str = Form("", max_length=300),
    email: str = Form("", max_length=320),
    phone: str = Form("", max_length=60),
    company: str = Form("", max_length=300),
    position: str = Form("", max_length=300),
    city: str = Form("", max_length=200),
    birthday: str = Form("", max_length=40),
    notes: str = Form("", max_length=20000),
) -> Response:
    typed = {
        "name": name,
        "email": email,
        "phone": phone,
        "company": company,
        "position": position,
        "city": city,
        "birthday": birthday,
        "notes": notes,
    }
    data = ContactInput(
        name=name,
        emails=[email],
        phones=[phone],
        company=company,
        position=position,
        city=city,
        birthday=birthday,
        notes=notes,
    )
    try:
        added = by_hand.add_contact(
            store_of(request), data, now=_now(request), region=_settings(request).phone_region
        )
    except InvalidFields as exc:
        return render(
            request, "person_new.html", {"form": typed, "errors": exc.errors}, status_code=422
        )
    flash = "contact-merged" if added.outcome == "merged" else "contact-added"
    anchor = "merges" if added.outcome == "merged" else "edit"
    return _back(added.person_id, flash, anchor)


@router.post("/people/{person_id}/identities")
def add_identity(
    request: Request,
    person_id: RowId,
    email: str = Form("", max_length=320),
    phone: str = Form("", max_length=60),
) -> Response:
    try:
        by_hand.edit_contact(
            store_of(request),
            person_id,
            {},
            emails=[email] if email.strip() else [],
            phones=[phone] if phone.strip() else [],
            now=_now(request),
            region=_settings(request).phone_region,
        )
    except InvalidFields as exc:
        typed = {"email": email, "phone": phone}
        return _person_again(request, person_id, "identity", typed, exc.errors)
    return _back(person_id, "identity-added", "identities")


# --- logging what happened --------------------------------------------------------------------


@router.post("/people/{person_id}/log")
def log_interaction(
    request: Request,
    person_id: RowId,
    kind: str = Form("note", max_length=20),
    date: str = Form("", max_length=40),
    direction: str = Form("both", pattern="^(in|out|both)$"),
    note: str = Form("", max_length=20000),
) -> Response:
    try:
        by_hand.log_interaction(
            store_of(request),
            person_id,
            kind=kind,
            day=date,
            note=note,
            direction=direction,
            now=_now(request),
            timezone=engine_of(request).timezone,
        )
    except InvalidFields as exc:
        typed = {"kind": kind, "date": date, "direction": direction, "note": note}
        return _person_again(request, person_id, "log", typed, exc.errors)
    return _back(person_id, "logged", "timeline")


# --- reminders --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReminderForm:
    """A reminder form as typed (to show it again) and checked: the values (None when a field
    is wrong), and per field why not."""

    typed: dict[str, str]
    values: tuple[str, date, int | None, str | None] | None
    errors: dict[str, str]


def reminder_form(
    text: str = Form("", max_length=MAX_TEXT),
    date: str = Form("", max_length=40),
    every: str = Form("", max_length=6),
    unit: str = Form("", pattern="^(|days|weeks|months|years)$"),
) -> ReminderForm:
    """The one reading of the reminder form, for the person page's and the reminders page's."""
    errors: dict[str, str] = {}
    if not text.strip():
        errors["text"] = REMINDER_TEXT_MISSING
    day = parse_day(date)
    if day is None:
        errors["date"] = REMINDER_DATE_INVALID
    count: int | None = None
    if unit:
        try:
            count, _unit = reminders_repo.check_repetition(int(every or "1"), unit)
        except (ValueError, ConfigError):
            errors["every"] = EVERY_INVALID
    typed = {"text": text, "date": date, "every": every, "unit": unit}
    if errors or day is None:
        return ReminderForm(typed, None, errors)
    return ReminderForm(typed, (text.strip(), day, count, unit or None), errors)


@router.post("/people/{person_id}/reminders")
def add_person_reminder(
    request: Request, person_id: RowId, form: ReminderForm = Depends(reminder_form)
) -> Response:
    if form.values is None:
        return _person_again(request, person_id, "reminder", form.typed, form.errors)
    text, day, every, unit = form.values
    with store_of(request).transaction() as conn:
        people_repo.get(conn, person_id)
        reminders_repo.add(conn, text, day, person_id=person_id, every=every, unit=unit)
    return _back(person_id, "reminder-added", "reminders")


@router.post("/reminders/{reminder_id}/delete")
def remove_reminder(request: Request, reminder_id: RowId) -> Response:
    with store_of(request).transaction() as conn:
        person_id = reminders_repo.get(conn, reminder_id).person_id
        reminders_repo.remove(conn, reminder_id)
    if person_id is None:
        return RedirectResponse("/reminders?flash=removed", status_code=303)
    return _back(person_id, "reminder-removed", "reminders")


@router.get("/reminders", response_class=HTMLResponse)
def reminders_page(request: Request, flash: str = "") -> Response:
    return _reminders_page(request, {}, {}, flash)


def _reminders_page(
    request: Request, typed: dict[str, str], errors: dict[str, str], flash: str = ""
) -> Response:
    with store_of(request).read() as conn:
        items = reminders_repo.open_reminders(conn)
        names = people_repo.get_many(conn, [r.person_id for r in items if r.person_id])
    messages = {"added": "Reminder set.", "removed": "Reminder removed."}
    return render(
        request,
        "reminders.html",
        {
            "reminders": items,
            "names": {pid: p.name for pid, p in names.items()},
            "unit_labels": UNIT_LABELS,
            "form": typed,
            "errors": errors,
            "flash": messages.get(flash),
        },
        status_code=422 if errors else 200,
    )


@router.post("/reminders")
def add_reminder(request: Request, form: ReminderForm = Depends(reminder_form)) -> Response:
    if form.values is None:
        return _reminders_page(request, form.typed, form.errors)
    text, day, every, unit = form.values
    with store_of(request).transaction() as conn:
        reminders_repo.add(conn, text, day, every=every, unit=unit)
    return RedirectResponse("/reminders?flash=added", status_code=303)


# --- relations --------------------------------------------------------------------------------


def _other_person(request: Request, person_id: int, other: str) -> tuple[int | None, str | None]:
    """The person a relation form names, by number or by name; or the message why not."""
    text = other.strip()
    if not text:
        return None, OTHER_MISSING
    with store_of(request).read() as conn:
        if text.isdigit():
            try:
                found = people_repo.get(conn, int(text))
            except (NotFoundError, OverflowError):
                return None, OTHER_UNKNOWN
            ids = [found.id or 0]
        else:
            matches, _total = people_search.search_page(conn, PeopleFilter(query=text), limit=20)
            exact = [p for p in matches if p.name.casefold() == text.casefold()]
            ids = [p.id or 0 for p in (exact or matches) if p.id != person_id]
    if not ids:
        return None, OTHER_UNKNOWN
    if len(ids) > 1:
        return None, OTHER_AMBIGUOUS
    if ids[0] == person_id:
        return None, OTHER_SELF
    return ids[0], None


@router.post("/people/{person_id}/relations")
def add_relation(
    request: Request,
    person_id: RowId,
    other: str = Form("", max_length=300),
    kind: str = Form("knows", pattern="^(knows|colleague|family|introduced)$"),
) -> Response:
    other_id, problem = _other_person(request, person_id, other)
    if other_id is None:
        typed = {"other": other, "kind": kind}
        return _person_again(request, person_id, "relation", typed, {"other": problem or ""})
    with store_of(request).transaction() as conn:
        relations_repo.add(conn, person_id, other_id, kind)
    return _back(person_id, "relation-added", "relations")


@router.post("/people/{person_id}/relations/{relation_id}/delete")
def remove_relation(request: Request, person_id: RowId, relation_id: RowId) -> Response:
    with store_of(request).transaction() as conn:
        relations_repo.remove(conn, person_id, relation_id)
    return _back(person_id, "relation-removed", "relations")
