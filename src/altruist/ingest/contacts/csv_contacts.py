"""Address-book CSV from Google Contacts (legacy and current), Outlook (desktop's 92 columns and
Outlook.com), Thunderbird, and LinkedIn's pre-2015 Outlook-style export.

Localised exports (a German Outlook's `Vorname`/`E-Mail-Adresse`, a German Google account's
`E-Mail 1 - Wert`) are translated to these English names first, in headers.py.

Columns are mapped by NAME, never by position: Google's export grows repeating groups
(`E-mail 1 - Value`, `E-mail 2 - Value`, … `Phone N - Value`, `Website N - Value`) as the data
needs them, so the column count and order vary from file to file. Every non-empty column that no
core field takes is kept in `extras` under its own header name.
"""

from __future__ import annotations

import re

from altruist.ingest.contacts.headers import translate
from altruist.ingest.csvrows import Row, column_index, load_table, width_problem
from altruist.ingest.dates import looks_like_date, parse_birthday
from altruist.ingest.reasons import IMPOSSIBLE_DATE
from altruist.ingest.records import ContactRecord, ParseResult, Skipped

FORMAT = "contacts-csv"

GIVEN = ("first name", "given name")
FAMILY = ("last name", "family name", "surname")
FULL = ("name", "display name", "full name")
COMPANY = ("company", "organization name", "organization 1 - name", "organization", "companies")
POSITION = ("job title", "organization title", "organization 1 - title", "title (job)", "position")
BIRTHDAY = ("birthday",)
NOTES = ("notes",)
CITY = ("business city", "work city", "home city", "address 1 - city", "other city")
COUNTRY = (
    "business country/region",
    "business country",
    "work country",
    "home country/region",
    "home country",
    "address 1 - country",
    "other country/region",
    "other country",
)
THUNDERBIRD_BIRTH = ("birth year", "birth month", "birth day")

_EMAIL_COLUMN = re.compile(
    r"^(e-?mail( \d+)?( address)?|e-?mail \d+ - value|primary email|secondary email|emails?)$"
)
_PHONE_COLUMN = re.compile(
    r"^(phone \d+ - value|(business|home|mobile|other|primary|car|work|company main|"
    r"assistant's|radio|callback)( phone)?( \d+)?|mobile number|phone numbers?|work phone)$"
)
_WEB_COLUMN = re.compile(r"^(web ?page( \d+)?|personal web page|website \d+ - value|sites?)$")


def detect_flavour(header: list[str]) -> str:
    names = {h.lower() for h in header}
    if "primary email" in names or "display name" in names:
        return "thunderbird-csv"
    if "e-mail 1 - value" in names or "labels" in names or "group membership" in names:
        return "google-csv"
    if "e-mail address" in names or "job title" in names:
        return "outlook-csv"
    return FORMAT


def looks_like_contacts(header: list[str]) -> bool:
    names = set(translate(header).english)
    has_name = bool(names & set(GIVEN + FAMILY + FULL))
    has_detail = any(_EMAIL_COLUMN.match(n) or _PHONE_COLUMN.match(n) for n in names) or bool(
        names & set(COMPANY)
    )
    return has_name and has_detail


def parse(text: str, file: str) -> ParseResult:
    table = load_table(text, file, set(), [])  # header: first non-empty line
    header = translate(table.header)
    index = column_index(header.english)
    result = ParseResult(detect_flavour(header.english))
    result.locale, result.delimiter = header.locale, table.delimiter
    result.skipped.extend(Skipped(file, line, reason) for line, reason in table.errors)
    header_lower = header.english
    email_cols = [h for h in header_lower if _EMAIL_COLUMN.match(h)]
    phone_cols = [h for h in header_lower if _PHONE_COLUMN.match(h)]
    web_cols = [h for h in header_lower if _WEB_COLUMN.match(h)]
    for line, cells in table.rows:
        problem = width_problem(table.header, cells)
        if problem:
            result.skipped.append(Skipped(file, line, problem))
            continue
        row = Row(table.header, cells, index, header.english)
        record = to_record(row, line, email_cols, phone_cols, web_cols)
        if not (record.display_name() or record.emails or record.phones):
            result.skipped.append(Skipped(file, line, "no name, e-mail or phone"))
            continue
        result.skipped.extend(Skipped(file, line, p, kept=True) for p in partly_read(row, record))
        result.contacts.append(record)
    return result


def partly_read(row: Row, record: ContactRecord) -> list[str]:
    """What of an imported row was not understood: the person is kept (the value stays among
    their fields, verbatim), and the report says which value needs the user's eye. Invalid
    e-mail addresses are reported by the importer, for every format alike."""
    problems: list[str] = []
    raw_birthday = row.get(*BIRTHDAY)
    if raw_birthday and record.birthday is None and looks_like_date(raw_birthday):
        problems.append(IMPOSSIBLE_DATE.format(value=repr(raw_birthday), field="birthday"))
    return problems


def to_record(
    row: Row, line: int, email_cols: list[str], phone_cols: list[str], web_cols: list[str]
) -> ContactRecord:
    used: set[str] = set()

    def take(names: tuple[str, ...]) -> str:
        for name in names:
            value = row.get(name)
            if value:
                used.add(name)
                return value
        return ""

    given, family, full = take(GIVEN), take(FAMILY), take(FULL)
    record = ContactRecord(
        line=line,
        name=full or " ".join(p for p in (given, family) if p),
        given_name=given or None,
        family_name=family or None,
        company=take(COMPANY) or None,
        position=take(POSITION) or None,
        notes=take(NOTES) or None,
        city=take(CITY) or None,
        country=take(COUNTRY) or None,
    )
    raw_birthday = take(BIRTHDAY)
    record.birthday = parse_birthday(raw_birthday)
    if raw_birthday and record.birthday is None:
        used.discard("birthday")  # not understood ("0/0/00"): kept verbatim in extras
    if record.birthday is None and row.get("birth month") and row.get("birth day"):
        year = row.get("birth year")
        text = f"{year or '--'}-{row.get('birth month').zfill(2)}-{row.get('birth day').zfill(2)}"
        record.birthday = parse_birthday(text if year else "--" + text[3:])
        if record.birthday:
            used.update(THUNDERBIRD_BIRTH)
    for columns, target in ((email_cols, record.emails), (phone_cols, record.phones)):
        for column in columns:
            # Google joins several values in one cell with " ::: ".
            for value in row.get(column).split(" ::: "):
                if value.strip():
                    target.append(value.strip())
                    used.add(column)
    for column in web_cols:
        for value in row.get(column).split(" ::: "):
            if value.strip():
                record.urls.append(value.strip())
    for name, key, value in row.keyed_items():
        if key not in used:
            record.extras[name] = value
    return record
