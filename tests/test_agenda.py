from __future__ import annotations

from datetime import UTC, datetime, timedelta

from altruist.agenda import build_today, current, mix, record_feedback
from altruist.clock import Clock, fixed_clock
from altruist.domain import Suggestion, SuggestionKind, SuggestionState
from altruist.engine.context import EngineContext
from altruist.store import Store
from tests.helpers import demo_engine


def test_today_has_explained_deeds_of_several_kinds(sqlite_store: Store, clock: Clock) -> None:
    engine = demo_engine(sqlite_store, clock)
    items = build_today(engine, 7)
    assert len(items) >= 5
    assert len({i.kind for i in items}) >= 3
    for item in items:
        assert item.id is not None and item.title and item.reason
    people = [p for i in items for p in i.person_ids]
    assert len(people) == len(set(people)), "no person twice"


def test_done_and_dismissed_deeds_do_not_return(sqlite_store: Store, clock: Clock) -> None:
    engine = demo_engine(sqlite_store, clock)
    first = build_today(engine, 7)
    record_feedback(engine, first[0].id or 0, "done")
    record_feedback(engine, first[1].id or 0, "dismiss")
    again = build_today(engine, 7)
    keys = {i.key for i in again}
    assert first[0].key not in keys and first[1].key not in keys


def test_snoozed_deed_returns_after_the_snooze(sqlite_store: Store, clock: Clock) -> None:
    engine = demo_engine(sqlite_store, clock)
    item = build_today(engine, 7)[0]
    record_feedback(engine, item.id or 0, "snooze", snooze_days=3)
    assert item.key not in {i.key for i in build_today(engine, 50, recompute=False)}
    later = EngineContext(
        store=engine.store,
        clock=fixed_clock(clock() + timedelta(days=4)),
        timezone=engine.timezone,
        embedder_name="fake",
    )
    stored = {s.key: s for s in current(later)}
    assert stored[item.key].state is SuggestionState.SNOOZED
    # Available again after four days (the engine may or may not still propose it).
    from altruist.agenda import is_available

    assert is_available(stored[item.key], later.clock())


def _s(kind: SuggestionKind, key: str, score: float, people: list[int]) -> Suggestion:
    return Suggestion(kind=kind, key=key, title=key, reason="r", score=score, person_ids=people)


def test_an_ask_that_cannot_be_placed_costs_no_giving_deed() -> None:
    """The ask is about someone already on the list: the list stays full of giving deeds."""
    items = [_s(SuggestionKind.BIRTHDAY, f"b{i}", 0.9 - i / 100, [i]) for i in range(6)]
    items.append(_s(SuggestionKind.ASK, "ask-about-0", 0.5, [0]))
    chosen = mix(items, 5)
    assert len(chosen) == 5 and all(c.kind is SuggestionKind.BIRTHDAY for c in chosen)
    # About someone else, the ask takes the last place.
    items.append(_s(SuggestionKind.ASK, "ask-about-99", 0.4, [99]))
    chosen = mix(items, 5)
    assert len(chosen) == 5 and chosen[-1].key == "ask-about-99"


def test_mix_gives_first_allows_one_ask_and_keeps_variety() -> None:
    items = [_s(SuggestionKind.ASK, f"ask{i}", 0.99, [100 + i]) for i in range(3)]
    items += [_s(SuggestionKind.BIRTHDAY, f"b{i}", 0.9 - i / 100, [i]) for i in range(10)]
    items += [_s(SuggestionKind.INTRODUCE, "intro", 0.2, [50, 51])]
    chosen = mix(items, 5)
    kinds = [c.kind for c in chosen]
    assert kinds.count(SuggestionKind.ASK) == 1
    assert kinds[-1] is SuggestionKind.ASK, "asks come after giving"
    assert SuggestionKind.INTRODUCE in kinds, "a weaker kind still gets a place"
    assert len(chosen) == 5


def test_ignored_deed_ranks_lower_the_next_day(sqlite_store: Store) -> None:
    day1 = fixed_clock(datetime(2026, 11, 26, 9, tzinfo=UTC))
    engine = demo_engine(sqlite_store, day1)
    shown = build_today(engine, 7)
    day2 = EngineContext(
        store=sqlite_store,
        clock=fixed_clock(datetime(2026, 11, 27, 9, tzinfo=UTC)),
        embedder_name="fake",
    )
    stored = {s.key: s for s in current(day2)}
    assert all(stored[s.key].shown_count == 1 for s in shown)


def test_done_deed_counts_as_contact_and_gift(sqlite_store: Store, clock: Clock) -> None:
    from altruist.store import interactions as interactions_repo
    from altruist.store import ledger as ledger_repo

    engine = demo_engine(sqlite_store, clock)
    item = next(i for i in build_today(engine, 10) if i.kind is SuggestionKind.BIRTHDAY)
    person = item.person_ids[0]
    record_feedback(engine, item.id or 0, "done")
    with sqlite_store.read() as conn:
        assert interactions_repo.last_contact(conn)[person] == clock()
        assert any(e.person_id == person for e in ledger_repo.entries(conn, person))


def test_reloading_today_shows_the_same_list(sqlite_store: Store, clock: Clock) -> None:
    engine = demo_engine(sqlite_store, clock)
    first = build_today(engine, 7)
    again = build_today(engine, 7, recompute=False)
    assert [s.key for s in again] == [s.key for s in first]


def test_cached_agenda_follows_feedback_from_another_process(
    sqlite_store: Store, clock: Clock
) -> None:
    """current() caches by a fingerprint of the stored deeds, so a change made elsewhere (the CLI
    while the web app runs) is seen at once."""
    from altruist.store import suggestions as suggestions_repo

    engine = demo_engine(sqlite_store, clock)
    shown = build_today(engine, 7)
    assert {s.key for s in current(engine)} >= {s.key for s in shown}
    with sqlite_store.transaction() as conn:  # as another process would, bypassing the agenda
        suggestions_repo.set_state(conn, shown[0].id or 0, SuggestionState.DISMISSED)
    stored = {s.key: s for s in current(engine)}
    assert stored[shown[0].key].state is SuggestionState.DISMISSED
    assert shown[0].key not in {s.key for s in build_today(engine, 7, recompute=False)}
