"""The giving ledger, my needs and asks: recording resets the cadence, asks only to people the
user has helped or thanked, only with an open need, never twice within the period, one on Today."""

from __future__ import annotations

from datetime import timedelta

import pytest

from altruist.domain import (
    InteractionKind,
    Language,
    LedgerDirection,
    LedgerKind,
    SuggestionKind,
    SuggestionState,
)
from altruist.engine import giving
from altruist.engine.care import asks, my_needs
from altruist.engine.care import suggest as care
from altruist.errors import ConfigError, NotFoundError
from altruist.store import Store
from altruist.store import interactions as interactions_repo
from altruist.store import ledger as ledger_repo
from tests.care.conftest import add_contact, add_person, close_suggestion, ctx_at, utc
from tests.helpers import shown

NOW = utc(2026, 11, 26)


def set_need(store: Store, **kw: list[str]) -> None:
    with store.transaction() as conn:
        my_needs.set_job_search(conn, **kw)  # type: ignore[arg-type]


def test_recording_a_gift_writes_ledger_and_interaction_and_resets_cadence(
    any_store: Store,
) -> None:
    ben = add_person(any_store, "Ben", tier="close")
    add_contact(any_store, ben, utc(2026, 9, 1))
    assert [s.kind for s in care.suggest(ctx_at(any_store, NOW))] == [SuggestionKind.CHECK_IN]
    giving.record_given(
        any_store, ben.id or 0, LedgerKind.INTRODUCTION, utc(2026, 11, 25), "to Ada"
    )
    assert care.suggest(ctx_at(any_store, NOW)) == []
    with any_store.read() as conn:
        [entry] = ledger_repo.entries(conn, ben.id)
        [latest, *_] = interactions_repo.for_person(conn, ben.id or 0)
    assert (entry.direction, entry.kind, entry.note) == (
        LedgerDirection.GAVE,
        LedgerKind.INTRODUCTION,
        "to Ada",
    )
    assert latest.kind is InteractionKind.INTRO_MADE and latest.summary == "to Ada"


def test_ledger_kinds_parse_with_dashes_and_reject_unknown() -> None:
    assert giving.parse_kind("offered-help") is LedgerKind.OFFERED_HELP
    assert giving.parse_kind("Offered Help") is LedgerKind.OFFERED_HELP
    with pytest.raises(ConfigError, match="offered-help"):
        giving.parse_kind("bribe")


def test_unknown_person_is_not_found(sqlite_store: Store) -> None:
    with pytest.raises(NotFoundError):
        giving.record_given(sqlite_store, 999, LedgerKind.TIP, NOW)


def test_no_need_no_ask(sqlite_store: Store) -> None:
    ada = add_person(sqlite_store, "Ada", company="SAP")
    giving.record_given(sqlite_store, ada.id or 0, LedgerKind.TIP, utc(2026, 10, 1))
    giving.record_received(sqlite_store, ada.id or 0, LedgerKind.OFFERED_HELP, utc(2026, 10, 2))
    assert asks.suggest(ctx_at(sqlite_store, NOW)) == []


def test_offer_of_help_alone_is_not_enough_the_user_must_have_given(sqlite_store: Store) -> None:
    ada = add_person(sqlite_store, "Ada Weber", language=Language.DE)
    set_need(sqlite_store, roles=["Data Engineer"], regions=["Berlin"], companies=["SAP"])
    giving.record_received(sqlite_store, ada.id or 0, LedgerKind.OFFERED_HELP, utc(2026, 10, 2))
    assert asks.suggest(ctx_at(sqlite_store, NOW)) == []
    giving.record_given(sqlite_store, ada.id or 0, LedgerKind.THANKS, utc(2026, 10, 3))
    [ask] = asks.suggest(ctx_at(sqlite_store, NOW))
    assert ask.key == f"ask:{ada.id}:job" and ask.kind is SuggestionKind.ASK
    assert "offered to help on October 2, 2026" in shown(ask.reason)
    assert ask.draft is not None and ask.draft.startswith("Hallo Ada,")
    assert "eine Stelle als Data Engineer in Berlin, zum Beispiel bei SAP" in ask.draft
    assert "Augen und Ohren" in ask.draft


def test_well_placed_contact_qualifies_without_an_offer(sqlite_store: Store) -> None:
    set_need(sqlite_store, roles=["Data Engineer"], companies=["SAP", "Zalando"])
    insider = add_person(sqlite_store, "Ines", company="SAP SE", position="Team Lead")
    recruiter = add_person(sqlite_store, "Rolf", company="Acme", position="Technical Recruiter")
    stranger = add_person(sqlite_store, "Sven", company="Acme", position="Accountant")
    unhelped = add_person(sqlite_store, "Uwe", company="Zalando")
    for p in (insider, recruiter, stranger):
        giving.record_given(sqlite_store, p.id or 0, LedgerKind.ANSWER, utc(2026, 10, 1))
    found = asks.suggest(ctx_at(sqlite_store, NOW))
    assert [s.person_ids for s in found] == [[insider.id], [recruiter.id]]
    assert "works at SAP, one of your target companies" in shown(found[0].reason)
    assert shown(found[1].reason) == "Rolf works in recruiting; you have helped or thanked before."
    assert unhelped.id not in {pid for s in found for pid in s.person_ids}
    assert all(0 <= s.score <= 1 for s in found)


