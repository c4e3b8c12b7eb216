"""`altruist eval routing`: forwarding a question to the right person (issue 5).

For every pool question whose accepted answer comes from someone who answered before the cut,
rank all earlier answerers (everyone with an answer before the cut); the target is the accepted
answerer. History is the past only: profiles, answer counts and last activity stop at the cut,
and "now" is the question's creation time.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping
from datetime import datetime

from altruist.engine.questions.people_router import PeopleIndex, PersonHistory
from altruist.engine.questions.ranker import DEFAULT_SETTINGS, KnowledgeProfile, RankerSettings
from altruist.eval.questions import EvalResult, answer_tag_counts, build_profiles, question_doc
from altruist.eval.stackexchange import TemporalSplit
from altruist.eval.tied_metrics import (
    expected_ndcg_at,
    expected_precision_at,
    expected_recall_at,
    expected_reciprocal_rank,
    tie_groups,
)
from altruist.understand.embedder import Embedder

ROUTING_METHODS = ("altruist", "popularity", "tag_overlap")
ROUTING_METRICS = ("mrr", "p@1", "ndcg@3", "r@5")


def earlier_answerers(split: TemporalSplit) -> list[PersonHistory]:
    """Everyone who answered before the cut, with their profile and activity up to the cut."""
    profiles = build_profiles(split)
    counts: Counter[int] = Counter()
    last: dict[int, datetime] = {}
    for a in split.past_answers:
        if a.owner is None:
            continue
        counts[a.owner] += 1
        last[a.owner] = max(last.get(a.owner, a.created), a.created)
    return [
        PersonHistory(
            person=p,
            profile=profiles.get(p, KnowledgeProfile()),
            answers=counts[p],
            last_active=last[p],
            name=f"user {p}",
        )
        for p in sorted(counts)
    ]


def routing_metrics(scores: Mapping[Hashable, float], target: Hashable) -> dict[str, float]:
    """MRR, P@1, nDCG@3 and R@5, each its exact expected value over all orders of tied scores."""
    groups = tie_groups(scores, {target})
    return {
        "mrr": expected_reciprocal_rank(groups),
        "p@1": expected_precision_at(groups, 1),
        "ndcg@3": expected_ndcg_at(groups, 1, 3),
        "r@5": expected_recall_at(groups, 1, 5),
    }


def evaluate_routing(
    split: TemporalSplit, embedder: Embedder, settings: RankerSettings = DEFAULT_SETTINGS
) -> EvalResult:
    people = earlier_answerers(split)
    keys = [p.person for p in people]
    known = set(keys)
    cases = [
        (q, target) for q in split.pool if (target := split.dump.accepted_answerer(q)) in known
    ]
    popularity: dict[Hashable, float] = {p.person: float(p.answers) for p in people}
    tag_counts = answer_tag_counts(split.past_answers, split.questions_by_id())
    index = PeopleIndex(people, embedder, settings) if cases else None
    sums: dict[str, Counter[str]] = defaultdict(Counter)
    for question, target in cases:
        assert index is not None
        scored = {
            r.person.person: r.score for r in index.rank(question_doc(question), question.created)
        }
        scores: dict[str, Mapping[Hashable, float]] = {
            "altruist": scored,
            "popularity": popularity,
            "tag_overlap": {k: float(sum(tag_counts[k][t] for t in question.tags)) for k in keys},
        }
        for method, method_scores in scores.items():
            sums[method].update(routing_metrics(method_scores, target))
    return EvalResult.of_sums(split.dump.name, len(cases), sums, ROUTING_METHODS, ROUTING_METRICS)
