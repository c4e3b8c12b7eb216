"""Suggestions and their feedback state. The engine proposes deeds by a stable key; this module
materialises them, so a dismissed key stays dismissed however often the engine proposes it again."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Row, func, insert, select, update

from altruist.domain import Suggestion, SuggestionKind, SuggestionState
from altruist.errors import NotFoundError
from altruist.i18n import message
from altruist.store.rows import aware, utcnow
from altruist.store.schema import suggestions


def to_suggestion(r: Row[Any]) -> Suggestion:
    return Suggestion(
        id=r.id,
        kind=SuggestionKind(r.kind),
        key=r.key,
        title=message.decode(r.title),
        reason=message.decode(r.reason),
        draft=r.draft,
        score=r.score,
        person_ids=list(r.person_ids or []),
        post_id=r.post_id,
        state=SuggestionState(r.state),
        shown_count=r.shown_count,
        last_shown_on=r.last_shown_on,
        snoozed_until=aware(r.snoozed_until),
        created_at=aware(r.created_at),
        updated_at=aware(r.updated_at),
    )


def by_keys(conn: Connection, keys: Iterable[str]) -> dict[str, Suggestion]:
    wanted = list(set(keys))
    out: dict[str, Suggestion] = {}
    for start in range(0, len(wanted), 900):
        chunk = wanted[start : start + 900]
        for row in conn.execute(select(suggestions).where(suggestions.c.key.in_(chunk))):
            out[row.key] = to_suggestion(row)
    return out


def upsert(conn: Connection, item: Suggestion) -> Suggestion:
    """Store a proposed deed or refresh its text and score; its feedback state is kept."""
    now = utcnow()
    existing = conn.execute(select(suggestions).where(suggestions.c.key == item.key)).first()
    fields = {
        "kind": str(item.kind),
        "title": message.encode(item.title),
        "reason": message.encode(item.reason),
        "draft": item.draft,
        "score": item.score,
        "person_ids": list(item.person_ids),
        "post_id": item.post_id,
        "updated_at": now,
        "proposed_at": now,
    }
    if existing is None:
        item.id = conn.execute(
            insert(suggestions)
            .values(
                key=item.key,
                state=str(SuggestionState.NEW),
                shown_count=0,
                created_at=now,
                **fields,
            )
            .returning(suggestions.c.id)
        ).scalar_one()
        return item
    conn.execute(update(suggestions).where(suggestions.c.id == existing.id).values(**fields))
    stored = to_suggestion(existing)
    item.id, item.state, item.shown_count = stored.id, stored.state, stored.shown_count
    # The day it was last shown too: without it a recomputed list (the CLI's) counted today's
    # showing as an earlier one and rotated the deeds on every call.
    item.last_shown_on = stored.last_shown_on
    item.snoozed_until, item.created_at = stored.snoozed_until, stored.created_at
    return item


def get(conn: Connection, suggestion_id: int) -> Suggestion:
    row = conn.execute(select(suggestions).where(suggestions.c.id == suggestion_id)).first()
    if row is None:
        raise NotFoundError(f"no suggestion with id {suggestion_id}")
    return to_suggestion(row)


def set_state(
    conn: Connection,
    suggestion_id: int,
    state: SuggestionState,
    *,
    snoozed_until: datetime | None = None,
) -> None:
    result = conn.execute(
        update(suggestions)
        .where(suggestions.c.id == suggestion_id)
        .values(state=str(state), snoozed_until=snoozed_until, updated_at=utcnow())
    )
    if result.rowcount == 0:
        raise NotFoundError(f"no suggestion with id {suggestion_id}")


def mark_shown(conn: Connection, ids: Iterable[int], on: date) -> None:
    """Count a showing once per day, so reloading the page does not bury a deed."""
    wanted = list(ids)  # a day's list: a handful of ids, well under any bound-parameter limit
    if not wanted:
        return
    conn.execute(
        update(suggestions)
        .where(
            suggestions.c.id.in_(wanted),
            (suggestions.c.last_shown_on.is_(None)) | (suggestions.c.last_shown_on != on),
        )
        .values(shown_count=suggestions.c.shown_count + 1, last_shown_on=on)
    )
    conn.execute(
        update(suggestions)
        .where(suggestions.c.id.in_(wanted), suggestions.c.state == str(SuggestionState.NEW))
        .values(state=str(SuggestionState.SHOWN))
    )


def closed_keys(conn: Connection) -> set[str]:
    closed = [str(s) for s in SuggestionState if s.is_closed]
    return set(
        conn.execute(select(suggestions.c.key).where(suggestions.c.state.in_(closed))).scalars()
    )


def with_state(conn: Connection, states: Iterable[SuggestionState]) -> list[Suggestion]:
    rows = conn.execute(
        select(suggestions)
        .where(suggestions.c.state.in_([str(s) for s in states]))
        .order_by(suggestions.c.updated_at.desc())
    )
    return [to_suggestion(r) for r in rows]


def proposed_since(conn: Connection, since: datetime) -> list[Suggestion]:
    """Deeds the engine proposed in the refresh that started at `since`."""
    rows = conn.execute(select(suggestions).where(suggestions.c.proposed_at >= since))
    return [to_suggestion(r) for r in rows]


def version_since(conn: Connection, since: datetime) -> tuple[object, ...]:
    """A fingerprint of the deeds proposed since `since`: it changes whenever one is added,
    removed, shown or given feedback, so callers can cache what they read."""
    row = conn.execute(
        select(
            func.count(),
            func.max(suggestions.c.updated_at),
            func.sum(suggestions.c.shown_count),
            func.max(suggestions.c.last_shown_on),
        ).where(suggestions.c.proposed_at >= since)
    ).one()
    return tuple(row)


def feedback_counts(conn: Connection) -> list[tuple[SuggestionKind, SuggestionState, int, int]]:
    """(kind, state, deeds, days shown) over every deed ever proposed: what Today learns from."""
    rows = conn.execute(
        select(
            suggestions.c.kind,
            suggestions.c.state,
            func.count(),
            func.coalesce(func.sum(suggestions.c.shown_count), 0),
        ).group_by(suggestions.c.kind, suggestions.c.state)
    )
    return [
        (SuggestionKind(kind), SuggestionState(state), int(count), int(shown))
        for kind, state, count, shown in rows
    ]


def dismissed_people(conn: Connection) -> list[list[int]]:
    """The people of every dismissed deed (a list per deed)."""
    rows = conn.execute(
        select(suggestions.c.person_ids).where(
            suggestions.c.state == str(SuggestionState.DISMISSED)
        )
    )
    return [list(people or []) for (people,) in rows]


def shown_on(conn: Connection, day: date) -> list[Suggestion]:
    """The deeds on the day's list, in any state: the day's plan (see agenda.plan_today)."""
    rows = conn.execute(select(suggestions).where(suggestions.c.last_shown_on == day))
    return [to_suggestion(r) for r in rows]
