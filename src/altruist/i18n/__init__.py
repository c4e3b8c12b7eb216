"""German and English for every surface, from gettext catalogues (`<lang>.po`, msgid = English).

The .po files are read with Babel at start-up, so no compile step is needed and translators edit
ordinary gettext catalogues.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LANGUAGES = ("en", "de")
DEFAULT_LANGUAGE = "en"
CATALOG_DIR = Path(__file__).parent


def catalog_files(lang: str) -> list[Path]:
    """`<lang>.po` plus one `<lang>_<part>.po` per page owner, so engineers working in parallel
    never edit the same catalogue. The main file comes last and wins on a clash."""
    parts = sorted(CATALOG_DIR.glob(f"{lang}_*.po"))
    main = CATALOG_DIR / f"{lang}.po"
    return [*parts, main] if main.exists() else parts


# Set to "1" in tests: every catalogue string comes back wrapped in these markers, so a test can
# find visible text that bypassed the catalogues (anything outside markers that is not data).
PSEUDO_LOCALE_ENV = "ALTRUIST_PSEUDO_LOCALE"
PSEUDO_OPEN = "\u27e6"  # ⟦
PSEUDO_CLOSE = "\u27e7"  # ⟧


# Under the pseudo-locale, dates and numbers formatted by Babel for a page (data in the locale's
# format, not catalogue text) are marked with these, so the test can tell them from stray words.
PSEUDO_DATA_OPEN = "\u27ea"  # ⟪
PSEUDO_DATA_CLOSE = "\u27eb"  # ⟫


# Under the pseudo-locale, each text value put into a catalogue string is marked with these, so
# the test checks values too: a name is data, an English word slipped into a German sentence
# ("derived from derived:notes") is not; a value that is itself translated carries ⟦…⟧ inside.
PSEUDO_VALUE_OPEN = "\u27e8"  # ⟨
PSEUDO_VALUE_CLOSE = "\u27e9"  # ⟩


def mark_data(text: str) -> str:
    return f"{PSEUDO_DATA_OPEN}{text}{PSEUDO_DATA_CLOSE}" if pseudo_locale_active() else text


def pseudo_locale_active() -> bool:
    return os.environ.get(PSEUDO_LOCALE_ENV) == "1"


@cache
def _catalog(lang: str) -> dict[str, str]:
    messages: dict[str, str] = {}
    for path in catalog_files(lang):
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        messages.update(
            (str(m.id), str(m.string))
            for m in catalog
            if m.id and m.string and isinstance(m.id, str)
        )
    return messages


@cache
def _plural_catalog(lang: str) -> dict[str, tuple[str, ...]]:
    """Entries with msgid_plural, keyed by the singular msgid; the forms follow the catalogue's
    Plural-Forms (German and English both: one form for n == 1, one for everything else)."""
    forms: dict[str, tuple[str, ...]] = {}
    for path in catalog_files(lang):
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        for m in catalog:
            if isinstance(m.id, tuple) and isinstance(m.string, tuple) and all(m.string):
                forms[str(m.id[0])] = tuple(str(s) for s in m.string)
    return forms


def _plural_index(n: int) -> int:
    # German and English share the rule "1 is singular, everything else (0 too) is plural".
    return 0 if n == 1 else 1


class Translator:
    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
        self._messages = _catalog(self.lang)
        self._plurals = _plural_catalog(self.lang)
        self._pseudo = pseudo_locale_active()

    def gettext(self, message: str, **values: object) -> str:
        text = self._messages.get(message, message)
        return self._mark(text.format(**self._values(values)) if values else text)

    def ngettext(self, singular: str, plural: str, n: int, **values: object) -> str:
        """The form for `n` (also passed to the text as `{n}`), e.g.
        `t.ngettext("{n} answer", "{n} answers", count)` → "1 Antwort" / "3 Antworten"."""
        index = _plural_index(n)
        forms = self._plurals.get(singular) or (singular, plural)
        text = forms[min(index, len(forms) - 1)]
        return self._mark(text.format(n=n, **self._values(values)))

    def _values(self, values: dict[str, object]) -> dict[str, object]:
        if not self._pseudo:
            return values
        return {
            key: f"{PSEUDO_VALUE_OPEN}{value}{PSEUDO_VALUE_CLOSE}"
            if isinstance(value, str)
            else value
            for key, value in values.items()
        }

    def _mark(self, text: str) -> str:
        return f"{PSEUDO_OPEN}{text}{PSEUDO_CLOSE}" if self._pseudo else text

    __call__ = gettext


def negotiate(accept_language: str | None, fallback: str = DEFAULT_LANGUAGE) -> str:
    """Pick de or en from an Accept-Language header, honouring q-values."""
    if not accept_language:
        return fallback
    ranked: list[tuple[float, str]] = []
    for part in accept_language.split(","):
        pieces = part.strip().split(";")
        tag = pieces[0].strip().lower().split("-")[0]
        q = 1.0
        for param in pieces[1:]:
            if param.strip().startswith("q="):
                try:
                    q = float(param.strip()[2:])
                except ValueError:
                    q = 0.0
        if tag in LANGUAGES:
            ranked.append((q, tag))
    ranked.sort(key=lambda item: -item[0])
    return ranked[0][1] if ranked and ranked[0][0] > 0 else fallback
