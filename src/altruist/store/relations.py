"""How two contacts know each other, recorded by the user (issue 16) or by the demo.

The `relations` table stores each pair once (low id first). Every kind means the two know
each other: introductions skip such pairs and the map draws them as edges
(`interactions.related_pairs`). `colleague` is the kind the demo has always written for
"works with".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, case, delete, or_, select

from altruist.errors import ConfigError, NotFoundError
from altruist.store import interactions as interactions_repo
from altruist.store.schema import people, relations

KINDS = ("knows", "colleague", "family", "introduced")
MANUAL_SOURCE = "manual"


@dataclass(frozen=True)
class Relation:
    id: int
    other_id: int
    other_name: str
    kind: str
    source: str | None


def add(conn: Connection, person_id: int, other_id: int, kind: str) -> None:
    """Record that two people know each other; recording the same pair and kind again is a
    no-op. Raises ConfigError for a person related to themself or an unknown kind."""
    if kind not in KINDS:
        raise ConfigError(f"kind: unknown relation '{kind}' (use {', '.join(KINDS)})")
    if person_id == other_id:
        raise ConfigError("other: a person cannot be related to themself")
    found = {
        r[0]
        for r in conn.execute(select(people.c.id).where(people.c.id.in_([person_id, other_id])))
    }
    for pid in (person_id, other_id):
        if pid not in found:
            raise NotFoundError(f"no person with id {pid}")
    interactions_repo.add_relation(conn, person_id, other_id, kind, MANUAL_SOURCE)


def of_person(conn: Connection, person_id: int) -> list[Relation]:
    """Everyone this person is recorded to know, by name."""
    rows = conn.execute(
        select(relations, people.c.name)
        .join(people, people.c.id == _other(person_id))
        .where(or_(relations.c.person_a_id == person_id, relations.c.person_b_id == person_id))
        .order_by(people.c.name, relations.c.kind)
    )
    return [
        Relation(
            id=r.id,
            other_id=r.person_b_id if r.person_a_id == person_id else r.person_a_id,
            other_name=r.name,
            kind=r.kind,
            source=r.source,
        )
        for r in rows
    ]


def _other(person_id: int) -> Any:
    """The id on the other side of a relation row."""
    return case(
        (relations.c.person_a_id == person_id, relations.c.person_b_id),
        else_=relations.c.person_a_id,
    )


def remove(conn: Connection, person_id: int, relation_id: int) -> None:
    """Remove one relation of this person (a relation id of someone else is not found)."""
    result = conn.execute(
        delete(relations).where(
            relations.c.id == relation_id,
            or_(relations.c.person_a_id == person_id, relations.c.person_b_id == person_id),
        )
    )
    if result.rowcount == 0:
        raise NotFoundError(f"person {person_id} has no relation {relation_id}")
