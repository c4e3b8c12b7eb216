"""Birthdays: year boundaries, 29 February in both rules, age only with a year, lead time, the
user's time zone (also when travelling)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from altruist.domain import Birthday, Language, Person, SuggestionKind
from altruist.engine.care import birthdays
from altruist.engine.care import suggest as care
from altruist.engine.care.birthdays import BirthdayPrefs, Feb29Rule, next_occurrence, occurrence_in
from altruist.errors import ConfigError
from altruist.store import Store, settings_repo
from tests.care.conftest import add_person, ctx_at, utc
from tests.helpers import shown


@pytest.mark.parametrize(
    ("year", "rule", "expected"),
    [
        (2027, Feb29Rule.FEB28, date(2027, 2, 28)),
        (2027, Feb29Rule.MAR1, date(2027, 3, 1)),
        (2028, Feb29Rule.FEB28, date(2028, 2, 29)),
        (2028, Feb29Rule.MAR1, date(2028, 2, 29)),
        (2100, Feb29Rule.MAR1, date(2100, 3, 1)),  # divisible by 100: not a leap year
        (2000, Feb29Rule.FEB28, date(2000, 2, 29)),  # divisible by 400: a leap year
    ],
)
def test_29_february_follows_the_rule_only_in_common_years(
    year: int, rule: Feb29Rule, expected: date
) -> None:
    assert occurrence_in(2, 29, year, rule) == expected


def test_birthday_on_2_january_is_seen_on_30_december_in_next_year() -> None:
    assert next_occurrence(1, 2, date(2026, 12, 30), Feb29Rule.FEB28) == date(2027, 1, 2)
    assert next_occurrence(12, 30, date(2026, 12, 30), Feb29Rule.FEB28) == date(2026, 12, 30)
    assert next_occurrence(12, 29, date(2026, 12, 30), Feb29Rule.FEB28) == date(2027, 12, 29)


def test_age_only_when_the_year_is_known() -> None:
    assert birthdays.age_on(Birthday(1, 2, 1990), date(2027, 1, 2)) == 37
    assert birthdays.age_on(Birthday(1, 2), date(2027, 1, 2)) is None


def test_upcoming_respects_lead_time_and_sorts_soonest_first() -> None:
    people = [
        Person(name="Later", id=1, birthday=Birthday(1, 5)),
        Person(name="Soon", id=2, birthday=Birthday(1, 2, 1990)),
        Person(name="Too far", id=3, birthday=Birthday(1, 9)),
        Person(name="No birthday", id=4),
    ]
    found = birthdays.upcoming_birthdays(people, date(2026, 12, 30), BirthdayPrefs(lead_days=7))
    assert [(u.person.name, u.on, u.age) for u in found] == [
        ("Soon", date(2027, 1, 2), 37),
        ("Later", date(2027, 1, 5), None),
    ]


def test_suggestion_over_the_year_boundary_has_key_of_next_year(sqlite_store: Store) -> None:
    anna = add_person(
        sqlite_store, "Anna Schmidt", birthday=Birthday(1, 2, 1990), language=Language.DE
    )
    items = care.suggest(ctx_at(sqlite_store, utc(2026, 12, 30)))
    [item] = [s for s in items if s.kind is SuggestionKind.BIRTHDAY]
    assert item.key == f"birthday:{anna.id}:2027"
    assert item.person_ids == [anna.id]
    assert "37" in shown(item.reason)
    assert item.draft is not None and item.draft.startswith("Hallo Anna,")
    assert "Alles Gute zum Geburtstag" in item.draft
    assert 0.0 <= item.score <= 1.0


def test_on_the_day_scores_higher_than_at_the_start_of_the_lead_time(sqlite_store: Store) -> None:
    add_person(sqlite_store, "Today", birthday=Birthday(11, 26))
    add_person(sqlite_store, "In three days", birthday=Birthday(11, 29))
    add_person(sqlite_store, "In four days", birthday=Birthday(11, 30))
    items = {shown(s.title): s for s in care.suggest(ctx_at(sqlite_store, utc(2026, 11, 26)))}
    assert set(items) == {"Today's birthday is today", "In three days's birthday is in 3 days"}
    assert (
        items["Today's birthday is today"].score
        > items["In three days's birthday is in 3 days"].score
    )


def test_29_february_birthday_in_common_year_uses_the_setting(sqlite_store: Store) -> None:
    leapling = add_person(sqlite_store, "Leo", birthday=Birthday(2, 29, 1988))
    with sqlite_store.transaction() as conn:
        settings_repo.put(conn, birthdays.LEAD_DAYS_KEY, 0)
    on_28 = ctx_at(sqlite_store, utc(2027, 2, 28))
    on_1 = ctx_at(sqlite_store, utc(2027, 3, 1))
    assert [s.key for s in care.suggest(on_28)] == [f"birthday:{leapling.id}:2027"]
    assert care.suggest(on_1) == []
    with sqlite_store.transaction() as conn:
        birthdays.save_feb29_rule(conn, Feb29Rule.MAR1)
    assert care.suggest(on_28) == []
    [item] = care.suggest(on_1)
    assert "turns 39" in shown(item.reason)


def test_birthday_is_today_in_the_users_time_zone_not_in_utc(sqlite_store: Store) -> None:
    add_person(sqlite_store, "Kai", birthday=Birthday(11, 27))
    with sqlite_store.transaction() as conn:
        settings_repo.put(conn, birthdays.LEAD_DAYS_KEY, 0)
    # 26 Nov 23:30 UTC is already 27 Nov in Berlin, still 26 Nov in New York.
    late = datetime(2026, 11, 26, 23, 30, tzinfo=UTC)
    assert len(care.suggest(ctx_at(sqlite_store, late, "Europe/Berlin"))) == 1
    assert care.suggest(ctx_at(sqlite_store, late, "America/New_York")) == []
    # The same user flies to Tokyo: the time zone is a setting, "today" follows it.
    assert (
        len(
            care.suggest(ctx_at(sqlite_store, datetime(2026, 11, 26, 16, tzinfo=UTC), "Asia/Tokyo"))
        )
        == 1
    )


def test_invalid_feb29_setting_is_a_clear_error(sqlite_store: Store) -> None:
    with sqlite_store.transaction() as conn:
        settings_repo.put(conn, birthdays.FEB29_RULE_KEY, "march")
    with pytest.raises(ConfigError, match="feb28 or mar1"):
        care.suggest(ctx_at(sqlite_store, utc(2026, 11, 26)))


def test_work_anniversary_counts_whole_years(sqlite_store: Store) -> None:
    add_person(sqlite_store, "Mia", company="Zalando", job_started_on=date(2021, 11, 28))
    add_person(sqlite_store, "New", company="SAP", job_started_on=date(2026, 11, 27))
    items = [
        s
        for s in care.suggest(ctx_at(sqlite_store, utc(2026, 11, 26)))
        if s.kind is SuggestionKind.ANNIVERSARY
    ]
    assert [shown(s.title) for s in items] == ["Mia: 5 years in the job"]
    assert "Zalando" in (items[0].draft or "")
