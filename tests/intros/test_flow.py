"""The double-opt-in workflow on SQLite and PostgreSQL: steps, logging, ledger, invalid steps."""

from __future__ import annotations

import pytest

from altruist.domain import (
    InteractionKind,
    IntroductionState,
    LedgerDirection,
    LedgerKind,
    Suggestion,
    SuggestionKind,
    SuggestionState,
)
from altruist.engine.introductions import flow
from altruist.engine.introductions.suggest import pair_key
from altruist.errors import ConfigError, InvalidTransition, NotFoundError
from altruist.i18n import Translator
from altruist.i18n.message import decode, render
from altruist.store import interactions as interactions_repo
from altruist.store import ledger as ledger_repo
from altruist.store import suggestions as suggestions_repo
from tests.intros.conftest import Pair

LANGS = ("de", "en")


def _suggest(pair: Pair, state: SuggestionState = SuggestionState.NEW) -> Suggestion:
    a, b = pair.anna.id or 0, pair.ben.id or 0
    with pair.ctx.store.transaction() as conn:
        item = suggestions_repo.upsert(
            conn,
            Suggestion(
                kind=SuggestionKind.INTRODUCE,
                key=pair_key(a, b),
                title="Introduce Anna Schmidt and Ben Carter",
                reason="Anna seeks a data role; Ben hires data engineers.",
                score=0.8,
                person_ids=[a, b],
            ),
        )
        if state is not SuggestionState.NEW:
            suggestions_repo.set_state(conn, item.id or 0, state)
    return item


def test_full_workflow_logs_each_step_and_the_gift(pair: Pair) -> None:
    ctx = pair.ctx
    suggestion = _suggest(pair)
    intro = flow.start_from_suggestion(ctx, suggestion.id or 0)
    assert intro.state is IntroductionState.SUGGESTED
    assert (intro.person_a_id, intro.person_b_id) == (pair.anna.id, pair.ben.id)
    assert intro.reason == suggestion.reason
    with ctx.store.read() as conn:
        assert suggestions_repo.get(conn, suggestion.id or 0).state is SuggestionState.ACCEPTED

    expected = [
        ("ask_first", IntroductionState.ASKED_FIRST),
        ("first_agreed", IntroductionState.FIRST_AGREED),
        ("ask_second", IntroductionState.ASKED_SECOND),
        ("both_agreed", IntroductionState.BOTH_AGREED),
        ("introduce", IntroductionState.INTRODUCED),
    ]
    for name, state in expected:
        assert flow.step(ctx, intro.id or 0, name).state is state
    done = flow.outcome(ctx, intro.id or 0, "helped")
    assert done.state is IntroductionState.HELPED

    with ctx.store.read() as conn:
        anna_log = interactions_repo.for_person(conn, pair.anna.id or 0)
        ben_log = interactions_repo.for_person(conn, pair.ben.id or 0)
        ledger = ledger_repo.entries(conn)
        suggestion_after = suggestions_repo.get(conn, suggestion.id or 0)
    # Anna: asked, agreed, introduced, outcome. Ben: the same four.
    assert sorted(i.kind for i in anna_log) == sorted(
        [
            InteractionKind.MESSAGE,
            InteractionKind.MESSAGE,
            InteractionKind.INTRO_MADE,
            InteractionKind.NOTE,
        ]
    )
    assert len(ben_log) == 4
    # The timeline's texts are messages: shown in whichever language the reader has now.
    shown = {
        lang: [render(decode(i.summary), Translator(lang)) for i in anna_log] for lang in LANGS
    }
    assert "Introduced to Ben Carter" in shown["en"]
    assert "Ben Carter vorgestellt" in shown["de"]
    assert "Vorstellung mit Ben Carter: hat geholfen" in shown["de"]
    assert not any("Introduc" in text for text in shown["de"])
    # The introduction is a giving act for both, recorded once each.
    assert sorted((e.person_id, e.direction, e.kind) for e in ledger) == sorted(
        [
            (pair.anna.id, LedgerDirection.GAVE, LedgerKind.INTRODUCTION),
            (pair.ben.id, LedgerDirection.GAVE, LedgerKind.INTRODUCTION),
        ]
    )
    assert suggestion_after.state is SuggestionState.DONE
    assert flow.view(ctx, intro.id or 0).actions == ()


