"""`altruist eval questions`: the product's own job measured on a Stack Exchange dump (issue 5).

For every person with at least 3 answers before the cut who answered something in the pool, rank
all pool questions except their own from their earlier posts; relevant = the pool questions they
answered. The pool questions are ranked as they were when posted: no answers yet, not solved, and
"now" is the cut, so answerability and freshness are equal for all and only the fit decides
(using the dump's final AnswerCount would leak the future).
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from altruist.engine.question_ranker import (
    DEFAULT_SETTINGS,
    KnowledgeProfile,
    ProfileEntry,
    QuestionDoc,
    QuestionIndex,
    RankerSettings,
)
from altruist.eval.metrics import average_precision, ndcg_at, precision_at
from altruist.eval.stackexchange import SEAnswer, SEQuestion, TemporalSplit
from altruist.understand.embedder import Embedder

MIN_EARLIER_ANSWERS = 3
K = TypeVar("K", bound=Hashable)
OWN_QUESTION_WEIGHT = 0.5  # asking about a topic shows interest, answering shows knowledge
TIE_SEED = 5


@dataclass
class EvalResult:
    dataset: str
    n: int
    methods: dict[str, dict[str, float]] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        return {"dataset": self.dataset, "n": self.n, "methods": self.methods}


def question_doc(q: SEQuestion) -> QuestionDoc:
    """The question as it was when posted: no answers yet, not solved."""
    return QuestionDoc(
        key=q.id, title=q.title, body=q.body, tags=q.tags, posted_at=q.created, author=q.owner
    )


def build_profiles(split: TemporalSplit) -> dict[int, KnowledgeProfile]:
    """Each person's knowledge from before the cut: questions they answered (with their answer)
    and questions they asked."""
    by_id = split.questions_by_id()
    entries: dict[int, list[ProfileEntry]] = defaultdict(list)
    for a in split.past_answers:
        parent = by_id.get(a.parent_id)
        if parent is None or a.owner is None:
            continue
        entries[a.owner].append(
            ProfileEntry(
                text=f"{parent.title}\n{parent.body}",
                tags=parent.tags,
                at=a.created,
                weight=1.0,
                label=parent.title,
            )
        )
    for q in split.past:
        if q.owner is not None:
            entries[q.owner].append(
                ProfileEntry(
                    text=f"{q.title}\n{q.body}",
                    tags=q.tags,
                    at=q.created,
                    weight=OWN_QUESTION_WEIGHT,
                    label=q.title,
                )
            )
    return {person: KnowledgeProfile(entries=tuple(items)) for person, items in entries.items()}


def answer_tag_counts(
    answers: Sequence[SEAnswer], by_id: dict[int, SEQuestion]
) -> dict[Hashable, Counter[str]]:
    counts: dict[Hashable, Counter[str]] = defaultdict(Counter)
    for a in answers:
        parent = by_id.get(a.parent_id)
        if parent is not None and a.owner is not None:
            counts[a.owner].update(parent.tags)
    return counts


def tie_order(keys: Sequence[K], seed: int) -> dict[K, int]:
    """A fixed pseudo-random order used to break ties for every method alike, so no method
    profits from the file's id order (which is time order)."""
    shuffled = list(keys)
    random.Random(seed).shuffle(shuffled)
    return {k: i for i, k in enumerate(shuffled)}


def rank_keys(keys: Sequence[K], scores: Mapping[K, float], ties: Mapping[K, int]) -> list[K]:
    """Highest score first, ties in the shared pseudo-random order."""
    return sorted(keys, key=lambda k: (-scores[k], ties[k]))


def expected_random(n_candidates: int, n_relevant: int) -> dict[str, float]:
    """Expected MAP, nDCG@10 and P@5 of a uniformly random ranking, exactly (no sampling).

    E[AP] = 1/N · Σ_k (1/k)(1 + (k−1)(R−1)/(N−1)); position k is relevant with probability R/N.
    """
    n, r = n_candidates, n_relevant
    if n == 0 or r == 0:
        return {"map": 0.0, "ndcg@10": 0.0, "p@5": 0.0}
    ratio = (r - 1) / (n - 1) if n > 1 else 0.0
    ap = sum((1.0 + (k - 1) * ratio) / k for k in range(1, n + 1)) / n
    dcg = sum((r / n) / math.log2(i + 1) for i in range(1, min(10, n) + 1))
    ideal = sum(1.0 / math.log2(i + 1) for i in range(1, min(10, r) + 1))
    return {"map": ap, "ndcg@10": dcg / ideal, "p@5": (r / n) * min(5, n) / 5}


def _metrics(ranked: Sequence[Hashable], relevant: set[Hashable]) -> dict[str, float]:
    return {
        "map": average_precision(ranked, relevant),
        "ndcg@10": ndcg_at(ranked, relevant, 10),
        "p@5": precision_at(ranked, relevant, 5),
    }


def evaluate_questions(
    split: TemporalSplit, embedder: Embedder, settings: RankerSettings = DEFAULT_SETTINGS
) -> EvalResult:
    by_id = split.questions_by_id()
    pool_ids = {q.id for q in split.pool}
    earlier = Counter(a.owner for a in split.past_answers)
    answered_in_pool: dict[int, set[Hashable]] = defaultdict(set)
    for a in split.dump.answers:
        if a.parent_id in pool_ids and a.owner is not None:
            answered_in_pool[a.owner].add(a.parent_id)
    people = sorted(
        p
        for p, n in earlier.items()
        if p is not None and n >= MIN_EARLIER_ANSWERS and answered_in_pool[p]
    )
    profiles = build_profiles(split)
    tag_counts = answer_tag_counts(split.past_answers, by_id)
    index = QuestionIndex([question_doc(q) for q in split.pool], embedder, settings=settings)
    ties = tie_order([q.id for q in split.pool], TIE_SEED)
    created = {q.id: q.created.timestamp() for q in split.pool}
    sums: dict[str, Counter[str]] = defaultdict(Counter)
    for person in people:
        candidates = [q.id for q in split.pool if q.owner != person]
        relevant = answered_in_pool[person] & set(candidates)
        allowed = set(candidates)
        ranked_all = index.rank(profiles[person], split.cut)
        scored = {int(r.question.key): r.score for r in ranked_all}  # type: ignore[call-overload]
        tags = tag_counts[person]
        overlap = {k: float(sum(tags[t] for t in by_id[k].tags)) for k in candidates}
        rankings = {
            "altruist": rank_keys(candidates, scored, ties),
            "tag_overlap": rank_keys(candidates, overlap, ties),
            "newest_first": rank_keys(candidates, created, ties),
        }
        for method, ranked in rankings.items():
            sums[method].update(_metrics([k for k in ranked if k in allowed], relevant))
        sums["random"].update(expected_random(len(candidates), len(relevant)))
    n = len(people)
    methods = {m: {k: round(v / n, 4) if n else 0.0 for k, v in s.items()} for m, s in sums.items()}
    return EvalResult(split.dump.name, n, methods)
