"""Ranges every value must lie in where it enters (web form, query string, CLI option), chosen so
that every later use can handle them: a cadence that `timedelta` and the calendar feed can add to
today, ids a 64-bit database column holds, days a time zone conversion can reach.

A value outside its range is refused with `InvalidValue`, whose English message is a catalogue
msgid (German in `i18n/de_security.po`), so the web shows it in the user's language."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from altruist.errors import ConfigError

MAX_ROW_ID = 2**63 - 1  # BIGINT on PostgreSQL, INTEGER on SQLite
MAX_PAGE = 1_000_000
MIN_CADENCE_DAYS, MAX_CADENCE_DAYS = 1, 3650  # at least daily, at most every ten years
MAX_SNOOZE_DAYS = 3650
EARLIEST_DAY, LATEST_DAY = date(1900, 1, 1), date(2999, 12, 31)
MAX_TIER_NAME = 40

_ASCII_DIGITS = re.compile(r"[0-9]{1,18}")  # str.isdigit() accepts "²", which int() refuses


class InvalidValue(ConfigError):
    """A value out of its range: an English msgid with its values, translated where shown."""

    def __init__(self, message: str, **values: object) -> None:
        super().__init__(message.format(**values))
        self.msgid = message
        self.values = values

    def translated(self, gettext: Callable[..., str]) -> str:
        # `what` names a field in English (a msgid too); the user's own values stay as they are.
        values = dict(self.values)
        if isinstance(values.get("what"), str):
            values["what"] = gettext(values["what"])
        return gettext(self.msgid, **values)


def _out_of_range(value: object, low: int, high: int, what: str) -> InvalidValue:
    return InvalidValue(
        "{what} must be a whole number from {low} to {high}, got {value}.",
        what=what,
        low=low,
        high=high,
        value=str(value)[:40],
    )


def whole_number(text: str, low: int, high: int, what: str) -> int:
    """ASCII digits only, within [low, high]; `what` names the field in the message."""
    cleaned = text.strip()
    if not _ASCII_DIGITS.fullmatch(cleaned) or not low <= int(cleaned) <= high:
        raise _out_of_range(repr(cleaned), low, high, what)
    return int(cleaned)


def in_range(value: int, low: int, high: int, what: str) -> int:
    """An integer that already parsed (a CLI option), within [low, high]."""
    if not low <= value <= high:
        raise _out_of_range(value, low, high, what)
    return value


CADENCE = "The keep-in-touch cadence"


def cadence_days(text: str, what: str = CADENCE) -> int:
    return whole_number(text, MIN_CADENCE_DAYS, MAX_CADENCE_DAYS, what)


def day(text: str) -> date | None:
    """A YYYY-MM-DD date between `EARLIEST_DAY` and `LATEST_DAY`; empty is no date."""
    cleaned = text.strip()
    if not cleaned:
        return None
    try:
        value = date.fromisoformat(cleaned)
    except ValueError as exc:
        raise InvalidValue("{value!r} is not a date (YYYY-MM-DD).", value=cleaned[:40]) from exc
    if not EARLIEST_DAY <= value <= LATEST_DAY:
        raise InvalidValue(
            "The date {value} is outside {low} to {high}.",
            value=value.isoformat(),
            low=EARLIEST_DAY.isoformat(),
            high=LATEST_DAY.isoformat(),
        )
    return value


def parse_tiers(text: str) -> dict[str, int]:
    """Lines of `name = days` (or `name: days`) into the tier table the cadence engine reads."""
    tiers: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        name, sep, days = line.replace(":", "=").partition("=")
        if not sep or not name.strip():
            raise InvalidValue(
                "Line {line}: write a tier as 'name = days', got {value!r}.",
                line=number,
                value=line.strip()[:80],
            )
        tier = name.strip()[:MAX_TIER_NAME]
        try:
            tiers[tier] = cadence_days(days)
        except InvalidValue as exc:
            raise InvalidValue(
                "Line {line}: the days of tier {tier} must be a whole number from {low} to "
                "{high}, got {value}.",
                line=number,
                tier=tier,
                low=MIN_CADENCE_DAYS,
                high=MAX_CADENCE_DAYS,
                value=repr(days.strip()[:40]),
            ) from exc
    return tiers
