"""The reader as it was before issue 15, frozen for `altruist eval understand`: the regular
expressions of understand/needs.py decided need or offer, and understand/intents.py's first
matching pattern the kind. Mapped onto the new labels as faithfully as the old vocabulary allows
(old "projects" = freelancer, old "freelancer" = seeking-freelancer, old "contacts" = an offer of
introductions = knowledge-offer, old "knowledge" = knowledge-need or -offer by the need/offer
regexes, old "funding" = investing when the statement read as an offer)."""

from __future__ import annotations

import re

from altruist.understand.reader import Intent


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("cofounder", _rx(r"co-?founder|mitgründer|mitgruender|cofounder")),
    (
        "freelancer",
        _rx(
            r"(looking for|seeks?|need)s? an? (freelance|contract)|sucht (einen|eine) "
            r"(freiberuflich|freelance)|freelancer gesucht"
        ),
    ),
    (
        "projects",
        _rx(
            r"freelance (\S+ )?(projects|work|gigs)|freiberufliche\w* (\S+)?(projekte|aufträge)|"
            r"sucht (projekte|aufträge)|open for projects|offen für projekte"
        ),
    ),
    (
        "hire",
        _rx(
            r"\bhiring\b|we('| a)re hiring|recruit|stellen .*\bein\b|besetzt stellen|kandidat|"
            r"candidates|für (das|unser) team|für einen kunden|for a .* client|talent"
        ),
    ),
    (
        "job",
        _rx(
            r"open to work|looking for a (new )?(\w+ )*(role|job|position)|seeking a (\w+ )*"
            r"(role|job|position)|job ?search|jobsuche|sucht eine (neue )?(stelle|position|"
            r"herausforderung)|sucht eine stelle|sucht .*\bstelle\b|offen für neue|new challenge|"
            r"neue herausforderung"
        ),
    ),
    ("customers", _rx(r"customers|clients for|kunden\b|pilotkunden|pilot customers|abnehmer")),
    (
        "funding",
        _rx(r"\binvest|business angel|kapitalgeber|looking for funding|sucht (eine )?finanzierung"),
    ),
    ("contacts", _rx(r"contacts (to|in)|kontakte (zu|in)|network in|netzwerk in")),
)
_OPEN_TO_WORK = _rx(
    r"#?open\s*to\s*work|#?offen\s*für\s*neue(s)?\s*(aufgaben|herausforderungen|jobs?|stellen?)?|"
    r"#?jobsuche|#?jobsearch|auf\s+jobsuche|available\s+for\s+(a\s+)?new\s+(role|job|position)"
)
_HIRING = _rx(
    r"#?we('|\s+a)re\s*hiring|\bhiring\b|wir\s+stellen\s+(\S+\s+)*?ein\b|#?wirstellenein|"
    r"\bstellen\s+ein\b|\bjoin\s+(our|my)\s+team\b|verstärkung\s+gesucht|"
    r"(suchen|sucht)\s+(\S+\s+)*?verstärkung|open\s+positions?|offene\s+stellen"
)
_NEED = _rx(
    r"\blooking\s+for\b|\bseek(ing|s)?\b|\bsearching\s+for\b|\bin\s+need\s+of\b|"
    r"\bneeds?\s+(advice|help|a|an|some|input)\b|\bwants?\s+to\s+(find|meet|learn)\b|"
    r"\bsuch(e|t|en)\b|\bgesucht\b|auf\s+der\s+suche|\bbrauch(e|t|en)\b|\bbenötig|"
    r"open\s+for\s+(new\s+)?projects|offen\s+für\s+(neue\s+)?projekte|"
    r"available\s+for\s+freelance|verfügbar\s+für\s+projekte"
)
_OFFER = _rx(
    r"happy\s+to\s+(help|advise|share|mentor|talk|introduce)|\bcan\s+help\b|\bask\s+me\s+about\b|"
    r"\bi\s+offer\b|\boffering\b|\bmentor(ing)?\b|\badvis(e|ing)\s+on\b|"
    r"\bbiete\b|\bbieten\b|helfe\s+gern|gerne?\s+helfen?|\bkann\s+helfen\b|\bfragt\s+mich\b|"
    r"\bberate\b|\bunterstütze\s+gern|\bexpert(e|in)?\s+(für|in|on|for)\b|"
    r"\bspezialist(in)?\s+für\b|\bspecialist\s+(in|for)\b"
)
_MAPPED = {
    "cofounder": Intent.COFOUNDER,
    "freelancer": Intent.SEEKING_FREELANCER,
    "projects": Intent.FREELANCER,
    "hire": Intent.HIRE,
    "job": Intent.JOB,
    "customers": Intent.CUSTOMERS,
    "contacts": Intent.KNOWLEDGE_OFFER,
}


def _old_kind(text: str) -> str | None:
    """need / offer / None exactly as the old derivation decided for a statement."""
    if _OPEN_TO_WORK.search(text):
        return "need"
    if _HIRING.search(text):
        return "offer"
    if _NEED.search(text):
        return "need"
    if _OFFER.search(text):
        return "offer"
    return None


def classify_before(text: str) -> Intent:
    kind = _old_kind(text)
    old = next((name for name, pattern in _PATTERNS if pattern.search(text)), "knowledge")
    if kind is None and old == "knowledge":
        return Intent.NONE  # the old derivation stored nothing for such a statement
    if old == "funding":
        return Intent.INVESTING if kind == "offer" else Intent.FUNDING
    if old == "knowledge":
        return Intent.KNOWLEDGE_OFFER if kind == "offer" else Intent.KNOWLEDGE_NEED
    return _MAPPED[old]
