"""`altruist sync --push`: a contact edited in altruist is written back to its CardDAV card.

Only what altruist edits and a card has one obvious place for is written: the name (FN), the
company (first ORG component) and the position (TITLE); every other line of the card stays as
the server had it. The write carries `If-Match` with the ETag of the last sync, so a card that
someone changed on the server since is never overwritten: that is reported as a conflict, and
the next sync brings the server's version in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from altruist.ingest.contacts import vcard
from altruist.ingest.contentlines import logical_lines
from altruist.ingest.sync.dav import DavClient
from altruist.ingest.sync.dav_sync import _verify, source_name
from altruist.ingest.sync.errors import SyncError
from altruist.ingest.sync.report import AccountReport
from altruist.store import Store
from altruist.store.schema import field_values, people, sync_collections, sync_items
from altruist.store.sync_repo import Account


@dataclass
class _Linked:
    item_id: int
    href: str
    etag: str | None
    wanted: dict[str, str | None]  # FN / ORG / TITLE as altruist has them now


def push_account(
    store: Store, account: Account, password: str | None, *, timeout: float = 30.0
) -> AccountReport:
    report = AccountReport(account.name, account.kind)
    if account.kind != "carddav":
        return report
    try:
        client = DavClient(
            account.url,
            account.username,
            password,
            timeout=timeout,
            verify=_verify(account, timeout),
        )
    except SyncError as exc:
        report.errors.append(str(exc))
        return report
    try:
        for linked in _linked_cards(store, account):
            try:
                _push_one(store, client, linked, report)
            except SyncError as exc:
                report.errors.append(str(exc))
    finally:
        client.close()
    return report


def _linked_cards(store: Store, account: Account) -> list[_Linked]:
    """Each card still on the server with the person its values went to."""
    out: list[_Linked] = []
    with store.read() as conn:
        rows = conn.execute(
            select(sync_items.c.id, sync_items.c.href, sync_items.c.etag, sync_collections.c.href)
            .join(sync_collections, sync_collections.c.id == sync_items.c.collection_id)
            .where(sync_collections.c.account_id == account.id, sync_items.c.gone_at.is_(None))
        ).all()
        for item_id, href, etag, coll_href in rows:
            pid = conn.execute(
                select(field_values.c.person_id)
                .where(
                    field_values.c.source_file == source_name(account, coll_href),
                    field_values.c.source_line == item_id,
                )
                .limit(1)
            ).scalar()
            while pid is not None:  # follow merges to the person shown now
                row = conn.execute(
                    select(
                        people.c.merged_into, people.c.name, people.c.company, people.c.position
                    ).where(people.c.id == pid)
                ).first()
                if row is None:
                    break
                if row.merged_into is None:
                    wanted = {"FN": row.name, "ORG": row.company, "TITLE": row.position}
                    out.append(_Linked(item_id, href, etag, wanted))
                    break
                pid = row.merged_into
    return out


def _push_one(store: Store, client: DavClient, linked: _Linked, report: AccountReport) -> None:
    text, current_etag = client.get(linked.href)
    cards = vcard.parse(text, linked.href).contacts
    if not cards:
        return
    card = cards[0]
    has = {"FN": card.display_name() or None, "ORG": card.company, "TITLE": card.position}
    changes = {k: v for k, v in linked.wanted.items() if v is not None and v != has[k] and v}
    if not changes:
        return
    if not linked.etag or (current_etag and current_etag != linked.etag):
        report.conflicts.append(
            f"{linked.href}: changed on the server since the last sync; "
            "not overwritten (sync, then edit again)"
        )
        return
    status, new_etag = client.put_if_match(
        linked.href, rewrite(text, changes), linked.etag, "text/vcard; charset=utf-8"
    )
    if status == 412:
        report.conflicts.append(f"{linked.href}: changed on the server meanwhile; not overwritten")
        return
    if status not in (200, 201, 204):
        raise SyncError(f"{linked.href}: PUT answered {status}")
    report.pushed += 1
    # The card now holds altruist's values: its new ETag is the version we know (without one,
    # the next sync simply reads the card again and finds its values known).
    with store.transaction() as conn:
        conn.execute(
            sync_items.update().where(sync_items.c.id == linked.item_id).values(etag=new_etag)
        )


def _escape(value: str) -> str:
    """RFC 6350 §3.4 text escaping."""
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def rewrite(text: str, changes: dict[str, str]) -> str:
    """The card with FN, the first ORG component and TITLE set to `changes`; other lines as
    they were (unfolded; a client refolds as it likes, RFC 6350 §3.2 allows either)."""
    out: list[str] = []
    done: set[str] = set()
    for _, line in logical_lines(text):
        name = line.split(":", 1)[0].split(";", 1)[0].upper()
        if name in changes and name not in done:
            params = line.split(":", 1)[0]
            if name == "ORG":
                rest = re.split(r"(?<!\\);", line.split(":", 1)[1])[1:]
                value = ";".join([_escape(changes[name]), *rest])
            else:
                value = _escape(changes[name])
            out.append(f"{params}:{value}")
            done.add(name)
            continue
        if line.upper() == "END:VCARD":
            out.extend(f"{n}:{_escape(v)}" for n, v in changes.items() if n not in done)
        out.append(line)
    return "\r\n".join(out) + "\r\n"
