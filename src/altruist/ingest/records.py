"""The neutral record types every parser produces and the importer consumes.

Parsers know file formats and nothing of the store; the importer knows the store and nothing of
file formats. These dataclasses are the only thing the two share.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from altruist.domain import Birthday, Direction, InteractionKind


@dataclass
class Skipped:
    """A row (or line) that could not be imported, with the reason a user can act on; `kept`
    when the row was imported but part of it was not understood (an invalid e-mail address,
    an impossible date, a line in a doubtful encoding): the value is kept verbatim as a field."""

    file: str
    line: int
    reason: str
    kept: bool = False

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "reason": self.reason, "kept": self.kept}


@dataclass
class ContactRecord:
    """One contact as a file states it. `extras` keeps every value without a core column, under
    the name the file used, so nothing is dropped (PRODUCT.md: "without losing a field")."""

    line: int
    name: str = ""
    given_name: str | None = None
    family_name: str | None = None
    company: str | None = None
    position: str | None = None
    city: str | None = None
    country: str | None = None
    birthday: Birthday | None = None
    notes: str | None = None
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    # Identifiers of no known kind (an ID number): evidence that may be shared, never proof.
    other_ids: list[str] = field(default_factory=list)
    # A stable key for records without any identity (LinkedIn 2022 rows have neither e-mail nor
    # profile URL): lets a re-import find the same person again.
    source_key: str | None = None
    extras: dict[str, str] = field(default_factory=dict)

    def display_name(self) -> str:
        if self.name.strip():
            return self.name.strip()
        joined = " ".join(p for p in (self.given_name, self.family_name) if p)
        return joined.strip()


@dataclass
class Participant:
    """Someone on the other side of an interaction, as the file names them."""

    name: str = ""
    email: str | None = None
    url: str | None = None
    # Invited but not there (a calendar attendee who declined): not met, yet if this is the
    # user's own address, the user was not there either (see Planner.add_interaction).
    declined: bool = False


@dataclass
class InteractionRecord:
    line: int
    kind: InteractionKind
    occurred_at: datetime
    participants: list[Participant]
    direction: Direction = Direction.MUTUAL
    summary: str | None = None
    # Identifies the event within its source so a re-import stores it once.
    dedup_material: str = ""
    # The material an earlier reader of the same format made for this event, where it differs
    # (it read a time zone wrong): an interaction stored under it is the same one.
    legacy_dedup_material: str | None = None


@dataclass
class ParseResult:
    format: str
    contacts: list[ContactRecord] = field(default_factory=list)
    interactions: list[InteractionRecord] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    # How the file was read, for the report: separator of a CSV, locale of localised headers.
    delimiter: str | None = None
    locale: str | None = None
    encoding: str | None = None
    # Addresses the file itself shows to be the user's (a calendar named after its owner).
    own_emails: set[str] = field(default_factory=set)
