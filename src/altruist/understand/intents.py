"""Which intents fit together, and a statement's topic (issue 15).

Embeddings alone confuse topic with direction: "we are hiring data engineers" and "looking for a
data engineer job" are near-identical vectors, yet two hiring managers gain nothing from each
other. So every statement gets an intent from the reader (understand/reader.py), and a match
needs compatible intents *and* a similar topic (the text with the intent words removed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from altruist.understand.reader import OFFERS, Intent, Reader, kind_of

__all__ = [
    "COMPATIBLE",
    "EITHER_SIDE",
    "OFFERS",
    "PLACE_BOUND",
    "Intent",
    "Understood",
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
