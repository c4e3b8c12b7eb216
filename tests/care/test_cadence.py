"""Keep in touch: any interaction resets the cadence; per-person beats tier beats history;
overdue contacts are ranked by tie strength and decay, not by days alone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from altruist.domain import InteractionKind, Person, SuggestionKind, SuggestionState
from altruist.engine.care import cadence
from altruist.engine.care import suggest as care
from altruist.engine.care.cadence import CadencePrefs
from altruist.store import Store
from altruist.store import people as people_repo
from tests.care.conftest import add_contact, add_person, close_suggestion, ctx_at, utc
from tests.helpers import shown

BERLIN = ZoneInfo("Europe/Berlin")
PREFS = CadencePrefs(dict(cadence.DEFAULT_TIERS), 180)


def check_ins(store: Store, at: datetime) -> list[str]:
    return [s.key for s in care.suggest(ctx_at(store, at)) if s.kind is SuggestionKind.CHECK_IN]


@pytest.mark.parametrize(
    "kind",
    [
        InteractionKind.MESSAGE,
        InteractionKind.MEETING,
        InteractionKind.NOTE,
        InteractionKind.INTRO_MADE,
        InteractionKind.ANSWER_GIVEN,
    ],
)
def test_any_interaction_resets_the_cadence(sqlite_store: Store, kind: InteractionKind) -> None:
    # PostgreSQL is covered by test_recording_a_gift_writes_ledger_and_interaction_and_resets_cadence.
    any_store = sqlite_store
    ben = add_person(any_store, "Ben", tier="close")
    add_contact(any_store, ben, utc(2026, 9, 1))
    assert check_ins(any_store, utc(2026, 11, 26)) == [f"checkin:{ben.id}:2026-09-01"]
    add_contact(any_store, ben, utc(2026, 11, 20), kind)
    assert check_ins(any_store, utc(2026, 11, 26)) == []
    # 30 days after the new contact it is due again, under a new key (old feedback does not stick).
    assert check_ins(any_store, utc(2026, 12, 20)) == [f"checkin:{ben.id}:2026-11-20"]


def test_person_cadence_beats_tier_beats_history() -> None:
    days = [date(2026, 1, 1) + timedelta(days=7 * i) for i in range(6)]
    own = Person(name="A", cadence_days=10, tier="yearly")
    tiered = Person(name="B", tier="yearly")
    plain = Person(name="C")
    assert cadence.effective_cadence(own, days, PREFS) == cadence.Cadence(10, "person")
    assert cadence.effective_cadence(tiered, days, PREFS) == cadence.Cadence(365, "yearly")
    # Weekly rhythm → 1.5 × 7 days fits the 30-day tier.
    assert cadence.effective_cadence(plain, days, PREFS) == cadence.Cadence(30, "history")
    assert cadence.effective_cadence(plain, days[:2], PREFS) is None


def test_a_burst_of_messages_on_one_day_is_one_contact() -> None:
    burst = [datetime(2026, 3, 1, 10, m, tzinfo=UTC) for m in range(20)]
    assert cadence.contact_days(burst, BERLIN) == [date(2026, 3, 1)]


def test_strong_drifting_tie_outranks_a_weak_tie_that_is_longer_overdue() -> None:
    now = utc(2026, 11, 26)
    strong = Person(name="Strong", id=1, tier="regular")
    weak = Person(name="Weak", id=2, tier="regular")
    times = {
        1: [
            utc(2026, 6, 1) + timedelta(days=3 * i) for i in range(12)
        ],  # many contacts, then silence
        2: [utc(2026, 3, 1)],  # one contact, longer ago
    }
    ranked = cadence.overdue_contacts([weak, strong], times, now, BERLIN, PREFS)
    assert [o.person.name for o in ranked] == ["Strong", "Weak"]
    assert ranked[0].overdue_days < ranked[1].overdue_days
    assert ranked[0].strength > ranked[1].strength
    assert all(0.0 <= o.priority <= 1.0 for o in ranked)


def test_decay_halves_with_each_cadence_overdue() -> None:
    person = Person(name="P", id=1, cadence_days=30)
    last = utc(2026, 1, 1)
    one = cadence.overdue_contacts([person], {1: [last]}, last + timedelta(days=60), BERLIN, PREFS)
    two = cadence.overdue_contacts([person], {1: [last]}, last + timedelta(days=90), BERLIN, PREFS)
    assert one[0].decay == pytest.approx(0.5)
    assert two[0].decay == pytest.approx(0.75)


def test_tie_strength_halves_its_mass_every_half_life() -> None:
    at = utc(2026, 1, 1)
    assert cadence.interaction_mass([at], at + timedelta(days=180), 180) == pytest.approx(0.5)
    assert cadence.interaction_mass([at, at], at, 180) == pytest.approx(2.0)
    assert cadence.tie_strength_at([at, at], at, 180) == pytest.approx(0.5)


def test_never_contacted_person_with_chosen_cadence_counts_from_when_added() -> None:
    added = datetime(2026, 10, 1, tzinfo=UTC)
    person = Person(name="New", id=5, tier="close", created_at=added)
    assert cadence.overdue_contacts([person], {}, utc(2026, 10, 20), BERLIN, PREFS) == []
    [item] = cadence.overdue_contacts([person], {}, utc(2026, 11, 5), BERLIN, PREFS)
    assert item.days_since is None and item.strength == cadence.CHOSEN_STRENGTH_FLOOR


def test_history_cadence_without_tier_suggests_a_check_in(sqlite_store: Store) -> None:
    eva = add_person(sqlite_store, "Eva")
    for i in range(5):
        add_contact(sqlite_store, eva, utc(2026, 5, 1) + timedelta(days=14 * i))
    keys = check_ins(sqlite_store, utc(2026, 11, 26))
    assert keys == [f"checkin:{eva.id}:2026-06-26"]
    [item] = [s for s in care.suggest(ctx_at(sqlite_store, utc(2026, 11, 26))) if s.key == keys[0]]
    assert "usual rhythm" in shown(item.reason) and "every 30 days" in shown(item.reason)


def test_last_meeting_topic_is_picked_up_in_the_draft(sqlite_store: Store) -> None:
    from altruist.domain import Interaction
    from altruist.store import interactions as interactions_repo

    olga = add_person(sqlite_store, "Olga", tier="close")
    with sqlite_store.transaction() as conn:
        interactions_repo.add(
            conn,
            Interaction(
                olga.id or 0, InteractionKind.MEETING, utc(2026, 9, 1), summary="Konferenz in Köln"
            ),
        )
        people_repo.update_fields(conn, olga.id or 0, language="de")
    [item] = [
        s
        for s in care.suggest(ctx_at(sqlite_store, utc(2026, 11, 26)))
        if s.kind is SuggestionKind.CHECK_IN
    ]
    assert (
        item.draft and "„Konferenz in Köln“" in item.draft and item.draft.startswith("Hallo Olga,")
    )


@pytest.mark.parametrize("state", [SuggestionState.DONE, SuggestionState.DISMISSED])
def test_closed_check_in_returns_one_cadence_later_under_a_new_key(
    sqlite_store: Store, state: SuggestionState
) -> None:
    ben = add_person(sqlite_store, "Ben", tier="close")
    add_contact(sqlite_store, ben, utc(2026, 9, 1))
    [key] = check_ins(sqlite_store, utc(2026, 11, 1))
    close_suggestion(sqlite_store, key, ben.id or 0, state, utc(2026, 11, 1, 10))
    assert check_ins(sqlite_store, utc(2026, 11, 30)) == []
    assert check_ins(sqlite_store, utc(2026, 12, 1)) == [f"checkin:{ben.id}:2026-11-01"]
    [item] = [
        s
        for s in care.suggest(ctx_at(sqlite_store, utc(2026, 12, 1)))
        if s.key.startswith("checkin")
    ]
    assert "for 91 days" in shown(item.reason)  # the reason still counts from the last real contact


def test_person_care_summary_for_the_person_page(sqlite_store: Store) -> None:
    from altruist.domain import Birthday, LedgerKind
    from altruist.engine import giving

    eva = add_person(sqlite_store, "Eva", birthday=Birthday(1, 2, 1990))
    for i in range(4):
        add_contact(sqlite_store, eva, utc(2026, 6, 1) + timedelta(days=7 * i))
    giving.record_received(sqlite_store, eva.id or 0, LedgerKind.OFFERED_HELP, utc(2026, 7, 1))
    state = care.person_care(ctx_at(sqlite_store, utc(2026, 12, 30)), eva.id or 0)
    assert state.cadence == cadence.Cadence(30, "history") == state.history_cadence
    assert state.last_contact == utc(2026, 7, 1)  # the ledger entry is a contact too
    assert state.next_check_in == date(2026, 7, 31)
    assert state.next_birthday == date(2027, 1, 2) and state.turns == 37
    assert (state.gave, state.received, state.offered_help_at) == (0, 1, utc(2026, 7, 1))
    assert 0.0 < state.tie_strength < 1.0
