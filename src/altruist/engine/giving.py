"""The giving ledger: what the user gave to and received from each person.

Every ledger entry also writes the matching interaction, so recording "introduction made" or
"answer given" restarts the keep-in-touch cadence like a message would (issue 6). Nothing here
scores people; the ledger is there to show that the user gives, and who offered help (asks).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection

from altruist.domain import (
    Direction,
    Interaction,
    InteractionKind,
    LedgerDirection,
    LedgerEntry,
    LedgerKind,
    Suggestion,
    SuggestionKind,
)
from altruist.errors import ConfigError
from altruist.i18n.message import encode
from altruist.store import Store
from altruist.store import interactions as interactions_repo
from altruist.store import ledger as ledger_repo
from altruist.store import people as people_repo

# What the ledger entry looks like as an interaction on the person's timeline.
INTERACTION_FOR: dict[LedgerKind, InteractionKind] = {
    LedgerKind.INTRODUCTION: InteractionKind.INTRO_MADE,
    LedgerKind.ANSWER: InteractionKind.ANSWER_GIVEN,
    LedgerKind.TIP: InteractionKind.MESSAGE,
    LedgerKind.CONGRATULATION: InteractionKind.CONGRATULATION,
    LedgerKind.HELP: InteractionKind.NOTE,
    LedgerKind.OFFERED_HELP: InteractionKind.MESSAGE,
    LedgerKind.ASK: InteractionKind.ASK,
    LedgerKind.THANKS: InteractionKind.MESSAGE,
}

# Interaction kinds that count as the user having given, even without a ledger entry
# (an importer or another engine may log these directly).
GIVING_INTERACTIONS = (
    InteractionKind.INTRO_MADE,
    InteractionKind.ANSWER_GIVEN,
    InteractionKind.CONGRATULATION,
)

LABELS: dict[LedgerKind, dict[str, str]] = {
    LedgerKind.INTRODUCTION: {"en": "introduction", "de": "Vorstellung"},
    LedgerKind.ANSWER: {"en": "question answered", "de": "Frage beantwortet"},
    LedgerKind.TIP: {"en": "tip or resource shared", "de": "Tipp oder Quelle geteilt"},
    LedgerKind.CONGRATULATION: {"en": "congratulation", "de": "Glückwunsch"},
    LedgerKind.HELP: {"en": "help", "de": "Hilfe"},
    LedgerKind.OFFERED_HELP: {"en": "offered to help me", "de": "hat mir Hilfe angeboten"},
    LedgerKind.ASK: {"en": "ask", "de": "Bitte"},
    LedgerKind.THANKS: {"en": "thanks", "de": "Dank"},
}


def parse_kind(text: str) -> LedgerKind:
    """Accept `offered-help`, `offered_help`, `Offered Help`."""
    normal = text.strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return LedgerKind(normal)
    except ValueError as exc:
        known = ", ".join(k.value.replace("_", "-") for k in LedgerKind)
        raise ConfigError(f"unknown ledger kind '{text}' (use one of: {known})") from exc


def record(
    conn: Connection,
    person_id: int,
    direction: LedgerDirection,
    kind: LedgerKind,
    at: datetime,
    note: str | None = None,
) -> LedgerEntry:
    """One ledger entry plus its interaction, in the caller's transaction."""
    person = people_repo.get(conn, person_id)  # NotFoundError names the id
    if person.is_me:
        raise ConfigError("the ledger records what happened with other people, not with yourself")
    entry = ledger_repo.add(
        conn, LedgerEntry(person_id, direction, kind, at, note=note.strip() if note else None)
    )
    interactions_repo.add(
        conn,
        Interaction(
            person_id=person_id,
            kind=INTERACTION_FOR[kind],
            occurred_at=at,
            direction=Direction.OUTGOING
            if direction is LedgerDirection.GAVE
            else Direction.INCOMING,
            summary=note,
            source=f"ledger:{entry.id}",
        ),
    )
    return entry


def record_given(
    store: Store, person_id: int, kind: LedgerKind, at: datetime, note: str | None = None
) -> LedgerEntry:
    with store.transaction() as conn:
        return record(conn, person_id, LedgerDirection.GAVE, kind, at, note)


