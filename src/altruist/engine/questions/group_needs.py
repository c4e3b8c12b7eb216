"""Groups that need me, and my visibility in each (issue 5): "In welchen Gruppen kann ich Wissen
weitergeben?"

Demand = open questions fitting the user's knowledge per week, over the last WINDOW_DAYS.
Supply = answers per question and distinct people answering in the same window.
A group needs the user most where demand is high and supply is thin:
    need = demand per week × 1 / (1 + answers per question) × 1 / (1 + log(1 + active answerers))
Visibility is the user's own activity (posts per month, accepted answers), because silent
readers judge people by it before they make contact.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from datetime import timedelta

from altruist.clock import as_utc
from altruist.domain import Group, Post
from altruist.engine.context import EngineContext
from altruist.engine.questions.suggest import MIN_FIT, knowledge_parts, my_profile, post_doc
from altruist.store import groups as groups_repo
from altruist.understand.vectors import CachedEmbedder

WINDOW_DAYS = 56
VISIBILITY_DAYS = 90


@dataclass(frozen=True)
class GroupNeed:
    group_id: int
    name: str
    matching_open_per_week: float
    matching_open: int
    questions: int
    answers_per_question: float
    active_answerers: int
    my_posts_per_month: float
    my_accepted_answers: int
    need: float

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def _in_window(post: Post, since: object) -> bool:
    return post.posted_at is not None and as_utc(post.posted_at) >= since  # type: ignore[operator]


def groups_needing_me(ctx: EngineContext) -> list[GroupNeed]:
    """Every group with its figures, the group that needs the user most first."""
    now = as_utc(ctx.clock())
    since, visible_since = now - timedelta(days=WINDOW_DAYS), now - timedelta(days=VISIBILITY_DAYS)
    with ctx.store.read() as conn:
        groups = groups_repo.all_groups(conn)
        posts = groups_repo.posts_of(conn)
    parts = knowledge_parts(my_profile(ctx))
    recent_open = [p for p in posts if p.is_open and not p.by_me and _in_window(p, since)]
    fits: dict[int | None, float] = {}
    if parts and recent_open:
        embedder = CachedEmbedder(ctx.store, ctx.embedder)
        vectors = embedder.embed([post_doc(p).text for p in recent_open])
        best = (vectors @ embedder.embed(parts).T).max(axis=1)
        fits = {p.id: float(f) for p, f in zip(recent_open, best, strict=True)}
    out = [
        _figures(g, [p for p in posts if p.group_id == g.id], fits, since, visible_since)
        for g in groups
    ]
    out.sort(key=lambda n: (-n.need, n.name))
    return out


def _figures(
    group: Group,
    posts: list[Post],
    fits: dict[int | None, float],
    since: object,
    visible_since: object,
) -> GroupNeed:
    weeks = WINDOW_DAYS / 7
    questions = [p for p in posts if p.is_question and _in_window(p, since)]
    matching = [p for p in questions if fits.get(p.id, 0.0) >= MIN_FIT]
    answers = [p for p in posts if not p.is_question and _in_window(p, since)]
    answerers = {p.author_account for p in answers if p.author_account and not p.by_me}
    per_question = sum(q.answer_count for q in questions) / len(questions) if questions else 0.0
    mine = [p for p in posts if p.by_me and _in_window(p, visible_since)]
    per_week = len(matching) / weeks
    need = per_week / (1 + per_question) / (1 + math.log1p(len(answerers)))
    return GroupNeed(
        group_id=group.id or 0,
        name=group.name,
        matching_open_per_week=round(per_week, 2),
        matching_open=len(matching),
        questions=len(questions),
        answers_per_question=round(per_question, 2),
        active_answerers=len(answerers),
        my_posts_per_month=round(len(mine) / (VISIBILITY_DAYS / 30), 2),
        my_accepted_answers=sum(1 for p in posts if p.by_me and not p.is_question and p.is_solved),
        need=round(need, 4),
    )
