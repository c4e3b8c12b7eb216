from __future__ import annotations

from datetime import UTC, datetime, timedelta

from altruist.agenda import build_today
from altruist.clock import Clock, fixed_clock
from altruist.domain import SuggestionKind
from altruist.engine.context import EngineContext
from altruist.engine.introductions import followups as intro_followups
from altruist.engine.introductions.flow import start_between, step
from altruist.store import Store
from altruist.store import people as people_repo
from tests.helpers import demo_engine


def _two_people(engine: EngineContext) -> tuple[int, int]:
    with engine.store.read() as conn:
        people = people_repo.all_people(conn)
    return people[0].id or 0, people[-1].id or 0


def test_started_introduction_returns_on_today_with_its_next_step(
    sqlite_store: Store, clock: Clock
) -> None:
    engine = demo_engine(sqlite_store, clock, people=60)
    a, b = _two_people(engine)
    intro = start_between(engine, a, b, reason="both work on data pipelines")
    steps = intro_followups.suggest(engine)
    assert [s.key for s in steps] == [f"intro-step:{intro.id}:suggested"]
    assert steps[0].draft and steps[0].person_ids == [a, b]
    keys = {s.key for s in build_today(engine, 10)}
    assert f"intro-step:{intro.id}:suggested" in keys


def test_waiting_for_an_answer_is_quiet_for_a_week_then_suggests_a_follow_up(
    sqlite_store: Store,
) -> None:
    # The store stamps workflow steps with the real time, so this test's clock starts there too.
    clock = fixed_clock(datetime.now(UTC))
    engine = demo_engine(sqlite_store, clock, people=60)
    a, b = _two_people(engine)
    intro = start_between(engine, a, b, reason="shared interest")
    step(engine, intro.id or 0, "ask_first")
    assert intro_followups.suggest(engine) == []
    later = EngineContext(
        store=sqlite_store, clock=fixed_clock(clock() + timedelta(days=30)), embedder_name="fake"
    )
    follow_up = intro_followups.suggest(later)
    assert [s.key for s in follow_up] == [f"intro-step:{intro.id}:asked_first"]
    assert follow_up[0].kind is SuggestionKind.INTRODUCE
