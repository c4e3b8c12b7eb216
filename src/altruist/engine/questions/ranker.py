"""Rank open questions for a person from what that person knows (issue 5, "Ranking").

The inputs are plain data, not store rows, so the product (posts from the user's groups) and the
Stack Exchange evaluation (`altruist eval questions`) run the very same code.

score = fit × answerability × freshness, where fit is a weighted sum of three signals, each scaled
to [0, 1] over the candidates so the weights mean the same on every site:
- lexical: BM25 of the candidates against the whole profile as one weighted query;
- semantic: embedding similarity to the profile's centroid *minus* a share of the similarity to
  the groups' background (the centroid of every question known there), which also matches a
  German question to an English profile;
- tags: the question's tag the person writes on most *more often than the groups do* (a lift).

Why against a background: a question near the centre of a group is near every member's profile,
so raw similarity ranks the group's most typical questions first for everyone. What a person
answers is better told by what sets them apart — P(question | person) / P(question), Bayes'
reason for ranking by lift. A full lift overshoots for generalists whose profile *is* the
centre, so only a share of the background is taken away (docs/eval-questions.md).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from scipy import sparse

from altruist.engine.questions.text_match import Bm25Index, tokenize, weighted_query
from altruist.understand.embedder import Embedder

# Long bodies add little meaning after the first paragraphs and cost embedding time.
EMBED_CHARS = 1000


@dataclass(frozen=True)
class ProfileEntry:
    """Something the person wrote or said they know: an answer, a question, stated expertise."""

    text: str
    tags: tuple[str, ...] = ()
    at: datetime | None = None
    weight: float = 1.0
    label: str | None = None  # shown in reasons, e.g. the title of the answered question


@dataclass(frozen=True)
class KnowledgeProfile:
    expertise: str = ""  # stated expertise, CV or bio text
    entries: tuple[ProfileEntry, ...] = ()

    def all_entries(self, expertise_weight: float) -> list[ProfileEntry]:
        stated = [ProfileEntry(self.expertise, weight=expertise_weight, label="your expertise")]
        return (stated if self.expertise.strip() else []) + list(self.entries)

    def tag_counts(self) -> dict[str, float]:
        counts: dict[str, float] = {}
        for entry in self.entries:
            for tag in entry.tags:
                counts[tag] = counts.get(tag, 0.0) + entry.weight
        return counts


@dataclass(frozen=True)
class QuestionDoc:
    key: Hashable
    title: str
    body: str = ""
    tags: tuple[str, ...] = ()
    posted_at: datetime | None = None
    answer_count: int = 0
    is_solved: bool = False
    author: Hashable | None = None

    @property
    def text(self) -> str:
        return f"{self.title}\n{self.body}"[:EMBED_CHARS]


@dataclass(frozen=True)
class RankerSettings:
    """Chosen once on all Stack Exchange dumps and several date splits together
    (docs/eval-questions.md), never per site."""

    # Questions for a person (QuestionIndex).
    lexical: float = 0.04
    semantic: float = 0.83
    tags: float = 0.13
    background_share: float = 0.7  # how much of the similarity to the background is taken away
    tag_prior_posts: float = 5.0  # a profile's tag shares are smoothed toward the groups' by this
    expertise_weight: float = 3.0
    max_profile_entries: int = 300
    answer_damping: float = 0.5  # answerability = 1 / (1 + damping × answers)
    solved_factor: float = 0.25
    fresh_half_life_days: float = 14.0
    fresh_floor: float = 0.2  # an old unanswered question is still worth answering
    # Routing (rank_people): the profile fit and activity priors.
    route_lexical: float = 0.05
    route_semantic: float = 0.85
    route_tags: float = 0.1
    activity: float = 0.75
    recency: float = 1.0
    recency_half_life_days: float = 60.0


DEFAULT_SETTINGS = RankerSettings()


@dataclass(frozen=True)
class Background:
    """What a typical question of the groups looks like: the centroid of their embeddings and
    how many questions carry each tag."""

    centroid: np.ndarray  # unit length, or zeros when nothing is known
    tag_questions: Mapping[str, int]
    questions: int

    @classmethod
    def of(cls, vectors: np.ndarray, tags: Iterable[Sequence[str]]) -> Background:
        centroid = vectors.mean(axis=0) if len(vectors) else np.zeros(vectors.shape[1])
        norm = float(np.linalg.norm(centroid))
        counts: Counter[str] = Counter()
        n = 0
        for question_tags in tags:
            counts.update(set(question_tags))
            n += 1
        return cls(centroid / norm if norm > 0 else centroid, counts, n)

    @classmethod
    def unknown(cls, dim: int) -> Background:
        """No background: raw similarity, and tags count by how often the person used them —
        as if every tag were rare (1 question in 2,000), so any tag the person wrote on lifts.
        (The candidates alone are no background: a handful of questions would mostly be
        compared with themselves.)"""
        return cls(np.zeros(dim), {}, 1_000)

    def tag_share(self, tag: str) -> float:
        """The share of questions carrying `tag`, smoothed so an unseen tag is rare, not absent."""
        return (self.tag_questions.get(tag, 0) + 0.5) / (self.questions + 1.0)


@dataclass
class RankedQuestion:
    question: QuestionDoc
    score: float
    fit: float
    reason: str
    parts: dict[str, float] = field(default_factory=dict)
    row: int = -1  # position in the index, for explaining


def scale(values: np.ndarray) -> np.ndarray:
    """Divide by the best candidate's value, so each signal lies in [0, 1] on every site.
    Not min–max: when all candidates fit equally well they should keep their fit, and
    answerability and freshness then decide. Negative similarities count as no fit."""
    if values.size == 0:
        return values.astype(np.float64)
    clipped = np.clip(values.astype(np.float64), 0.0, None)
    high = float(clipped.max())
    return clipped / high if high > 1e-12 else np.zeros_like(clipped)


def spread(values: np.ndarray) -> np.ndarray:
    """Min–max to [0, 1], for the background-corrected similarity: it is a difference, so values
    below zero still order the candidates (clipping would tie them all at the bottom). When all
    candidates are equal they fit equally: 1 each, and answerability and freshness decide."""
    if values.size == 0:
        return values.astype(np.float64)
    low, high = float(values.min()), float(values.max())
    if high - low <= 1e-12:
        return np.ones(values.shape, dtype=np.float64)
    return (values.astype(np.float64) - low) / (high - low)


def profile_centroid(entries: np.ndarray, weights: np.ndarray) -> np.ndarray | None:
    """The weighted centroid of a profile's entry vectors at unit length (the person's main
    topic), or None when there is nothing to average."""
    if entries.shape[0] == 0:
        return None
    centroid = (weights[:, None] * entries).sum(axis=0)
    norm = np.linalg.norm(centroid)
    return centroid / norm if norm > 0 else None


def semantic_similarity(
    targets: np.ndarray, entries: np.ndarray, weights: np.ndarray
) -> np.ndarray:
    """Per target row: cosine to the weighted profile centroid."""
    centroid = profile_centroid(entries, weights)
    if centroid is None or targets.shape[0] == 0:
        return np.zeros(targets.shape[0])
    return np.asarray(targets @ centroid, dtype=np.float64)


def tag_lift(
    profile: KnowledgeProfile, background: Background, prior_posts: float
) -> dict[str, float]:
    """log(share of the person's posts with the tag / share of the groups' questions with it),
    the person's share smoothed toward the groups' by `prior_posts` pseudo-posts, so three posts
    on a tag are a weaker sign than thirty."""
    counts = profile.tag_counts()
    total = sum(e.weight for e in profile.entries)
    lifts = {}
    for tag, count in counts.items():
        share = background.tag_share(tag)
        lifts[tag] = math.log((count + prior_posts * share) / (total + prior_posts) / share)
    return lifts


def tag_affinity(counts: Mapping[str, float], tags: Sequence[str]) -> float:
    """How often the person wrote on the question's tags (Stack Exchange's "my tags")."""
    return float(sum(counts.get(t, 0.0) for t in tags))


def answerability(question: QuestionDoc, settings: RankerSettings) -> float:
    value = 1.0 / (1.0 + settings.answer_damping * max(0, question.answer_count))
    return value * (settings.solved_factor if question.is_solved else 1.0)


class QuestionIndex:
    """The candidate questions, tokenized and embedded once, ranked for any number of profiles.

    `vectors` may be passed when the embeddings already exist (the store's cache); otherwise the
    embedder computes them. `background` describes every question known in the groups; without
    it nothing is taken away (Background.unknown).
    """

    def __init__(
        self,
        questions: Sequence[QuestionDoc],
        embedder: Embedder,
        vectors: np.ndarray | None = None,
        settings: RankerSettings = DEFAULT_SETTINGS,
        background: Background | None = None,
    ) -> None:
        self.questions = list(questions)
        self.embedder = embedder
        self.settings = settings
        self.lexical = Bm25Index(
            [tokenize(f"{q.title} {q.title} {q.body} {' '.join(q.tags)}") for q in self.questions]
        )
        self.vectors = (
            vectors if vectors is not None else embedder.embed([q.text for q in self.questions])
        )
        if self.vectors.shape[0] != len(self.questions):
            raise ValueError("one vector per question is needed")
        self.background = background or Background.unknown(self.vectors.shape[1])
        self._background_similarity = self.vectors @ self.background.centroid
        # Per-question facts as arrays, so ranking 100,000 posts is a few vector operations.
        self._answerability = np.array([answerability(q, settings) for q in self.questions])
        self._posted = np.array(
            [q.posted_at.timestamp() if q.posted_at else np.nan for q in self.questions]
        )
        self._tag_ids: dict[str, int] = {}
        pairs = [
            (i, self._tag_ids.setdefault(t, len(self._tag_ids)))
            for i, q in enumerate(self.questions)
            for t in q.tags
        ]
        rows = np.array([i for i, _ in pairs], dtype=np.int64)
        cols = np.array([c for _, c in pairs], dtype=np.int64)
        self._tags = sparse.csr_matrix(
            (np.ones(len(pairs)), (rows, cols)), shape=(len(self.questions), len(self._tag_ids))
        )

    def _freshness(self, now: datetime) -> np.ndarray:
        s = self.settings
        age_days = np.clip((now.timestamp() - self._posted) / 86400.0, 0.0, None)
        decay = np.where(
            np.isnan(age_days), 1.0, 0.5 ** (np.nan_to_num(age_days) / s.fresh_half_life_days)
        )
        return s.fresh_floor + (1.0 - s.fresh_floor) * decay

    def signals(self, profile: KnowledgeProfile) -> dict[str, np.ndarray]:
        """The three fit signals for every question, each scaled to [0, 1]."""
        s = self.settings
        entries = _recent(profile.all_entries(s.expertise_weight), s.max_profile_entries)
        query = weighted_query((e.text, e.weight) for e in entries)
        tag_counts = profile.tag_counts()
        for tag, count in tag_counts.items():
            for term in tokenize(tag.replace("-", " ")):
                query[term] = query.get(term, 0.0) + math.log1p(count)
        entry_vectors = self.embedder.embed([e.text[:EMBED_CHARS] for e in entries])
        weights = np.array([e.weight for e in entries], dtype=np.float64)
        similarity = semantic_similarity(self.vectors, entry_vectors, weights)
        lift = np.zeros(len(self._tag_ids))
        for tag, value in tag_lift(profile, self.background, s.tag_prior_posts).items():
            col = self._tag_ids.get(tag)
            if col is not None:
                lift[col] = max(0.0, value)
        # A question is as close to the person's knowledge as its closest tag: one specialist
        # tag among general ones still marks the question as theirs.
        best_tag = self._tags.multiply(lift[None, :]).max(axis=1) if lift.size else None
        return {
            "lexical": scale(self.lexical.scores(query)),
            "semantic": (
                spread(similarity - s.background_share * self._background_similarity)
                if entries
                else np.zeros(len(self.questions))
            ),
            "tags": (
                scale(np.asarray(best_tag.todense()).ravel())
                if best_tag is not None
                else np.zeros(len(self.questions))
            ),
        }

    def rank(
        self, profile: KnowledgeProfile, now: datetime, limit: int | None = None
    ) -> list[RankedQuestion]:
        """The best `limit` questions (all when None), best first; reasons are left empty."""
        s = self.settings
        if not self.questions:
            return []
        parts = self.signals(profile)
        fit = s.lexical * parts["lexical"] + s.semantic * parts["semantic"] + s.tags * parts["tags"]
        score = fit * self._answerability * self._freshness(now)
        # Stable sort: equal scores keep the caller's order, so a run is reproducible.
        order = np.argsort(-score, kind="stable")[:limit]
        return [
            RankedQuestion(
                self.questions[i],
                float(score[i]),
                float(fit[i]),
                "",
                {name: float(values[i]) for name, values in parts.items()},
                row=int(i),
            )
            for i in order
        ]

    def explain(self, ranked: Sequence[RankedQuestion], profile: KnowledgeProfile) -> None:
        """Fill in one sentence per question naming the matched topic: the shared tags, else the
        terms that matched most, else closeness in meaning."""
        tag_counts = profile.tag_counts()
        entries = profile.all_entries(self.settings.expertise_weight)
        query = weighted_query((e.text, e.weight) for e in entries)
        for r in ranked:
            shared = sorted(
                (t for t in r.question.tags if tag_counts.get(t)), key=lambda t: -tag_counts[t]
            )
            terms = self.lexical.top_terms(query, r.row) if r.row >= 0 else []
            if shared:
                r.reason = "You wrote on " + ", ".join(f"#{t}" for t in shared[:3]) + "."
            elif terms:
                r.reason = "Matches what you know about " + ", ".join(f"'{t}'" for t in terms) + "."
            else:
                r.reason = "Close in meaning to what you wrote before."


def _recent(entries: list[ProfileEntry], limit: int) -> list[ProfileEntry]:
    """Keep stated expertise and the newest entries: what someone knew long ago fades."""
    if len(entries) <= limit:
        return entries
    stated = [e for e in entries if e.at is None]
    dated = sorted((e for e in entries if e.at is not None), key=lambda e: e.at or 0, reverse=True)
    return (stated + dated)[:limit]


def rank_questions(
    profile: KnowledgeProfile,
    questions: Sequence[QuestionDoc],
    now: datetime,
    embedder: Embedder,
    settings: RankerSettings = DEFAULT_SETTINGS,
    limit: int | None = None,
) -> list[RankedQuestion]:
    """Best question for this profile first (the top `limit`), each with a one-sentence reason."""
    if not questions:
        return []
    index = QuestionIndex(questions, embedder, settings=settings)
    ranked = index.rank(profile, now, limit)
    index.explain(ranked, profile)
    return ranked
