"""What Today learns from the user's feedback (issue 16, "Feedback teaches").

Every deed ever proposed stays in the store with its state, so the history is there to read:
kinds the user acts on rise, kinds they keep dismissing or ignoring sink, and people whose deeds
they keep dismissing sink too. Nothing is ever hidden for good by this — a weight only reorders
and, below `VARIETY_FLOOR`, drops a kind's guaranteed place in the mix.

The kind weight is a smoothed acceptance rate relative to the neutral prior of one half
(Laplace-style: one success and one failure imagined), so a kind without history weighs 1.0,
four dismissals in a row bring it to about 0.4, and a habit of acting lifts it to at most
`MAX_KIND_WEIGHT`. A day a deed was shown and left alone counts as a fraction of a dismissal:
ignoring is weaker evidence than saying no.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import Connection

from altruist.domain import Suggestion, SuggestionKind, SuggestionState
from altruist.store import suggestions as suggestions_repo

IGNORED_WEIGHT = 0.3  # one day shown and ignored counts as 0.3 of a dismissal
MIN_KIND_WEIGHT = 0.2
MAX_KIND_WEIGHT = 1.5
PERSON_DISMISS_FACTOR = 0.6  # each dismissed deed about a person: × 0.6 for their next deeds
MIN_PERSON_WEIGHT = 0.2
VARIETY_FLOOR = 0.5  # a kind weighing less no longer gets a guaranteed place on Today

ACTED = (SuggestionState.DONE, SuggestionState.ACCEPTED)


@dataclass(frozen=True)
class Preferences:
    """Multipliers for a deed's score, learned from the feedback history."""

    kind_weight: dict[SuggestionKind, float] = field(default_factory=dict)
    person_weight: dict[int, float] = field(default_factory=dict)

    def of_kind(self, kind: SuggestionKind) -> float:
        return self.kind_weight.get(kind, 1.0)

    def of(self, item: Suggestion) -> float:
        people = [self.person_weight.get(pid, 1.0) for pid in item.person_ids]
        return self.of_kind(item.kind) * min(people, default=1.0)

    def keeps_variety(self, kind: SuggestionKind) -> bool:
        return self.of_kind(kind) >= VARIETY_FLOOR


NEUTRAL = Preferences()


def kind_weight(acted: float, dismissed: float, ignored_days: float) -> float:
    """Smoothed acceptance rate ÷ the prior 0.5, clipped: 1.0 without history."""
    rate = (acted + 1.0) / (acted + dismissed + IGNORED_WEIGHT * ignored_days + 2.0)
    return min(MAX_KIND_WEIGHT, max(MIN_KIND_WEIGHT, rate / 0.5))


def learn(conn: Connection) -> Preferences:
    """Read the feedback history (aggregated in SQL; dismissed deeds are few) into weights."""
    acted: Counter[SuggestionKind] = Counter()
    dismissed: Counter[SuggestionKind] = Counter()
    ignored: Counter[SuggestionKind] = Counter()
    for kind, state, count, shown in suggestions_repo.feedback_counts(conn):
        if state in ACTED:
            acted[kind] += count
        elif state is SuggestionState.DISMISSED:
            dismissed[kind] += count
        elif state is SuggestionState.SHOWN:
            # Shown on some days and never acted on. The current day's showing is included;
            # it is one fraction of a dismissal and the same for every kind shown today.
            ignored[kind] += shown
    kinds = set(acted) | set(dismissed) | set(ignored)
    weights = {k: kind_weight(acted[k], dismissed[k], ignored[k]) for k in kinds}
    per_person: Counter[int] = Counter()
    for people in suggestions_repo.dismissed_people(conn):
        per_person.update(set(people))
    person_weight = {
        pid: max(MIN_PERSON_WEIGHT, PERSON_DISMISS_FACTOR**n) for pid, n in per_person.items()
    }
    return Preferences(weights, person_weight)
