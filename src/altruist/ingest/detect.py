"""Which parser a file needs, decided from its content (never its extension); `--format`
overrides. A file none of the parsers understands gets one clear ImportError_."""

from __future__ import annotations

from collections.abc import Callable

from altruist.errors import ImportError_
from altruist.ingest.contacts import csv_contacts, linkedin, vcard
from altruist.ingest.decode import header_candidates
from altruist.ingest.history import ics, linkedin_invitations, linkedin_messages
from altruist.ingest.records import ParseResult

Parser = Callable[[str, str], ParseResult]

PARSERS: dict[str, Parser] = {
    linkedin.FORMAT: linkedin.parse,
    linkedin_messages.FORMAT: linkedin_messages.parse,
    linkedin_invitations.FORMAT: linkedin_invitations.parse,
    vcard.FORMAT: vcard.parse,
    ics.FORMAT: ics.parse,
    csv_contacts.FORMAT: csv_contacts.parse,
}
# Names a user may pass to --format; the CSV flavours share one column-name mapper.
ALIASES = {
    "linkedin": linkedin.FORMAT,
    "xing": vcard.FORMAT,
    "vcf": vcard.FORMAT,
    "ical": ics.FORMAT,
    "icalendar": ics.FORMAT,
    "google-csv": csv_contacts.FORMAT,
    "outlook-csv": csv_contacts.FORMAT,
    "thunderbird-csv": csv_contacts.FORMAT,
    "csv": csv_contacts.FORMAT,
}
FORMAT_NAMES = sorted(set(PARSERS) | set(ALIASES))


def resolve_format(name: str) -> str:
    key = name.strip().lower()
    key = ALIASES.get(key, key)
    if key not in PARSERS:
        raise ImportError_(f"unknown format {name!r}; choose one of: {', '.join(FORMAT_NAMES)}")
    return key


def detect_format(text: str, file: str) -> str:
    head = text[:8192].lstrip("\ufeff \t\r\n").upper()
    if head.startswith("BEGIN:VCARD") or "\nBEGIN:VCARD" in head[:2048]:
        return vcard.FORMAT
    if head.startswith(("BEGIN:VCALENDAR", "BEGIN:VEVENT")):
        return ics.FORMAT
    for _line, cells in header_candidates(text):
        names = set(cells)
        if names >= linkedin.REQUIRED:
            return linkedin.FORMAT
        if names >= linkedin_invitations.REQUIRED:
            return linkedin_invitations.FORMAT
        if linkedin_messages.is_messages_header(names):
            return linkedin_messages.FORMAT
        if csv_contacts.looks_like_contacts(cells):
            return csv_contacts.FORMAT
    raise ImportError_(
        "not a contact file: expected a LinkedIn export (Connections.csv, messages.csv, "
        "Invitations.csv), a vCard (.vcf), an iCalendar file (.ics) or a Google/Outlook/"
        "Thunderbird contacts CSV",
        file=file,
    )
