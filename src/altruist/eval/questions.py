"""`altruist eval questions`: the product's own job measured on a Stack Exchange dump (issue 5).

For every person with at least 3 answers before the cut who answered something in the pool, rank
all pool questions except their own from their earlier posts; relevant = the pool questions they
answered. The pool questions are ranked as they were when posted: no answers yet, not solved, and
"now" is the cut, so answerability and freshness are equal for all and only the fit decides
(using the dump's final AnswerCount would leak the future).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping, Sequence, Set
from dataclasses import dataclass, field

from altruist.engine.questions.ranker import (
    DEFAULT_SETTINGS,
    Background,
    KnowledgeProfile,
    ProfileEntry,
    QuestionDoc,
    QuestionIndex,
    RankerSettings,
)
from altruist.eval.stackexchange import SEAnswer, SEQuestion, TemporalSplit
from altruist.eval.tied_metrics import (
    expected_average_precision,
    expected_ndcg_at,
    expected_precision_at,
    tie_groups,
)
from altruist.understand.embedder import Embedder

MIN_EARLIER_ANSWERS = 3
OWN_QUESTION_WEIGHT = 0.5  # asking about a topic shows interest, answering shows knowledge


QUESTION_METHODS = ("altruist", "tag_overlap", "newest_first", "random")
QUESTION_METRICS = ("map", "ndcg@10", "p@5")


@dataclass
class EvalResult:
    dataset: str
    n: int
    # Per method and metric the mean over the n cases; None when there is no case to average.
    methods: dict[str, dict[str, float | None]] = field(default_factory=dict)

    @classmethod
    def of_sums(
        cls,
        dataset: str,
        n: int,
        sums: Mapping[str, Mapping[str, float]],
        methods: Sequence[str],
        metrics: Sequence[str],
    ) -> EvalResult:
        """Means from per-method sums; every method and metric is present, also when n is 0."""
        return cls(
            dataset,
            n,
            {m: {k: round(sums[m][k] / n, 4) if n else None for k in metrics} for m in methods},
        )

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


def pool_index(
    split: TemporalSplit, embedder: Embedder, settings: RankerSettings = DEFAULT_SETTINGS
) -> QuestionIndex:
    """The pool questions, ranked against every question the site has when the pool is ranked:
    the past and the pool itself (the product's background is every question stored from the
    user's groups). Each text is embedded once."""
    known = [question_doc(q) for q in [*split.past, *split.pool]]
    vectors = embedder.embed([d.text for d in known])
    background = Background.of(vectors, (d.tags for d in known))
    pool = slice(len(split.past), None)
    return QuestionIndex(
        known[pool], embedder, vectors=vectors[pool], settings=settings, background=background
    )


def question_metrics(scores: Mapping[Hashable, float], relevant: Set[Hashable]) -> dict[str, float]:
    """MAP, nDCG@10 and P@5, each its exact expected value over all orders of tied scores."""
    groups = tie_groups(scores, relevant)
    return {
        "map": expected_average_precision(groups, len(relevant)),
        "ndcg@10": expected_ndcg_at(groups, len(relevant), 10),
        "p@5": expected_precision_at(groups, 5),
    }


def evaluate_questions(
    split: TemporalSplit, embedder: Embedder, settings: RankerSettings = DEFAULT_SETTINGS
) -> EvalResult:
    by_id = split.questions_by_id()
    pool_ids = {q.id for q in split.pool}
    earlier = Counter(a.owner for a in split.past_answers)
    answered_in_pool: dict[int, set[int]] = defaultdict(set)
    for a in split.dump.answers:
        if a.parent_id in pool_ids and a.owner is not None:
            answered_in_pool[a.owner].add(a.parent_id)
    own = {q.id: q.owner for q in split.pool}
    # Someone whose only pool answers are on their own questions has nothing to find: their AP
    # is undefined, and counting it as 0 would only dilute every method alike.
    people = sorted(
        p
        for p, n in earlier.items()
        if p is not None
        and n >= MIN_EARLIER_ANSWERS
        and any(own[q] != p for q in answered_in_pool[p])
    )
    profiles = build_profiles(split)
    tag_counts = answer_tag_counts(split.past_answers, by_id)
    index = pool_index(split, embedder, settings)
    created = {q.id: q.created.timestamp() for q in split.pool}
    sums: dict[str, Counter[str]] = defaultdict(Counter)
    for person in people:
        candidates = [q.id for q in split.pool if q.owner != person]
        relevant = answered_in_pool[person] & set(candidates)
        ranked_all = index.rank(profiles[person], split.cut)
        scored = {r.question.key: r.score for r in ranked_all}
        tags = tag_counts[person]
        scores: dict[str, dict[Hashable, float]] = {
            "altruist": {k: scored[k] for k in candidates},
            "tag_overlap": {k: float(sum(tags[t] for t in by_id[k].tags)) for k in candidates},
            "newest_first": {k: created[k] for k in candidates},
            "random": dict.fromkeys(candidates, 0.0),  # all tied: the exact random expectation
        }
        for method, method_scores in scores.items():
            sums[method].update(question_metrics(method_scores, relevant))
    return EvalResult.of_sums(
        split.dump.name, len(people), sums, QUESTION_METHODS, QUESTION_METRICS
    )
