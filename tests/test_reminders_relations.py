"""Own reminders on Today and relations between contacts (issue 16), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from altruist.agenda import plan_today, record_feedback, refresh
from altruist.clock import fixed_clock
from altruist.domain import SuggestionKind
from altruist.engine.context import EngineContext
from altruist.engine.introductions import suggest as intros
from altruist.errors import ConfigError, NotFoundError
from altruist.store import Store
from altruist.store import people as people_repo
from altruist.store import relations as relations_repo
from altruist.store import reminders as reminders_repo
from altruist.store.reminders import next_due
from tests.helpers import demo_engine

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def test_next_occurrence_after_the_day_it_was_done() -> None:
    assert next_due(date(2027, 1, 31), 1, "months", date(2027, 1, 31)) == date(2027, 2, 28)
    # Missed for three weeks, done today: it comes back once, a week after the last missed day.
    assert next_due(date(2026, 11, 5), 1, "weeks", date(2026, 11, 26)) == date(2026, 12, 3)
    assert next_due(date(2028, 2, 29), 1, "years", date(2028, 2, 29)) == date(2029, 2, 28)
    assert next_due(date(2026, 11, 26), 10, "days", date(2026, 11, 20)) == date(2026, 12, 6)


def test_repetition_is_checked_field_by_field(any_store: Store) -> None:
    with any_store.transaction() as conn:
        with pytest.raises(ConfigError, match="unit"):
            reminders_repo.add(conn, "x", NOW.date(), every=2, unit="fortnights")
        with pytest.raises(ConfigError, match="every"):
            reminders_repo.add(conn, "x", NOW.date(), every=0, unit="days")
        with pytest.raises(ConfigError, match="text"):
            reminders_repo.add(conn, "  ", NOW.date())


def _ctx(store: Store, at: datetime) -> EngineContext:
    return EngineContext(
        store=store, clock=fixed_clock(at), timezone="Europe/Berlin", embedder_name="fake"
    )


def test_a_due_reminder_is_a_deed_on_today_within_the_budget(any_store: Store) -> None:
    ctx = demo_engine(any_store, fixed_clock(NOW), people=60)
    refresh(ctx)  # the latest refresh knows nothing of the reminder added below
    with any_store.transaction() as conn:
        anna = people_repo.all_people(conn)[0]
        weekly = reminders_repo.add(
            conn, "Nach dem Umzug fragen", NOW.date(), person_id=anna.id, every=1, unit="weeks"
        )
        reminders_repo.add(conn, "Steuer", NOW.date() + timedelta(days=3))  # not due yet
    plan = plan_today(ctx, 3, recompute=False)
    mine = [s for s in plan.items if s.kind is SuggestionKind.REMINDER]
    assert len(plan.items) <= 3
    assert [s.title for s in mine] == [f"{anna.name}: Nach dem Umzug fragen"]
    assert mine[0].person_ids == [anna.id]

    record_feedback(ctx, mine[0].id or 0, "done")
    with any_store.read() as conn:
        assert reminders_repo.get(conn, weekly.id).due_on == NOW.date() + timedelta(days=7)
    again = plan_today(ctx, 3, recompute=False)
    assert not [s for s in again.items if s.kind is SuggestionKind.REMINDER]
    assert again.acted >= 1, "done today uses up budget"

    week_later = _ctx(any_store, NOW + timedelta(days=7))
    back = [s for s in plan_today(week_later, 3).items if s.kind is SuggestionKind.REMINDER]
    assert [s.key for s in back] == [f"reminder:{weekly.id}:{(NOW + timedelta(days=7)).date()}"]


def test_a_snoozed_reminder_waits_and_a_dismissed_one_off_closes(any_store: Store) -> None:
    ctx = _ctx(any_store, NOW)
    with any_store.transaction() as conn:
        once = reminders_repo.add(conn, "Rechnung bezahlen", NOW.date() - timedelta(days=2))
        other = reminders_repo.add(conn, "Blumen gießen", NOW.date())
    items = {s.title: s for s in plan_today(ctx, 5).items}
    assert set(items) == {"Rechnung bezahlen", "Blumen gießen"}
    record_feedback(ctx, items["Rechnung bezahlen"].id or 0, "snooze", snooze_days=2)
    record_feedback(ctx, items["Blumen gießen"].id or 0, "dismiss")
    with any_store.read() as conn:
        assert reminders_repo.get(conn, once.id).done_at is None
        assert reminders_repo.get(conn, other.id).done_at is not None
    later = [s.title for s in plan_today(_ctx(any_store, NOW + timedelta(days=3)), 5).items]
    assert later == ["Rechnung bezahlen"]


def test_relations_are_added_listed_and_removed(any_store: Store) -> None:
    demo_engine(any_store, fixed_clock(NOW), people=30)
    with any_store.transaction() as conn:
        a, b = (p.id or 0 for p in people_repo.all_people(conn)[:2])
        before = len(relations_repo.of_person(conn, a))
        relations_repo.add(conn, a, b, "family")
        relations_repo.add(conn, b, a, "family")  # the same pair once
        found = [r for r in relations_repo.of_person(conn, a) if r.kind == "family"]
        assert [(r.other_id, r.source) for r in found] == [(b, "manual")]
        with pytest.raises(ConfigError):
            relations_repo.add(conn, a, a, "knows")
        with pytest.raises(ConfigError):
            relations_repo.add(conn, a, b, "enemy")
        relations_repo.remove(conn, b, found[0].id)
        assert len(relations_repo.of_person(conn, a)) == before
        with pytest.raises(NotFoundError):
            relations_repo.remove(conn, a, found[0].id)


def test_a_pair_recorded_as_knowing_each_other_is_not_proposed(any_store: Store) -> None:
    ctx = demo_engine(any_store, fixed_clock(NOW), people=120)
    proposed = [s.person_ids for s in intros.suggest(ctx)]
    assert proposed, "the demo network proposes introductions"
    a, b = proposed[0]
    with any_store.transaction() as conn:
        relations_repo.add(conn, a, b, "knows")
    assert [a, b] not in [s.person_ids for s in intros.suggest(ctx)]
