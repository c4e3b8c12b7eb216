"""Store access for the importer: the import log, and bulk reads/writes sized for 30,000-row
exports (one statement per table and file, not one per row)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter
from pathlib import PurePath
from typing import Any

from sqlalchemy import Connection, Table, bindparam, func, insert, select, update

from altruist.store import people as people_repo
from altruist.store.bounded import BoundedString
from altruist.store.schema import (
    field_values,
    identities,
    imports,
    interactions,
    life_events,
    merge_candidates,
    merges,
    people,
)

CORE_FIELDS = (
    "name",
    "given_name",
    "family_name",
    "company",
    "position",
    "city",
    "country",
    "birthday",
    "notes",
)


def start(conn: Connection, *, file: str, format: str, sha256: str, started_at: datetime) -> int:
    return int(
        conn.execute(
            insert(imports)
            .values(file=file, format=format, sha256=sha256, started_at=started_at)
            .returning(imports.c.id)
        ).scalar_one()
    )


def finish(conn: Connection, import_id: int, report: dict[str, Any]) -> None:
    conn.execute(update(imports).where(imports.c.id == import_id).values(report=report))


def recent(conn: Connection, limit: int = 50) -> list[dict[str, Any]]:
    rows = conn.execute(select(imports).order_by(imports.c.id.desc()).limit(limit))
    return [dict(r._mapping) for r in rows]


JOB_FIELDS = ("company", "position")
# At this many people to load (and 60 % of all), one scan of field_values beats chunked `IN`
# look-ups.
_FULL_SCAN_AT = 2000
_CHUNK = 900  # SQLite's default limit on bound parameters is 999


@dataclass
class Snapshot:
    """What the importer needs to know about the store, read once per file.

    People, identities, source keys and review pairs are read whole. The values recorded for a
    person (`known_values`, `last_format`, `persons_from_file`) are read only for the people a
    file can touch: `load_values(ids)` before planning, in one go; `ensure_loaded(id)` is the
    safety net for anyone not announced (one query per person, never hit by the importer).
    """

    people: dict[int, dict[str, Any]] = field(default_factory=dict)  # visible people, core fields
    merged_into: dict[int, int] = field(default_factory=dict)  # hidden id -> kept id
    identity: dict[tuple[str, str], list[int]] = field(default_factory=dict)  # key -> holders
    shared: set[tuple[str, str]] = field(default_factory=set)  # identifiers marked shared
    # (person, field name, value) already recorded, and the format that last set each field
    # (only company and position: the job-change rule is the only reader).
    known_values: set[tuple[int, str, str]] = field(default_factory=set)
    # (person, company|position) -> the list that last set it: (format, file name without folder)
    last_format: dict[tuple[int, str], tuple[str, str]] = field(default_factory=dict)
    persons_from_file: set[int] = field(default_factory=set)
    source_keys: dict[str, int] = field(default_factory=dict)
    candidate_pairs: set[tuple[int, int]] = field(default_factory=set)
    me_id: int | None = None
    # Lazy loading of per-person values; None means everything is already in memory.
    loader: Callable[[Snapshot, list[int] | None], None] | None = None
    loaded: set[int] = field(default_factory=set)
    all_loaded: bool = False

    def resolve(self, person_id: int) -> int:
        seen = 0
        while person_id in self.merged_into and seen < 50:
            person_id, seen = self.merged_into[person_id], seen + 1
        return person_id

    def load_values(self, person_ids: Iterable[int]) -> None:
        """Read the recorded values of these (stored) people, in as few queries as possible."""
        if self.loader is None or self.all_loaded:
            return
        wanted = sorted({p for p in person_ids if p > 0 and p not in self.loaded})
        if not wanted:
            return
        if len(wanted) >= max(_FULL_SCAN_AT, len(self.people) * 6 // 10):
            # Most of the store: one scan is cheaper than thousands of index look-ups.
            self.loader(self, None)
            self.all_loaded = True
        else:
            self.loader(self, wanted)
            self.loaded.update(wanted)

    def ensure_loaded(self, person_id: int) -> None:
        if person_id > 0 and not self.all_loaded and person_id not in self.loaded:
            self.load_values([person_id])


SOURCE_KEY_FIELD = "_source_key"


def _raw(conn: Connection, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """A SELECT straight on the driver: plain tuples, no Row objects (300,000 rows of provenance
    are read on a re-import). `?` is the placeholder; columns must need no type conversion."""
    if conn.dialect.paramstyle != "qmark":
        sql = sql.replace("?", "%s")
    cursor = conn.connection.cursor()
    try:
        cursor.execute(sql, tuple(params))
        return list(cursor.fetchall())
    finally:
        cursor.close()


def snapshot(conn: Connection, file: str) -> Snapshot:
    snap = Snapshot()
    names = ", ".join(CORE_FIELDS)
    for row in _raw(conn, f"SELECT id, merged_into, is_me, {names} FROM people"):
        pid, merged, is_me = row[0], row[1], row[2]
        if merged is not None:
            snap.merged_into[pid] = merged
            continue
        snap.people[pid] = dict(zip(CORE_FIELDS, row[3:], strict=True))
        if is_me:
            snap.me_id = pid
    for kind, value, pid, shared in _raw(
        conn, "SELECT kind, value, person_id, shared FROM identities ORDER BY id"
    ):
        holders = snap.identity.setdefault((kind, value), [])
        if pid not in holders:
            holders.append(pid)
        if shared:
            snap.shared.add((kind, value))
    # id order: the latest row of a key wins, as it always did.
    snap.source_keys = dict(
        _raw(
            conn,
            "SELECT value, person_id FROM field_values WHERE name = ? ORDER BY id",
            (SOURCE_KEY_FIELD,),
        )
    )
    snap.candidate_pairs = {
        (min(a, b), max(a, b))
        for a, b in _raw(conn, "SELECT person_a_id, person_b_id FROM merge_candidates")
    }

    def load(snap: Snapshot, person_ids: list[int] | None) -> None:
        _load_values(conn, snap, file, person_ids)

    snap.loader = load
    return snap


def _load_values(conn: Connection, snap: Snapshot, file: str, person_ids: list[int] | None) -> None:
    """known_values, last_format (company/position) and persons_from_file of these people, or of
    everyone (None: one scan, cheaper than chunked look-ups for most of the table)."""
    chunks: list[list[int]] = (
        [[]]
        if person_ids is None
        else [person_ids[i : i + _CHUNK] for i in range(0, len(person_ids), _CHUNK)]
    )
    formats = {
        import_id: (fmt, PurePath(path).name)
        for import_id, fmt, path in _raw(conn, "SELECT id, format, file FROM imports")
    }
    jobs = ", ".join("?" * len(JOB_FIELDS))
    for chunk in chunks:
        where, params = "", list(chunk)
        if chunk:
            where = f" AND person_id IN ({', '.join('?' * len(chunk))})"
        snap.known_values.update(
            # A value whose only source went away (gone_at) is not known: stated again, it is
            # news and current once more.
            _raw(
                conn,
                f"SELECT person_id, name, value FROM field_values WHERE gone_at IS NULL{where}",
                params,
            )
        )
        rows = _raw(
            conn,
            "SELECT person_id, name, import_id FROM field_values "
            f"WHERE name IN ({jobs}) AND import_id IS NOT NULL{where} ORDER BY id",
            [*JOB_FIELDS, *params],
        )
        for pid, name, import_id in rows:
            if import_id in formats:
                snap.last_format[(pid, name)] = formats[import_id]
        snap.persons_from_file.update(
            pid
            for (pid,) in _raw(
                conn,
                f"SELECT DISTINCT person_id FROM field_values WHERE source_file = ?{where}",
                [file, *params],
            )
        )


def insert_people(conn: Connection, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert many people, returning their ids in input order."""
    if not rows:
        return []
    searched = [people_repo.search_text(r) for r in rows]
    if conn.dialect.name == "sqlite":
        # The import already wrote its `imports` row, so this transaction holds SQLite's write
        # lock: nobody else can take ids now, and explicit ids skip the slow RETURNING path.
        first = int(conn.execute(select(func.coalesce(func.max(people.c.id), 0))).scalar_one()) + 1
        ids = list(range(first, first + len(rows)))
        columns = list(rows[0])
        by_column = [list(map(itemgetter(c), rows)) for c in columns]
        insert_columns(conn, people, [*columns, "search_text", "id"], [*by_column, searched, ids])
        return ids
    rows = [r | {"search_text": text} for r, text in zip(rows, searched, strict=True)]
    stmt = insert(people).returning(people.c.id, sort_by_parameter_order=True)
    return [int(r[0]) for r in conn.execute(stmt, list(rows))]


