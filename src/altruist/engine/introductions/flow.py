"""The double-opt-in introduction as a state machine (issue 4):

    suggested → asked_first → first_agreed → asked_second → both_agreed → introduced → helped|no_fit
    and declined, by either person, at any step before introduced.

The first person is asked privately; the second only once the first agreed; only when both
agreed are they connected. Each step is logged as an interaction of the person it concerns
(so it counts as contact for keep-in-touch cadences); the introduction itself is a giving act
and goes through engine/giving.py, which writes the ledger entry and its interaction.
Every step runs in one transaction and only from the state it expects, so two browser tabs
cannot both move the same introduction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection

from altruist.domain import (
    Direction,
    Facet,
    Interaction,
    InteractionKind,
    Introduction,
    IntroductionState,
    LedgerDirection,
    LedgerKind,
    Message,
    MessageValue,
    Person,
    Suggestion,
    SuggestionKind,
    SuggestionState,
    Text,
)
from altruist.engine import giving
from altruist.engine.context import EngineContext
from altruist.engine.introductions.drafts import Draft, Parties, next_draft
from altruist.engine.introductions.suggest import pair_key
from altruist.errors import ConfigError, InvalidTransition
from altruist.i18n.message import encode
from altruist.store import facets as facets_repo
from altruist.store import interactions as interactions_repo
from altruist.store import introductions as intros_repo
from altruist.store import people as people_repo
from altruist.store import suggestions as suggestions_repo

S = IntroductionState
# step → (required state, next state)
STEPS: dict[str, tuple[IntroductionState, IntroductionState]] = {
    "ask_first": (S.SUGGESTED, S.ASKED_FIRST),
    "first_agreed": (S.ASKED_FIRST, S.FIRST_AGREED),
    "ask_second": (S.FIRST_AGREED, S.ASKED_SECOND),
    "both_agreed": (S.ASKED_SECOND, S.BOTH_AGREED),
    "introduce": (S.BOTH_AGREED, S.INTRODUCED),
}
IN_PROGRESS = (S.SUGGESTED, S.ASKED_FIRST, S.FIRST_AGREED, S.ASKED_SECOND, S.BOTH_AGREED)
DONE = (S.INTRODUCED, S.HELPED, S.NO_FIT, S.DECLINED)
OUTCOMES = {"helped": S.HELPED, "no_fit": S.NO_FIT, "no-fit": S.NO_FIT}

# What each step looks like on a person's timeline: English msgids (German in
# i18n/de_history.po), stored as messages and shown in the reader's language (issue 14).
SUMMARY: dict[str, str] = {
    "ask_first": "Asked whether they would like to meet {other}",
    "first_agreed": "Agreed to be introduced to {other}",
    "introduce": "Introduced to {other}",
    "outcome": "Introduction to {other}: {outcome}",
    "decline": "Declined the introduction to {other}",
}
SUMMARY["ask_second"] = SUMMARY["ask_first"]
SUMMARY["both_agreed"] = SUMMARY["first_agreed"]
OUTCOME_LABEL = {S.HELPED: "helped", S.NO_FIT: "no fit"}


def _summary(step: str, other: Person, **values: MessageValue) -> str:
    return encode(Message(SUMMARY[step], {"other": other.name, **values}))


@dataclass(frozen=True)
class IntroductionView:
    """An introduction with its people, the next message and the steps allowed now."""

    introduction: Introduction
    a: Person
    b: Person
    draft: Draft | None
    actions: tuple[str, ...]


def actions_for(state: IntroductionState) -> tuple[str, ...]:
    """The steps a surface may offer in `state` (decline names the person separately)."""
    steps = tuple(step for step, (required, _) in STEPS.items() if required is state)
    if state is S.INTRODUCED:
        return ("helped", "no_fit")
    if state in IN_PROGRESS:
        return (*steps, "decline")
    return steps


# --- starting ---------------------------------------------------------------------------------


def _check_pair(conn: Connection, a: int, b: int) -> tuple[Person, Person]:
    if a == b:
        raise InvalidTransition("an introduction needs two different people")
    first, second = people_repo.get(conn, a), people_repo.get(conn, b)
    if first.is_me or second.is_me:
        raise ConfigError("introductions connect two of your contacts, not yourself")
    for existing in intros_repo.for_pair(conn, a, b):
        if existing.state in IN_PROGRESS:
            raise InvalidTransition(
                f"{first.name} and {second.name} are already being introduced "
                f"(introduction {existing.id}, {existing.state})"
            )
    return first, second


def start_from_suggestion(
    ctx: EngineContext, suggestion_id: int, *, first: int | None = None
) -> Introduction:
    """Turn an `introduce` suggestion into an introduction; the suggestion becomes accepted, so
    the agenda does not propose the pair again. `first` picks who is asked first."""
    with ctx.store.transaction() as conn:
        suggestion = suggestions_repo.get(conn, suggestion_id)
        if suggestion.kind is not SuggestionKind.INTRODUCE or len(suggestion.person_ids) != 2:
            raise InvalidTransition(f"suggestion {suggestion_id} is not an introduction")
        started = intros_repo.by_suggestion(conn, suggestion_id)
        if started is not None:
            raise InvalidTransition(
                f"suggestion {suggestion_id} was already started as introduction {started.id}"
            )
        if suggestion.state in (SuggestionState.DISMISSED, SuggestionState.DONE):
            raise InvalidTransition(f"suggestion {suggestion_id} is {suggestion.state}")
        a, b = suggestion.person_ids
        if first is not None:
            if first not in (a, b):
                raise ConfigError(f"person {first} is not part of suggestion {suggestion_id}")
            a, b = (first, b if first == a else a)
        _check_pair(conn, a, b)
        intro = intros_repo.add(
            conn, Introduction(a, b, suggestion.reason, suggestion_id=suggestion_id)
        )
        suggestions_repo.set_state(conn, suggestion_id, SuggestionState.ACCEPTED)
        return intro


def start_between(ctx: EngineContext, a: int, b: int, *, reason: str | None = None) -> Introduction:
    """An introduction the user thought of; linked to the pair's suggestion when there is one."""
    with ctx.store.transaction() as conn:
        first, second = _check_pair(conn, a, b)
        suggestion = suggestions_repo.by_keys(conn, [pair_key(a, b)]).get(pair_key(a, b))
        if suggestion is not None and intros_repo.by_suggestion(conn, suggestion.id or 0):
            suggestion = None  # that suggestion already led to an (ended) introduction
        text: Text | None = reason or (suggestion.reason if suggestion else None)
        if not text:
            text = Message(
                "You chose to introduce {a} and {b}.", {"a": first.name, "b": second.name}
            )
        intro = intros_repo.add(
            conn,
            Introduction(a, b, text, suggestion_id=suggestion.id if suggestion else None),
        )
        if suggestion is not None and suggestion.id is not None:
            suggestions_repo.set_state(conn, suggestion.id, SuggestionState.ACCEPTED)
        return intro


