"""People and their identities."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Row, delete, func, insert, select, update

from altruist.domain import Birthday, Identity, IdentityKind, Language, Person
from altruist.errors import NotFoundError
from altruist.names import fold_words
from altruist.store.rows import aware, utcnow
from altruist.store.schema import identities, people
from altruist.validate import MAX_CADENCE_DAYS, MIN_CADENCE_DAYS

PERSON_COLUMNS = (
    "name",
    "given_name",
    "family_name",
    "company",
    "position",
    "headline",
    "city",
    "country",
    "language",
    "birthday",
    "notes",
    "tags",
    "tier",
    "cadence_days",
    "is_me",
    "job_started_on",
)


# The columns people search reads, folded into people.search_text (see people_search.py).
SEARCHED_COLUMNS = ("name", "company", "position", "city", "headline")


def search_text(values: dict[str, Any]) -> str:
    """The folded search form of a person's searched columns, as `names.fold_words` folds a
    query: "Jürgen Müller | Bäckerei Groß" → "juergen mueller | baeckerei gross"."""
    return " | ".join(fold_words(str(values[c])) for c in SEARCHED_COLUMNS if values.get(c))


def refresh_search_text(conn: Connection, person_id: int) -> None:
    row = conn.execute(
        select(*(people.c[c] for c in SEARCHED_COLUMNS)).where(people.c.id == person_id)
    ).first()
    if row is not None:
        text = search_text(dict(row._mapping))
        conn.execute(update(people).where(people.c.id == person_id).values(search_text=text))


def to_person(row: Row[Any]) -> Person:
    m = row._mapping
    return Person(
        id=m["id"],
        name=m["name"],
        given_name=m["given_name"],
        family_name=m["family_name"],
        company=m["company"],
        position=m["position"],
        headline=m["headline"],
        city=m["city"],
        country=m["country"],
        language=Language(m["language"]) if m["language"] in ("de", "en") else Language.EN,
        birthday=Birthday.parse(m["birthday"]) if m["birthday"] else None,
        notes=m["notes"],
        tags=list(m["tags"] or []),
        tier=m["tier"],
        cadence_days=_cadence(m["cadence_days"]),
        is_me=bool(m["is_me"]),
        job_started_on=m["job_started_on"],
        created_at=aware(m["created_at"]),
        updated_at=aware(m["updated_at"]),
    )


def _cadence(days: int | None) -> int | None:
    """A cadence stored before values were checked (issue 19: 999,999,999 days broke the
    calendar feed) is read within the range every later use can handle."""
    if days is None or days < MIN_CADENCE_DAYS:
        return None
    return min(days, MAX_CADENCE_DAYS)


def person_values(person: Person) -> dict[str, Any]:
    values = {name: getattr(person, name) for name in PERSON_COLUMNS}
    values["language"] = str(person.language)
    values["birthday"] = person.birthday.iso() if person.birthday else None
    values["tags"] = list(person.tags)
    return values


def add(conn: Connection, person: Person) -> Person:
    now = utcnow()
    values = person_values(person) | {"created_at": now, "updated_at": now}
    values["search_text"] = search_text(values)
    person.id = conn.execute(insert(people).values(**values).returning(people.c.id)).scalar_one()
    person.created_at = person.updated_at = now
    return person


def set_values(conn: Connection, person_id: int, values: dict[str, Any]) -> None:
    """Write column values as given (the caller sets `updated_at`): imports and merges."""
    conn.execute(update(people).where(people.c.id == person_id).values(**values))
    if any(c in values for c in SEARCHED_COLUMNS):
        refresh_search_text(conn, person_id)


def update_fields(conn: Connection, person_id: int, **values: Any) -> None:
    if "birthday" in values and isinstance(values["birthday"], Birthday):
        values["birthday"] = values["birthday"].iso()
    if "language" in values and values["language"] is not None:
        values["language"] = str(values["language"])
    result = conn.execute(
        update(people).where(people.c.id == person_id).values(**values, updated_at=utcnow())
    )
    if result.rowcount == 0:
        raise NotFoundError(f"no person with id {person_id}")
    if any(c in values for c in SEARCHED_COLUMNS):
        refresh_search_text(conn, person_id)


def _visible() -> Any:
    return people.c.merged_into.is_(None)


def get(conn: Connection, person_id: int) -> Person:
    row = conn.execute(select(people).where(people.c.id == person_id)).first()
    if row is None:
        raise NotFoundError(f"no person with id {person_id}")
    return to_person(row)


def get_many(conn: Connection, ids: Iterable[int]) -> dict[int, Person]:
    wanted = list(set(ids))
    found: dict[int, Person] = {}
    # Chunked: SQLite limits the number of bound parameters in one statement.
    for start in range(0, len(wanted), 900):
        chunk = wanted[start : start + 900]
        for row in conn.execute(select(people).where(people.c.id.in_(chunk))):
            person = to_person(row)
            found[person.id] = person  # type: ignore[index]
    return found


def me(conn: Connection) -> Person | None:
    row = conn.execute(select(people).where(people.c.is_me.is_(True)).limit(1)).first()
    return to_person(row) if row else None


def all_people(conn: Connection, *, include_me: bool = False) -> list[Person]:
    query = select(people).where(_visible()).order_by(people.c.name, people.c.id)
    if not include_me:
        query = query.where(people.c.is_me.is_(False))
    return [to_person(r) for r in conn.execute(query)]


def count(conn: Connection) -> int:
    return int(
        conn.execute(select(func.count()).select_from(people).where(_visible())).scalar_one()
    )


def delete_person(conn: Connection, person_id: int) -> None:
    """Delete a person everywhere: cascades remove identities, interactions, facets, ledger."""
    result = conn.execute(delete(people).where(people.c.id == person_id))
    if result.rowcount == 0:
        raise NotFoundError(f"no person with id {person_id}")


# --- identities -------------------------------------------------------------------------------


def add_identity(conn: Connection, identity: Identity) -> Identity:
    identity.id = conn.execute(
        insert(identities)
        .values(
            person_id=identity.person_id,
            kind=str(identity.kind),
            value=identity.value,
            source=identity.source,
        )
        .returning(identities.c.id)
    ).scalar_one()
    return identity


def to_identity(r: Row[Any]) -> Identity:
    return Identity(
        id=r.id,
        person_id=r.person_id,
        kind=IdentityKind(r.kind),
        value=r.value,
        source=r.source,
        shared=bool(r.shared),
    )


def identities_of(conn: Connection, person_id: int) -> list[Identity]:
    rows = conn.execute(
        select(identities).where(identities.c.person_id == person_id).order_by(identities.c.id)
    )
    return [to_identity(r) for r in rows]


def find_by_identity(conn: Connection, kind: IdentityKind, value: str) -> int | None:
    return conn.execute(
        select(identities.c.person_id).where(
            identities.c.kind == str(kind), identities.c.value == value
        )
    ).scalar_one_or_none()


def emails_by_person(
    conn: Connection, person_ids: Iterable[int] | None = None
) -> dict[int, list[str]]:
    stmt = select(identities.c.person_id, identities.c.value).where(
        identities.c.kind == str(IdentityKind.EMAIL)
    )
    if person_ids is not None:
        stmt = stmt.where(identities.c.person_id.in_(list(person_ids)))
    out: dict[int, list[str]] = {}
    for pid, value in conn.execute(stmt.order_by(identities.c.id)):
        found = out.setdefault(pid, [])
        if value not in found:  # a merge keeps each copy with its provenance
            found.append(value)
    return out


def identities_by_person(conn: Connection) -> dict[int, list[Identity]]:
    """Every identity, grouped by person, in the order they were added (for exports)."""
    out: dict[int, list[Identity]] = {}
    for r in conn.execute(select(identities).order_by(identities.c.person_id, identities.c.id)):
        out.setdefault(r.person_id, []).append(to_identity(r))
    return out
