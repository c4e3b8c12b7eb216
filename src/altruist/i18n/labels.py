"""English names (msgids) for every stored key a user sees, in one place for the web and the CLI
(issue 14): the kinds and states of good deeds, identity kinds, introduction steps, field names,
closeness tiers, account kinds, where a need was read. The key stays in the database; a surface
shows the msgid in the reader's language. A key not listed (a column of the user's own file, a
tier the user named, a new enum member) is data and is shown as it is."""

from __future__ import annotations

import re

from altruist.domain import IdentityKind, IntroductionState, SuggestionKind, SuggestionState
from altruist.i18n import Translator

# The name of each kind of deed (on its chip, in the CLI's tables, in the digest).
SUGGESTION_KINDS: dict[str, str] = {
    SuggestionKind.INTRODUCE: "Introduction",
    SuggestionKind.ANSWER: "Answer",
    SuggestionKind.FORWARD: "Forward",
    SuggestionKind.BIRTHDAY: "Birthday",
    SuggestionKind.CHECK_IN: "Check-in",
    SuggestionKind.CONGRATULATE: "Congratulation",
    SuggestionKind.ANNIVERSARY: "Work anniversary",
    SuggestionKind.ASK: "Ask for help",
    SuggestionKind.REMINDER: "Reminder",
}

SUGGESTION_STATES: dict[str, str] = {
    SuggestionState.NEW: "new",
    SuggestionState.SHOWN: "shown",
    SuggestionState.ACCEPTED: "accepted",
    SuggestionState.DONE: "done",
    SuggestionState.DISMISSED: "dismissed",
    SuggestionState.SNOOZED: "snoozed",
}

IDENTITY_KINDS: dict[str, str] = {
    IdentityKind.EMAIL: "E-mail",
    IdentityKind.PHONE: "Phone",
    IdentityKind.LINKEDIN: "LinkedIn profile",
    IdentityKind.XING: "XING profile",
    IdentityKind.URL: "Web address",
    IdentityKind.FORUM: "Forum account",
    IdentityKind.OTHER: "Other identifier",
}

INTRODUCTION_STATES: dict[str, str] = {
    IntroductionState.SUGGESTED: "suggested",
    IntroductionState.ASKED_FIRST: "first person asked",
    IntroductionState.FIRST_AGREED: "first person agreed",
    IntroductionState.ASKED_SECOND: "second person asked",
    IntroductionState.BOTH_AGREED: "both agreed",
    IntroductionState.INTRODUCED: "introduced",
    IntroductionState.HELPED: "it helped",
    IntroductionState.NO_FIT: "no fit",
    IntroductionState.DECLINED: "declined",
}

# The tiers every user starts with, by their stored key (a tier the user added is shown as named).
TIERS = {"close": "close", "regular": "regular", "yearly": "yearly"}