# --- the steps --------------------------------------------------------------------------------


def _log(
    conn: Connection,
    intro: Introduction,
    step: str,
    person: Person,
    other: Person,
    direction: Direction,
    kind: InteractionKind,
    ctx: EngineContext,
    **values: MessageValue,
) -> None:
    assert intro.id is not None and person.id is not None
    interactions_repo.add(
        conn,
        Interaction(
            person_id=person.id,
            kind=kind,
            occurred_at=ctx.clock(),
            direction=direction,
            summary=_summary(step, other, **values),
            source=intros_repo.step_source(intro.id, step),
        ),
        dedup_key=f"{intros_repo.step_source(intro.id, step)}:{person.id}",
    )


def _move(
    conn: Connection, intro: Introduction, to: IntroductionState, *, declined_by: int | None = None
) -> Introduction:
    assert intro.id is not None
    if not intros_repo.set_state(conn, intro.id, to, expected=intro.state, declined_by=declined_by):
        raise InvalidTransition(f"introduction {intro.id} was changed meanwhile; reload it")
    return intros_repo.get(conn, intro.id)


def step(ctx: EngineContext, introduction_id: int, name: str) -> Introduction:
    """Advance by one named step of STEPS; anything else from this state is InvalidTransition."""
    if name not in STEPS:
        raise ConfigError(f"unknown step '{name}' (use one of: {', '.join(STEPS)})")
    required, target = STEPS[name]
    with ctx.store.transaction() as conn:
        intro = intros_repo.get(conn, introduction_id)
        if intro.state is not required:
            allowed = ", ".join(actions_for(intro.state)) or "nothing"
            raise InvalidTransition(
                f"introduction {introduction_id} is {intro.state}: cannot {name.replace('_', ' ')} "
                f"(allowed now: {allowed})"
            )
        a = people_repo.get(conn, intro.person_a_id)
        b = people_repo.get(conn, intro.person_b_id)
        if name == "introduce":
            # The giving act: a ledger entry and an intro_made interaction for each of them.
            at = ctx.clock()
            for person, other in ((a, b), (b, a)):
                note = _summary("introduce", other)
                giving.record(
                    conn, person.id or 0, LedgerDirection.GAVE, LedgerKind.INTRODUCTION, at, note
                )
            if intro.suggestion_id is not None:
                suggestions_repo.set_state(conn, intro.suggestion_id, SuggestionState.DONE)
        else:
            person, other = (a, b) if name in ("ask_first", "first_agreed") else (b, a)
            asking = name.startswith("ask")
            _log(
                conn,
                intro,
                name,
                person,
                other,
                Direction.OUTGOING if asking else Direction.INCOMING,
                InteractionKind.MESSAGE,
                ctx,
            )
        return _move(conn, intro, target)


