"""`altruist eval routing`: forwarding a question to the right person (issue 5).

For every pool question whose accepted answer comes from someone who answered before the cut,
rank all earlier answerers (everyone with an answer before the cut); the target is the accepted
answerer. History is the past only: profiles, answer counts and last activity stop at the cut,
and "now" is the question's creation time.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable
from datetime import datetime

from altruist.engine.people_router import PeopleIndex, PersonHistory
from altruist.engine.question_ranker import DEFAULT_SETTINGS, KnowledgeProfile, RankerSettings
from altruist.eval.metrics import ndcg_at, precision_at, recall_at, reciprocal_rank
from altruist.eval.questions import (
    TIE_SEED,
    EvalResult,
    answer_tag_counts,
    build_profiles,
    question_doc,
    rank_keys,
    tie_order,
)
from altruist.eval.stackexchange import TemporalSplit
from altruist.understand.embedder import Embedder


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


def _metrics(ranked: list[Hashable], target: Hashable) -> dict[str, float]:
    relevant = {target}
    return {
        "mrr": reciprocal_rank(ranked, relevant),
        "p@1": precision_at(ranked, relevant, 1),
        "ndcg@3": ndcg_at(ranked, relevant, 3),
        "r@5": recall_at(ranked, relevant, 5),
    }


def evaluate_routing(
    split: TemporalSplit, embedder: Embedder, settings: RankerSettings = DEFAULT_SETTINGS
) -> EvalResult:
    people = earlier_answerers(split)
    keys = [p.person for p in people]
    known = set(keys)
    answerer = {a.id: a.owner for a in split.dump.answers}
    cases = [
        (q, answerer[q.accepted_answer_id])
        for q in split.pool
        if q.accepted_answer_id is not None and answerer.get(q.accepted_answer_id) in known
    ]
    popularity = {p.person: p.answers for p in people}
    tag_counts = answer_tag_counts(split.past_answers, split.questions_by_id())
    index = PeopleIndex(people, embedder, settings) if cases else None
    ties = tie_order(keys, TIE_SEED)
    sums: dict[str, Counter[str]] = defaultdict(Counter)
    for question, target in cases:
        assert index is not None
        scored = {
            r.person.person: r.score for r in index.rank(question_doc(question), question.created)
        }
        overlap = {k: float(sum(tag_counts[k][t] for t in question.tags)) for k in keys}
        rankings = {
            "altruist": rank_keys(keys, scored, ties),
            "popularity": rank_keys(keys, popularity, ties),
            "tag_overlap": rank_keys(keys, overlap, ties),
        }
        for method, ranked in rankings.items():
            sums[method].update(_metrics(ranked, target))
    n = len(cases)
    methods = {m: {k: round(v / n, 4) for k, v in s.items()} for m, s in sums.items()}
    return EvalResult(split.dump.name, n, methods)
