"""German and English for every surface, from gettext catalogues (`<lang>.po`, msgid = English).

The .po files are read with Babel at start-up, so no compile step is needed and translators edit
ordinary gettext catalogues.
"""

from __future__ import annotations

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


class Translator:
    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
        self._messages = _catalog(self.lang)

    def gettext(self, message: str, **values: object) -> str:
        text = self._messages.get(message, message)
        return text.format(**values) if values else text

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
