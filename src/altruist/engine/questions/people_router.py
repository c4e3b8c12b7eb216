"""Route a question to the people most likely to answer it (issue 5, "Forward to a contact").

Each candidate is scored by the fit of their knowledge profile to the question (the same three
signals as `ranker`: BM25, embeddings, tags — here with the *people* as the documents)
plus two priors the Stack Exchange data shows to be strong: how much a person answers at all,
and whether they are still active. Young sites have few tags per person, so text carries the
fit where tags are missing.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from altruist.engine.questions.ranker import (
    DEFAULT_SETTINGS,
    EMBED_CHARS,
    KnowledgeProfile,
    QuestionDoc,
    RankerSettings,
    profile_centroid,
    scale,
    tag_affinity,
)
from altruist.engine.questions.text_match import Bm25Index, tokenize, weighted_query
from altruist.understand.embedder import Embedder


@dataclass(frozen=True)
class PersonHistory:
    person: Hashable
    profile: KnowledgeProfile
    answers: int = 0  # how many questions they answered (the activity prior)
    last_active: datetime | None = None
    name: str | None = None


@dataclass
class RankedPerson:
    person: PersonHistory
    score: float
    reason: str
    parts: dict[str, float] = field(default_factory=dict)


class PeopleIndex:
    """Candidates tokenized and embedded once, then ranked for any number of questions."""

    def __init__(
        self,
        people: Sequence[PersonHistory],
        embedder: Embedder,
        settings: RankerSettings = DEFAULT_SETTINGS,
    ) -> None:
        self.people = list(people)
        self.embedder = embedder
        self.settings = settings
        entries = [p.profile.all_entries(settings.expertise_weight) for p in self.people]
        self.lexical = Bm25Index(
            [[tok for e in person for tok in tokenize(e.text)] for person in entries]
        )
        texts = [e.text[:EMBED_CHARS] for person in entries for e in person]
        vectors = embedder.embed(texts)
        # Each person's centroid once: it does not depend on the question.
        self._centroids: list[np.ndarray | None] = []
        start = 0
        for person in entries:
            weights = np.array([e.weight for e in person], dtype=np.float64)
            self._centroids.append(profile_centroid(vectors[start : start + len(person)], weights))
            start += len(person)
        self._tags = [p.profile.tag_counts() for p in self.people]
        self._activity = scale(
            np.array([math.log1p(p.answers) for p in self.people], dtype=np.float64)
        )

    def rank(
        self, question: QuestionDoc, now: datetime, vector: np.ndarray | None = None
    ) -> list[RankedPerson]:
        """Best candidate first; `vector` is the question's embedding when the caller has it."""
        s = self.settings
        if not self.people:
            return []
        query = weighted_query([(f"{question.title} {question.title} {question.body}", 1.0)])
        for tag in question.tags:
            for term in tokenize(tag.replace("-", " ")):
                query[term] = query.get(term, 0.0) + 1.0
        lexical = scale(self.lexical.scores(query))
        q_vec = vector if vector is not None else self.embedder.embed([question.text])
        semantic = scale(
            np.array(
                [float((q_vec @ c)[0]) if c is not None else 0.0 for c in self._centroids],
                dtype=np.float64,
            )
        )
        tags = scale(np.array([tag_affinity(c, question.tags) for c in self._tags]))
        recency = np.array([self._recency(p.last_active, now) for p in self.people])
        score = (
            s.route_lexical * lexical
            + s.route_semantic * semantic
            + s.route_tags * tags
            + s.activity * self._activity
            + s.recency * recency
        )
        ranked = [
            RankedPerson(
                p,
                float(score[i]),
                "",
                {
                    "lexical": float(lexical[i]),
                    "semantic": float(semantic[i]),
                    "tags": float(tags[i]),
                    "activity": float(self._activity[i]),
                    "recency": float(recency[i]),
                },
            )
            for i, p in enumerate(self.people)
        ]
        ranked.sort(key=lambda r: -r.score)
        return ranked

    def _recency(self, last_active: datetime | None, now: datetime) -> float:
        if last_active is None:
            return 0.0
        days = max(0.0, (now - last_active).total_seconds() / 86400.0)
        return float(0.5 ** (days / self.settings.recency_half_life_days))

    def explain(self, ranked: Sequence[RankedPerson], question: QuestionDoc, now: datetime) -> None:
        """One sentence per person: the shared tags or terms, and how active they are."""
        query = weighted_query([(f"{question.title} {question.body}", 1.0)])
        rows = {id(p): i for i, p in enumerate(self.people)}
        for r in ranked:
            row = rows[id(r.person)]
            counts = self._tags[row]
            shared = [t for t in question.tags if counts.get(t)]
            if shared:
                topic = "wrote on " + ", ".join(f"#{t}" for t in shared[:3])
            else:
                terms = self.lexical.top_terms(query, row)
                topic = (
                    ("knows about " + ", ".join(f"'{t}'" for t in terms))
                    if terms
                    else ("wrote on related topics")
                )
            name = r.person.name or str(r.person.person)
            activity = f"{r.person.answers} answers"
            if r.person.last_active is not None:
                days = max(0, (now - r.person.last_active).days)
                activity += f", last active {days} days ago"
            r.reason = f"{name} {topic} ({activity})."


def rank_people(
    question: QuestionDoc,
    people: Sequence[PersonHistory],
    now: datetime,
    embedder: Embedder,
    settings: RankerSettings = DEFAULT_SETTINGS,
    limit: int | None = None,
) -> list[RankedPerson]:
    """The people most likely to answer `question`, best first, each with a reason."""
    index = PeopleIndex(people, embedder, settings)
    ranked = index.rank(question, now)[:limit]
    index.explain(ranked, question, now)
    return ranked
