"""Questions I can answer, and questions to forward to a contact who can.

The ordering comes from the question ranker that `altruist eval questions` measures on real
Stack Exchange dumps (engine/questions/ranker.py: BM25 + embeddings + tags, × answerability ×
freshness), so the product ranks the way the evaluation scores. That ranker scales its signals
relative to the candidates, so an absolute gate decides whether a question fits at all: the
cosine between the question and the user's knowledge must reach MIN_FIT.

A question the user cannot answer but a contact's offered knowledge fits becomes a FORWARD deed
(an introduction between asker and contact), ranked among eligible contacts by the people router
that `altruist eval routing` measures.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from altruist.domain import FacetKind, Group, Post, Suggestion, SuggestionKind
from altruist.engine.context import EngineContext
from altruist.engine.need_offer import facet_intents
from altruist.engine.phrases import phrase
from altruist.engine.questions.my_expertise import expertise_topics, get_expertise, my_offers
from altruist.engine.questions.people_router import PeopleIndex, PersonHistory
from altruist.engine.questions.ranker import (
    DEFAULT_SETTINGS,
    EMBED_CHARS,
    Background,
    KnowledgeProfile,
    ProfileEntry,
    QuestionDoc,
    QuestionIndex,
)
from altruist.errors import NotFoundError
from altruist.store import Store
from altruist.store import facets as facets_repo
from altruist.store import groups as groups_repo
from altruist.store import interactions as interactions_repo
from altruist.store import people as people_repo
from altruist.understand.intents import Intent, understand
from altruist.understand.needs import shown_offer
from altruist.understand.reader import Reader
from altruist.understand.vectors import CachedEmbedder

# Cosine gates for the multilingual USE model: unrelated sentences score about 0.1–0.3, a question
# on a topic the user knows 0.35 and more (calibrated on the demo network, see docs/design.md).
MIN_FIT = 0.33
FORWARD_MIN = 0.27  # question vs a contact's offer: short topic phrases score lower
QUESTION_KINDS = (SuggestionKind.ANSWER, SuggestionKind.FORWARD)
MAX_SUGGESTIONS = 30
TOPIC_DECAY = 0.85  # each further question on the same stated topic counts 15 % less
PER_TOPIC = 2  # questions per stated topic that are always listed when they fit at all
MAX_FORWARDS = 10
PER_CONTACT = 2  # nobody wants every question of the week forwarded to them


def my_profile(ctx: EngineContext) -> KnowledgeProfile:
    """Stated expertise and offers, plus the user's own earlier posts in their groups.

    What the user states weighs as much as all their earlier posts together (issue 16): with a
    fixed weight, 25 posts on data engineering outvoted a profile just rewritten to brewing, and
    editing the profile changed nothing. Without a statement the posts keep their full weight.
    """
    with ctx.store.read() as conn:
        stated = [get_expertise(conn), *my_offers(conn)]
        mine = groups_repo.my_posts(conn)
    unique = list(dict.fromkeys(t.strip() for t in stated if t.strip()))
    post_weight = 1.0
    if unique and mine:
        post_weight = min(1.0, DEFAULT_SETTINGS.expertise_weight / len(mine))
    entries = tuple(
        ProfileEntry(
            f"{p.title}\n{p.body}", tuple(p.tags), p.posted_at, weight=post_weight, label=p.title
        )
        for p in mine
    )
    return KnowledgeProfile(expertise="\n".join(unique), entries=entries)


def knowledge_parts(profile: KnowledgeProfile) -> list[str]:
    """The stated expertise split into its topics, plus each earlier post: a long list of skills
    embeds as one diffuse vector, each topic alone matches a question sharply."""
    return expertise_topics(profile.expertise) + [e.text[:EMBED_CHARS] for e in profile.entries]


def post_doc(post: Post) -> QuestionDoc:
    return QuestionDoc(
        key=post.id,
        title=post.title,
        body=post.body,
        tags=tuple(post.tags),
        posted_at=post.posted_at,
        answer_count=post.answer_count,
        is_solved=post.is_solved,
        author=post.author_person_id,
    )


@dataclass
class GroupQuestions:
    """The questions of the user's groups, read and embedded once per refresh."""

    open: list[Post]  # open questions by others that the user has not answered yet
    open_vectors: np.ndarray
    background: Background  # every stored question, open or not: what is typical there
    groups: dict[int, Group]


