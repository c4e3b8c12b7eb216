"""Which rows the demo made, and removing exactly those (issue 16).

The demo marks its *roots* with a `demo` column: its people, its groups, and the needs and offers
it wrote (also those on the user's own card, when the demo made that card). Every other row the
demo makes hangs from a root — identities, interactions, relations, ledger entries, life events
and derived needs from a demo person; posts from a demo group; suggestions and introductions
name a demo person or post — so the roots identify every demo row, and a row imported later
is never mistaken for one. Embeddings are a cache keyed by text, not demo data, and stay.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Table, delete, func, or_, select, true, update

from altruist.store.schema import (
    facets,
    field_values,
    groups,
    identities,
    interactions,
    introductions,
    ledger,
    life_events,
    merge_candidates,
    merges,
    people,
    posts,
    relations,
    settings,
    suggestions,
)

# Settings the demo wrote, with the values it wrote: removal clears a setting only while it
# still holds the demo's value, so one the user changed since stays theirs.
DEMO_SETTINGS_KEY = "demo_settings"
REMOVALS_KEY = "demo_removals"
CHUNK = 900  # SQLite's limit on bound parameters per statement, with room to spare


def mark(
    conn: Connection, *, person_ids: Iterable[int], group_ids: Iterable[int], me_id: int | None
) -> None:
    """Mark the demo's people and groups, the facets of its people, and (when the demo made the
    user's card) the facets on that card."""
    people_ids = list(person_ids)
    for chunk in _chunks(people_ids):
        conn.execute(update(people).where(people.c.id.in_(chunk)).values(demo=True))
        conn.execute(update(facets).where(facets.c.person_id.in_(chunk)).values(demo=True))
    for chunk in _chunks(list(group_ids)):
        conn.execute(update(groups).where(groups.c.id.in_(chunk)).values(demo=True))
    if me_id is not None and me_id in people_ids:
        conn.execute(update(facets).where(facets.c.person_id == me_id).values(demo=True))


def adopt_me(conn: Connection, me_id: int) -> None:
    """The user made the demo's card their own (Settings: my name): the card stays when the demo
    goes, the needs and offers the demo wrote on it do not."""
    conn.execute(update(people).where(people.c.id == me_id).values(demo=False))


def demo_people(conn: Connection) -> list[int]:
    return [int(r[0]) for r in conn.execute(select(people.c.id).where(people.c.demo == true()))]


def demo_groups(conn: Connection) -> list[int]:
    return [int(r[0]) for r in conn.execute(select(groups.c.id).where(groups.c.demo == true()))]


def has_demo(conn: Connection) -> bool:
    for table in (people, groups, facets):
        if conn.execute(select(table.c.id).where(table.c.demo == true()).limit(1)).first():
            return True
    return False


def merges_touching(conn: Connection, person_ids: list[int]) -> list[int]:
    """Merges not undone between a demo person and anyone: undone before removal, so rows an
    import merged into a demo person go back to the imported person instead of vanishing."""
    found: list[int] = []
    for chunk in _chunks(person_ids):
        query = select(merges.c.id).where(
            merges.c.undone_at.is_(None),
            or_(merges.c.kept_id.in_(chunk), merges.c.merged_id.in_(chunk)),
        )
        found.extend(int(r[0]) for r in conn.execute(query))
    return sorted(set(found), reverse=True)  # newest first: later merges are undone first


def remove(conn: Connection) -> dict[str, int]:
    """Delete every demo row and return how many of each kind went (zeros left out)."""
    person_ids, group_ids = demo_people(conn), demo_groups(conn)
    post_ids: list[int] = []
    for chunk in _chunks(group_ids):
        post_ids.extend(
            int(r[0]) for r in conn.execute(select(posts.c.id).where(posts.c.group_id.in_(chunk)))
        )
    counts: dict[str, int] = {}
    counts["suggestions"] = _remove_suggestions(conn, set(person_ids), set(post_ids))
    pairs = (
        (introductions, introductions.c.person_a_id, introductions.c.person_b_id),
        (relations, relations.c.person_a_id, relations.c.person_b_id),
        (merge_candidates, merge_candidates.c.person_a_id, merge_candidates.c.person_b_id),
        (merges, merges.c.kept_id, merges.c.merged_id),
    )
    for table, a, b in pairs:
        counts[table.name] = sum(
            _delete(conn, table, or_(a.in_(chunk), b.in_(chunk))) for chunk in _chunks(person_ids)
        )
    counts["facets"] = _delete(conn, facets, facets.c.demo == true())
    for table in (identities, facets, interactions, ledger, life_events, field_values):
        counts[table.name] = counts.get(table.name, 0) + sum(
            _delete(conn, table, table.c.person_id.in_(chunk)) for chunk in _chunks(person_ids)
        )
    counts["posts"] = sum(
        _delete(conn, posts, posts.c.group_id.in_(chunk)) for chunk in _chunks(group_ids)
    )
    # Posts elsewhere (a real feed) written by a demo person only lose the link to that person.
    for chunk in _chunks(person_ids):
        conn.execute(
            update(posts).where(posts.c.author_person_id.in_(chunk)).values(author_person_id=None)
        )
        conn.execute(update(people).where(people.c.merged_into.in_(chunk)).values(merged_into=None))
    counts["people"] = _delete(conn, people, people.c.demo == true())
    counts["groups"] = _delete(conn, groups, groups.c.demo == true())
    counts["settings"] = _remove_settings(conn)
    return {name: n for name, n in counts.items() if n}


def remember_settings(conn: Connection, values: dict[str, Any]) -> None:
    _put(conn, DEMO_SETTINGS_KEY, values)


def record_removal(conn: Connection, entry: dict[str, Any]) -> None:
    history = _get(conn, REMOVALS_KEY) or []
    _put(conn, REMOVALS_KEY, [*history, entry])


def removals(conn: Connection) -> list[dict[str, Any]]:
    return list(_get(conn, REMOVALS_KEY) or [])


def _remove_suggestions(conn: Connection, person_ids: set[int], post_ids: set[int]) -> int:
    doomed = [
        int(row.id)
        for row in conn.execute(
            select(suggestions.c.id, suggestions.c.person_ids, suggestions.c.post_id)
        )
        if (row.post_id in post_ids) or person_ids.intersection(row.person_ids or [])
    ]
    return sum(_delete(conn, suggestions, suggestions.c.id.in_(chunk)) for chunk in _chunks(doomed))


def _remove_settings(conn: Connection) -> int:
    written = _get(conn, DEMO_SETTINGS_KEY) or {}
    removed = 0
    for key, value in written.items():
        if _get(conn, key) == value:
            conn.execute(delete(settings).where(settings.c.key == key))
            removed += 1
    conn.execute(delete(settings).where(settings.c.key == DEMO_SETTINGS_KEY))
    return removed


def count_marked(conn: Connection) -> dict[str, int]:
    return {
        table.name: int(
            conn.execute(
                select(func.count()).select_from(table).where(table.c.demo == true())
            ).scalar_one()
        )
        for table in (people, facets, groups)
    }


def _delete(conn: Connection, table: Table, condition: Any) -> int:
    return int(conn.execute(delete(table).where(condition)).rowcount or 0)


def _get(conn: Connection, key: str) -> Any:
    return conn.execute(select(settings.c.value).where(settings.c.key == key)).scalar_one_or_none()


def _put(conn: Connection, key: str, value: Any) -> None:
    conn.execute(delete(settings).where(settings.c.key == key))
    conn.execute(settings.insert().values(key=key, value=value))


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]