FIELDS = {
    "name": "Name",
    "given_name": "Given name",
    "family_name": "Family name",
    "company": "Company",
    "position": "Position",
    "headline": "Headline",
    "city": "City",
    "country": "Country",
    "birthday": "Birthday",
    "notes": "Notes",
    "language evidence": "Language evidence",
    # Parts of a vCard the parser keeps under a name of its own (ingest/contacts/vcard.py); a
    # CSV column keeps its own header instead, which is the user's data.
    "N middle name": "Middle name",
    "N name prefix": "Name prefix",
    "N name suffix": "Name suffix",
    "ORG unit": "Department",
}
# The TYPE of a vCard address or number, kept as "<PROPERTY> <value> type" (vcard.py).
TYPED_VALUE = re.compile(r"^(?:EMAIL|TEL|ADR|URL|IMPP) (?P<value>.+) type$")
TYPED_VALUE_NAME = "Kind of {value}"
# Any other kept property with its TYPE in brackets, maybe numbered: "ADR (home)", "TEL (work) #2".
TYPED_PROPERTY = re.compile(r"^(?P<prop>[A-Z][A-Z0-9-]*) \((?P<types>[^)]*)\)(?P<rest>( #\d+)?)$")
# The TYPE words of RFC 6350 (and vCard 2.1/3.0) a phone's or an address's kind is written in.
VCARD_TYPES = {
    "work": "work",
    "home": "home",
    "cell": "mobile",
    "voice": "voice",
    "fax": "fax",
    "pager": "pager",
    "video": "video",
    "text": "text messages",
    "pref": "preferred",
    "internet": "internet",
    "main": "main number",
    "other": "other",
}
# Where a derived need or offer was read (understand/needs.py SOURCE_*).
FACET_SOURCES = {
    "derived:headline": "the headline",
    "derived:notes": "the notes",
    "derived:position": "the position",
    "derived:post:": "a post in a group",
}
ACCOUNTS = {
    "carddav": "CardDAV address book",
    "caldav": "CalDAV calendar",
    "imap": "IMAP mailbox",
    "vdir": "Folder of files (vdir)",
}
SOURCES = {"demo": "Demo network"}
# Form and query fields a 422 page may name: the field as the user saw it, not its key.
FORM_FIELDS = {
    **FIELDS,
    "page": "Page",
    "q": "Search",
    "since": "Since",
    "date": "Date",
    "text": "Text",
    "note": "Note",
    "email": "E-mail",
    "emails": "E-mail addresses",
    "phone": "Phone",
    "kind": "Kind",
    "direction": "Direction",
    "language": "Language",
    "tag": "Tags",
    "tags": "Tags",
    "tier": "Closeness",
    "cadence_days": "Keep-in-touch interval (days)",
    "every": "Repeat every",
    "unit": "Unit",
    "timezone": "Timezone",
    "seek": "What you seek",
    "offer": "What you offer",
    "port": "Port",
    "user": "User name",
}
# What an import read a file as (`ingest` FORMAT names, also what `--format` takes).
FORMATS = {
    "linkedin-connections": "LinkedIn connections",
    "linkedin-messages": "LinkedIn messages",
    "linkedin-invitations": "LinkedIn invitations",
    "linkedin-profile": "LinkedIn profile",
    "vcard": "vCard",
    "ics": "iCalendar",
    "contacts-csv": "Contacts CSV",
    "google-csv": "Google contacts CSV",
    "outlook-csv": "Outlook contacts CSV",
    "thunderbird-csv": "Thunderbird contacts CSV",
    "manual": "Entered by hand",
    "imap": "IMAP mailbox",
}
# The character encoding an import found (`ingest/decode.py`), by its usual name.
ENCODINGS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with byte-order mark",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
    "windows-1252": "Windows-1252",
    "utf-8+windows-1252": "UTF-8 and Windows-1252 mixed",
}

# The tables a page names by key (`label("field", f.name)` in a template).
TABLES: dict[str, dict[str, str]] = {
    "field": FIELDS,
    "identity": IDENTITY_KINDS,
    "tier": TIERS,
    "account": ACCOUNTS,
    "source": SOURCES,
    "form": FORM_FIELDS,
    "kind": SUGGESTION_KINDS,
    "format": FORMATS,
    "encoding": ENCODINGS,
}


def label(names: dict[str, str], value: object) -> str:
    """The English name of `value`, or the value itself when it has none (a new enum member)."""
    return names.get(str(value), str(value))


def name_of(t: Translator, table: str, key: str | None) -> str:
    """The name of `key` in the reader's language, or the key itself when it is data."""
    key = key or ""
    if table == "facet_source":
        for prefix, msgid in FACET_SOURCES.items():
            if key == prefix or (prefix.endswith(":") and key.startswith(prefix)):
                return t(msgid)
        return key
    name = TABLES[table].get(key)
    if name is None and table == "field" and (typed := TYPED_VALUE.match(key)):
        return t(TYPED_VALUE_NAME).format(value=typed["value"])
    if name is None and table == "field" and (bracketed := TYPED_PROPERTY.match(key)):
        types = _type_words(t, bracketed["types"])
        return f"{bracketed['prop']} ({types}){bracketed['rest']}"
    return t(name) if name else key


def field_value(t: Translator, key: str, value: str) -> str:
    """A field's value as shown: a vCard TYPE list ("work,voice") in the reader's words, any
    other value as it was imported."""
    if not TYPED_VALUE.match(key):
        return value
    return _type_words(t, value)


def _type_words(t: Translator, value: str) -> str:
    """A vCard TYPE list in the reader's words, or as written when a vendor's own word (X-…,
    "assistantphone") is among them: that is data."""
    words = [w.strip() for w in value.split(",")]
    if not all(w.lower() in VCARD_TYPES for w in words):
        return value
    return ", ".join(t(VCARD_TYPES[w.lower()]) for w in words)
