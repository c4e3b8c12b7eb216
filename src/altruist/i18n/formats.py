"""Dates and numbers in the reader's locale (Babel): 3. Dez. 2026 / Dec 3, 2026, 0,75 / 0.75.

Files meant for machines (JSON, ICS, the CSV importer's own round trip) keep ISO dates; these
are for text a person reads."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

_LOCALES = {"de": "de_DE", "en": "en_GB"}


def _locale(lang: str) -> str:
    return _LOCALES.get(lang, "en_GB")


def format_day(day: date, lang: str) -> str:
    """A calendar day: 03.12.2026 in German, 3 Dec 2026 in English (never the ambiguous 12/03)."""
    return format_date(day, format="medium", locale=_locale(lang))


def format_moment(moment: datetime, lang: str) -> str:
    """A day with its time of day, to the minute."""
    return format_datetime(moment, format="short", locale=_locale(lang))


def format_number(value: float, lang: str, digits: int = 0) -> str:
    """`value` with exactly `digits` decimals and the locale's decimal sign."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=_locale(lang))
