"""Introductions in progress and done. The store only keeps rows; which step may follow which
lives in engine/introductions/flow.py."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Row, and_, insert, or_, select, update

from altruist.domain import Introduction, IntroductionState
from altruist.errors import NotFoundError
from altruist.i18n import message
from altruist.store.rows import aware, utcnow
from altruist.store.schema import interactions, introductions


def _to_introduction(r: Row[Any]) -> Introduction:
    return Introduction(
        id=r.id,
        person_a_id=r.person_a_id,
        person_b_id=r.person_b_id,
        reason=message.decode(r.reason),
        state=IntroductionState(r.state),
        suggestion_id=r.suggestion_id,
        declined_by=r.declined_by,
        created_at=aware(r.created_at),
        updated_at=aware(r.updated_at),
    )


def add(conn: Connection, item: Introduction) -> Introduction:
    now = utcnow()
    item.id = conn.execute(
        insert(introductions)
        .values(
            person_a_id=item.person_a_id,
            person_b_id=item.person_b_id,
            reason=message.encode(item.reason),
            state=str(item.state),
            suggestion_id=item.suggestion_id,
            declined_by=item.declined_by,
            created_at=now,
            updated_at=now,
        )
        .returning(introductions.c.id)
    ).scalar_one()
    item.created_at = item.updated_at = now
    return item


def get(conn: Connection, introduction_id: int) -> Introduction:
    row = conn.execute(select(introductions).where(introductions.c.id == introduction_id)).first()
    if row is None:
        raise NotFoundError(f"no introduction with id {introduction_id}")
    return _to_introduction(row)


def set_state(
    conn: Connection,
    introduction_id: int,
    state: IntroductionState,
    *,
    expected: IntroductionState | None = None,
    declined_by: int | None = None,
) -> bool:
    """Move to `state`. With `expected`, only from that state (guards against two browser tabs
    stepping at once); returns whether the row changed."""
    stmt = update(introductions).where(introductions.c.id == introduction_id)
    if expected is not None:
        stmt = stmt.where(introductions.c.state == str(expected))
    result = conn.execute(
        stmt.values(state=str(state), declined_by=declined_by, updated_at=utcnow())
    )
    return result.rowcount > 0


def with_states(
    conn: Connection, states: Iterable[IntroductionState] | None = None
) -> list[Introduction]:
    stmt = select(introductions).order_by(introductions.c.updated_at.desc(), introductions.c.id)
    if states is not None:
        stmt = stmt.where(introductions.c.state.in_([str(s) for s in states]))
    return [_to_introduction(r) for r in conn.execute(stmt)]


def by_suggestion(conn: Connection, suggestion_id: int) -> Introduction | None:
    row = conn.execute(
        select(introductions)
        .where(introductions.c.suggestion_id == suggestion_id)
        .order_by(introductions.c.id.desc())
        .limit(1)
    ).first()
    return _to_introduction(row) if row else None


def for_pair(conn: Connection, a: int, b: int) -> list[Introduction]:
    """Every introduction between a and b, in either order, newest first."""
    rows = conn.execute(
        select(introductions)
        .where(
            or_(
                and_(introductions.c.person_a_id == a, introductions.c.person_b_id == b),
                and_(introductions.c.person_a_id == b, introductions.c.person_b_id == a),
            )
        )
        .order_by(introductions.c.id.desc())
    )
    return [_to_introduction(r) for r in rows]


def step_source(introduction_id: int, step: str) -> str:
    """How a workflow step is tagged on the interactions it logs (the step history)."""
    return f"introduction:{introduction_id}:{step}"


def logged_steps(conn: Connection, introduction_id: int) -> list[tuple[str, int]]:
    """(step, person id) of every interaction logged for this introduction, oldest first."""
    prefix = f"introduction:{introduction_id}:"
    rows = conn.execute(
        select(interactions.c.source, interactions.c.person_id)
        .where(interactions.c.source.like(prefix + "%"))
        .order_by(interactions.c.occurred_at, interactions.c.id)
    )
    return [(source[len(prefix) :], pid) for source, pid in rows]
