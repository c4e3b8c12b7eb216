"""Deeds' texts as messages: stored as JSON in the same columns, rendered per reader (issue 14)."""

from __future__ import annotations

from datetime import date

from altruist.domain import Message, Suggestion, SuggestionKind
from altruist.i18n import Translator
from altruist.i18n.message import decode, encode, render
from altruist.store import Store
from altruist.store import suggestions as suggestions_repo

CHECK_IN = Message(
    "{since}; {origin} says every {cadence} days.",
    {
        "since": Message(
            "No contact with {name} for {n} day",
            {"name": "Anke", "n": 1},
            plural="No contact with {name} for {n} days",
        ),
        "origin": Message("the “{tier}” tier", {"tier": Message("close")}),
        "cadence": 30,
    },
)


def test_a_message_is_rendered_in_each_readers_language() -> None:
    assert render(CHECK_IN, Translator("en")) == (
        "No contact with Anke for 1 day; the “close” tier says every 30 days."
    )
    assert render(CHECK_IN, Translator("de")) == (
        "Seit 1 Tag kein Kontakt mit Anke; nach der Stufe „eng“ wäre alle 30 Tage "
        "ein Lebenszeichen fällig."
    )


def test_dates_numbers_and_lists_follow_the_locale() -> None:
    news = Message(
        "{name} {facts}; you have helped or thanked before.",
        {
            "name": "Rolf",
            "facts": (
                Message("offered to help on {day}", {"day": date(2026, 10, 2)}),
                Message("works in recruiting"),
            ),
        },
    )
    assert render(news, Translator("de")) == (
        "Rolf hat dir am 2. Oktober 2026 Hilfe angeboten und arbeitet im Recruiting; "
        "du hast schon geholfen oder gedankt."
    )
    assert "October 2, 2026 and works in recruiting" in render(news, Translator("en"))
    assert render(Message("{n} answer", {"n": 1200}, plural="{n} answers"), Translator("de")) == (
        "1200 Antworten"
    )


def test_encoding_round_trips_and_prose_stays_prose() -> None:
    assert decode(encode(CHECK_IN)) == CHECK_IN
    for prose in ["Bei Cem melden", "", '{"m": broken', '{"m": 3}', '{"x": "y"}']:
        assert decode(prose) == prose
    assert encode("Anke hat heute Geburtstag") == "Anke hat heute Geburtstag"


def test_the_store_keeps_messages_and_old_prose_rows(any_store: Store) -> None:
    with any_store.transaction() as conn:
        suggestions_repo.upsert(
            conn, Suggestion(SuggestionKind.CHECK_IN, "check_in:1", CHECK_IN, CHECK_IN, 0.5)
        )
        suggestions_repo.upsert(
            conn, Suggestion(SuggestionKind.ASK, "ask:2", "Ben um Hinweise bitten", "alt", 0.4)
        )
    with any_store.read() as conn:
        stored = suggestions_repo.by_keys(conn, ["check_in:1", "ask:2"])
    assert stored["check_in:1"].title == CHECK_IN
    assert stored["ask:2"].title == "Ben um Hinweise bitten"
