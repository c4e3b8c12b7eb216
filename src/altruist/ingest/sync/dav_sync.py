"""Sync one CardDAV or CalDAV account into the store.

Per collection: ask what changed (dav.DavClient.changes), fetch every changed item, and only
then write — in one transaction: the items' ETags, the records through the same importer as
files (`write_parsed`, each record's line = its sync item id, so every value and meeting is
traceable to account + href + ETag), what vanished, and the new sync token. A server that fails
mid-sync leaves that collection exactly as it was, and its token unchanged, so the next sync
asks again.

A card deleted on the server does not delete the person: the values that came only from that
card are marked gone. An event deleted on the server takes away its meetings that still lay
ahead; a meeting that has happened stays history. A changed event replaces its meetings.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from altruist.clock import Clock, system_clock
from altruist.errors import ImportError_
from altruist.ingest.contacts import vcard
from altruist.ingest.history import ics
from altruist.ingest.importer import write_parsed
from altruist.ingest.records import ParseResult, Skipped
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
    client = DavClient(
        account.url,
        account.username,
        password,
        timeout=timeout,
        verify=not account.options.get("insecure", False),
    )
    try:
        collections = client.discover(flavour)
        if not collections:
            what = "address books" if flavour is CARDDAV else "calendars"
            raise SyncError(f"{account.url}: no {what} found for this account")
        for coll in collections:
            report.collections += 1
            try:
                _sync_collection(store, account, client, flavour, coll, report, clock, region)
            except SyncError as exc:
                report.errors.append(str(exc))
    except SyncError as exc:
        report.errors.append(str(exc))
    finally:
        client.close()
    return report


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
    source = source_name(account, coll.href)
    now = clock()
    with store.transaction() as conn:
        stored = repo.items(conn, collection_id)
        parsed = ParseResult(vcard.FORMAT if flavour is CARDDAV else ics.FORMAT)
        digest = hashlib.sha256()
        for href, etag, text in fetched:
            digest.update(f"{href}\0{etag}\0{text}".encode())
            item_id = repo.upsert_item(conn, collection_id, href, etag)
            _parse_item(flavour, text, f"{source}:{item_id}", item_id, parsed)
            if flavour is CALDAV and href in stored:
                # The event's new version replaces the meetings of the old one.
                repo.drop_interactions(conn, [f"{source}:{item_id}"])
        for href in changes.removed:
            if href not in stored:
                continue
            item_id = stored[href][0]
            repo.mark_values_gone(conn, source, item_id, now)
            repo.drop_interactions(conn, [f"{source}:{item_id}"], after=now)
            repo.mark_item_gone(conn, item_id, now)
            report.gone += 1
        if parsed.contacts or parsed.interactions:
            report.absorb(
                write_parsed(
                    conn, parsed, source, sha256=digest.hexdigest(), now=now, region=region
                )
            )
        else:
            report.skipped.extend(s.as_dict() for s in parsed.skipped)
        report.fetched += len(fetched)
        repo.save_state(conn, collection_id, state | {"token": changes.token})


def _parse_item(flavour: Flavour, text: str, where: str, item_id: int, into: ParseResult) -> None:
    """Parse one card or event with the file parsers; a broken one is reported, not fatal."""
    try:
        one = vcard.parse(text, where) if flavour is CARDDAV else ics.parse(text, where)
    except ImportError_ as exc:
        into.skipped.append(Skipped(where, 0, str(exc)))
        return
    for contact in one.contacts:
        contact.line = item_id
    for interaction in one.interactions:
        interaction.line = item_id
    into.contacts.extend(one.contacts)
    into.interactions.extend(one.interactions)
    into.skipped.extend(one.skipped)
    into.own_emails |= one.own_emails
