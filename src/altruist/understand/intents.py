"""Which intents fit together, and a statement's topic (issue 15).

Embeddings alone confuse topic with direction: "we are hiring data engineers" and "looking for a
data engineer job" are near-identical vectors, yet two hiring managers gain nothing from each
other. So every statement gets an intent from the reader (understand/reader.py), and a match
needs compatible intents *and* a similar topic (the text with the intent words removed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from altruist.domain import FacetKind
from altruist.understand.reader import LABELS, OFFERS, Intent, Reader, kind_of

__all__ = [
    "COMPATIBLE",
    "EITHER_SIDE",
    "OFFERS",
    "PLACE_BOUND",
    "Intent",
    "Understood",
    "column_intent",
    "kind_of",
    "understand",
]

# needer's intent → {helper's intent: weight}. Directional: the first side seeks, the second meets
# it. Pairs of the same one-sided need (hire/hire, job/job, funding/funding) are absent on purpose.
COMPATIBLE: dict[Intent, dict[Intent, float]] = {
    Intent.JOB: {Intent.HIRE: 1.0},
    Intent.HIRE: {Intent.JOB: 1.0},
    Intent.SEEKING_FREELANCER: {Intent.FREELANCER: 1.0},
    Intent.FREELANCER: {Intent.SEEKING_FREELANCER: 1.0},
    # Contacts or advice on the topic help a search for money, a partner or buyers, if less.
    Intent.FUNDING: {Intent.INVESTING: 1.0, Intent.KNOWLEDGE_OFFER: 0.5},
    Intent.INVESTING: {Intent.FUNDING: 1.0},
    Intent.COFOUNDER: {Intent.COFOUNDER: 1.0, Intent.KNOWLEDGE_OFFER: 0.4},
    Intent.KNOWLEDGE_NEED: {Intent.KNOWLEDGE_OFFER: 1.0, Intent.MENTORING: 0.9},
    # A contact who may buy: someone looking for a provider, or asking about the topic.
    Intent.CUSTOMERS: {
        Intent.SEEKING_FREELANCER: 0.8,
        Intent.KNOWLEDGE_NEED: 0.5,
        Intent.KNOWLEDGE_OFFER: 0.4,
    },
}

# Intents that read the same as a need or an offer: "we are hiring" is an opening offered as
# much as an employee sought, "I invest in seed rounds" an offer as much as a search for deals.
EITHER_SIDE: frozenset[Intent] = frozenset({Intent.HIRE, Intent.INVESTING})

# Matches that need compatible places: an employee works somewhere (issue 15).
PLACE_BOUND: frozenset[Intent] = frozenset({Intent.JOB, Intent.HIRE})

# Words that carry intent or filler rather than topic; removed before embedding the topic.
_FILLER = re.compile(
    r"\b(looking for|seeking|seeks?|needs?|sucht|suche|suchen|we are|we're|wir|hiring|is|are|a|an|"
    r"the|eine?n?|der|die|das|für|for|advice on|rat zu|tipps zu|wissen über|erfahrung mit|"
    r"know-how in|experience (with|in)|beratung zu|help|hilfe|bei|beim|to|with|mit|in|im|"
    r"new|neue?n?|role|stelle|job|position|open to work|happy|gern|gerne|helfe|hilft|"
    r"und|and|our|unser\w*|team)\b",
    re.IGNORECASE,
)


def _side(need: bool) -> np.ndarray:
    """Mask of the intents a need (or an offer) can hold; never `none`."""
    return np.array(
        [
            label is not Intent.NONE
            and (label in EITHER_SIDE or (kind_of(label) is FacetKind.NEED) == need)
            for label in LABELS
        ]
    )


def column_intent(probs: np.ndarray, *, need: bool) -> Intent:
    """The intent of an item whose side is already known (a stated facet's kind, a round
    member's needs or offers column); `probs` are the reader's probabilities of it.

    The side decides the direction. An item the reader takes for the other side ("contacts to
    investors" stated as an offer reads like a funding search) counts as knowledge offered or
    sought. An item it reads as stating nothing — a bare noun phrase such as "a backend developer
    job in Berlin" stated as a need — gets the likeliest intent of its side: the side already
    says that it is a need (or an offer)."""
    intent = LABELS[int(probs.argmax())]
    if intent is Intent.NONE:
        return LABELS[int(np.where(_side(need), probs, -1.0).argmax())]
    if (kind_of(intent) is FacetKind.OFFER) == need and intent not in EITHER_SIDE:
        return Intent.KNOWLEDGE_NEED if need else Intent.KNOWLEDGE_OFFER
    return intent


@dataclass(frozen=True)
class Understood:
    intent: Intent
    topic: str


def topic_of(text: str) -> str:
    topic = re.sub(r"\s+", " ", _FILLER.sub(" ", text)).strip(" ,.;:-–")
    return topic or text


def understand(text: str, reader: Reader | None = None) -> Understood:
    """Intent and topic of one statement; without a reader, by cue words only (cheap)."""
    return Understood((reader or Reader()).read_one(text).intent, topic_of(text))


assert OFFERS  # re-exported for callers that decide a facet's kind
