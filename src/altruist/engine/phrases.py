"""Titles and reasons of suggestions in the user's language (German or English).

Drafts addressed to a contact use the *contact's* language; titles and reasons are read by the
user and use the user's. Kept as plain format strings so every sentence is derived from data.
"""

from __future__ import annotations

from sqlalchemy import Connection

from altruist.domain import Language
from altruist.store import Store, settings_repo

PHRASES: dict[str, dict[str, str]] = {
    "intro_title": {
        "en": "Introduce {a} and {b}",
        "de": "{a} und {b} einander vorstellen",
    },
    "intro_reason_mutual": {
        "en": "Both gain: {a} — “{a_need}”, where {b} can help (“{b_offer}”); {b} — “{b_need}”, where {a} can help (“{a_offer}”).",
        "de": "Beide profitieren: {a} – „{a_need}“, dabei hilft {b} („{b_offer}“); {b} – „{b_need}“, dabei hilft {a} („{a_offer}“).",
    },
    "intro_reason_oneway": {
        "en": "{a}: “{a_need}” — {b} can help: “{b_offer}”.",
        "de": "{a}: „{a_need}“ – {b} kann helfen: „{b_offer}“.",
    },
    "intro_reason_complement": {
        "en": "{a}: “{a_need}” — {b}: “{b_need}”; each is what the other is looking for.",
        "de": "{a}: „{a_need}“ – {b}: „{b_need}“; jeder ist, was der andere sucht.",
    },
    "place_same_city": {"en": "Both in {where}.", "de": "Beide in {where}."},
    "place_same_region": {"en": "Both in {where}.", "de": "Beide in {where}."},
    "place_remote": {"en": "Remote work is fine.", "de": "Remote-Arbeit ist möglich."},
    "place_relocate": {"en": "Willing to relocate.", "de": "Ein Umzug ist möglich."},
    "answer_title": {
        "en": "Answer “{title}” in {group}",
        "de": "„{title}“ in {group} beantworten",
    },
    "answer_reason": {
        "en": "An open question{answers} that matches your knowledge of {topic}.",
        "de": "Eine offene Frage{answers}, die zu deinem Wissen über {topic} passt.",
    },
    "no_answers": {"en": " without any answer yet", "de": " ohne bisherige Antwort"},
    "few_answers": {
        "en": " with only {n} answer(s) and none accepted",
        "de": " mit erst {n} Antwort(en) und keiner akzeptierten",
    },
    "forward_title": {
        "en": "Forward “{title}” to {contact}",
        "de": "„{title}“ an {contact} weiterleiten",
    },
    "forward_reason": {
        "en": "{asker} asked about {topic} in {group}; {contact} offers “{offer}”.",
        "de": "{asker} hat in {group} nach {topic} gefragt; {contact} bietet „{offer}“.",
    },
}


def phrase(lang: str, key: str, **values: object) -> str:
    templates = PHRASES[key]
    return templates.get(lang, templates["en"]).format(**values)


LANGUAGE_KEY = "language"  # the user's language, set in Settings and by the visible switch


def stored_language(conn: Connection) -> Language:
    """The language of titles and reasons: the user's, not the contact's."""
    return Language.DE if settings_repo.get(conn, LANGUAGE_KEY, "en") == "de" else Language.EN


def user_language(store: Store) -> str:
    with store.read() as conn:
        return str(stored_language(conn))
