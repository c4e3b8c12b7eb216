"""Settings → "Konten / Accounts" (issue 17): the synced accounts with their last sync and its
errors, "sync now", remove, add (the password goes to the user's private file, never the
database, and is never shown again), and the user's own e-mail addresses.

The section is drawn by `_accounts.html`, included in settings.html; `section(conn)` gives it
its data, so settings_page.py only adds one key.
"""

from __future__ import annotations

import os
from typing import Any

from fastapi import APIRouter, Form
from sqlalchemy import Connection
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from altruist.ingest.sync import accounts, runner, schedule
from altruist.store import own_addresses, settings_repo, sync_repo
from altruist.web.deps import store_of

router = APIRouter()

FLASH = {
    "account-added": "The account is added. Sync it with “Sync now”.",
    "account-removed": "The account is removed; what it brought stays.",
    "synced": "Accounts synced.",
    "sync-errors": "Accounts synced, with errors: see the table.",
    "addresses": "Your addresses are saved.",
    "schedule": "The sync schedule is saved.",
}


def section(conn: Connection) -> dict[str, Any]:
    every = settings_repo.get(conn, schedule.SETTING_KEY, schedule.DEFAULT_MINUTES)
    return {
        "accounts": sync_repo.accounts(conn),
        "own_addresses": "\n".join(own_addresses.listed(conn)),
        "kinds": sync_repo.KINDS,
        "sync_every": every,
    }


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
    settings = request.app.state.settings
    reports = runner.sync_all(store_of(request), region=settings.phone_region)
    return _back("synced" if all(r.ok for r in reports) else "sync-errors")


@router.post("/settings/accounts/addresses")
def save_addresses(request: Request, addresses: str = Form("", max_length=4000)) -> Response:
    with store_of(request).transaction() as conn:
        own_addresses.set_listed(conn, addresses.replace(",", "\n").splitlines())
    return _back("addresses")


@router.post("/settings/accounts/schedule")
def save_schedule(request: Request, minutes: int = Form(..., ge=0, le=10080)) -> Response:
    schedule.set_interval(store_of(request), minutes)
    return _back("schedule")