def group_questions(ctx: EngineContext, embedder: CachedEmbedder) -> GroupQuestions:
    with ctx.store.read() as conn:
        known = groups_repo.posts_of(conn, questions_only=True)
        groups = {g.id or 0: g for g in groups_repo.all_groups(conn)}
        answered = {p.parent_external_id for p in groups_repo.my_posts(conn)}
    docs = [post_doc(p) for p in known]
    vectors = embedder.embed([d.text for d in docs])
    rows = [
        i
        for i, p in enumerate(known)
        if not p.is_solved and not p.by_me and p.external_id not in answered
    ]
    return GroupQuestions(
        open=[known[i] for i in rows],
        open_vectors=vectors[rows],
        background=Background.of(vectors, (d.tags for d in docs)),
        groups=groups,
    )


def _topic(post: Post, profile: KnowledgeProfile, stated_topic: str | None) -> str:
    """Name the matched topic in words: the user's stated topic that fits the question best,
    else the tags the question shares with the user's posts, else the question's own tags.
    Never a post's title or text — "your knowledge of Re: How do I backfill…" says nothing."""
    if stated_topic:
        return stated_topic if len(stated_topic) <= 80 else stated_topic[:77].rstrip() + "…"
    mine = profile.tag_counts()
    shared = sorted((t for t in post.tags if mine.get(t)), key=lambda t: -mine[t])
    return ", ".join((shared or list(post.tags))[:3])


def by_topic_turns(rows: list[int], topic_of_row: dict[int, int | None]) -> dict[int, int]:
    """Each row's turn within its topic (0 = the topic's best question), for the topic decay:
    a profile of several topics gets questions on each of them, not thirty on the one its
    earlier posts dwell on."""
    seen: dict[int | None, int] = {}
    turns: dict[int, int] = {}
    for row in rows:
        topic = topic_of_row.get(row)
        turns[row] = seen.get(topic, 0)
        seen[topic] = turns[row] + 1
    return turns


def suggest(ctx: EngineContext) -> list[Suggestion]:
    profile = my_profile(ctx)
    parts = knowledge_parts(profile)
    if not parts:
        return []
    embedder = CachedEmbedder(ctx.store, ctx.embedder)
    found = group_questions(ctx, embedder)
    questions, groups, vectors = found.open, found.groups, found.open_vectors
    if not questions:
        return []
    docs = [post_doc(q) for q in questions]
    knowledge = embedder.embed(parts)
    similarity = vectors @ knowledge.T
    fit = similarity.max(axis=1)
    # The stated topic each question fits best (if it fits one at all) names the reason and
    # keeps the list varied across the user's topics.
    topics = expertise_topics(profile.expertise)
    topic_fit = similarity[:, : len(topics)]
    topic_of_row: dict[int, int | None] = {
        row: int(topic_fit[row].argmax()) if topics and topic_fit[row].max() >= MIN_FIT else None
        for row in range(len(questions))
    }
    index = QuestionIndex(docs, embedder, vectors=vectors, background=found.background)
    now = ctx.clock()
    by_id = {q.id: q for q in questions}
    ranking = [r for r in index.rank(profile, now) if fit[r.row] >= MIN_FIT]
    turns = by_topic_turns([r.row for r in ranking], topic_of_row)
    ranking.sort(key=lambda r: -r.score * TOPIC_DECAY ** turns[r.row])
    # Every stated topic keeps its best questions in the list, however stale or rare they are
    # next to the others: the user said they know it, so they must be able to see it.
    reserved = [r for r in ranking if topic_of_row[r.row] is not None and turns[r.row] < PER_TOPIC]
    rest = [r for r in ranking if r not in reserved]
    out: list[Suggestion] = []
    for ranked in (reserved + rest)[:MAX_SUGGESTIONS]:
        post = by_id[ranked.question.key]  # type: ignore[index]
        topic = topic_of_row[ranked.row]
        answers = (
            phrase("no_answers")
            if post.answer_count == 0
            else phrase("few_answers", n=post.answer_count)
        )
        group = groups.get(post.group_id)
        out.append(
            Suggestion(
                kind=SuggestionKind.ANSWER,
                key=f"answer:{post.id}",
                title=phrase("answer_title", title=post.title, group=group.name if group else "?"),
                reason=phrase(
                    "answer_reason",
                    answers=answers,
                    topic=_topic(post, profile, None if topic is None else topics[topic]),
                ),
                score=round(min(1.0, ranked.score * TOPIC_DECAY ** turns[ranked.row]), 4),
                post_id=post.id,
                person_ids=[post.author_person_id] if post.author_person_id else [],
            )
        )
    unanswerable = [i for i in np.argsort(fit) if fit[i] < MIN_FIT]
    out += _forwards(ctx, [questions[i] for i in unanswerable], vectors[unanswerable], groups, now)
    return out


