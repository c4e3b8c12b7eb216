"""Titles and reasons of suggestions, as messages shown in the reader's language.

Drafts addressed to a contact use the *contact's* language; titles and reasons are read by the
user, so they are messages (msgid + values) rendered in the reader's language when shown.
"""

from __future__ import annotations

from sqlalchemy import Connection

from altruist.domain import Language, Message, MessageValue, Text
from altruist.store import Store, settings_repo

# English msgids of the catalogues (German in i18n/de_web.po), by the key the families use.
PHRASES: dict[str, str] = {
    "intro_title": "Introduce {a} and {b}",
    "intro_reason_mutual": (
        "Both gain: {a} — “{a_need}”, where {b} can help (“{b_offer}”); "
        "{b} — “{b_need}”, where {a} can help (“{a_offer}”)."
    ),
    "intro_reason_oneway": "{a}: “{a_need}” — {b} can help: “{b_offer}”.",
    "intro_reason_complement": (
        "{a}: “{a_need}” — {b}: “{b_need}”; each is what the other is looking for."
    ),
    "place_same_city": "Both in {where}.",
    "place_same_region": "Both in {where}.",
    "place_remote": "Remote work is fine.",
    "place_relocate": "Willing to relocate.",
    "answer_title": "Answer “{title}” in {group}",
    "answer_reason": "An open question{answers} that matches your knowledge of {topic}.",
    "no_answers": " without any answer yet",
    "forward_title": "Forward “{title}” to {contact}",
    "forward_reason": "{asker} asked about {topic} in {group}; {contact} offers “{offer}”.",
}
# Phrases with a count: (singular, plural) msgids, the count passed as `n`.
PLURAL_PHRASES: dict[str, tuple[str, str]] = {
    "few_answers": (
        " with only {n} answer and none accepted",
        " with only {n} answers and none accepted",
    ),
}


def phrase(key: str, **values: MessageValue) -> Message:
    """The phrase as a message, rendered in the reader's language when shown (issue 14)."""
    if key in PLURAL_PHRASES:
        singular, plural = PLURAL_PHRASES[key]
        return Message(singular, dict(values), plural=plural)
    return Message(PHRASES[key], dict(values))


def sentences(first: Text, second: Text) -> Message:
    """Two sentences shown one after the other (a reason and what the place adds)."""
    return Message("{first} {second}", {"first": first, "second": second})


LANGUAGE_KEY = "language"  # the user's language, set in Settings and by the visible switch


def stored_language(conn: Connection) -> Language:
    """The language of titles and reasons: the user's, not the contact's."""
    return Language.DE if settings_repo.get(conn, LANGUAGE_KEY, "en") == "de" else Language.EN


def user_language(store: Store) -> str:
    with store.read() as conn:
        return str(stored_language(conn))
