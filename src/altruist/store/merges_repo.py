"""The merge review queue and undoable merges.

A merge moves the rows of the merged person to the kept one and hides the merged person
(`people.merged_into`); the snapshot lists exactly which rows moved and the kept person's core
fields before, so an unmerge restores both people as they were.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, func, insert, or_, select, update
from sqlalchemy.orm import aliased

from altruist.errors import InvalidTransition, NotFoundError
from altruist.store.schema import (
    facet_dismissals,
    facets,
    field_values,
    identities,
    interactions,
    ledger,
    life_events,
    merge_candidates,
    merges,
    people,
)

# Tables whose rows belong to one person and move with a merge.
MOVABLE: dict[str, Table] = {
    "identities": identities,
    "field_values": field_values,
    "interactions": interactions,
    "life_events": life_events,
    "facets": facets,
    "facet_dismissals": facet_dismissals,
    "ledger": ledger,
}
RESTORABLE = (
    "name",
    "given_name",
    "family_name",
    "company",
    "position",
    "headline",
    "city",
    "country",
    "birthday",
    "notes",
)


def candidates(conn: Connection, state: str | None = "open") -> list[dict[str, Any]]:
    stmt = select(merge_candidates).order_by(merge_candidates.c.score.desc(), merge_candidates.c.id)
    if state:
        stmt = stmt.where(merge_candidates.c.state == state)
    return [dict(r._mapping) for r in conn.execute(stmt)]


def _open_query() -> Any:
    a, b = aliased(people), aliased(people)
    return (
        select(
            merge_candidates,
            a.c.name.label("a_name"),
            a.c.company.label("a_company"),
            b.c.name.label("b_name"),
            b.c.company.label("b_company"),
        )
        .join(a, a.c.id == merge_candidates.c.person_a_id)
        .join(b, b.c.id == merge_candidates.c.person_b_id)
        .where(
            merge_candidates.c.state == "open",
            # coalesce(): as an index lookup "merged_into IS NULL" matches nearly every person,
            # and SQLite then walked all people first, reading the (small) queue once per person.
            func.coalesce(a.c.merged_into, 0) == 0,
            func.coalesce(b.c.merged_into, 0) == 0,
        )
    )


def open_page(
    conn: Connection, *, limit: int | None, offset: int = 0, person_id: int | None = None
) -> list[dict[str, Any]]:
    """Open proposals whose two people are both still visible, most likely first; with
    `person_id` only that person's (a person page asks in SQL: reading the whole queue to keep
    two rows cost a third of the page at 30,000 people)."""
    stmt = _open_query().order_by(merge_candidates.c.score.desc(), merge_candidates.c.id)
    if person_id is not None:
        stmt = stmt.where(
            or_(
                merge_candidates.c.person_a_id == person_id,
                merge_candidates.c.person_b_id == person_id,
            )
        )
    if limit is not None:
        stmt = stmt.limit(limit).offset(offset)
    out = []
    for row in conn.execute(stmt):
        m = dict(row._mapping)
        out.append(
            {c.name: m[c.name] for c in merge_candidates.c}
            | {
                "person_a": {
                    "id": m["person_a_id"],
                    "name": m["a_name"],
                    "company": m["a_company"],
                },
                "person_b": {
                    "id": m["person_b_id"],
                    "name": m["b_name"],
                    "company": m["b_company"],
                },
            }
        )
    return out


def count_open(conn: Connection) -> int:
    return int(
        conn.execute(select(func.count()).select_from(_open_query().subquery())).scalar_one()
    )


def remember_apart(conn: Connection, a: int, b: int, at: datetime) -> None:
    """A rejected proposal for the pair (a new one, or the existing one marked rejected)."""
    pair = (min(a, b), max(a, b))
    found = conn.execute(
        select(merge_candidates.c.id).where(
            merge_candidates.c.person_a_id.in_(pair), merge_candidates.c.person_b_id.in_(pair)
        )
    ).first()
    if found:
        set_candidate_state(conn, found[0], "rejected")
        return
    conn.execute(
        insert(merge_candidates).values(
            person_a_id=a,
            person_b_id=b,
            score=0.0,
            reason="merge undone",
            reasons=[{"code": "undone"}],
            state="rejected",
            created_at=at,
        )
    )


def merge_history(conn: Connection) -> list[dict[str, Any]]:
    a, b = aliased(people), aliased(people)
    stmt = (
        select(merges, a.c.name.label("kept_name"), b.c.name.label("merged_name"))
        .join(a, a.c.id == merges.c.kept_id)
        .join(b, b.c.id == merges.c.merged_id)
        .order_by(merges.c.id.desc())
    )
    out = []
    for row in conn.execute(stmt):
        m = dict(row._mapping)
        snapshot = m.pop("snapshot") or {}
        m["automatic"] = bool(snapshot.get("automatic"))
        m["candidate_id"] = snapshot.get("candidate_id")
        m["state"] = "undone" if m["undone_at"] is not None else "done"
        out.append(m)
    return out


def candidate(conn: Connection, candidate_id: int) -> dict[str, Any]:
    row = conn.execute(
        select(merge_candidates).where(merge_candidates.c.id == candidate_id)
    ).first()
    if row is None:
        raise NotFoundError(f"no merge candidate with id {candidate_id}")
    return dict(row._mapping)


def set_candidate_state(conn: Connection, candidate_id: int, state: str) -> None:
    conn.execute(
        update(merge_candidates).where(merge_candidates.c.id == candidate_id).values(state=state)
    )


def person_row(conn: Connection, person_id: int) -> dict[str, Any]:
    row = conn.execute(select(people).where(people.c.id == person_id)).first()
    if row is None:
        raise NotFoundError(f"no person with id {person_id}")
    return dict(row._mapping)


def move_rows(conn: Connection, from_id: int, to_id: int) -> dict[str, list[int]]:
    moved = {
        name: [r[0] for r in conn.execute(select(table.c.id).where(table.c.person_id == from_id))]
        for name, table in MOVABLE.items()
    }
    move_back(conn, moved, to_id)
    return moved


def move_back(conn: Connection, moved: dict[str, list[int]], to_id: int) -> None:
    for name, ids in moved.items():
        table = MOVABLE[name]
        for start in range(0, len(ids), 900):
            chunk = ids[start : start + 900]
            conn.execute(update(table).where(table.c.id.in_(chunk)).values(person_id=to_id))


def record_merge(
    conn: Connection, kept_id: int, merged_id: int, snapshot: dict[str, Any], at: datetime
) -> int:
    return int(
        conn.execute(
            insert(merges)
            .values(kept_id=kept_id, merged_id=merged_id, snapshot=snapshot, created_at=at)
            .returning(merges.c.id)
        ).scalar_one()
    )


def merge_row(conn: Connection, merge_id: int) -> dict[str, Any]:
    row = conn.execute(select(merges).where(merges.c.id == merge_id)).first()
    if row is None:
        raise NotFoundError(f"no merge with id {merge_id}")
    found = dict(row._mapping)
    if found["undone_at"] is not None:
        raise InvalidTransition(f"merge {merge_id} was already undone")
    return found


def mark_undone(conn: Connection, merge_id: int, at: datetime) -> None:
    conn.execute(update(merges).where(merges.c.id == merge_id).values(undone_at=at))


def all_merges(conn: Connection) -> list[dict[str, Any]]:
    return [dict(r._mapping) for r in conn.execute(select(merges).order_by(merges.c.id))]
