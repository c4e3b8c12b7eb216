"""Text columns that never overflow, the same way on SQLite and PostgreSQL.

PostgreSQL refuses a value longer than its VARCHAR (a `DataError` that rejected a whole import),
SQLite keeps it silently. Every sized, non-key text column is therefore given a type that cuts a
too-long value to the column size when it is bound, and notes the cut; an import collects the
notes (`collecting()`) and states them in its report. Key and unique columns are left alone:
cutting them could make two different keys one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, MetaData, String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


@dataclass(frozen=True)
class Shortened:
    """One value cut to its column: where, how long it was, and how it starts."""

    column: str
    length: int
    limit: int
    start: str
    dropped: bool = False  # a key value is never cut (two keys could become one) but left out

    def describe(self) -> str:
        if self.dropped:
            return (
                f"{self.column}: {self.length} characters, more than {self.limit}; "
                f"not kept as a key ({self.start}…)"
            )
        return f"{self.column}: {self.length} characters shortened to {self.limit} ({self.start}…)"


_notes: ContextVar[list[Shortened] | None] = ContextVar("shortened_values", default=None)


class BoundedString(TypeDecorator[str]):
    impl = String
    cache_ok = True

    def __init__(self, length: int, column: str = "") -> None:
        super().__init__(length)
        self.limit = length
        self.column = column

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if isinstance(value, str) and len(value) > self.limit:
            notes = _notes.get()
            if notes is not None:
                notes.append(Shortened(self.column, len(value), self.limit, value[:30]))
            return value[: self.limit]
        return value


def bound_text_columns(metadata: MetaData) -> None:
    """Give every sized, non-key, non-unique VARCHAR column the cutting type (DDL unchanged)."""
    for table in metadata.tables.values():
        unique = {
            c.name
            for con in table.constraints
            for c in getattr(con, "columns", [])
            if con.__class__.__name__ == "UniqueConstraint"
        }
        unique |= {c.name for ix in table.indexes if ix.unique for c in ix.columns}
        for column in table.columns:
            kind = column.type
            if (
                type(kind) is String
                and kind.length
                and not column.primary_key
                and not column.unique
                and column.name not in unique
            ):
                column.type = BoundedString(kind.length, f"{table.name}.{column.name}")


def keys_that_fit(rows: list[dict[str, Any]], column: Column[Any]) -> list[dict[str, Any]]:
    """The rows whose value for a unique or key `column` fits it; the others are noted as left
    out. Such a value (an e-mail of 600 characters) can never identify anyone anyway."""
    limit = getattr(column.type, "length", None)
    if not limit:
        return rows
    kept = []
    for row in rows:
        value = row.get(column.name)
        if isinstance(value, str) and len(value) > limit:
            notes = _notes.get()
            if notes is not None:
                name = f"{column.table.name}.{column.name}"
                notes.append(Shortened(name, len(value), limit, value[:30], dropped=True))
        else:
            kept.append(row)
    return kept


@contextmanager
def collecting() -> Iterator[list[Shortened]]:
    """Collect the values cut while the block runs (in this thread or task)."""
    notes: list[Shortened] = []
    token = _notes.set(notes)
    try:
        yield notes
    finally:
        _notes.reset(token)
