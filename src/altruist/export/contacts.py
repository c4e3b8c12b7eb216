"""All contacts as vCard 4.0 or CSV (issue 16, "Export"): the user's network leaves altruist in
formats every address book reads, and altruist reads them back — importing an export into an
empty database gives the same people, names, birthdays, e-mail addresses and phone numbers.

vCard follows RFC 6350 (4.0): TEXT values escaped (§3.4), lines folded at 75 octets (§3.2), a
birthday without year as `--MMDD` (§4.3.1). The CSV uses Google Contacts' column names, which
Google, Outlook and altruist's own importer map by name; `excel=True` writes what German Excel
opens without mangling (semicolons, UTF-8 with a byte-order mark). Every cell is made safe
against formula injection, because the values come from other people.
"""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass, field

from altruist.domain import Birthday, Identity, IdentityKind, Person
from altruist.export.ical_writer import escape_text, fold
from altruist.safe_csv import neutralise
from altruist.store import Store
from altruist.store import people as people_repo

# A fixed namespace, so a person's UID stays the same across exports (clients match on it).
UID_NAMESPACE = uuid.UUID("6f1c2f5e-4f0b-4d7a-9a53-2b8f0b6c7a10")
PROFILE_KINDS = (IdentityKind.LINKEDIN, IdentityKind.XING, IdentityKind.URL)


@dataclass
class ContactCard:
    person: Person
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    urls: list[tuple[IdentityKind, str]] = field(default_factory=list)


def contact_cards(store: Store) -> list[ContactCard]:
    """Every contact (not the user) with their e-mail addresses, phones and profile links."""
    with store.read() as conn:
        everyone = people_repo.all_people(conn)
        found = people_repo.identities_by_person(conn)
    return [_card(person, found.get(person.id or 0, [])) for person in everyone]


def _card(person: Person, identities: list[Identity]) -> ContactCard:
    card = ContactCard(person)
    for identity in identities:
        if identity.kind is IdentityKind.EMAIL:
            card.emails.append(identity.value)
        elif identity.kind is IdentityKind.PHONE:
            card.phones.append(identity.value)
        elif identity.kind in PROFILE_KINDS:
            card.urls.append((identity.kind, identity.value))
    return card


def _bday(birthday: Birthday) -> str:
    if birthday.year:
        return f"{birthday.year:04d}{birthday.month:02d}{birthday.day:02d}"
    return f"--{birthday.month:02d}{birthday.day:02d}"


def _component(value: str | None) -> str:
    return escape_text(value or "")


def vcard(card: ContactCard) -> bytes:
    person = card.person
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        f"UID:urn:uuid:{uuid.uuid5(UID_NAMESPACE, f'person:{person.id}')}",
        f"FN:{escape_text(person.name)}",
        # §6.2.2 N: family; given; additional; prefixes; suffixes
        f"N:{_component(person.family_name)};{_component(person.given_name)};;;",
    ]
    lines += [f"EMAIL:{escape_text(email)}" for email in card.emails]
    lines += [f"TEL;VALUE=uri:tel:{phone}" for phone in card.phones]
    if person.company:
        lines.append(f"ORG:{escape_text(person.company)}")
    if person.position:
        lines.append(f"TITLE:{escape_text(person.position)}")
    if person.birthday:
        lines.append(f"BDAY:{_bday(person.birthday)}")
    if person.city or person.country:
        # §6.3.1 ADR: PO box; extended; street; locality; region; postal code; country
        lines.append(f"ADR:;;;{_component(person.city)};;;{_component(person.country)}")
    lines.append(f"LANG:{person.language}")
    lines += [f"URL:{url}" for _, url in card.urls]
    if person.notes:
        lines.append(f"NOTE:{escape_text(person.notes)}")
    lines.append("END:VCARD")
    return b"".join(fold(line) for line in lines)


def to_vcard(cards: list[ContactCard]) -> bytes:
    return b"".join(vcard(card) for card in cards)


def _csv_header(cards: list[ContactCard]) -> list[str]:
    most = {
        "E-mail": max((len(c.emails) for c in cards), default=0),
        "Phone": max((len(c.phones) for c in cards), default=0),
        "Website": max((len(c.urls) for c in cards), default=0),
    }
    header = ["Name", "First Name", "Last Name", "Birthday", "Notes"]
    header += ["Organization Name", "Organization Title", "Address 1 - City"]
    header += ["Address 1 - Country", "Language"]
    for group, count in most.items():
        for n in range(1, max(count, 1) + 1):
            header += [f"{group} {n} - Label", f"{group} {n} - Value"]
    return header


def _csv_row(card: ContactCard, header: list[str]) -> list[str]:
    person = card.person
    values: dict[str, str] = {
        "Name": person.name,
        "First Name": person.given_name or "",
        "Last Name": person.family_name or "",
        "Birthday": person.birthday.iso() if person.birthday else "",
        "Notes": person.notes or "",
        "Organization Name": person.company or "",
        "Organization Title": person.position or "",
        "Address 1 - City": person.city or "",
        "Address 1 - Country": person.country or "",
        "Language": str(person.language),
    }
    for n, email in enumerate(card.emails, 1):
        values[f"E-mail {n} - Value"] = email
    for n, phone in enumerate(card.phones, 1):
        values[f"Phone {n} - Value"] = phone
    for n, (kind, url) in enumerate(card.urls, 1):
        values[f"Website {n} - Label"] = {"linkedin": "LinkedIn", "xing": "XING"}.get(kind, "")
        values[f"Website {n} - Value"] = url
    return [neutralise(values.get(column, "")) for column in header]


# The column names a German Google Contacts export writes for the columns above: a German user's
# file reads naturally in German Excel, and altruist's importer knows these names
# (ingest/contacts/headers.py), so the file still comes back in unchanged.
GERMAN_COLUMNS = {
    "Name": "Name",
    "First Name": "Vorname",
    "Last Name": "Nachname",
    "Birthday": "Geburtstag",
    "Notes": "Notizen",
    "Organization Name": "Organisationsname",
    "Organization Title": "Organisationstitel",
    "Address 1 - City": "Adresse 1 - Ort",
    "Address 1 - Country": "Adresse 1 - Land",
    "Language": "Sprache",
}
GERMAN_GROUP_WORDS = {"E-mail": "E-Mail", "Phone": "Telefon", "Website": "Website",
                      "Label": "Label", "Value": "Wert"}  # fmt: skip


def _german(column: str) -> str:
    if column in GERMAN_COLUMNS:
        return GERMAN_COLUMNS[column]
    group, n, field = column.replace(" - ", " ").split(" ")
    return f"{GERMAN_GROUP_WORDS[group]} {n} - {GERMAN_GROUP_WORDS[field]}"


def to_csv(cards: list[ContactCard], *, excel: bool = False, lang: str = "en") -> bytes:
    """Google Contacts' layout; `lang="de"` writes German Google's column names, `excel`
    semicolons and a UTF-8 byte-order mark (what German Excel needs to open it right)."""
    buffer = io.StringIO()
    writer = csv.writer(
        buffer, delimiter=";" if excel else ",", lineterminator="\r\n", quoting=csv.QUOTE_ALL
    )
    header = _csv_header(cards)
    writer.writerow([_german(c) for c in header] if lang == "de" else header)
    writer.writerows(_csv_row(card, header) for card in cards)
    text = buffer.getvalue()
    return ("\ufeff" + text).encode("utf-8") if excel else text.encode("utf-8")
