"""Rendering: one Jinja2 environment (autoescaping on), and the per-request context every page
gets — translator, language, CSRF token, navigation."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime, format_time
from babel.numbers import format_decimal
from fastapi.templating import Jinja2Templates
from starlette.requests import Request
from starlette.responses import HTMLResponse

from altruist.domain import Text
from altruist.i18n import Translator, labels, mark_data, negotiate
from altruist.i18n import message as messages
from altruist.web.security import CSRF_FIELD

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
LANG_COOKIE = "altruist_lang"

# (path, label) — the label is an English msgid translated at render time.
NAVIGATION: tuple[tuple[str, str], ...] = (
    ("/", "Today"),
    ("/people", "People"),
    ("/introductions", "Introductions"),
    ("/questions", "Questions"),
    ("/groups", "Groups"),
    ("/rounds", "Rounds"),
    ("/map", "Map"),
    ("/import", "Import"),
    ("/settings", "Settings"),
)


def request_language(request: Request) -> str:
    """A visible switch (cookie) wins over the browser's Accept-Language, then the setting."""
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in ("de", "en"):
        return chosen
    fallback = getattr(request.app.state.settings, "language", "en")
    return negotiate(request.headers.get("accept-language"), fallback)


@cache
def _locale(lang: str) -> Locale:
    # Parsed once: babel parses a locale given by name on every call, which was most of the
    # cost of a People page's 50 "last contact" dates.
    return Locale.parse(lang)


def _formatters(lang: str, timezone: str) -> dict[str, Any]:
    zone = ZoneInfo(timezone)
    locale = _locale(lang)

    def fmt_date(value: date | datetime | None, style: str = "medium") -> str:
        if value is None:
            return ""
        if isinstance(value, datetime):
            if style != "medium":
                return mark_data(format_datetime(value, style, tzinfo=zone, locale=locale))
            # The date as "medium", the time without seconds: nobody logs a call to the second.
            moment = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(zone)
            day = format_date(moment.date(), "medium", locale=locale)
            clock = format_time(moment, "short", tzinfo=zone, locale=locale)
            return mark_data(str(locale.datetime_formats["medium"]).format(clock, day))
        return mark_data(format_date(value, style, locale=locale))

    def fmt_number(value: float | int) -> str:
        return mark_data(format_decimal(value, locale=locale))

    return {"fmt_date": fmt_date, "fmt_number": fmt_number}


def shown(text: Text | None, t: Translator) -> str:
    """A stored text in the reader's language: a message (or its JSON, as a deed's title, a
    done deed's note in the history) is rendered, prose and data come back as they are."""
    if isinstance(text, str):
        text = messages.decode(text)
    return messages.render(text, t)


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    lang = request_language(request)
    translator = Translator(lang)
    base: dict[str, Any] = {
        "_": translator.gettext,
        "ngettext": translator.ngettext,
        "shown": lambda text: shown(text, translator),
        "label": lambda table, key: labels.name_of(translator, table, key),
        "field_value": lambda key, value: labels.field_value(translator, key, value),
        "kind_name": lambda kind: labels.name_of(translator, "kind", str(kind)),
        "lang": lang,
        "csrf_field": CSRF_FIELD,
        "csrf_token": getattr(request.state, "csrf_token", ""),
        "navigation": NAVIGATION,
        "current_path": request.url.path,
        **_formatters(lang, request.app.state.settings.timezone),
    }
    return TEMPLATES.TemplateResponse(
        request, template, base | (context or {}), status_code=status_code
    )
