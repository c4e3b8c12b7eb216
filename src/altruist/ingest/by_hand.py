"""What the user enters by hand (issue 16): a new contact, changed details, a logged call,
meeting, message or note, and deleting a contact.

A contact added by hand is a one-record import from the source `manual`: it goes through the
planner like a file's record, so the identity rules are the same — an e-mail shared with a
differently named person never fuses the two (the address is marked shared and the pair is
proposed for review), a personal identifier with a fitting name joins the known person as an
undoable merge. Values typed by hand carry the provenance `manual`.

Field problems are collected per field (`InvalidFields`), with English messages that the web
translates beside each field and the CLI prints with the option's name.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, String, cast, func, or_, select

from altruist.clock import as_utc
from altruist.domain import (
    Birthday,
    Direction,
    Identity,
    IdentityKind,
    Interaction,
    InteractionKind,
)
from altruist.errors import ConfigError
from altruist.ingest.dates import parse_birthday
from altruist.ingest.identity import normalize_email, normalize_phone
from altruist.ingest.importer import write_parsed
from altruist.ingest.records import ContactRecord, ParseResult
from altruist.store import Store, imports_repo
from altruist.store import interactions as interactions_repo
from altruist.store import people as people_repo
from altruist.store import reminders as reminders_repo
from altruist.store.forget import forget_person
from altruist.store.merges_repo import RESTORABLE
from altruist.store.schema import (
    facets,
    field_values,
    identities,
    interactions,
    ledger,
    people,
    relations,
    suggestions,
)
from altruist.validate import EARLIEST_DAY, LATEST_DAY

MANUAL = "manual"  # the source of every value typed by hand (field_values.source_file)
FORMAT = "manual"

# English msgids, translated where they are shown (i18n/de_byhand.po).
NAME_MISSING = "A person needs a name."
EMAIL_INVALID = "Not an e-mail address. Write it like anna@example.org."
PHONE_INVALID = "Not a phone number. Write it like 030 1234567 or +49 30 1234567."
BIRTHDAY_INVALID = (
    "Not a date. Write it like 05.12.1975, 5. Dezember 1975, or 05.12. without a year."
)
DATE_INVALID = "Not a date. Write it like 05.12.2026 or 2026-12-05."
DATE_FUTURE = "This day has not come yet. For something ahead, set a reminder."
KIND_INVALID = "Choose call, meeting, message or note."
TEXT_MISSING = "Write what happened."

LOGGABLE = (
    InteractionKind.CALL,
    InteractionKind.MEETING,
    InteractionKind.MESSAGE,
    InteractionKind.NOTE,
)
# A note is the user's own; the others happen between two sides.
DIRECTED = (InteractionKind.CALL, InteractionKind.MESSAGE)


class InvalidFields(ConfigError):
    """Input to correct, one English message per field (form name or CLI option)."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{name}: {why}" for name, why in errors.items()))


@dataclass
class ContactInput:
    name: str
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    company: str = ""
    position: str = ""
    city: str = ""
    birthday: str = ""
    notes: str = ""


@dataclass(frozen=True)
class Added:
    person_id: int
    outcome: str  # added | merged | updated | unchanged
    review: int  # people proposed for review as possibly the same


def parse_day(text: str) -> date | None:
    """A full date as a German or English user writes it (05.12.2026, 5. Dezember 2026,
    2026-12-05), within the range every later use handles; None when it is not one."""
    try:
        value = date.fromisoformat(text.strip())
    except ValueError:
        pass
    else:
        return value if EARLIEST_DAY <= value <= LATEST_DAY else None
    parsed = parse_birthday(text)  # German forms; years past 2200 read as unknown there
    if parsed is None or parsed.year is None:
        return None
    value = date(parsed.year, parsed.month, parsed.day)
    return value if EARLIEST_DAY <= value <= LATEST_DAY else None


def _clean(text: str | None) -> str:
    return (text or "").strip()


