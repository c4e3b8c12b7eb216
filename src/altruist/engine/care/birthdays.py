"""Birthdays and work anniversaries: when the next one falls, how old someone turns, and the care
suggestion with its lead time.

29 February is the one date that does not exist every year. The user chooses (setting
`care.feb29_rule`) whether such a birthday is kept on 28 February or on 1 March in common years;
in leap years it is always 29 February. The same rule moves a job that started on 29 February.
"""

from __future__ import annotations

import calendar
import enum
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection

from altruist.domain import Birthday, Person, Suggestion, SuggestionKind
from altruist.engine import drafts
from altruist.errors import ConfigError
from altruist.store import settings_repo

FEB29_RULE_KEY = "care.feb29_rule"
LEAD_DAYS_KEY = "care.birthday_lead_days"
DEFAULT_LEAD_DAYS = 3


class Feb29Rule(enum.StrEnum):
    FEB28 = "feb28"
    MAR1 = "mar1"


@dataclass(frozen=True)
class BirthdayPrefs:
    feb29_rule: Feb29Rule = Feb29Rule.FEB28
    lead_days: int = DEFAULT_LEAD_DAYS


def load_prefs(conn: Connection) -> BirthdayPrefs:
    raw_rule = settings_repo.get(conn, FEB29_RULE_KEY, str(Feb29Rule.FEB28))
    try:
        rule = Feb29Rule(raw_rule)
    except ValueError as exc:
        raise ConfigError(
            f"setting {FEB29_RULE_KEY} must be feb28 or mar1, got {raw_rule!r}"
        ) from exc
    lead = int(settings_repo.get(conn, LEAD_DAYS_KEY, DEFAULT_LEAD_DAYS))
    if not 0 <= lead <= 60:
        raise ConfigError(f"setting {LEAD_DAYS_KEY} must be between 0 and 60 days, got {lead}")
    return BirthdayPrefs(rule, lead)


def save_feb29_rule(conn: Connection, rule: Feb29Rule) -> None:
    settings_repo.put(conn, FEB29_RULE_KEY, str(rule))


def save_lead_days(conn: Connection, days: int) -> None:
    if not 0 <= days <= 60:
        raise ConfigError(f"the birthday lead time must be between 0 and 60 days, got {days}")
    settings_repo.put(conn, LEAD_DAYS_KEY, days)


def occurrence_in(month: int, day: int, year: int, rule: Feb29Rule) -> date:
    """The calendar date a yearly (month, day) falls on in `year`."""
    if month == 2 and day == 29 and not calendar.isleap(year):
        return date(year, 2, 28) if rule is Feb29Rule.FEB28 else date(year, 3, 1)
    return date(year, month, day)


def next_occurrence(month: int, day: int, today: date, rule: Feb29Rule) -> date:
    """The first occurrence on or after `today` (a birthday on 2 January seen on 30 December is
    four days away, in next year)."""
    this_year = occurrence_in(month, day, today.year, rule)
    return this_year if this_year >= today else occurrence_in(month, day, today.year + 1, rule)


def age_on(birthday: Birthday, occurrence: date) -> int | None:
    """The age someone turns on `occurrence`; unknown without a birth year."""
    return None if birthday.year is None else occurrence.year - birthday.year


@dataclass(frozen=True)
class Upcoming:
    person: Person
    on: date
    days_until: int
    age: int | None


def upcoming_birthdays(people: list[Person], today: date, prefs: BirthdayPrefs) -> list[Upcoming]:
    """Birthdays from today to today + lead time, soonest first."""
    out: list[Upcoming] = []
    for person in people:
        bday = person.birthday
        if bday is None:
            continue
        on = next_occurrence(bday.month, bday.day, today, prefs.feb29_rule)
        days = (on - today).days
        if days <= prefs.lead_days:
            out.append(Upcoming(person, on, days, age_on(bday, on)))
    out.sort(key=lambda u: (u.days_until, u.person.name, u.person.id or 0))
    return out


def _urgency(days_until: int, lead_days: int) -> float:
    """1.0 on the day, falling linearly to 0.5 at the start of the lead time."""
    if lead_days == 0:
        return 1.0
    return 1.0 - 0.5 * days_until / lead_days


def birthday_suggestions(
    people: list[Person],
    today: date,
    prefs: BirthdayPrefs,
    strength: dict[int, float],
) -> list[Suggestion]:
    """A congratulation for every birthday inside the lead time.

    Score: a birthday is a cheap, well-received deed with a deadline, so it sits high (0.55–0.9):
    higher the closer the day and the stronger the tie.
    """
    items: list[Suggestion] = []
    for up in upcoming_birthdays(people, today, prefs):
        person = up.person
        pid = person.id or 0
        tie = strength.get(pid, 0.0)
        score = round(0.45 + 0.35 * _urgency(up.days_until, prefs.lead_days) + 0.1 * tie, 4)
        items.append(
            Suggestion(
                kind=SuggestionKind.BIRTHDAY,
                key=f"birthday:{pid}:{up.on.year}",
                title=drafts.birthday_title(person, up.days_until),
                reason=drafts.birthday_reason(person, up.on, up.days_until, up.age),
                score=min(score, 1.0),
                person_ids=[pid],
                draft=drafts.birthday(person, up.age),
            )
        )
    return items


def anniversary_suggestions(
    people: list[Person], today: date, prefs: BirthdayPrefs
) -> list[Suggestion]:
    """Work anniversaries (whole years at the current employer) inside the lead time."""
    items: list[Suggestion] = []
    for person in people:
        started = person.job_started_on
        if started is None:
            continue
        on = next_occurrence(started.month, started.day, today, prefs.feb29_rule)
        years = on.year - started.year
        days = (on - today).days
        if years < 1 or days > prefs.lead_days:
            continue
        pid = person.id or 0
        # Lower than birthdays: nice to notice, rarely expected.
        score = round(0.35 + 0.2 * _urgency(days, prefs.lead_days), 4)
        items.append(
            Suggestion(
                kind=SuggestionKind.ANNIVERSARY,
                key=f"anniversary:{pid}:{on.year}",
                title=drafts.anniversary_title(person, years),
                reason=drafts.anniversary_reason(person, years, on, days),
                score=score,
                person_ids=[pid],
                draft=drafts.anniversary(person, years),
            )
        )
    return items
