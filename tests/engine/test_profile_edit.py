"""Editing the knowledge profile changes the questions at once (issue 16): a statement weighs as
much as all earlier posts together, every stated topic keeps its best questions, and reasons name
topics in words, never a post's title (demo store, fake embedder)."""

from __future__ import annotations

from datetime import timedelta

from altruist.clock import Clock
from altruist.domain import Group, Post, SuggestionKind
from altruist.engine.questions import suggest as questions
from altruist.engine.questions.my_expertise import set_expertise
from altruist.store import Store
from altruist.store import groups as groups_repo
from tests.helpers import demo_engine, shown

BREWING = [
    ("Which yeast for a lager fermentation at home?", ["lager", "yeast"]),
    ("How much hops for a pale ale homebrew?", ["hops", "homebrew"]),
    ("Lager fermentation temperature for a homebrew yeast?", ["lager", "fermentation"]),
    ("Dry hopping a homebrew pale ale: how many days?", ["hops"]),
]


def add_busy_data_group(store: Store, clock: Clock, n: int = 40) -> None:
    """More fresh questions on the user's old topics than the list has room for."""
    with store.transaction() as conn:
        gid = groups_repo.add(conn, Group(name="Data", kind="rss", url="http://d.test/feed")).id
        for i in range(n):
            groups_repo.upsert_post(
                conn,
                Post(
                    group_id=gid or 0,
                    external_id=f"data{i}",
                    title=f"Airflow and dbt pipelines with PostgreSQL: question {i}",
                    tags=["airflow", "postgresql"],
                    posted_at=clock() - timedelta(hours=i + 1),
                ),
            )


def add_brewers_group(store: Store, clock: Clock) -> set[int]:
    """An archive of older questions, like a Stack Exchange dump: fresher questions outrank
    them, so only a profile that counts can bring them into the list."""
    with store.transaction() as conn:
        gid = groups_repo.add(conn, Group(name="Brewers", kind="rss", url="http://b.test/feed")).id
        for i, (title, tags) in enumerate(BREWING):
            groups_repo.upsert_post(
                conn,
                Post(
                    group_id=gid or 0,
                    external_id=f"brew{i}",
                    title=title,
                    tags=tags,
                    posted_at=clock() - timedelta(days=700 + i),
                    url=f"http://b.test/t/{i}",
                ),
            )
        return {p.id or 0 for p in groups_repo.posts_of(conn) if p.group_id == gid}


def answers(engine_items: list) -> list:  # type: ignore[type-arg]
    return [s for s in engine_items if s.kind is SuggestionKind.ANSWER]


def test_a_new_profile_brings_its_questions_at_once(sqlite_store: Store, clock: Clock) -> None:
    engine = demo_engine(sqlite_store, clock)
    add_busy_data_group(sqlite_store, clock)
    brewing = add_brewers_group(sqlite_store, clock)
    before = answers(questions.suggest(engine))
    assert not {s.post_id for s in before} & brewing, "data engineering profile: no brewing"
    with sqlite_store.transaction() as conn:
        set_expertise(conn, "Homebrew lager fermentation; hops and yeast for a pale ale")
    after = answers(questions.suggest(engine))
    on_brewing = [s for s in after if s.post_id in brewing]
    assert len(on_brewing) >= 2, [shown(s.reason) for s in after]
    stated = ("Homebrew lager fermentation", "hops and yeast for a pale ale")
    assert all(any(topic in shown(s.reason) for topic in stated) for s in on_brewing)


def test_reasons_never_quote_a_post(sqlite_store: Store, clock: Clock) -> None:
    engine = demo_engine(sqlite_store, clock)
    items = answers(questions.suggest(engine))
    assert items
    with sqlite_store.read() as conn:
        titles = {p.title for p in groups_repo.posts_of(conn) if p.title}
    for item in items:
        assert "Re:" not in shown(item.reason)
        assert not any(title in shown(item.reason) for title in titles if len(title) > 12), (
            item.reason
        )
