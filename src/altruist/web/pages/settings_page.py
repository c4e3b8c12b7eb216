"""Settings: my profile (expertise), my needs (job search), keep-in-touch tiers, language and
time zone, the calendar feed URL with its secret token, and backup/restore of all data.

The calendar feed itself (`/calendar/{token}.ics`) lives in `calendar_feed.py`.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime
from functools import cache
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from fastapi import APIRouter, File, Form, UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from altruist.engine.care import cadence, my_needs
from altruist.engine.context import stored_timezone
from altruist.engine.questions.my_expertise import MAX_CHARS, get_expertise, set_expertise
from altruist.errors import ConfigError
from altruist.export import feed_token
from altruist.export.archive import export_archive, parse_backup, restore_archive
from altruist.export.contacts import contact_cards, to_csv, to_vcard
from altruist.store import settings_repo
from altruist.validate import parse_tiers
from altruist.web.deps import engine_of, store_of
from altruist.web.pages import accounts_page, onboarding_page
from altruist.web.render import render, request_language
from altruist.web.security import FORM_BYTES

router = APIRouter()

TIMEZONE_KEY = "timezone"
MAX_BACKUP_BYTES = 500 * 1024 * 1024
UPLOAD_LIMITS = {"/settings/restore": MAX_BACKUP_BYTES + FORM_BYTES}
FLASH = {
    "profile": "Your profile is saved.",
    "needs": "Your needs are saved.",
    "needs-cleared": "Your needs are cleared.",
    "tiers": "Cadences are saved.",
    "timezone": "Time zone is saved.",
    "feed": "A new calendar address was made; the old one no longer works.",
    "feed-off": "The calendar feed is switched off.",
    "restored": "Backup restored.",
}


def _redirect(flash: str, anchor: str = "") -> Response:
    return RedirectResponse(f"/settings?flash={flash}{anchor}", status_code=303)


@cache
def _time_zones() -> list[str]:
    """The zone names for the picker: they come from the installed tzdata and never change while
    the app runs, and listing them reads the whole tzdata tree."""
    return sorted(available_timezones())


@router.get("/settings", response_class=HTMLResponse)
def settings_page(request: Request, flash: str | None = None) -> Response:
    with store_of(request).read() as conn:
        expertise = get_expertise(conn)
        need = my_needs.get_job_search(conn)
        tiers = sorted(cadence.load_prefs(conn).tiers.items(), key=lambda kv: kv[1])
        token = feed_token.current(conn)
        accounts = accounts_page.section(conn, engine_of(request))
        owner = onboarding_page.section(conn)
    feed_url = str(request.base_url).rstrip("/") + f"/calendar/{token}.ics" if token else None
    return render(
        request,
        "settings.html",
        {
            "flash": FLASH.get(flash or "")
            or accounts_page.FLASH.get(flash or "")
            or onboarding_page.SETTINGS_FLASH.get(flash or ""),
            "expertise": expertise,
            "need": need,
            "tiers_text": "\n".join(f"{name} = {days}" for name, days in tiers),
            "timezone": request.app.state.settings.timezone,
            "zones": _time_zones(),
            "feed_url": feed_url,
        }
        | accounts
        | owner,
    )


@router.post("/settings/profile")
def save_profile(request: Request, expertise: str = Form("", max_length=MAX_CHARS)) -> Response:
    with store_of(request).transaction() as conn:
        set_expertise(conn, expertise)
    return _redirect("profile", "#profile")


@router.post("/settings/needs")
def save_needs(
    request: Request,
    roles: str = Form("", max_length=2000),
    regions: str = Form("", max_length=2000),
    companies: str = Form("", max_length=2000),
    note: str = Form("", max_length=4000),
    action: Literal["save", "clear"] = Form("save"),
) -> Response:
    with store_of(request).transaction() as conn:
        if action == "clear" or not (
            roles.strip() or regions.strip() or companies.strip() or note.strip()
        ):
            my_needs.clear_job_search(conn)
            return _redirect("needs-cleared", "#needs")
        my_needs.set_job_search(
            conn,
            roles=my_needs.split_list(roles),
            regions=my_needs.split_list(regions),
            companies=my_needs.split_list(companies),
            note=note,
        )
    return _redirect("needs", "#needs")


@router.post("/settings/tiers")
def save_tiers(request: Request, tiers: str = Form(..., max_length=4000)) -> Response:
    with store_of(request).transaction() as conn:
        cadence.save_tiers(conn, parse_tiers(tiers))
    return _redirect("tiers", "#tiers")


@router.post("/settings/timezone")
def save_timezone(request: Request, timezone: str = Form(..., max_length=64)) -> Response:
    name = timezone.strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"unknown time zone {name!r} (e.g. Europe/Berlin)") from exc
    with store_of(request).transaction() as conn:
        settings_repo.put(conn, TIMEZONE_KEY, name)
    _use_timezone(request, name)
    return _redirect("timezone", "#language")


def _use_timezone(request: Request, name: str) -> None:
    """The running app uses it at once: dates on pages and "today" of the engines."""
    app = request.app
    app.state.settings = dataclasses.replace(app.state.settings, timezone=name)
    engine_of(request).timezone = name


@router.post("/settings/feed")
def calendar_feed_token(
    request: Request, action: Literal["rotate", "revoke"] = Form(...)
) -> Response:
    with store_of(request).transaction() as conn:
        if action == "rotate":
            feed_token.rotate(conn)
        else:
            feed_token.revoke(conn)
    return _redirect("feed" if action == "rotate" else "feed-off", "#calendar")


@router.get("/settings/export.json")
def download_backup(request: Request) -> Response:
    """Everything in one JSON file (a download, so the browser saves it)."""
    document = export_archive(store_of(request))
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return Response(
        json.dumps(document, ensure_ascii=False, indent=1),
        media_type="application/json",
        headers={"content-disposition": f'attachment; filename="altruist-backup-{stamp}.json"'},
    )


@router.get("/settings/contacts.vcf")
def download_vcard(request: Request) -> Response:
    """All contacts as vCard 4.0, for any address book."""
    return _download(to_vcard(contact_cards(store_of(request))), "text/vcard", "vcf")


@router.get("/settings/contacts.csv")
def download_csv(request: Request) -> Response:
    """All contacts as CSV for a spreadsheet: semicolons and a byte-order mark for a German
    user's Excel, commas for an English one."""
    german = request_language(request) == "de"
    data = to_csv(contact_cards(store_of(request)), excel=german)
    return _download(data, "text/csv; charset=utf-8", "csv")


def _download(data: bytes, media_type: str, suffix: str) -> Response:
    stamp = datetime.now(UTC).strftime("%Y%m%d")
    name = f"altruist-contacts-{stamp}.{suffix}"
    return Response(
        data,
        media_type=media_type,
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


@router.post("/settings/restore")
def upload_backup(
    request: Request, backup: UploadFile = File(...), confirm: str = Form("")
) -> Response:
    """A plain `def`, so the restore runs in the worker thread pool, off the event loop."""
    if confirm != "yes":
        raise ConfigError("tick the box to confirm that the backup replaces all current data")
    data = backup.file.read(MAX_BACKUP_BYTES + 1)
    if len(data) > MAX_BACKUP_BYTES:
        raise ConfigError("the backup is larger than 500 MB")
    restore_archive(store_of(request), parse_backup(data))
    # The backup's time zone (or, without one, the configured default) applies without restart.
    fallback = str(request.app.state.configured_timezone)
    _use_timezone(request, stored_timezone(store_of(request), fallback))
    return _redirect("restored", "#backup")
