"""Settings → "Konten / Accounts" (issue 17): the synced accounts with their last sync and its
errors, "sync now", remove, add (the password goes to the user's private file, never the
database, and is never shown again), and the user's own e-mail addresses.

"Sync now" runs in the background as the first steps of the agenda's recomputation
(`refresh_in_background` with a prelude): one job, one progress, which Today and this section
both show and `GET /api/refresh` reports; new contacts and meetings reach Today in the same run.
The section's status part is also served alone (`GET /settings/accounts/status`), in the
page's language, for the small script that polls it while a job runs.

The section is drawn by `_accounts.html`, included in settings.html; `section(conn)` gives it
its data, so settings_page.py only adds one key.
"""

from __future__ import annotations

import os
from typing import Any

from fastapi import APIRouter, Form
from sqlalchemy import Connection
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from altruist.agenda import refresh_progress
from altruist.agenda.sync_job import sync_in_background
from altruist.engine.context import EngineContext
from altruist.ingest import reasons
from altruist.ingest.sync import accounts, schedule
from altruist.store import own_addresses, settings_repo, sync_repo
from altruist.web.deps import engine_of, store_of
from altruist.web.pages.today import STEP_TEXT
from altruist.web.render import render

router = APIRouter()

FLASH = {
    "account-added": "The account is added. Sync it with “Sync now”.",
    "account-removed": "The account is removed; what it brought stays.",
    "sync-started": "The sync runs in the background; you can go on meanwhile.",
    "sync-busy": "A sync or recomputation is already running; its progress is shown below.",
    "addresses": "Your addresses are saved.",
    "schedule": "The sync schedule is saved.",
}


def section(conn: Connection, engine: EngineContext) -> dict[str, Any]:
    every = settings_repo.get(conn, schedule.SETTING_KEY, schedule.DEFAULT_MINUTES)
    return status(conn, engine) | {
        "own_addresses": "\n".join(own_addresses.listed(conn)),
        "kinds": sync_repo.KINDS,
        "sync_every": every,
    }


def status(conn: Connection, engine: EngineContext) -> dict[str, Any]:
    """What the status part shows: the accounts with their last reports, and the running job."""
    return {
        "accounts": sync_repo.accounts(conn),
        "progress": refresh_progress(engine),
        "step_text": STEP_TEXT,
        "reason_parts": reasons.parts,  # a skipped card's or event's reason, translated
    }


@router.get("/settings/accounts/status", response_class=HTMLResponse)
def sync_status(request: Request) -> Response:
    """The accounts table and the progress of a running sync, without the rest of the page."""
    with store_of(request).read() as conn:
        context = status(conn, engine_of(request))
    return render(request, "_accounts_status.html", context)


def _back(flash: str) -> Response:
    return RedirectResponse(f"/settings?flash={flash}#accounts", status_code=303)


@router.post("/settings/accounts/add")
def add_account(
    request: Request,
    kind: str = Form(..., max_length=10),
    where: str = Form(..., max_length=1000),
    user: str = Form("", max_length=300),
    password: str = Form("", max_length=1000),
    name: str = Form("", max_length=200),
    port: int | None = Form(None, ge=1, le=65535),
    starttls: bool = Form(False),
    fingerprint: str = Form("", max_length=200),
) -> Response:
    accounts.add(
        store_of(request),
        kind=kind,
        where=where.strip(),
        user=user.strip() or None,
        password=password or None,
        name=name.strip() or None,
        port=port,
        starttls=starttls,
        options={"fingerprint": fingerprint.strip()} if fingerprint.strip() else {},
        env=os.environ,
    )
    return _back("account-added")


@router.post("/settings/accounts/remove")
def remove_account(request: Request, name: str = Form(..., max_length=200)) -> Response:
    accounts.remove(store_of(request), name, os.environ)
    return _back("account-removed")


@router.post("/settings/accounts/sync")
def sync_now(request: Request) -> Response:
    """Start the sync and come back at once: a first sync of a large mailbox takes minutes."""
    # The same job as the schedule's (agenda/sync_job.py): never two syncs at once.
    region = request.app.state.settings.phone_region
    started = sync_in_background(engine_of(request), region=region)
    return _back("sync-started" if started else "sync-busy")


@router.post("/settings/accounts/addresses")
def save_addresses(request: Request, addresses: str = Form("", max_length=4000)) -> Response:
    with store_of(request).transaction() as conn:
        own_addresses.set_listed(conn, addresses.replace(",", "\n").splitlines())
    return _back("addresses")


@router.post("/settings/accounts/schedule")
def save_schedule(request: Request, minutes: int = Form(..., ge=0, le=10080)) -> Response:
    schedule.set_interval(store_of(request), minutes)
    return _back("schedule")
