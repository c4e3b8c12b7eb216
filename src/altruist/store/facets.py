"""Needs and offers. A user's edit wins over derived values: derived rows are replaced on every
re-derivation, edited ones never."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Row, delete, insert, select, update

from altruist.domain import Facet, FacetKind, Visibility
from altruist.errors import NotFoundError
from altruist.store.rows import utcnow
from altruist.store.schema import facet_dismissals, facets


def add(conn: Connection, facet: Facet) -> Facet:
    facet.id = conn.execute(
        insert(facets)
        .values(
            person_id=facet.person_id,
            kind=str(facet.kind),
            text=facet.text,
            confidence=facet.confidence,
            source=facet.source,
            edited=facet.edited,
            visibility=str(facet.visibility),
            created_at=utcnow(),
        )
        .returning(facets.c.id)
    ).scalar_one()
    return facet


def _to_facet(r: Row[Any]) -> Facet:
    return Facet(
        id=r.id,
        person_id=r.person_id,
        kind=FacetKind(r.kind),
        text=r.text,
        confidence=r.confidence,
        source=r.source,
        edited=bool(r.edited),
        visibility=Visibility(r.visibility),
    )


def get(conn: Connection, facet_id: int) -> Facet:
    row = conn.execute(select(facets).where(facets.c.id == facet_id)).first()
    if row is None:
        raise NotFoundError(f"no need or offer with id {facet_id}")
    return _to_facet(row)


def dismiss(conn: Connection, person_id: int, kind: FacetKind, text_key: str) -> None:
    """Remember that the user removed a derived facet (once per person, kind and key)."""
    known = conn.execute(
        select(facet_dismissals.c.id).where(
            facet_dismissals.c.person_id == person_id,
            facet_dismissals.c.kind == str(kind),
            facet_dismissals.c.text_key == text_key,
        )
    ).first()
    if known is None:
        conn.execute(
            insert(facet_dismissals).values(
                person_id=person_id, kind=str(kind), text_key=text_key, created_at=utcnow()
            )
        )


def dismissed(
    conn: Connection, person_ids: Iterable[int] | None = None
) -> dict[int, set[tuple[FacetKind, str]]]:
    """Per person, the (kind, key) pairs of derived facets the user removed."""
    stmt = select(
        facet_dismissals.c.person_id, facet_dismissals.c.kind, facet_dismissals.c.text_key
    )
    if person_ids is not None:
        stmt = stmt.where(facet_dismissals.c.person_id.in_(list(person_ids)))
    out: dict[int, set[tuple[FacetKind, str]]] = {}
    for person_id, kind, key in conn.execute(stmt):
        out.setdefault(person_id, set()).add((FacetKind(kind), key))
    return out


def for_person(conn: Connection, person_id: int) -> list[Facet]:
    rows = conn.execute(select(facets).where(facets.c.person_id == person_id).order_by(facets.c.id))
    return [_to_facet(r) for r in rows]


def all_facets(conn: Connection, person_ids: Iterable[int] | None = None) -> list[Facet]:
    stmt = select(facets).order_by(facets.c.person_id, facets.c.id)
    if person_ids is not None:
        stmt = stmt.where(facets.c.person_id.in_(list(person_ids)))
    return [_to_facet(r) for r in conn.execute(stmt)]


def replace_derived(conn: Connection, person_id: int, derived: Iterable[Facet]) -> None:
    """Swap the derived facets of one person; stated and edited ones stay."""
    conn.execute(
        delete(facets).where(
            facets.c.person_id == person_id,
            facets.c.edited.is_(False),
            facets.c.source != "stated",
        )
    )
    for facet in derived:
        add(conn, facet)


def edit(conn: Connection, facet_id: int, text: str) -> None:
    result = conn.execute(
        update(facets).where(facets.c.id == facet_id).values(text=text, edited=True, confidence=1.0)
    )
    if result.rowcount == 0:
        raise NotFoundError(f"no need or offer with id {facet_id}")


def set_visibility(conn: Connection, facet_id: int, visibility: Visibility) -> None:
    """The user's choice; re-derivation carries it over to the same derived text."""
    result = conn.execute(
        update(facets).where(facets.c.id == facet_id).values(visibility=str(visibility))
    )
    if result.rowcount == 0:
        raise NotFoundError(f"no need or offer with id {facet_id}")


def remove(conn: Connection, facet_id: int) -> None:
    if conn.execute(delete(facets).where(facets.c.id == facet_id)).rowcount == 0:
        raise NotFoundError(f"no need or offer with id {facet_id}")


def replace_derived_many(conn: Connection, derived: dict[int, list[Facet]]) -> int:
    """`replace_derived` for many people at once (30,000 contacts): one DELETE per chunk of
    people and one multi-row INSERT, instead of a round trip per person and facet."""
    person_ids = list(derived)
    for start in range(0, len(person_ids), 900):  # SQLite's bound-parameter limit
        conn.execute(
            delete(facets).where(
                facets.c.person_id.in_(person_ids[start : start + 900]),
                facets.c.edited.is_(False),
                facets.c.source != "stated",
            )
        )
    now = utcnow()
    rows = [
        {
            "person_id": f.person_id,
            "kind": str(f.kind),
            "text": f.text,
            "confidence": f.confidence,
            "source": f.source,
            "edited": f.edited,
            "visibility": str(f.visibility),
            "created_at": now,
        }
        for items in derived.values()
        for f in items
    ]
    if rows:
        conn.execute(insert(facets), rows)
    return len(rows)
