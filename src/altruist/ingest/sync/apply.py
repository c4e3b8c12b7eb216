"""Write what one collection's sync fetched — in one transaction, through the file importer.

Every synced source (CardDAV, CalDAV, vdir) hands over the items it fetched in full and the
hrefs that vanished; this module records the items' ETags, parses each item with the file
parsers (each record's line = its sync item id, so every value and meeting is traceable to
account + href + ETag), writes the records with `importer.write_parsed` (the same identity rules
as files), handles what vanished, and stores the collection's new state. A failure anywhere
leaves the collection exactly as it was, its old state included, so the next sync asks again.

What vanished: a card takes away only the values that came from it alone (the person stays);
an event takes away its meetings that still lay ahead (a meeting that happened stays history).
A changed event replaces its meetings.
"""

from __future__ import annotations

import hashlib
from typing import Any

from altruist.clock import Clock
from altruist.errors import ImportError_
from altruist.ingest.contacts import vcard
from altruist.ingest.history import ics
from altruist.ingest.importer import write_parsed
from altruist.ingest.records import ContactRecord, ParseResult, Skipped
from altruist.ingest.sync.report import AccountReport
from altruist.store import Store
from altruist.store import sync_repo as repo
from altruist.store.imports_repo import SOURCE_KEY_FIELD

# (href, ETag or content hash, text, "vcard" | "ics")
Fetched = tuple[str, str | None, str, str]


def write_collection(
    store: Store,
    *,
    source: str,
    collection_id: int,
    fetched: list[Fetched],
    removed: list[str],
    state: dict[str, Any],
    report: AccountReport,
    clock: Clock,
    region: str,
) -> None:
    now = clock()
    with store.transaction() as conn:
        stored = repo.items(conn, collection_id)
        cards, events = ParseResult(vcard.FORMAT), ParseResult(ics.FORMAT)
        digest = hashlib.sha256()
        for href, etag, text, kind in fetched:
            digest.update(f"{href}\0{etag}\0{text}".encode())
            item_id = repo.upsert_item(conn, collection_id, href, etag)
            into = cards if kind == "vcard" else events
            # Problems name the item as the user knows it: its URL, or its file in the folder.
            where = href if "://" in href else f"{source.rstrip('/')}/{href}"
            _parse_item(kind, text, where, item_id, into)
            if kind == "ics" and href in stored:
                repo.drop_interactions(conn, [f"{source}:{item_id}"])
        for href in removed:
            if href not in stored:
                continue
            item_id = stored[href][0]
            repo.mark_values_gone(conn, source, item_id, now)
            repo.drop_interactions(conn, [f"{source}:{item_id}"], after=now)
            repo.mark_item_gone(conn, item_id, now)
            report.gone += 1
        for parsed in (cards, events):
            if parsed.contacts or parsed.interactions:
                sha = digest.hexdigest()
                report.absorb(
                    write_parsed(conn, parsed, source, sha256=sha, now=now, region=region)
                )
            else:
                report.skipped.extend(s.as_dict() for s in parsed.skipped)
        # A changed card that no longer states a value (a phone removed, a job left): that
        # value, if it came only from this card, is gone — as if that part had been deleted.
        stated: dict[int, set[tuple[str, str]]] = {}
        for contact in cards.contacts:
            stated.setdefault(contact.line, set()).update(_stated(contact))
        for href, _etag, _text, kind in fetched:
            if kind == "vcard" and href in stored:
                item_id = stored[href][0]
                keep = stated.get(item_id, set())
                repo.mark_values_gone(conn, source, item_id, now, still_stated=keep)
        report.fetched += len(fetched)
        repo.save_state(conn, collection_id, state)


def _parse_item(kind: str, text: str, where: str, item_id: int, into: ParseResult) -> None:
    """Parse one card or event with the file parsers; a broken one is reported, not fatal."""
    try:
        one = vcard.parse(text, where) if kind == "vcard" else ics.parse(text, where)
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


def _stated(contact: ContactRecord) -> set[tuple[str, str]]:
    """The (field, value) pairs a card states, as the planner records them (plan.py `_apply`):
    core fields, extras (after planning, which adds unreadable e-mails and phones to them) and
    the card's source key."""
    core = {
        "name": contact.display_name() or None,
        "given_name": contact.given_name,
        "family_name": contact.family_name,
        "company": contact.company,
        "position": contact.position,
        "city": contact.city,
        "country": contact.country,
        "birthday": contact.birthday.iso() if contact.birthday else None,
        "notes": contact.notes,
    }
    out = {(name, value) for name, value in core.items() if value}
    out.update((name, value) for name, value in contact.extras.items() if value)
    if contact.source_key:
        out.add((SOURCE_KEY_FIELD, contact.source_key))
    return out