def insert_rows(conn: Connection, table: str, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        target = {
            "identities": identities,
            "field_values": field_values,
            "life_events": life_events,
            "interactions": interactions,
            "merge_candidates": merge_candidates,
            "merges": merges,
        }[table]
        fast_insert(conn, target, rows)


def fast_insert(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """executemany straight on the driver, with SQLAlchemy's own type conversion per column.
    At 270,000 provenance rows per LinkedIn export the ORM-free Core path is still ~40 µs per
    row; this is ~1 µs. All rows must have the same keys."""
    if rows:
        columns = list(rows[0])
        insert_columns(conn, table, columns, [list(map(itemgetter(c), rows)) for c in columns])


def insert_lists(
    conn: Connection,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    shared: dict[str, Any] | None = None,
) -> None:
    """fast_insert for rows planned as short lists in `columns` order, plus the columns every
    row has in common (`shared`: a provenance row's file, import and time), kept once."""
    fixed = {
        name: _cut_once(table.c[name].type, value, conn.dialect)
        for name, value in (shared or {}).items()
    }
    # Chunk by chunk: the columns of 300,000 rows would be another ~20 MiB at the import's peak.
    for start in range(0, len(rows), _WRITE_CHUNK):
        part = rows[start : start + _WRITE_CHUNK]
        by_column = [list(map(itemgetter(i), part)) for i in range(len(columns))]
        by_column += [[value] * len(part) for value in fixed.values()]
        insert_columns(conn, table, [*columns, *fixed], by_column)


def _cut_once(kind: Any, value: Any, dialect: Any) -> Any:
    """A value shared by every row, cut to a bounded column (and noted) once, not per chunk."""
    if isinstance(kind, BoundedString):
        return kind.process_bind_param(value, dialect)
    return value


# Rows bound per executemany: the driver's parameter tuples are built one chunk at a time, not
# all 300,000 at once (the same transaction either way).
_WRITE_CHUNK = 20_000


def insert_columns(
    conn: Connection, table: Table, columns: Sequence[str], by_column: list[list[Any]]
) -> None:
    """Insert the rows given column by column (all lists of one length).

    Columns are converted one at a time, and each distinct object only once: every provenance
    row of a file shares the same `imported_at` datetime, whose conversion to SQLite's text form
    is otherwise the single most expensive step of the whole import."""
    dialect = conn.dialect
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    quote = dialect.identifier_preparer.quote
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join([marker] * len(columns))})"
    )
    processors: list[Callable[[Any], Any] | None] = []
    for i, name in enumerate(columns):
        kind = table.c[name].type
        process = _bind_processor(kind, by_column[i], dialect)
        if process is not None and isinstance(kind, BoundedString):
            # A value to cut: the whole column at once, so an object repeated across chunks
            # is cut, and noted in the report, once.
            by_column[i], process = _convert(by_column[i], process), None
        processors.append(process)
    for start in range(0, len(by_column[0]), _WRITE_CHUNK):
        chunk = [
            _convert(values[start : start + _WRITE_CHUNK], process)
            if process
            else values[start : start + _WRITE_CHUNK]
            for values, process in zip(by_column, processors, strict=True)
        ]
        conn.exec_driver_sql(sql, list(zip(*chunk, strict=True)))