def record_received(
    store: Store, person_id: int, kind: LedgerKind, at: datetime, note: str | None = None
) -> LedgerEntry:
    """Something the user received: help, thanks, or "offered to help me" (which makes the person
    a candidate for an ask)."""
    with store.transaction() as conn:
        return record(conn, person_id, LedgerDirection.RECEIVED, kind, at, note)


CONTACT_KINDS = (
    InteractionKind.MESSAGE,
    InteractionKind.CALL,
    InteractionKind.MEETING,
    InteractionKind.NOTE,
)


def record_contact(
    store: Store, person_id: int, kind: InteractionKind, at: datetime, note: str | None = None
) -> Interaction:
    """A call, meeting or message logged by hand; it restarts the cadence like any other."""
    with store.transaction() as conn:
        people_repo.get(conn, person_id)
        item = Interaction(person_id, kind, at, summary=note, source="manual")
        interactions_repo.add(conn, item)
        return item


# What marking a suggestion "done" means in the ledger (None: only an interaction).
DONE_LEDGER: dict[SuggestionKind, LedgerKind | None] = {
    SuggestionKind.BIRTHDAY: LedgerKind.CONGRATULATION,
    SuggestionKind.CONGRATULATE: LedgerKind.CONGRATULATION,
    SuggestionKind.ANNIVERSARY: LedgerKind.CONGRATULATION,
    SuggestionKind.INTRODUCE: LedgerKind.INTRODUCTION,
    SuggestionKind.ANSWER: LedgerKind.ANSWER,
    SuggestionKind.FORWARD: LedgerKind.TIP,
    SuggestionKind.CHECK_IN: None,
    SuggestionKind.ASK: None,
}
DONE_INTERACTION: dict[SuggestionKind, InteractionKind] = {
    SuggestionKind.CHECK_IN: InteractionKind.CHECK_IN,
    SuggestionKind.ASK: InteractionKind.ASK,
}


def record_done(conn: Connection, suggestion: Suggestion, at: datetime) -> None:
    """Log a deed the user marked done, for each person it concerns: a birthday wish becomes a
    congratulation given, a check-in an interaction, an ask an `ask` interaction (which the ask
    rate limit reads). Call it in the same transaction that sets the state."""
    ledger_kind = DONE_LEDGER.get(suggestion.kind)
    for person_id in suggestion.person_ids:
        if ledger_kind is not None:
            record(conn, person_id, LedgerDirection.GAVE, ledger_kind, at, encode(suggestion.title))
        else:
            interactions_repo.add(
                conn,
                Interaction(
                    person_id=person_id,
                    kind=DONE_INTERACTION.get(suggestion.kind, InteractionKind.NOTE),
                    occurred_at=at,
                    direction=Direction.OUTGOING,
                    summary=encode(suggestion.title),  # rendered when shown
                    source=f"suggestion:{suggestion.key}",
                ),
            )


@dataclass(frozen=True)
class Balance:
    gave: int
    received: int
    offered_help_at: datetime | None


def balances(conn: Connection) -> dict[int, Balance]:
    """Per person: how often the user gave and received, and the latest offer of help."""
    gave: dict[int, int] = {}
    received: dict[int, int] = {}
    offered: dict[int, datetime] = {}
    for e in ledger_repo.entries(conn):
        if e.direction is LedgerDirection.GAVE:
            gave[e.person_id] = gave.get(e.person_id, 0) + 1
        else:
            received[e.person_id] = received.get(e.person_id, 0) + 1
            if e.kind is LedgerKind.OFFERED_HELP and (
                e.person_id not in offered or e.occurred_at > offered[e.person_id]
            ):
                offered[e.person_id] = e.occurred_at
    ids = set(gave) | set(received)
    return {pid: Balance(gave.get(pid, 0), received.get(pid, 0), offered.get(pid)) for pid in ids}


def label(kind: LedgerKind, lang: str = "en") -> str:
    return LABELS[kind].get(lang, LABELS[kind]["en"])
