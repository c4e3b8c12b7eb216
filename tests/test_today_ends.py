"""Today ends (issue 16): a daily budget, a list that stays put within a day, introductions that
start the double opt-in, and feedback that teaches which kinds and people to offer."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from altruist.agenda import build_today, of_kinds, plan_today, record_feedback
from altruist.agenda.learning import VARIETY_FLOOR, kind_weight, learn
from altruist.clock import Clock, fixed_clock
from altruist.domain import IntroductionState, Suggestion, SuggestionKind, SuggestionState
from altruist.engine.context import EngineContext
from altruist.store import Store, open_store
from altruist.store import introductions as intros_repo
from altruist.store import suggestions as suggestions_repo
from tests.helpers import demo_engine

START = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def on_day(engine: EngineContext, day: int) -> EngineContext:
    return EngineContext(
        store=engine.store,
        clock=fixed_clock(START + timedelta(days=day)),
        timezone=engine.timezone,
        embedder_name="fake",
    )


def test_the_day_ends_after_the_budget_is_used(sqlite_store: Store) -> None:
    engine = demo_engine(sqlite_store, fixed_clock(START))
    first = plan_today(engine, 5)
    assert len(first.items) == 5 and first.acted == 0 and not first.finished
    for item in first.items[:4]:
        record_feedback(engine, item.id or 0, "snooze" if item.kind.is_giving else "dismiss")
    after_four = plan_today(engine, 5, recompute=False)
    assert [i.id for i in after_four.items] == [first.items[4].id], "no refill after acting"
    assert after_four.acted == 4
    record_feedback(engine, first.items[4].id or 0, "dismiss")
    done = plan_today(engine, 5, recompute=False)
    assert done.items == [] and done.finished and done.acted == 5
    # A new day brings a new list.
    tomorrow = plan_today(on_day(engine, 1), 5, recompute=False)
    assert len(tomorrow.items) == 5 and not tomorrow.finished
    assert not {i.id for i in tomorrow.items} & {i.id for i in first.items}


def test_the_list_is_the_same_on_every_call_within_a_day(sqlite_store: Store) -> None:
    engine = demo_engine(sqlite_store, fixed_clock(START))
    calls = [[i.id for i in build_today(engine, 5)] for _ in range(3)]  # recomputes each time
    calls.append([i.id for i in build_today(engine, 5, recompute=False)])  # the web's read
    assert all(ids == calls[0] for ids in calls), calls
    assert len(calls[0]) == 5


def test_done_on_an_introduction_starts_the_double_opt_in(sqlite_store: Store) -> None:
    engine = demo_engine(sqlite_store, fixed_clock(START))
    plan_today(engine, 5)
    with sqlite_store.read() as conn:
        intro = next(
            s
            for s in suggestions_repo.with_state(conn, [SuggestionState.NEW, SuggestionState.SHOWN])
            if s.kind is SuggestionKind.INTRODUCE
        )
    after = record_feedback(engine, intro.id or 0, "done")
    assert after.state is SuggestionState.ACCEPTED
    with sqlite_store.read() as conn:
        started = intros_repo.by_suggestion(conn, intro.id or 0)
    assert started is not None and started.state is IntroductionState.SUGGESTED


def _s(kind: SuggestionKind, key: str, people: list[int], state: SuggestionState) -> Suggestion:
    return Suggestion(
        kind=kind, key=key, title=key, reason="r", score=0.5, person_ids=people, state=state
    )


def test_kind_weight_is_neutral_without_history_and_moves_with_it() -> None:
    assert kind_weight(0, 0, 0) == pytest.approx(1.0)
    assert kind_weight(0, 4, 0) < VARIETY_FLOOR < kind_weight(4, 0, 0)
    assert kind_weight(0, 0, 10) < kind_weight(0, 0, 1) < 1.0, "ignoring is weak evidence"


def test_dismissing_a_person_repeatedly_lowers_their_deeds(sqlite_store: Store) -> None:
    with sqlite_store.transaction() as conn:
        for n in range(3):
            stored = suggestions_repo.upsert(
                conn, _s(SuggestionKind.CHECK_IN, f"c{n}", [7], SuggestionState.NEW)
            )
            suggestions_repo.set_state(conn, stored.id or 0, SuggestionState.DISMISSED)
        suggestions_repo.upsert(conn, _s(SuggestionKind.BIRTHDAY, "b", [8], SuggestionState.NEW))
    with sqlite_store.read() as conn:
        prefs = learn(conn)
    about_7 = _s(SuggestionKind.BIRTHDAY, "x", [7], SuggestionState.NEW)
    about_8 = _s(SuggestionKind.BIRTHDAY, "y", [8], SuggestionState.NEW)
    assert prefs.of(about_7) < 0.5 * prefs.of(about_8)


# Six a day: five giving deeds and the day's ask, so that questions compete with every other
# giving kind from the first day on (with five, the ask takes the fifth giving deed's place).
MONTH_BUDGET = 6


def simulate_month(store: Store, acts_on_questions: bool) -> list[Counter[SuggestionKind]]:
    """Thirty days of a user who works through Today every day: questions are answered (done) or
    always dismissed; every other deed is put off to the next day, so that the other kinds never
    run out and questions compete with them all month. Returns the kinds shown per day."""
    engine = demo_engine(store, fixed_clock(START))
    shown_per_day: list[Counter[SuggestionKind]] = []
    for day in range(30):
        today = on_day(engine, day)
        plan = plan_today(today, MONTH_BUDGET, recompute=day == 0)
        shown_per_day.append(Counter(item.kind for item in plan.items))
        for item in plan.items:
            if item.kind in QUESTIONS:
                action = "done" if acts_on_questions else "dismiss"
            else:
                action = "snooze"
            record_feedback(today, item.id or 0, action, snooze_days=1)
    return shown_per_day


QUESTIONS = (SuggestionKind.ANSWER, SuggestionKind.FORWARD)


def _questions(days: list[Counter[SuggestionKind]]) -> int:
    return sum(d[SuggestionKind.ANSWER] + d[SuggestionKind.FORWARD] for d in days)


def test_a_user_who_never_answers_questions_sees_fewer_of_them(
    sqlite_store: Store, tmp_path_factory: pytest.TempPathFactory
) -> None:
    refuser = simulate_month(sqlite_store, acts_on_questions=False)
    still_open = of_kinds(on_day(demo_context(sqlite_store), 29), QUESTIONS)
    other = open_store(f"sqlite:///{tmp_path_factory.mktemp('answerer') / 'a.db'}")
    try:
        answerer = simulate_month(other, acts_on_questions=True)
    finally:
        other.dispose()
    assert _questions(refuser[:1]) >= 1, "questions are offered at first"
    assert len(still_open) >= 5, "open questions remain available all month"
    # After the first day both users face the same candidates; only their feedback differs.
    assert _questions(refuser[1:]) < _questions(answerer[1:]), "acting on a kind lifts it"


def demo_context(store: Store) -> EngineContext:
    return EngineContext(store=store, clock=fixed_clock(START), embedder_name="fake")


def test_cli_and_web_views_share_one_plan(sqlite_store: Store, clock: Clock) -> None:
    engine = demo_engine(sqlite_store, clock)
    cli = plan_today(engine, 5)  # the CLI recomputes and marks shown
    web = plan_today(engine, 5, recompute=False)  # the page reads the stored refresh
    assert [i.id for i in cli.items] == [i.id for i in web.items]