def _bind_processor(kind: Any, values: list[Any], dialect: Any) -> Callable[[Any], Any] | None:
    """The column type's bind processor, or only its plain text type's when no value is longer
    than a bounded column (store/bounded.py): the cut, and its note, can then never happen, and
    one C-speed pass over the lengths replaces a Python call per provenance value."""
    if isinstance(kind, BoundedString) and _all_fit(values, kind.limit):
        adapted = kind.dialect_impl(dialect)
        assert isinstance(adapted, BoundedString)
        return adapted.impl_instance.bind_processor(dialect)
    return kind._cached_bind_processor(dialect)


def _all_fit(values: list[Any], limit: int) -> bool:
    try:
        return max(map(len, filter(None, values)), default=0) <= limit
    except TypeError:  # a value that is not text: let the column type decide
        return False


def _convert(values: list[Any], process: Callable[[Any], Any]) -> list[Any]:
    """process() applied to each distinct object once. Keyed by identity, not equality: two
    equal datetimes in different time zones convert to different text. The values stay alive
    for the whole call, so ids are not reused."""
    keys = list(map(id, values))
    distinct = dict(zip(keys, values, strict=True))
    done = {key: process(value) for key, value in distinct.items()}
    return list(map(done.__getitem__, keys))


def mark_shared(conn: Connection, keys: Iterable[tuple[str, str]]) -> None:
    """Mark identifiers shared on every person holding them (see schema.identities)."""
    wanted = [{"k": kind, "v": value} for kind, value in keys]
    if wanted:
        conn.execute(
            update(identities)
            .where(identities.c.kind == bindparam("k"), identities.c.value == bindparam("v"))
            .values(shared=True),
            wanted,
        )


