"""Sync one CardDAV or CalDAV account into the store.

Per collection: ask what changed (dav.DavClient.changes), fetch every changed item, and only
then write it all in one transaction (apply.py) with the new sync token. A server that fails
mid-sync leaves that collection exactly as it was, and its token unchanged, so the next sync
asks again.

A card deleted on the server does not delete the person: the values that came only from that
card are marked gone. An event deleted on the server takes away its meetings that still lay
ahead; a meeting that has happened stays history. A changed event replaces its meetings.
"""

from __future__ import annotations

import ssl
from urllib.parse import urlsplit

from altruist.clock import Clock, system_clock
from altruist.ingest.sync import errors, tls
from altruist.ingest.sync.apply import write_collection
from altruist.ingest.sync.dav import CALDAV, CARDDAV, Collection, DavClient, Flavour
from altruist.ingest.sync.errors import SyncError
from altruist.ingest.sync.report import AccountReport
from altruist.store import Store
from altruist.store import sync_repo as repo
from altruist.store.sync_repo import Account

FLAVOURS = {"carddav": CARDDAV, "caldav": CALDAV}


def sync_account(
    store: Store,
    account: Account,
    password: str | None,
    *,
    clock: Clock = system_clock,
    region: str = "DE",
    timeout: float = 30.0,
) -> AccountReport:
    flavour = FLAVOURS[account.kind]
    report = AccountReport(account.name, account.kind)
    try:
        # A self-signed server is trusted through its own certificate (`--cafile`) or its
        # pinned fingerprint, never by switching verification off.
        verify = _verify(account, timeout)
    except SyncError as exc:
        report.add_error(exc)
        return report
    client = DavClient(account.url, account.username, password, timeout=timeout, verify=verify)
    try:
        collections = client.discover(flavour)
        if not collections:
            raise SyncError(errors.NOTHING_FOUND, where=account.url)
        for coll in collections:
            report.collections += 1
            try:
                _sync_collection(store, account, client, flavour, coll, report, clock, region)
            except SyncError as exc:
                report.add_error(exc)
    except SyncError as exc:
        report.add_error(exc)
    finally:
        client.close()
    return report


def _verify(account: Account, timeout: float) -> bool | ssl.SSLContext:
    cafile, pinned = account.options.get("cafile"), account.options.get("fingerprint")
    if not (cafile or pinned):
        return True
    parts = urlsplit(account.url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return tls.context(parts.hostname or "", port, cafile=cafile, pinned=pinned, timeout=timeout)


def source_name(account: Account, coll_href: str) -> str:
    """The `file` of the values an account's collection brings (the provenance shown)."""
    return f"{account.kind}://{account.name}{urlsplit(coll_href).path}"


def _sync_collection(
    store: Store,
    account: Account,
    client: DavClient,
    flavour: Flavour,
    coll: Collection,
    report: AccountReport,
    clock: Clock,
    region: str,
) -> None:
    with store.transaction() as conn:
        collection_id, state = repo.collection(conn, account.id, coll.href)
        known = {href: etag for href, (_, etag) in repo.items(conn, collection_id).items()}
    changes = client.changes(coll, state.get("token"), known)
    # Everything is fetched before anything is written: a server that stops now costs nothing.
    fetched = list(client.fetch(coll, flavour, sorted(changes.changed)))
    kind = "vcard" if flavour is CARDDAV else "ics"
    write_collection(
        store,
        source=source_name(account, coll.href),
        collection_id=collection_id,
        fetched=[(href, etag, text, kind) for href, etag, text in fetched],
        removed=changes.removed,
        state=state | {"token": changes.token},
        report=report,
        clock=clock,
        region=region,
    )
