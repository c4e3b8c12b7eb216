"""The translator's plural forms and pseudo-locale, read from the shipped catalogues."""

import pytest

from altruist.i18n import PSEUDO_CLOSE, PSEUDO_LOCALE_ENV, PSEUDO_OPEN, Translator


@pytest.mark.parametrize(
    ("lang", "n", "expected"),
    [
        ("de", 1, "1 Antwort"),
        ("de", 0, "0 Antworten"),
        ("de", 3, "3 Antworten"),
        ("en", 1, "1 answer"),
        ("en", 2, "2 answers"),
    ],
)
def test_plural_forms_follow_the_count(lang: str, n: int, expected: str) -> None:
    assert Translator(lang).ngettext("{n} answer", "{n} answers", n) == expected


def test_unknown_plural_falls_back_to_the_english_forms() -> None:
    t = Translator("de")
    assert t.ngettext("{n} widget", "{n} widgets", 2) == "2 widgets"


def test_pseudo_locale_wraps_every_catalogue_string(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PSEUDO_LOCALE_ENV, "1")
    t = Translator("de")
    assert t("Settings") == f"{PSEUDO_OPEN}Einstellungen{PSEUDO_CLOSE}"
    assert t.ngettext("{n} answer", "{n} answers", 2).startswith(PSEUDO_OPEN)
    monkeypatch.delenv(PSEUDO_LOCALE_ENV)
    assert Translator("de")("Settings") == "Einstellungen"
