"""What kind of need or offer a text states, in German and English, and which kinds fit together.

Embeddings alone confuse topic with direction: "we are hiring data engineers" and "hiring a data
engineer" are near-identical vectors, yet two recruiters gain nothing from each other. So every
facet gets an *intent* from its wording, and a match needs compatible intents *and* a similar
topic (the text with the intent words removed).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from altruist.domain import FacetKind


class Intent(enum.StrEnum):
    JOB = "job"  # seeks a job
    HIRE = "hire"  # seeks candidates / has openings
    PROJECTS = "projects"  # a freelancer seeking projects
    FREELANCER = "freelancer"  # seeks a freelancer or contractor
    COFOUNDER = "cofounder"
    CUSTOMERS = "customers"
    FUNDING = "funding"
    CONTACTS = "contacts"  # offers introductions into a field
    KNOWLEDGE = "knowledge"  # advice, know-how, help on a topic (the default)


# Order matters: the first pattern that matches decides.
_PATTERNS: tuple[tuple[Intent, re.Pattern[str]], ...] = tuple(
    (intent, re.compile(pattern, re.IGNORECASE))
    for intent, pattern in (
        (Intent.COFOUNDER, r"co-?founder|mitgründer|mitgruender|cofounder"),
        (
            Intent.FREELANCER,
            r"(looking for|seeks?|need)s? an? (freelance|contract)|sucht (einen|eine) (freiberuflich|freelance)|freelancer gesucht",
        ),
        (
            Intent.PROJECTS,
            r"freelance (\S+ )?(projects|work|gigs)|freiberufliche\w* (\S+)?(projekte|aufträge)|sucht (projekte|aufträge)|open for projects|offen für projekte",
        ),
        (
            Intent.HIRE,
            r"\bhiring\b|we('| a)re hiring|recruit|stellen .*\bein\b|besetzt stellen|kandidat|candidates|für (das|unser) team|für einen kunden|for a .* client|talent",
        ),
        (
            Intent.JOB,
            r"open to work|looking for a (new )?(\w+ )*(role|job|position)|seeking a (\w+ )*(role|job|position)|job ?search|jobsuche|sucht eine (neue )?(stelle|position|herausforderung)|sucht eine stelle|sucht .*\bstelle\b|offen für neue|new challenge|neue herausforderung",
        ),
        (Intent.CUSTOMERS, r"customers|clients for|kunden\b|pilotkunden|pilot customers|abnehmer"),
        (
            Intent.FUNDING,
            r"\binvest|business angel|kapitalgeber|looking for funding|sucht (eine )?finanzierung",
        ),
        (Intent.CONTACTS, r"contacts (to|in)|kontakte (zu|in)|network in|netzwerk in"),
    )
)

# need intent → {(facet kind of the other side, intent): weight}
COMPATIBLE: dict[Intent, dict[tuple[FacetKind, Intent], float]] = {
    Intent.JOB: {
        (FacetKind.NEED, Intent.HIRE): 1.0,
        (FacetKind.OFFER, Intent.HIRE): 1.0,
        (FacetKind.OFFER, Intent.CONTACTS): 0.5,
    },
    Intent.HIRE: {(FacetKind.NEED, Intent.JOB): 1.0, (FacetKind.OFFER, Intent.CONTACTS): 0.5},
    Intent.FREELANCER: {
        (FacetKind.NEED, Intent.PROJECTS): 1.0,
        (FacetKind.OFFER, Intent.PROJECTS): 1.0,
    },
    Intent.PROJECTS: {
        (FacetKind.NEED, Intent.FREELANCER): 1.0,
        (FacetKind.OFFER, Intent.CONTACTS): 0.5,
    },
    Intent.COFOUNDER: {(FacetKind.NEED, Intent.JOB): 0.6, (FacetKind.OFFER, Intent.KNOWLEDGE): 0.4},
    Intent.CUSTOMERS: {
        (FacetKind.OFFER, Intent.CONTACTS): 0.8,
        (FacetKind.NEED, Intent.KNOWLEDGE): 0.5,
    },
    Intent.FUNDING: {
        (FacetKind.OFFER, Intent.FUNDING): 1.0,
        (FacetKind.OFFER, Intent.CONTACTS): 0.5,
    },
    Intent.KNOWLEDGE: {
        (FacetKind.OFFER, Intent.KNOWLEDGE): 1.0,
        (FacetKind.OFFER, Intent.HIRE): 0.3,
    },
    Intent.CONTACTS: {(FacetKind.OFFER, Intent.CONTACTS): 1.0},
}

# Words that carry intent or filler rather than topic; removed before embedding the topic.
_FILLER = re.compile(
    r"\b(looking for|seeking|seeks?|needs?|sucht|suche|we are|we're|wir|hiring|is|are|a|an|the|"
    r"eine?n?|der|die|das|für|for|advice on|rat zu|tipps zu|wissen über|erfahrung mit|"
    r"know-how in|experience (with|in)|beratung zu|help|hilfe|bei|beim|to|with|mit|in|im|"
    r"new|neue?n?|role|stelle|job|position|open to work)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Understood:
    intent: Intent
    topic: str


def classify(text: str) -> Intent:
    for intent, pattern in _PATTERNS:
        if pattern.search(text):
            return intent
    return Intent.KNOWLEDGE


def topic_of(text: str) -> str:
    topic = re.sub(r"\s+", " ", _FILLER.sub(" ", text)).strip(" ,.;:-–")
    return topic or text


def understand(text: str) -> Understood:
    return Understood(classify(text), topic_of(text))