def next_ids(conn: Connection) -> dict[str, int]:
    """The lowest id the next identities and field_values rows can get (an import holds the
    write lock on SQLite; on PostgreSQL rows_since also filters by import and person)."""
    return {
        name: int(conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()) + 1
        for name, table in (("identities", identities), ("field_values", field_values))
    }


def rows_since(
    conn: Connection, firsts: dict[str, int], import_id: int, person_ids: set[int]
) -> dict[str, dict[tuple[int, Any], list[int]]]:
    """Ids of this import's identities (by person and source) and provenance rows (by person
    and line) written for these people."""
    out: dict[str, dict[tuple[int, Any], list[int]]] = {"identities": {}, "field_values": {}}
    people_list = sorted(person_ids)
    for start_at in range(0, len(people_list), _CHUNK):
        chunk = people_list[start_at : start_at + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        for row_id, pid, source in _raw(
            conn,
            f"SELECT id, person_id, source FROM identities WHERE id >= ? AND person_id IN ({marks})",
            [firsts["identities"], *chunk],
        ):
            out["identities"].setdefault((pid, source), []).append(row_id)
        for row_id, pid, line in _raw(
            conn,
            "SELECT id, person_id, source_line FROM field_values "
            f"WHERE id >= ? AND import_id = ? AND person_id IN ({marks})",
            [firsts["field_values"], import_id, *chunk],
        ):
            out["field_values"].setdefault((pid, line), []).append(row_id)
    return out


def link_merged(conn: Connection, pairs: list[tuple[int, int]]) -> None:
    """Hide automatically merged records behind the person they joined: (hidden, kept)."""
    if pairs:
        conn.execute(
            update(people).where(people.c.id == bindparam("h")).values(merged_into=bindparam("k")),
            [{"h": h, "k": k} for h, k in pairs],
        )


def state_marks(conn: Connection, import_id: int) -> dict[str, int]:
    """What a later byte-identical re-import checks to know nothing it relies on was deleted:
    the provenance rows of this and all earlier imports (later imports cannot add to that
    count, a deleted person or import lowers it), and the people up to the highest id."""
    values = _raw(conn, "SELECT count(*) FROM field_values WHERE import_id <= ?", (import_id,))
    count, highest = _raw(conn, "SELECT count(*), max(id) FROM people")[0]
    return {
        "values_through": int(values[0][0]),
        "people": int(count),
        "people_max": int(highest or 0),
    }


def marks_still_hold(conn: Connection, import_id: int, marks: dict[str, Any]) -> bool:
    try:
        through, count, highest = marks["values_through"], marks["people"], marks["people_max"]
    except (KeyError, TypeError):
        return False
    values = _raw(conn, "SELECT count(*) FROM field_values WHERE import_id <= ?", (import_id,))
    people_now = _raw(conn, "SELECT count(*) FROM people WHERE id <= ?", (highest,))
    return bool(values[0][0] == through and people_now[0][0] == count)


def latest_with_sha256(conn: Connection, sha256: str) -> dict[str, Any] | None:
    """The newest finished import of a byte-identical file, if any."""
    row = conn.execute(
        select(imports)
        .where(imports.c.sha256 == sha256, imports.c.report.is_not(None))
        .order_by(imports.c.id.desc())
        .limit(1)
    ).first()
    return dict(row._mapping) if row else None


def existing_dedup_keys(conn: Connection, keys: Iterable[str]) -> set[str]:
    wanted = list(set(keys))
    found: set[str] = set()
    for start_at in range(0, len(wanted), 900):
        chunk = wanted[start_at : start_at + 900]
        found.update(
            k
            for (k,) in conn.execute(
                select(interactions.c.dedup_key).where(interactions.c.dedup_key.in_(chunk))
            )
        )
    return found


def field_values_of(conn: Connection, person_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(field_values)
        .where(field_values.c.person_id == person_id)
        .order_by(field_values.c.id)
    )
    return [dict(r._mapping) for r in rows]
