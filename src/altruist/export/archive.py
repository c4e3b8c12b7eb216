"""Backup and restore: every table of the store as one JSON document, and back.

The document is plain JSON a person can read (`{"format": ..., "tables": {name: [row, ...]}}`):
timestamps in ISO 8601 with their UTC offset, binary values in base64. Embeddings are derived
data (recomputed from the texts on the next refresh) and are left out unless asked for, which
keeps a 30,000-contact backup small.

Restore replaces the whole content of a store in one transaction: a failing restore leaves the
store as it was.
"""

from __future__ import annotations

import base64
import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Date, DateTime, LargeBinary, Table, delete, insert, select, text
from sqlalchemy import update as sql_update

from altruist import __version__
from altruist.errors import ConfigError
from altruist.store import Store
from altruist.store.rows import aware
from altruist.store.schema import metadata, people

FORMAT = "altruist-archive"
VERSION = 1
DERIVED = {"embeddings"}


def _tables(include_derived: bool) -> list[Table]:
    # sorted_tables puts every table after the tables its foreign keys point to.
    return [t for t in metadata.sorted_tables if include_derived or t.name not in DERIVED]


def _to_json(value: Any) -> Any:
    if isinstance(value, datetime):
        return (aware(value) or value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return {"base64": base64.b64encode(bytes(value)).decode("ascii")}
    return value


def _from_json(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in row.items():
        if name not in table.c:
            raise ConfigError(f"archive table {table.name} has an unknown column {name!r}")
        kind = table.c[name].type
        if value is None:
            out[name] = None
        elif isinstance(kind, DateTime):
            out[name] = datetime.fromisoformat(value)
        elif isinstance(kind, Date):
            out[name] = date.fromisoformat(value)
        elif isinstance(kind, LargeBinary):
            out[name] = base64.b64decode(value["base64"])
        else:
            out[name] = value
    return out


def export_archive(store: Store, *, include_derived: bool = False) -> dict[str, Any]:
    """Everything in the store as one JSON-ready document."""
    tables: dict[str, list[dict[str, Any]]] = {}
    with store.read() as conn:
        for table in _tables(include_derived):
            order = list(table.primary_key.columns)
            rows = conn.execute(select(table).order_by(*order))
            tables[table.name] = [{k: _to_json(v) for k, v in r._mapping.items()} for r in rows]
    return {
        "format": FORMAT,
        "version": VERSION,
        "altruist": __version__,
        "tables": tables,
    }


def parse_backup(data: bytes, source: str | None = None) -> Any:
    """The JSON document of a backup file, or a ConfigError saying why it is none (the web
    upload and `altruist restore`; `source` names the file in the message)."""
    prefix = f"{source}: " if source else ""
    try:
        return json.loads(data)
    except RecursionError as exc:
        raise ConfigError(f"{prefix}the backup is not JSON: nested too deeply") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{prefix}the backup is not JSON: {exc}") from exc


def restore_archive(store: Store, document: dict[str, Any]) -> dict[str, int]:
    """Replace the store's content with the archive's; returns rows restored per table."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ConfigError("not an altruist backup (the 'format' field is missing or wrong)")
    if document.get("version") != VERSION:
        raise ConfigError(f"backup version {document.get('version')!r} is not supported")
    given = document.get("tables")
    if not isinstance(given, dict):
        raise ConfigError("the backup has no tables")
    known = {t.name for t in metadata.sorted_tables}
    unknown = set(given) - known
    if unknown:
        raise ConfigError(f"the backup has unknown tables: {', '.join(sorted(unknown))}")
    counts: dict[str, int] = {}
    with store.transaction() as conn:
        for table in reversed(metadata.sorted_tables):
            conn.execute(delete(table))
        for table in metadata.sorted_tables:
            rows = [_from_json(table, r) for r in given.get(table.name, [])]
            counts[table.name] = _insert(conn, table, rows)
        _reset_sequences(conn)
    return counts


def _insert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> int:
    if not rows:
        return 0
    merged_into: list[tuple[int, int]] = []
    if table is people:
        # A merged person may point at a person with a higher id: link them after all exist.
        merged_into = [(r["id"], r["merged_into"]) for r in rows if r.get("merged_into")]
        rows = [r | {"merged_into": None} for r in rows]
    for start in range(0, len(rows), 500):
        conn.execute(insert(table), rows[start : start + 500])
    for pid, target in merged_into:
        conn.execute(sql_update(people).where(people.c.id == pid).values(merged_into=target))
    return len(rows)


def _reset_sequences(conn: Connection) -> None:
    """PostgreSQL hands out ids from sequences that explicit inserts do not advance."""
    if conn.dialect.name != "postgresql":
        return
    for table in metadata.sorted_tables:
        if "id" in table.c and table.c.id.primary_key:
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                )
            )
