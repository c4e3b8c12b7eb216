"""Dates as exports write them: birthdays with and without year, LinkedIn's three date styles."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import lru_cache

from altruist.domain import Birthday

# Servers such as Apple's and some CardDAV stores write the year 1604 for "year unknown" (it is a
# leap year before the Gregorian reform reached everywhere, so --02-29 survives). Treat as no year.
UNKNOWN_YEARS = {1604, 1900}

_ISO = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:[T ].*)?$")
_NO_YEAR = re.compile(r"^--(\d{2})-?(\d{2})$")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2,4})$")  # Outlook, US order M/D/YYYY
_DOTTED = re.compile(r"^(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{2,4})?$")  # German D.M.YYYY, D.M.
# `5. Dezember 1975`, `5 Dec 1975`, `5. Dez.` — day, month name, optional year.
_NAMED = re.compile(r"^(\d{1,2})\.?\s+([^\W\d_]+)\.?(?:\s+(\d{4}))?$")
MONTH_NAMES: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("januar", "jänner", "january", "jan", "jän"),
            ("februar", "feber", "february", "feb"),
            ("märz", "maerz", "march", "mär", "mrz", "mar"),
            ("april", "apr"),
            ("mai", "may"),
            ("juni", "june", "jun"),
            ("juli", "july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("oktober", "october", "okt", "oct"),
            ("november", "nov"),
            ("dezember", "december", "dez", "dec"),
        ),
        start=1,
    )
    for name in names
}


def parse_birthday(text: str | None) -> Birthday | None:
    """A birthday in any form the samples use, or None when there is none or it is nonsense.

    RFC 6350 §4.3.1 (`--MMDD`), RFC 2426 (`YYYY-MM-DD`), vCard 2.1 basic `YYYYMMDD`, Outlook CSV
    `M/D/YYYY` (and `0/0/00` for empty), German `D.M.YYYY`, `D.M.` (no year) and
    `D. Monat YYYY` (issue 13: German exports and forms).
    """
    if not text:
        return None
    value = text.strip()
    year: int | None
    if match := _NO_YEAR.match(value):
        year, month, day = None, int(match[1]), int(match[2])
    elif match := _ISO.match(value):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    elif match := _SLASHED.match(value):
        month, day, year = int(match[1]), int(match[2]), _full_year(int(match[3]), match[3])
    elif match := _DOTTED.match(value):
        raw_year = match[3]
        day, month = int(match[1]), int(match[2])
        year = _full_year(int(raw_year), raw_year) if raw_year else None
    elif (match := _NAMED.match(value)) and match[2].lower() in MONTH_NAMES:
        day, month = int(match[1]), MONTH_NAMES[match[2].lower()]
        year = int(match[3]) if match[3] else None
    else:
        return None
    if year is not None and (year in UNKNOWN_YEARS or year < 1800 or year > 2200):
        year = None
    try:
        return Birthday(month, day, year)
    except ValueError:
        return None


def looks_like_date(text: str) -> bool:
    """True for text shaped like a date (digits and separators, or a day and month name) even
    when the date itself is impossible (`1990-13-45`): such a value is reported, not kept in
    silence as free text."""
    value = text.strip()
    if not value.strip("0/.- "):
        return False  # Outlook's `0/0/00`: no birthday
    return bool(
        _NO_YEAR.match(value)
        or _ISO.match(value)
        or _SLASHED.match(value)
        or _DOTTED.match(value)
        or ((match := _NAMED.match(value)) and match[2].lower() in MONTH_NAMES)
    )


def _full_year(year: int, raw: str) -> int | None:
    if len(raw) == 4:
        return year
    if year == 0:
        return None
    # Two-digit birth years: a birthday lies in the past, so 30 and up are the 1900s.
    return 1900 + year if year >= 30 else 2000 + year


_LINKEDIN_SHORT = re.compile(
    r"^(\d{1,2})/(\d{1,2})/(\d{2,4}),?\s+(\d{1,2}):(\d{2})\s*([AaPp][Mm])$"
)


def parse_linkedin_datetime(text: str) -> datetime | None:
    """`1/8/18, 6:14 PM` (2018 and invitations), `09 Sep 2022` / `16 Dec 2024` (connections),
    `2022-09-08 18:08:14 UTC` (messages). LinkedIn writes these in UTC; we store them as UTC."""
    return _parse_linkedin_datetime(text)


@lru_cache(maxsize=50_000)
def _parse_linkedin_datetime(text: str) -> datetime | None:
    # Cached: strptime costs ~40 µs, and a Connections.csv has a few hundred distinct days in
    # 30,000 rows. datetime objects are immutable, so sharing them is safe.
    value = text.strip()
    if not value:
        return None
    if match := _LINKEDIN_SHORT.match(value):
        month, day, year = int(match[1]), int(match[2]), int(match[3])
        year = year + 2000 if year < 100 else year
        hour, minute = int(match[4]) % 12, int(match[5])
        if match[6].lower() == "pm":
            hour += 12
        try:
            return datetime(year, month, day, hour, minute, tzinfo=UTC)
        except ValueError:
            return None
    for pattern in ("%d %b %Y", "%Y-%m-%d %H:%M:%S UTC", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, pattern).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


def clear_caches() -> None:
    _parse_linkedin_datetime.cache_clear()
