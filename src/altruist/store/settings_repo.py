"""User preferences edited in the app (my needs, cadences, digest time), as JSON values."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, insert, select

from altruist.store.schema import settings


def get(conn: Connection, key: str, default: Any = None) -> Any:
    value = conn.execute(select(settings.c.value).where(settings.c.key == key)).scalar_one_or_none()
    return default if value is None else value


def put(conn: Connection, key: str, value: Any) -> None:
    conn.execute(delete(settings).where(settings.c.key == key))
    conn.execute(insert(settings).values(key=key, value=value))
