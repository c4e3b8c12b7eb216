"""Questions I can answer: open questions in the user's groups that fit the user's knowledge.

score = fit to the knowledge profile × answerability (few or no answers) × freshness. The
profile is the user's stated expertise, offers and their own earlier posts.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import datetime

from altruist.clock import as_utc
from altruist.domain import FacetKind, Post, Suggestion, SuggestionKind
from altruist.engine.context import EngineContext
from altruist.engine.phrases import phrase, user_language
from altruist.store import facets as facets_repo
from altruist.store import groups as groups_repo
from altruist.store import people as people_repo
from altruist.store import settings_repo
from altruist.understand.vectors import embed_cached

FRESHNESS_HALF_LIFE_DAYS = 14.0
MIN_FIT = 0.25
MAX_SUGGESTIONS = 30


def profile_texts(ctx: EngineContext) -> tuple[list[str], Counter[str]]:
    """The user's knowledge as texts, and the tags of their own earlier posts."""
    with ctx.store.read() as conn:
        me = people_repo.me(conn)
        texts: list[str] = []
        expertise = settings_repo.get(conn, "my_expertise")
        if expertise:
            texts.append(str(expertise))
        if me is not None:
            texts += [
                f.text
                for f in facets_repo.for_person(conn, me.id or 0)
                if f.kind is FacetKind.OFFER
            ]
        mine = groups_repo.my_posts(conn)
    texts += [f"{p.title}. {p.body}" for p in mine]
    tags = Counter(tag for p in mine for tag in p.tags)
    return texts, tags


def freshness(posted_at: datetime | None, now: datetime) -> float:
    if posted_at is None:
        return 0.5
    age_days = max(0.0, (as_utc(now) - as_utc(posted_at)).total_seconds() / 86400)
    return math.pow(0.5, age_days / FRESHNESS_HALF_LIFE_DAYS)


def answerability(post: Post) -> float:
    return 1.0 / (1.0 + post.answer_count)


def suggest(ctx: EngineContext) -> list[Suggestion]:
    texts, my_tags = profile_texts(ctx)
    with ctx.store.read() as conn:
        questions = [p for p in groups_repo.posts_of(conn, open_only=True) if not p.by_me]
        groups = {g.id: g for g in groups_repo.all_groups(conn)}
        answered_by_me = {p.parent_external_id for p in groups_repo.my_posts(conn)}
    questions = [q for q in questions if q.external_id not in answered_by_me]
    if not texts or not questions:
        return []
    profile = embed_cached(ctx.store, ctx.embedder, texts)
    docs = embed_cached(ctx.store, ctx.embedder, [f"{q.title}. {q.body}" for q in questions])
    fit = (docs @ profile.T).max(axis=1)
    now, lang = ctx.clock(), user_language(ctx.store)
    out: list[Suggestion] = []
    for question, similarity in zip(questions, fit, strict=True):
        if similarity < MIN_FIT:
            continue
        shared = [t for t in question.tags if t in my_tags]
        topic = ", ".join(shared or question.tags[:2]) or question.title
        score = (
            float(similarity)
            * answerability(question)
            * (0.5 + 0.5 * freshness(question.posted_at, now))
        )
        answers = (
            phrase(lang, "no_answers")
            if question.answer_count == 0
            else phrase(lang, "few_answers", n=question.answer_count)
        )
        group = groups.get(question.group_id)
        out.append(
            Suggestion(
                kind=SuggestionKind.ANSWER,
                key=f"answer:{question.id}",
                title=phrase(
                    lang, "answer_title", title=question.title, group=group.name if group else "?"
                ),
                reason=phrase(lang, "answer_reason", answers=answers, topic=topic),
                score=round(min(1.0, score), 4),
                post_id=question.id,
                person_ids=[question.author_person_id] if question.author_person_id else [],
            )
        )
    out.sort(key=lambda s: -s.score)
    return out[:MAX_SUGGESTIONS]