def agreed(ctx: EngineContext, introduction_id: int) -> Introduction:
    """The person asked last said yes: first_agreed or both_agreed, whichever is due."""
    with ctx.store.read() as conn:
        state = intros_repo.get(conn, introduction_id).state
    if state is S.ASKED_SECOND:
        return step(ctx, introduction_id, "both_agreed")
    return step(ctx, introduction_id, "first_agreed")


def decline(ctx: EngineContext, introduction_id: int, person_id: int) -> Introduction:
    """Either person says no, at any step before the introduction. Only the user sees who it was;
    drafts to the other side stay neutral (drafts.closing)."""
    with ctx.store.transaction() as conn:
        intro = intros_repo.get(conn, introduction_id)
        if person_id not in (intro.person_a_id, intro.person_b_id):
            raise ConfigError(f"person {person_id} is not part of introduction {introduction_id}")
        if intro.state not in IN_PROGRESS:
            raise InvalidTransition(
                f"introduction {introduction_id} is {intro.state}: it can only be declined before "
                "the introduction is made"
            )
        person = people_repo.get(conn, person_id)
        other_id = intro.person_b_id if person_id == intro.person_a_id else intro.person_a_id
        other = people_repo.get(conn, other_id)
        _log(
            conn,
            intro,
            "decline",
            person,
            other,
            Direction.INCOMING,
            InteractionKind.MESSAGE,
            ctx,
        )
        return _move(conn, intro, S.DECLINED, declined_by=person_id)


def outcome(ctx: EngineContext, introduction_id: int, result: str) -> Introduction:
    """How it went, once they were introduced: helped or no_fit (a note for both)."""
    target = OUTCOMES.get(result.strip().lower())
    if target is None:
        raise ConfigError(f"unknown outcome '{result}' (use helped or no-fit)")
    with ctx.store.transaction() as conn:
        intro = intros_repo.get(conn, introduction_id)
        if intro.state is not S.INTRODUCED:
            raise InvalidTransition(
                f"introduction {introduction_id} is {intro.state}: an outcome needs it introduced"
            )
        a = people_repo.get(conn, intro.person_a_id)
        b = people_repo.get(conn, intro.person_b_id)
        label = Message(OUTCOME_LABEL[target])
        for person, other in ((a, b), (b, a)):
            _log(
                conn,
                intro,
                "outcome",
                person,
                other,
                Direction.MUTUAL,
                InteractionKind.NOTE,
                ctx,
                outcome=label,
            )
        return _move(conn, intro, target)


# --- reading ----------------------------------------------------------------------------------


def parties_of(conn: Connection, intro: Introduction) -> Parties:
    ids = [intro.person_a_id, intro.person_b_id]
    facets: dict[int, list[Facet]] = {}
    for facet in facets_repo.all_facets(conn, ids):
        facets.setdefault(facet.person_id, []).append(facet)
    return Parties(
        a=people_repo.get(conn, intro.person_a_id),
        b=people_repo.get(conn, intro.person_b_id),
        facets=facets,
        emails=people_repo.emails_by_person(conn, ids),
        me=people_repo.me(conn),
    )


def view(ctx: EngineContext, introduction_id: int) -> IntroductionView:
    with ctx.store.read() as conn:
        return _view(conn, intros_repo.get(conn, introduction_id))


def _view(conn: Connection, intro: Introduction) -> IntroductionView:
    assert intro.id is not None
    parties = parties_of(conn, intro)
    asked = {
        pid for name, pid in intros_repo.logged_steps(conn, intro.id) if name.startswith("ask")
    }
    return IntroductionView(
        intro, parties.a, parties.b, next_draft(intro, parties, asked), actions_for(intro.state)
    )


def views(
    ctx: EngineContext, states: tuple[IntroductionState, ...] | None = None
) -> list[IntroductionView]:
    with ctx.store.read() as conn:
        return [_view(conn, i) for i in intros_repo.with_states(conn, states)]


def open_suggestions(items: list[Suggestion], now: datetime) -> list[Suggestion]:
    """The `introduce` suggestions of a refresh that can still be started, best first: not
    accepted (started), done or dismissed, and not snoozed beyond `now`."""
    kept = [s for s in items if s.kind is SuggestionKind.INTRODUCE and s.is_available(now)]
    return sorted(kept, key=lambda s: (-s.score, s.key))
