"""English texts made elsewhere from a catalogue template (errors, skip reasons, feed errors)
come out in the reader's language, with their values; unknown texts stay as they are."""

import pytest

from altruist.i18n import PSEUDO_LOCALE_ENV, Translator
from altruist.i18n.templates import translate_text


def test_an_error_with_a_value_is_matched_back_to_its_template() -> None:
    assert translate_text(Translator("de"), "no person with id 99999") == (
        "keine Person mit der Nummer 99999"
    )
    assert translate_text(Translator("en"), "no person with id 99999") == "no person with id 99999"


def test_the_place_before_the_message_is_kept() -> None:
    text = "kontakte.ics:12: event without attendees: no one to meet"
    assert translate_text(Translator("de"), text) == (
        "kontakte.ics:12: Termin ohne Teilnehmende: niemand zu treffen"
    )


def test_a_value_made_from_a_template_is_translated_too() -> None:
    text = (
        "https://forum.example.org/c.json: connection failed (ConnectError: [Errno -2] Name or "
        "service not known) (gave up after 4 attempts)"
    )
    said = translate_text(Translator("de"), text)
    assert said == (
        "https://forum.example.org/c.json: Verbindung fehlgeschlagen (ConnectError: [Errno -2] "
        "Name or service not known) (nach 4 Versuchen aufgegeben)"
    )


def test_unknown_text_stays_unmarked_so_the_pseudo_locale_test_finds_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(PSEUDO_LOCALE_ENV, "1")
    assert translate_text(Translator("de"), "a brand-new message") == "a brand-new message"
    assert translate_text(Translator("de"), "no person with id 7").startswith("⟦")