def test_agreed_picks_the_due_step(pair: Pair) -> None:
    ctx = pair.ctx
    intro = flow.start_between(ctx, pair.anna.id or 0, pair.ben.id or 0)
    flow.step(ctx, intro.id or 0, "ask_first")
    assert flow.agreed(ctx, intro.id or 0).state is IntroductionState.FIRST_AGREED
    flow.step(ctx, intro.id or 0, "ask_second")
    assert flow.agreed(ctx, intro.id or 0).state is IntroductionState.BOTH_AGREED


def test_start_between_links_the_pairs_suggestion(pair: Pair) -> None:
    suggestion = _suggest(pair)
    intro = flow.start_between(pair.ctx, pair.ben.id or 0, pair.anna.id or 0)
    assert intro.suggestion_id == suggestion.id
    assert intro.person_a_id == pair.ben.id  # the order the user chose: Ben is asked first


def test_invalid_steps_raise_with_a_clear_message(pair: Pair) -> None:
    ctx = pair.ctx
    intro = flow.start_between(ctx, pair.anna.id or 0, pair.ben.id or 0)
    iid = intro.id or 0
    with pytest.raises(InvalidTransition, match="is suggested: cannot introduce"):
        flow.step(ctx, iid, "introduce")
    with pytest.raises(InvalidTransition, match="cannot ask second"):
        flow.step(ctx, iid, "ask_second")
    with pytest.raises(InvalidTransition, match="outcome needs it introduced"):
        flow.outcome(ctx, iid, "helped")
    with pytest.raises(ConfigError, match="unknown step"):
        flow.step(ctx, iid, "teleport")
    with pytest.raises(ConfigError, match="unknown outcome"):
        flow.outcome(ctx, iid, "great")
    with pytest.raises(InvalidTransition, match="already being introduced"):
        flow.start_between(ctx, pair.ben.id or 0, pair.anna.id or 0)
    with pytest.raises(InvalidTransition, match="two different people"):
        flow.start_between(ctx, pair.anna.id or 0, pair.anna.id or 0)
    with pytest.raises(NotFoundError):
        flow.step(ctx, 9999, "ask_first")
    # Nothing was logged by the refused steps.
    with ctx.store.read() as conn:
        assert interactions_repo.for_person(conn, pair.anna.id or 0) == []
    for name in ("ask_first", "first_agreed", "ask_second", "both_agreed", "introduce"):
        flow.step(ctx, iid, name)
    with pytest.raises(InvalidTransition, match="only be declined before"):
        flow.decline(ctx, iid, pair.ben.id or 0)
    with pytest.raises(InvalidTransition):
        flow.step(ctx, iid, "introduce")  # not twice: one ledger entry per person
    with ctx.store.read() as conn:
        assert len(ledger_repo.entries(conn)) == 2


def test_suggestion_cannot_start_twice_or_after_dismissal(pair: Pair) -> None:
    suggestion = _suggest(pair)
    first = flow.start_from_suggestion(pair.ctx, suggestion.id or 0)
    with pytest.raises(InvalidTransition, match=f"already started as introduction {first.id}"):
        flow.start_from_suggestion(pair.ctx, suggestion.id or 0)


def test_dismissed_suggestion_cannot_start(sqlite_pair: Pair) -> None:
    suggestion = _suggest(sqlite_pair, SuggestionState.DISMISSED)
    with pytest.raises(InvalidTransition, match="dismissed"):
        flow.start_from_suggestion(sqlite_pair.ctx, suggestion.id or 0)


def test_decline_needs_one_of_the_two_and_ends_the_introduction(pair: Pair) -> None:
    ctx = pair.ctx
    intro = flow.start_between(ctx, pair.anna.id or 0, pair.ben.id or 0)
    flow.step(ctx, intro.id or 0, "ask_first")
    with pytest.raises(ConfigError, match="not part of introduction"):
        flow.decline(ctx, intro.id or 0, 424242)
    declined = flow.decline(ctx, intro.id or 0, pair.anna.id or 0)
    assert declined.state is IntroductionState.DECLINED
    assert declined.declined_by == pair.anna.id
    with pytest.raises(InvalidTransition):
        flow.step(ctx, intro.id or 0, "first_agreed")
    # After a decline the pair may be tried again later.
    assert flow.start_between(ctx, pair.anna.id or 0, pair.ben.id or 0).id != intro.id
