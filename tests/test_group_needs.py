from __future__ import annotations

from datetime import timedelta

from altruist.clock import Clock
from altruist.domain import Group, Person, Post
from altruist.engine.context import EngineContext
from altruist.engine.questions.group_needs import groups_needing_me
from altruist.store import Store, settings_repo
from altruist.store import groups as groups_repo
from altruist.store import people as people_repo


def test_group_with_unanswered_fitting_questions_needs_me_most(
    sqlite_store: Store, clock: Clock
) -> None:
    now = clock()
    with sqlite_store.transaction() as conn:
        people_repo.add(conn, Person(name="Me", is_me=True))
        settings_repo.put(conn, "my_expertise", "postgresql query performance; airflow pipelines")
        thin = groups_repo.add(conn, Group(name="Thin", kind="rss", url="u1")).id or 0
        busy = groups_repo.add(conn, Group(name="Busy", kind="rss", url="u2")).id or 0
        for i in range(6):
            groups_repo.upsert_post(
                conn,
                Post(
                    group_id=thin,
                    external_id=f"t{i}",
                    title=f"postgresql query performance slow {i}",
                    posted_at=now - timedelta(days=i),
                    answer_count=0,
                ),
            )
            groups_repo.upsert_post(
                conn,
                Post(
                    group_id=busy,
                    external_id=f"b{i}",
                    title=f"postgresql query performance slow {i}",
                    posted_at=now - timedelta(days=i),
                    answer_count=4,
                ),
            )
            groups_repo.upsert_post(
                conn,
                Post(
                    group_id=busy,
                    external_id=f"a{i}",
                    title="Re: answer",
                    is_question=False,
                    author_account=f"helper{i}",
                    posted_at=now - timedelta(days=i),
                    parent_external_id=f"b{i}",
                ),
            )
        groups_repo.upsert_post(
            conn,
            Post(
                group_id=busy,
                external_id="mine",
                title="Re: mine",
                is_question=False,
                by_me=True,
                is_solved=True,
                posted_at=now - timedelta(days=3),
                parent_external_id="b1",
            ),
        )
    needs = groups_needing_me(EngineContext(store=sqlite_store, clock=clock, embedder_name="fake"))
    assert [n.name for n in needs] == ["Thin", "Busy"]
    thin_need, busy_need = needs
    assert thin_need.matching_open == 6 and thin_need.answers_per_question == 0
    assert busy_need.active_answerers == 6 and busy_need.my_accepted_answers == 1
    assert busy_need.my_posts_per_month > 0 and thin_need.my_posts_per_month == 0
