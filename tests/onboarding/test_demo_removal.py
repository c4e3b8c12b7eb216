"""Removing the demo deletes every row it made and nothing else (issue 16), on both backends:
real contact files imported next to the demo, a merge with a demo person, suggestions computed
over both, then `remove_demo` — the user's own card, the imported people and all their rows are
exactly as before, and no demo row remains."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select, true

from altruist.agenda import refresh
from altruist.clock import Clock
from altruist.demo import remove_demo
from altruist.domain import FacetKind, Language, Visibility
from altruist.engine.context import EngineContext
from altruist.engine.questions.my_expertise import get_expertise
from altruist.ingest.importer import import_file
from altruist.ingest.merge import merge_people
from altruist.onboarding import Owner, set_up
from altruist.store import Store, demo_rows
from altruist.store import facets as facets_repo
from altruist.store import people as people_repo
from altruist.store.schema import (
    facets,
    field_values,
    groups,
    identities,
    interactions,
    ledger,
    life_events,
    people,
    posts,
    relations,
    suggestions,
)

PERSON_TABLES = (identities, field_values, interactions, facets, ledger, life_events)


def _real_files(realdata: Path) -> list[Path]:
    return [
        realdata / "linkedin-export-formats" / "2024-12_Connections_redacted.csv",
        realdata / "linkedin-export-formats" / "2024-12_messages_redacted.csv",
        realdata / "vcard-ezvcard-client-samples" / "gmail-list.vcf",
    ]


def _rows_of(conn: Connection, person_ids: set[int]) -> dict[str, set[tuple[Any, ...]]]:
    """Every row that belongs to these people, as comparable tuples (updated_at left out: an
    undone merge touches it)."""
    out: dict[str, set[tuple[Any, ...]]] = {}
    cols = [c for c in people.c if c.name != "updated_at"]
    found = conn.execute(select(*cols).where(people.c.id.in_(person_ids)))
    out["people"] = {_frozen(r) for r in found}
    for table in PERSON_TABLES:
        rows = conn.execute(select(table).where(table.c.person_id.in_(person_ids)))
        out[table.name] = {_frozen(r) for r in rows}
    return out


def _frozen(row: Any) -> tuple[str, ...]:
    return tuple(repr(value) for value in row)


def test_removing_the_demo_keeps_imports_and_my_card(
    any_store: Store, realdata: Path, clock: Clock
) -> None:
    owner = Owner(
        name="Jana Beispiel",
        emails=["jana@beispiel.test", "jana.b@work.test"],
        language=Language.DE,
        seek="eine Stelle als Product Owner in Leipzig",
        offer="Scrum, Moderation von Workshops, Jira-Automatisierung",
    )
    made = set_up(any_store, owner, with_demo=True, demo_people=40, clock=clock)
    assert made.demo is not None and made.demo.people == 40, "the demo did not make a second me"
    for path in _real_files(realdata):
        report = import_file(any_store, path, clock=clock)
        assert not report.failed, path
    # Suggestions over demo and imported people alike (this also derives needs and offers).
    refresh(
        EngineContext(store=any_store, clock=clock, timezone="Europe/Berlin", embedder_name="fake")
    )
    with any_store.read() as conn:
        demo_ids = set(demo_rows.demo_people(conn))
        kept_ids = {r[0] for r in conn.execute(select(people.c.id))} - demo_ids
        imported = [p for p in people_repo.all_people(conn) if p.id in kept_ids]
        before = _rows_of(conn, kept_ids)
        real_posts = conn.execute(select(posts.c.id)).all()
    assert made.me_id in kept_ids and len(imported) >= 5
    assert len(demo_ids) == 40 and made.me_id not in demo_ids
    assert len(real_posts) > 0

    # An imported person merged into a demo person must come back, with their rows.
    victim = imported[0].id or 0
    demo_kept = min(demo_ids)
    merge_people(any_store, demo_kept, victim, clock=clock)
    with any_store.read() as conn:
        n_suggestions = len(conn.execute(select(suggestions.c.id)).all())
    assert n_suggestions > 0

    result = remove_demo(any_store, clock=clock)

    assert result.unmerged == 1
    assert result.removed["people"] == 40 and result.removed["groups"] == 3
    assert result.removed["posts"] == len(real_posts), "the demo groups held every post"
    assert result.removed["identities"] > 0 and result.removed["interactions"] > 0
    with any_store.read() as conn:
        after = _rows_of(conn, kept_ids)
        for name in before:
            assert after[name] == before[name], f"{name} of kept people changed"
        _assert_no_demo_row(conn, kept_ids)
        me = people_repo.me(conn)
        assert me is not None and me.name == "Jana Beispiel"
        mine = facets_repo.for_person(conn, me.id or 0)
        need = next(f for f in mine if f.kind is FacetKind.NEED)
        assert need.visibility is Visibility.PRIVATE, "a job search is private by default"
        assert get_expertise(conn).startswith("Scrum")
        assert demo_rows.removals(conn)[-1]["removed"] == result.removed


def _assert_no_demo_row(conn: Connection, kept_ids: set[int]) -> None:
    for table in (people, facets, groups):
        assert not conn.execute(select(table.c.id).where(table.c.demo == true())).first()
    assert {r[0] for r in conn.execute(select(people.c.id))} == kept_ids
    for table in (identities, interactions, relations):
        assert not conn.execute(select(table.c.id).where(table.c.source == "demo")).first()
    assert not conn.execute(select(posts.c.id)).first()
    for row in conn.execute(select(suggestions.c.person_ids, suggestions.c.post_id)):
        assert set(row.person_ids) <= kept_ids and row.post_id is None
    for table in (ledger, life_events):
        assert {r[0] for r in conn.execute(select(table.c.person_id))} <= kept_ids
