"""The vocabulary of altruist as plain data: no I/O, no framework imports.

Every layer speaks in these types. The store maps them to tables, the engine reasons over them,
the surfaces render them. Names follow PRODUCT.md ("The concepts").
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime

from altruist.clock import as_utc


class Language(enum.StrEnum):
    DE = "de"
    EN = "en"


class IdentityKind(enum.StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    LINKEDIN = "linkedin"
    XING = "xing"
    URL = "url"
    FORUM = "forum"  # an account in a group, value "group_id:username"
    OTHER = "other"  # any other identifier a source gives (a customer or ID number): shareable


class InteractionKind(enum.StrEnum):
    MESSAGE = "message"
    MEETING = "meeting"
    CALL = "call"
    NOTE = "note"
    INVITATION = "invitation"
    INTRO_MADE = "intro_made"
    ANSWER_GIVEN = "answer_given"
    CONGRATULATION = "congratulation"
    CHECK_IN = "check_in"
    ASK = "ask"


class Direction(enum.StrEnum):
    OUTGOING = "out"
    INCOMING = "in"
    MUTUAL = "both"


class FacetKind(enum.StrEnum):
    """A need or an offer; stored in one table because both are matched against each other."""

    NEED = "need"
    OFFER = "offer"


class Visibility(enum.StrEnum):
    """Whether a need or offer may be named to others before its owner agreed (issue 15)."""

    PRIVATE = "private"
    SHAREABLE = "shareable"


@dataclass(frozen=True)
class Message:
    """A text shown in the reader's language (issue 14): an English msgid of the catalogues and
    its values, rendered when shown, so switching the language changes every stored text at once.
    A value is data (str, int, float, a date) or another Message (rendered first), or a tuple of
    them ("A, B and C"). `plural` is the msgid_plural; then `values["n"]` chooses the form."""

    msgid: str
    values: dict[str, MessageValue] = field(default_factory=dict)
    plural: str | None = None


MessageValue = str | int | float | date | Message | tuple["MessageValue", ...]
# What a deed's title and reason hold: prose (rows written before issue 14, data such as a
# question's own title) or a Message.
Text = str | Message


class SuggestionKind(enum.StrEnum):
    INTRODUCE = "introduce"
    ANSWER = "answer"
    FORWARD = "forward"
    BIRTHDAY = "birthday"
    CHECK_IN = "check_in"
    CONGRATULATE = "congratulate"
    ANNIVERSARY = "anniversary"
    ASK = "ask"
    REMINDER = "reminder"  # the user's own (issue 16)

    @property
    def is_giving(self) -> bool:
        """Asks take; everything else gives. Today puts giving first (PRODUCT.md)."""
        return self is not SuggestionKind.ASK


class SuggestionState(enum.StrEnum):
    NEW = "new"
    SHOWN = "shown"
    ACCEPTED = "accepted"
    DONE = "done"
    DISMISSED = "dismissed"
    SNOOZED = "snoozed"

    @property
    def is_closed(self) -> bool:
        return self in (SuggestionState.DONE, SuggestionState.DISMISSED, SuggestionState.ACCEPTED)


class IntroductionState(enum.StrEnum):
    SUGGESTED = "suggested"
    ASKED_FIRST = "asked_first"
    FIRST_AGREED = "first_agreed"
    ASKED_SECOND = "asked_second"
    BOTH_AGREED = "both_agreed"
    INTRODUCED = "introduced"
    HELPED = "helped"
    NO_FIT = "no_fit"
    DECLINED = "declined"


class LedgerDirection(enum.StrEnum):
    GAVE = "gave"
    RECEIVED = "received"


class LedgerKind(enum.StrEnum):
    INTRODUCTION = "introduction"
    ANSWER = "answer"
    TIP = "tip"
    CONGRATULATION = "congratulation"
    HELP = "help"
    OFFERED_HELP = "offered_help"
    ASK = "ask"
    THANKS = "thanks"


@dataclass(frozen=True)
class Birthday:
    """A birthday, possibly without year (vCard `--MMDD`, RFC 6350 §4.3.1)."""

    month: int
    day: int
    year: int | None = None

    def __post_init__(self) -> None:
        # 2000 is a leap year, so 29 February validates; the year is checked separately.
        date(self.year or 2000, self.month, self.day)

    def iso(self) -> str:
        return (
            f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
            if self.year
            else (f"--{self.month:02d}-{self.day:02d}")
        )

    @classmethod
    def parse(cls, text: str) -> Birthday:
        """Parse the forms `iso()` writes: `YYYY-MM-DD` and `--MM-DD`."""
        if text.startswith("--"):
            month, day = text[2:].split("-")
            return cls(int(month), int(day))
        year, month, day = text.split("-")
        return cls(int(month), int(day), int(year))


@dataclass
class Person:
    name: str
    id: int | None = None
    given_name: str | None = None
    family_name: str | None = None
    company: str | None = None
    position: str | None = None
    headline: str | None = None
    city: str | None = None
    country: str | None = None
    language: Language = Language.EN
    birthday: Birthday | None = None
    notes: str | None = None
    tags: list[str] = field(default_factory=list)
    tier: str | None = None
    cadence_days: int | None = None
    is_me: bool = False
    job_started_on: date | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass
class Identity:
    person_id: int
    kind: IdentityKind
    value: str
    id: int | None = None
    source: str | None = None
    shared: bool = False  # several people hold it (a switchboard, a family address)


@dataclass
class Interaction:
    person_id: int
    kind: InteractionKind
    occurred_at: datetime
    direction: Direction = Direction.MUTUAL
    summary: str | None = None
    source: str | None = None
    id: int | None = None


@dataclass
class Facet:
    """A Need or an Offer of a person, stated or derived, with confidence and source."""

    person_id: int
    kind: FacetKind
    text: str
    confidence: float = 1.0
    source: str = "stated"
    edited: bool = False
    id: int | None = None
    visibility: Visibility = Visibility.SHAREABLE


def Need(person_id: int, text: str, **kw: object) -> Facet:
    return Facet(person_id, FacetKind.NEED, text, **kw)  # type: ignore[arg-type]


def Offer(person_id: int, text: str, **kw: object) -> Facet:
    return Facet(person_id, FacetKind.OFFER, text, **kw)  # type: ignore[arg-type]


@dataclass
class Group:
    name: str
    kind: str  # rss, discourse, stackexchange, mbox, maildir, mailing-list, demo
    url: str | None = None
    my_account: str | None = None
    id: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    last_fetched_at: datetime | None = None
    last_error: str | None = None
    list_id: str | None = None  # a mailing list read from an IMAP account (RFC 2919)


@dataclass
class Post:
    group_id: int
    title: str
    body: str = ""
    id: int | None = None
    external_id: str | None = None
    author_name: str | None = None
    author_account: str | None = None
    author_person_id: int | None = None
    parent_external_id: str | None = None  # set for answers/replies
    tags: list[str] = field(default_factory=list)
    posted_at: datetime | None = None
    is_question: bool = True
    answer_count: int = 0
    is_solved: bool = False
    by_me: bool = False
    url: str | None = None

    @property
    def is_open(self) -> bool:
        return self.is_question and not self.is_solved


@dataclass
class Suggestion:
    """One concrete good deed. `key` is stable across runs so feedback sticks to the deed."""

    kind: SuggestionKind
    key: str
    title: Text
    reason: Text
    score: float
    person_ids: list[int] = field(default_factory=list)
    post_id: int | None = None
    draft: str | None = None
    id: int | None = None
    state: SuggestionState = SuggestionState.NEW
    shown_count: int = 0
    last_shown_on: date | None = None
    snoozed_until: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def is_available(self, now: datetime) -> bool:
        """Still to be shown at `now`: not done or dismissed, and not snoozed beyond `now`."""
        if self.state.is_closed:
            return False
        if self.state is SuggestionState.SNOOZED and self.snoozed_until is not None:
            return as_utc(self.snoozed_until) <= now
        return True


@dataclass
class Introduction:
    person_a_id: int
    person_b_id: int
    reason: Text
    state: IntroductionState = IntroductionState.SUGGESTED
    id: int | None = None
    suggestion_id: int | None = None
    declined_by: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass
class LedgerEntry:
    person_id: int
    direction: LedgerDirection
    kind: LedgerKind
    occurred_at: datetime
    note: str | None = None
    id: int | None = None


@dataclass
class LifeEvent:
    """Something that happened to a person: a job change detected on re-import, say."""

    person_id: int
    kind: str  # job_change, new_position, ...
    occurred_at: datetime
    # Shown in the reader's language (issue 14): a Message since then, prose in older rows.
    summary: Text
    old_value: str | None = None
    new_value: str | None = None
    id: int | None = None


def job_change_summary(name: str, position: str | None, company: str | None) -> Message:
    """What a job change says ("Anke Weiß is now Managerin at KPMG"), as a message rendered in
    the reader's language when shown; written the same way by the import and by hand."""
    values: dict[str, MessageValue] = {"name": name}
    if position and company:
        msgid = "{name} is now {position} at {company}"
        values |= {"position": position, "company": company}
    elif position:
        msgid, values["position"] = "{name} is now {position}", position
    else:
        msgid, values["company"] = "{name} is now at {company}", company or ""
    return Message(msgid, values)