def test_never_the_same_person_twice_within_the_period(sqlite_store: Store) -> None:
    set_need(sqlite_store, companies=["SAP"])
    ada = add_person(sqlite_store, "Ada", company="SAP")
    giving.record_given(sqlite_store, ada.id or 0, LedgerKind.TIP, utc(2026, 1, 1))
    [ask] = asks.suggest(ctx_at(sqlite_store, NOW))
    with sqlite_store.transaction() as conn:
        giving.record_done(conn, ask, NOW)  # the user sent the ask
        asks.save_period_days(conn, 60)
    assert ask.key == f"ask:{ada.id}:job"
    assert asks.suggest(ctx_at(sqlite_store, NOW + timedelta(days=59))) == []
    [again] = asks.suggest(ctx_at(sqlite_store, NOW + timedelta(days=61)))
    # A new key: the first ask's "done" must not silence the next one forever.
    assert again.key == f"ask:{ada.id}:job:2026-11-26"


def test_an_ask_marked_done_counts_even_without_a_logged_interaction(sqlite_store: Store) -> None:
    set_need(sqlite_store, companies=["SAP"])
    ada = add_person(sqlite_store, "Ada", company="SAP")
    giving.record_given(sqlite_store, ada.id or 0, LedgerKind.TIP, utc(2026, 1, 1))
    [ask] = asks.suggest(ctx_at(sqlite_store, NOW))
    close_suggestion(sqlite_store, ask, SuggestionState.DONE, utc(2026, 11, 20))
    assert asks.suggest(ctx_at(sqlite_store, NOW)) == []
    [again] = asks.suggest(ctx_at(sqlite_store, utc(2027, 3, 1)))
    assert again.key == f"ask:{ada.id}:job:2026-11-20"


def test_a_dismissed_ask_keeps_its_key(sqlite_store: Store) -> None:
    set_need(sqlite_store, companies=["SAP"])
    ada = add_person(sqlite_store, "Ada", company="SAP")
    giving.record_given(sqlite_store, ada.id or 0, LedgerKind.TIP, utc(2026, 1, 1))
    [ask] = asks.suggest(ctx_at(sqlite_store, NOW))
    close_suggestion(sqlite_store, ask, SuggestionState.DISMISSED, utc(2026, 11, 20))
    [later] = asks.suggest(ctx_at(sqlite_store, utc(2027, 3, 1)))
    assert later.key == ask.key  # still closed in the store, so the agenda keeps it off Today


def test_today_shows_at_most_one_ask(sqlite_store: Store) -> None:
    from altruist.agenda import build_today

    set_need(sqlite_store, companies=["SAP"])
    for name in ("A", "B", "C"):
        p = add_person(sqlite_store, name, company="SAP")
        giving.record_given(sqlite_store, p.id or 0, LedgerKind.TIP, utc(2026, 11, 20))
    assert len(asks.suggest(ctx_at(sqlite_store, NOW))) == 3
    today = build_today(ctx_at(sqlite_store, NOW), 7, mark_shown=False)
    assert [s.kind for s in today].count(SuggestionKind.ASK) == asks.MAX_ON_TODAY == 1


def test_marking_a_birthday_done_records_a_congratulation(sqlite_store: Store) -> None:
    from altruist.domain import Birthday

    kai = add_person(sqlite_store, "Kai", birthday=Birthday(11, 26))
    [item] = care.suggest(ctx_at(sqlite_store, NOW))
    with sqlite_store.transaction() as conn:
        giving.record_done(conn, item, NOW)
        [entry] = ledger_repo.entries(conn, kai.id)
        balance = giving.balances(conn)[kai.id or 0]
    assert (entry.direction, entry.kind) == (LedgerDirection.GAVE, LedgerKind.CONGRATULATION)
    assert (balance.gave, balance.received, balance.offered_help_at) == (1, 0, None)


def test_my_needs_update_describe_and_clear(sqlite_store: Store) -> None:
    with sqlite_store.transaction() as conn:
        assert my_needs.get_job_search(conn) is None
        my_needs.set_job_search(
            conn, roles=my_needs.split_list("Data Engineer; data engineer, SRE")
        )
        need = my_needs.set_job_search(conn, regions=["München", "remote"])
        assert need.roles == ["Data Engineer", "SRE"]  # kept, de-duplicated case-insensitively
        assert my_needs.describe(need, Language.DE) == (
            "eine Stelle als Data Engineer oder SRE in München oder remote"
        )
        assert (
            my_needs.describe(need, Language.EN)
            == "a role as Data Engineer or SRE in München or remote"
        )
        my_needs.clear_job_search(conn)
        assert my_needs.get_job_search(conn) is None
        with pytest.raises(ConfigError):
            my_needs.set_job_search(conn, roles=[])
