"""Helpers for the care tests: people and interactions written through the real repositories."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import update

from altruist.clock import fixed_clock
from altruist.domain import (
    Birthday,
    Interaction,
    InteractionKind,
    Language,
    Person,
    Suggestion,
    SuggestionKind,
)
from altruist.engine.context import EngineContext
from altruist.store import Store
from altruist.store import interactions as interactions_repo
from altruist.store import people as people_repo
from altruist.store import suggestions as suggestions_repo
from altruist.store.schema import suggestions as suggestions_table


def ctx_at(store: Store, at: datetime, timezone: str = "Europe/Berlin") -> EngineContext:
    return EngineContext(
        store=store, clock=fixed_clock(at), timezone=timezone, embedder_name="fake"
    )


def add_person(
    store: Store,
    name: str,
    *,
    birthday: Birthday | None = None,
    language: Language = Language.EN,
    **fields: object,
) -> Person:
    with store.transaction() as conn:
        return people_repo.add(
            conn,
            Person(name=name, birthday=birthday, language=language, **fields),  # type: ignore[arg-type]
        )


def add_contact(
    store: Store, person: Person, at: datetime, kind: InteractionKind = InteractionKind.MESSAGE
) -> None:
    with store.transaction() as conn:
        interactions_repo.add(
            conn, Interaction(person_id=person.id or 0, kind=kind, occurred_at=at)
        )


def utc(y: int, m: int, d: int, h: int = 9) -> datetime:
    return datetime(y, m, d, h, tzinfo=UTC)


def day(y: int, m: int, d: int) -> date:
    return date(y, m, d)


def close_suggestion(store: Store, item: Suggestion | str, *args: object) -> None:
    """Store a suggestion the user closed at a given time (the repository stamps the wall clock,
    so the time is set explicitly to keep tests independent of when they run).

    close_suggestion(store, suggestion, state, at) or, for a check-in,
    close_suggestion(store, key, person_id, state, at)."""
    if isinstance(item, str):
        person_id, state, at = args
        item = Suggestion(SuggestionKind.CHECK_IN, item, "t", "r", 0.5, [person_id])  # type: ignore[list-item]
    else:
        state, at = args
    with store.transaction() as conn:
        stored = suggestions_repo.upsert(conn, item)
        suggestions_repo.set_state(conn, stored.id or 0, state)  # type: ignore[arg-type]
        conn.execute(
            update(suggestions_table)
            .where(suggestions_table.c.id == stored.id)
            .values(updated_at=at)
        )