def check_contact(data: ContactInput, region: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not _clean(data.name):
        errors["name"] = NAME_MISSING
    if any(_clean(e) and normalize_email(e) is None for e in data.emails):
        errors["email"] = EMAIL_INVALID
    if any(_clean(p) and normalize_phone(p, region) is None for p in data.phones):
        errors["phone"] = PHONE_INVALID
    if _clean(data.birthday) and parse_birthday(data.birthday) is None:
        errors["birthday"] = BIRTHDAY_INVALID
    return errors


def add_contact(store: Store, data: ContactInput, *, now: datetime, region: str = "DE") -> Added:
    """Add a contact through the import's identity rules; the person it ended up as."""
    errors = check_contact(data, region)
    if errors:
        raise InvalidFields(errors)
    # A key of its own: a hand-added contact without e-mail or phone is never taken for an
    # earlier one of the same name (two "Anna Müller" are often two people).
    key = f"{MANUAL}:{uuid.uuid4().hex}"
    record = ContactRecord(
        line=1,
        name=_clean(data.name),
        company=_clean(data.company) or None,
        position=_clean(data.position) or None,
        city=_clean(data.city) or None,
        birthday=parse_birthday(data.birthday) if _clean(data.birthday) else None,
        notes=_clean(data.notes) or None,
        emails=[e for e in (_clean(e) for e in data.emails) if e],
        phones=[p for p in (_clean(p) for p in data.phones) if p],
        source_key=key,
    )
    with store.transaction() as conn:
        report = write_parsed(
            conn,
            ParseResult(format=FORMAT, contacts=[record]),
            MANUAL,
            sha256="-",
            now=now,
            region=region,
        )
        person_id = conn.execute(
            select(field_values.c.person_id).where(
                field_values.c.name == imports_repo.SOURCE_KEY_FIELD, field_values.c.value == key
            )
        ).scalar_one()
        person_id = _visible(conn, person_id)
    outcome = next((o for o in ("merged", "added", "updated") if getattr(report, o)), "unchanged")
    return Added(person_id, outcome, report.review)


def _visible(conn: Connection, person_id: int) -> int:
    """The visible person a hidden (merged) person lives in, following merge chains."""
    seen: set[int] = set()
    while person_id not in seen:
        seen.add(person_id)
        target = conn.execute(
            select(people.c.merged_into).where(people.c.id == person_id)
        ).scalar_one()
        if target is None:
            return person_id
        person_id = target
    return person_id


# --- editing ----------------------------------------------------------------------------------

# The columns whose values are facts with a source: the ones a merge traces and an unmerge
# restores. Tags, tier and cadence are the user's own settings for the person, not facts.
TRACED = RESTORABLE


def _as_text(value: Any) -> str | None:
    """A column value as provenance stores it; None for nothing (or a list: tags are labels
    the user sets, not facts about the person with a source)."""
    if value is None or value == "" or isinstance(value, list):
        return None
    if isinstance(value, Birthday):
        return value.iso()
    return str(value)


def record_manual_values(
    conn: Connection, person_id: int, values: dict[str, Any], *, now: datetime
) -> None:
    """Provenance of values typed by hand: a `manual` field value for each core field the user
    changed to something (a cleared field has no value to trace)."""
    before = people_repo.get(conn, person_id)
    rows = []
    for name, value in values.items():
        if name not in TRACED:
            continue
        shown = _as_text(value)
        if shown is None or shown == _as_text(getattr(before, name, None)):
            continue
        rows.append(
            {
                "person_id": person_id,
                "name": name,
                "value": str(shown),
                "is_core": True,
                "source_file": MANUAL,
                "source_line": None,
                "import_id": None,
                "imported_at": now,
            }
        )
    imports_repo.insert_rows(conn, "field_values", rows)


def edit_contact(
    store: Store,
    person_id: int,
    values: dict[str, Any],
    *,
    emails: Sequence[str] = (),
    phones: Sequence[str] = (),
    now: datetime,
    region: str = "DE",
) -> None:
    """Change core fields (typed values: a birthday is a Birthday) and add identifiers, all
    recorded as `manual`. An identifier another
    person holds too is added and marked shared on both: evidence, never a reason to fuse."""
    errors = check_contact(
        ContactInput(name=values.get("name", "-"), emails=list(emails), phones=list(phones)),
        region,
    )
    if errors:
        raise InvalidFields(errors)
    keys = [(IdentityKind.EMAIL, normalize_email(e)) for e in emails if _clean(e)]
    keys += [(IdentityKind.PHONE, normalize_phone(p, region)) for p in phones if _clean(p)]
    with store.transaction() as conn:
        people_repo.get(conn, person_id)  # NotFoundError with the id
        record_manual_values(conn, person_id, values, now=now)
        if values:
            people_repo.update_fields(conn, person_id, **values)
        shared = []
        for kind, value in keys:
            assert value is not None  # checked above
            holders = set(
                conn.execute(
                    select(identities.c.person_id).where(
                        identities.c.kind == str(kind), identities.c.value == value
                    )
                ).scalars()
            )
            if person_id in holders:
                continue
            people_repo.add_identity(conn, Identity(person_id, kind, value, source=MANUAL))
            if holders:
                shared.append((str(kind), value))
        imports_repo.mark_shared(conn, shared)


# --- logging what happened --------------------------------------------------------------------


def log_interaction(
    store: Store,
    person_id: int,
    *,
    kind: str,
    day: str,
    note: str,
    direction: str = "both",
    now: datetime,
    timezone: str = "UTC",
) -> Interaction:
    """A call, meeting, message or note the user records; it resets keep-in-touch like any
    imported interaction. `day` empty is today; a past day is stored at local noon."""
    errors: dict[str, str] = {}
    chosen = next((k for k in LOGGABLE if k.value == kind), None)
    if chosen is None:
        errors["kind"] = KIND_INVALID
    zone = ZoneInfo(timezone)
    today = now.astimezone(zone).date()
    when = today if not _clean(day) else parse_day(day)
    if when is None:
        errors["date"] = DATE_INVALID
    elif when > today:
        errors["date"] = DATE_FUTURE
    if not _clean(note) and chosen is InteractionKind.NOTE:
        errors["note"] = TEXT_MISSING
    if errors:
        raise InvalidFields(errors)
    assert when is not None and chosen is not None
    # Today is "now" (a noon still ahead would not count until then); an earlier day, its noon.
    at = now if when == today else as_utc(datetime.combine(when, time(12), tzinfo=zone))
    way = Direction(direction) if chosen in DIRECTED else Direction.MUTUAL
    item = Interaction(
        person_id=person_id,
        kind=chosen,
        occurred_at=at,
        direction=way,
        summary=_clean(note)[:20000] or None,
        source=MANUAL,
    )
    with store.transaction() as conn:
        people_repo.get(conn, person_id)
        interactions_repo.add(conn, item)
    return item


# --- deleting ---------------------------------------------------------------------------------


def what_goes(conn: Connection, person_id: int) -> dict[str, int]:
    """What deleting this person removes with them, counted (shown before and after)."""

    def count(table: Any, *where: Any) -> int:
        return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one())

    person = people_repo.get(conn, person_id)
    # Only deeds whose JSON list holds the number as an element are read (the list is stored as
    # json.dumps writes it); the exact test below stays, so another spelling is never miscounted.
    as_text = cast(suggestions.c.person_ids, String)
    mentions = or_(
        *(
            as_text.like(pattern)
            for sep in (", ", ",")
            for pattern in (
                f"[{person_id}]",
                f"[{person_id}{sep}%",
                f"%{sep}{person_id}]",
                f"%{sep}{person_id}{sep}%",
            )
        )
    )
    named = sum(
        1
        for (ids,) in conn.execute(select(suggestions.c.person_ids).where(mentions))
        if person.id in (ids or [])
    )
    return {
        "identities": count(identities, identities.c.person_id == person_id),
        "interactions": count(interactions, interactions.c.person_id == person_id),
        "facets": count(facets, facets.c.person_id == person_id),
        "ledger": count(ledger, ledger.c.person_id == person_id),
        "relations": count(
            relations,
            (relations.c.person_a_id == person_id) | (relations.c.person_b_id == person_id),
        ),
        "reminders": len(reminders_repo.open_reminders(conn, person_id)),
        "suggestions": named,
    }


def delete_contact(store: Store, person_id: int) -> tuple[str, dict[str, int]]:
    """Delete the person and everything only about them (store/forget.py); their name and the
    counts of what went, for the message that confirms it."""
    with store.transaction() as conn:
        name = people_repo.get(conn, person_id).name
        gone = what_goes(conn, person_id)
        forget_person(conn, person_id)
    return name, gone