def _forwards(
    ctx: EngineContext,
    questions: list[Post],
    vectors: np.ndarray,
    groups: dict[int, Group],
    now: datetime,
) -> list[Suggestion]:
    """Questions the user cannot answer, matched to contacts whose offered knowledge fits."""
    with ctx.store.read() as conn:
        me = people_repo.me(conn)
        offered = [
            f
            for f in facets_repo.all_facets(conn)
            if f.kind is FacetKind.OFFER and (me is None or f.person_id != me.id)
        ]
        # Read as the one matcher reads (engine/need_offer.py), by cue words: knowledge, not jobs.
        offers = [
            f
            for f, intent in zip(offered, facet_intents(offered, Reader()), strict=True)
            if intent in (Intent.KNOWLEDGE_OFFER, Intent.MENTORING)
        ]
        last_contact = interactions_repo.last_contact(conn)
    if not questions or not offers:
        return []
    embedder = CachedEmbedder(ctx.store, ctx.embedder)
    offer_vecs = embedder.embed([understand(f.text).topic for f in offers])
    sims = vectors @ offer_vecs.T
    by_person: dict[int, list[str]] = {}
    for f in offers:
        by_person.setdefault(f.person_id, []).append(f.text)
    histories = [
        PersonHistory(
            pid, KnowledgeProfile(expertise="\n".join(texts)), last_active=last_contact.get(pid)
        )
        for pid, texts in sorted(by_person.items())
    ]
    router = PeopleIndex(histories, embedder)
    with ctx.store.read() as conn:
        contacts = people_repo.get_many(conn, by_person)
    names = {pid: p.name for pid, p in contacts.items()}
    out: list[Suggestion] = []
    per_contact: dict[int, int] = {}
    for row, post in enumerate(questions):
        eligible: dict[int, tuple[float, str]] = {}  # contact -> best (similarity, offer)
        for j in np.flatnonzero(sims[row] >= FORWARD_MIN):
            pid, sim = offers[j].person_id, float(sims[row, j])
            if pid != post.author_person_id and sim > eligible.get(pid, (0.0, ""))[0]:
                eligible[pid] = (sim, offers[j].text)
        if not eligible:
            continue
        for busy in [pid for pid in eligible if per_contact.get(pid, 0) >= PER_CONTACT]:
            del eligible[busy]
        if not eligible:
            continue
        best = next(
            r
            for r in router.rank(post_doc(post), now, vectors[row : row + 1])
            if r.person.person in eligible
        )
        contact = int(best.person.person)  # type: ignore[call-overload]
        similarity, offer = eligible[contact]
        per_contact[contact] = per_contact.get(contact, 0) + 1
        group = groups.get(post.group_id)
        out.append(
            Suggestion(
                kind=SuggestionKind.FORWARD,
                key=f"forward:{post.id}:{contact}",
                title=phrase("forward_title", title=post.title, contact=names.get(contact, "?")),
                reason=phrase(
                    "forward_reason",
                    asker=post.author_name or "?",
                    topic=", ".join(post.tags[:2]) or post.title,
                    group=group.name if group else "?",
                    contact=names.get(contact, "?"),
                    # A position offer reads in the reader's language (stored in the contact's).
                    offer=shown_offer(offer, contacts[contact]) if contact in contacts else offer,
                ),
                score=round(0.6 * similarity, 4),
                post_id=post.id,
                person_ids=[contact] + ([post.author_person_id] if post.author_person_id else []),
            )
        )
        if len(out) >= MAX_FORWARDS:
            break
    return out


@dataclass(frozen=True)
class QuestionDeed:
    """A question deed with its post and group, for the Questions page and `altruist questions`;
    post and group are None when the group was removed since the refresh."""

    item: Suggestion
    post: Post | None
    group: Group | None


def with_posts(store: Store, items: Sequence[Suggestion]) -> list[QuestionDeed]:
    out: list[QuestionDeed] = []
    with store.read() as conn:
        groups = {g.id: g for g in groups_repo.all_groups(conn)}
        for item in items:
            post = None
            if item.post_id is not None:
                with suppress(NotFoundError):
                    post = groups_repo.get_post(conn, item.post_id)
            out.append(QuestionDeed(item, post, groups.get(post.group_id) if post else None))
    return out
