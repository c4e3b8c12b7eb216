"""The product's background for ranking questions: every stored question of the user's groups,
open or solved, never the answers (a real SQLite store)."""

from __future__ import annotations

from datetime import timedelta

import numpy as np

from altruist.clock import Clock
from altruist.domain import Group, Post
from altruist.engine.context import EngineContext
from altruist.engine.questions.suggest import group_questions
from altruist.store import Store
from altruist.store import groups as groups_repo
from altruist.understand.embedder import FakeEmbedder
from altruist.understand.vectors import CachedEmbedder


def test_background_counts_open_and_solved_questions_but_not_answers(
    sqlite_store: Store, clock: Clock
) -> None:
    now = clock()
    with sqlite_store.transaction() as conn:
        gid = groups_repo.add(conn, Group(name="Brewers", kind="rss", url="u")).id or 0
        for i in range(4):
            groups_repo.upsert_post(
                conn,
                Post(
                    group_id=gid,
                    external_id=f"q{i}",
                    title=f"Which yeast for a lager {i}?",
                    tags=["beer", "yeast"] if i < 2 else ["beer"],
                    is_solved=i == 3,
                    posted_at=now - timedelta(days=i),
                ),
            )
            groups_repo.upsert_post(
                conn,
                Post(
                    group_id=gid,
                    external_id=f"a{i}",
                    title="Re: yeast",
                    tags=["answer-only"],
                    is_question=False,
                    parent_external_id=f"q{i}",
                    posted_at=now,
                ),
            )
    ctx = EngineContext(store=sqlite_store, clock=clock, embedder_name="fake")
    background = group_questions(ctx, CachedEmbedder(sqlite_store, FakeEmbedder())).background
    assert background.questions == 4
    assert dict(background.tag_questions) == {"beer": 4, "yeast": 2}
    assert abs(float(np.linalg.norm(background.centroid)) - 1.0) < 1e-6
