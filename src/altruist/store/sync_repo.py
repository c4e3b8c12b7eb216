"""Accounts, their collections (sync state) and items (href + ETag), and the values a vanished
item leaves behind (issue 17). No password is ever passed here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, delete, insert, select, update

from altruist.errors import ConfigError, NotFoundError
from altruist.store.rows import aware
from altruist.store.schema import (
    field_values,
    interactions,
    people,
    sync_accounts,
    sync_collections,
    sync_items,
)

KINDS = ("carddav", "caldav", "imap", "vdir")


@dataclass(frozen=True)
class Account:
    id: int
    name: str
    kind: str
    url: str
    username: str | None
    options: dict[str, Any]
    last_sync_at: datetime | None
    last_report: dict[str, Any] | None


def _account(row: Any) -> Account:
    return Account(
        id=row.id,
        name=row.name,
        kind=row.kind,
        url=row.url,
        username=row.username,
        options=dict(row.options or {}),
        last_sync_at=aware(row.last_sync_at) if row.last_sync_at else None,
        last_report=row.last_report,
    )


def add_account(
    conn: Connection,
    *,
    name: str,
    kind: str,
    url: str,
    username: str | None,
    options: dict[str, Any],
    now: datetime,
) -> Account:
    if kind not in KINDS:
        raise ConfigError(f"unknown account kind {kind!r} (one of: {', '.join(KINDS)})")
    if conn.execute(select(sync_accounts.c.id).where(sync_accounts.c.name == name)).first():
        raise ConfigError(f"an account named {name!r} exists already (choose another --name)")
    conn.execute(
        insert(sync_accounts).values(
            name=name, kind=kind, url=url, username=username, options=options, created_at=now
        )
    )
    return get_account(conn, name)


def get_account(conn: Connection, name: str) -> Account:
    row = conn.execute(select(sync_accounts).where(sync_accounts.c.name == name)).first()
    if row is None:
        raise NotFoundError(f"no account named {name!r} (see: altruist sync list)")
    return _account(row)


def accounts(conn: Connection) -> list[Account]:
    rows = conn.execute(select(sync_accounts).order_by(sync_accounts.c.name))
    return [_account(r) for r in rows]


def remove_account(conn: Connection, name: str) -> None:
    """Forget the account and its sync state; the people, values and meetings it brought stay
    (they are the user's data now, as after a file import)."""
    account = get_account(conn, name)
    conn.execute(delete(sync_accounts).where(sync_accounts.c.id == account.id))


def record_report(conn: Connection, account_id: int, report: dict[str, Any], at: datetime) -> None:
    conn.execute(
        update(sync_accounts)
        .where(sync_accounts.c.id == account_id)
        .values(last_report=report, last_sync_at=at)
    )


# --- collections and items -------------------------------------------------------------------


def collection(conn: Connection, account_id: int, href: str) -> tuple[int, dict[str, Any]]:
    """The id and state of one collection, created empty on first sight."""
    where = and_(sync_collections.c.account_id == account_id, sync_collections.c.href == href)
    row = conn.execute(select(sync_collections).where(where)).first()
    if row is None:
        conn.execute(insert(sync_collections).values(account_id=account_id, href=href, state={}))
        row = conn.execute(select(sync_collections).where(where)).one()
    return row.id, dict(row.state or {})


def save_state(conn: Connection, collection_id: int, state: dict[str, Any]) -> None:
    conn.execute(
        update(sync_collections).where(sync_collections.c.id == collection_id).values(state=state)
    )


def items(conn: Connection, collection_id: int) -> dict[str, tuple[int, str | None]]:
    """href -> (item id, ETag) of the items present on the server at the last sync."""
    rows = conn.execute(
        select(sync_items.c.href, sync_items.c.id, sync_items.c.etag).where(
            sync_items.c.collection_id == collection_id, sync_items.c.gone_at.is_(None)
        )
    )
    return {href: (item_id, etag) for href, item_id, etag in rows}


def upsert_item(conn: Connection, collection_id: int, href: str, etag: str | None) -> int:
    where = and_(sync_items.c.collection_id == collection_id, sync_items.c.href == href)
    row = conn.execute(select(sync_items.c.id).where(where)).first()
    if row is None:
        conn.execute(insert(sync_items).values(collection_id=collection_id, href=href, etag=etag))
        return int(conn.execute(select(sync_items.c.id).where(where)).scalar_one())
    conn.execute(update(sync_items).where(where).values(etag=etag, gone_at=None))
    return int(row.id)


def mark_item_gone(conn: Connection, item_id: int, at: datetime) -> None:
    conn.execute(update(sync_items).where(sync_items.c.id == item_id).values(gone_at=at))


def mark_values_gone(
    conn: Connection,
    source_file: str,
    item_id: int,
    at: datetime,
    *,
    still_stated: set[tuple[str, str]] | None = None,
) -> int:
    """A card deleted on the server — or, with `still_stated`, changed so that it no longer
    states some values: the values that came only from it (and are not in `still_stated`) are
    marked gone; the person stays. A core field that showed such a value falls back to the
    latest value still current from another source, or becomes empty (never the name: a person
    keeps a name). Returns the number of values marked gone."""
    mine = and_(
        field_values.c.source_file == source_file,
        field_values.c.source_line == item_id,
        field_values.c.gone_at.is_(None),
    )
    found = conn.execute(
        select(
            field_values.c.id, field_values.c.person_id, field_values.c.name, field_values.c.value
        ).where(mine)
    ).all()
    keep = still_stated or set()
    gone = [r for r in found if (r.name, r.value) not in keep]
    rows = [(r.person_id, r.name, r.value) for r in gone]
    if not rows:
        return 0
    ids = [r.id for r in gone]
    for start in range(0, len(ids), 900):
        conn.execute(
            update(field_values)
            .where(field_values.c.id.in_(ids[start : start + 900]))
            .values(gone_at=at)
        )
    core = set(people.c.keys())
    for pid, name, value in rows:
        if name not in core or name in ("name", "id"):
            continue
        current = conn.execute(select(people.c[name]).where(people.c.id == pid)).scalar()
        if current != value:
            continue
        left = conn.execute(
            select(field_values.c.value)
            .where(
                field_values.c.person_id == pid,
                field_values.c.name == name,
                field_values.c.gone_at.is_(None),
            )
            .order_by(field_values.c.id.desc())
            .limit(1)
        ).scalar()
        conn.execute(update(people).where(people.c.id == pid).values({name: left}))
    return len(rows)


def drop_interactions(
    conn: Connection, sources: Iterable[str], *, after: datetime | None = None
) -> int:
    """The meetings an event brought, before its new version is written (or, with `after`, the
    ones still ahead when the event was deleted: a meeting that happened stays history)."""
    wanted = list(sources)
    if not wanted:
        return 0
    stmt = delete(interactions).where(interactions.c.source.in_(wanted))
    if after is not None:
        stmt = stmt.where(interactions.c.occurred_at > after)
    return int(conn.execute(stmt).rowcount or 0)
