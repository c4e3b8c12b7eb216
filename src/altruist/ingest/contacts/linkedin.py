"""LinkedIn `Connections.csv`, all three variants seen in real exports:

* 2018: `First Name,Last Name,Email Address,Company,Position,Connected On`, no preamble,
  dates like `1/8/18, 6:14 PM`;
* 2022: the same header after a `Notes:` preamble, dates like `09 Sep 2022`, e-mails mostly empty;
* 2024: preamble, and a `URL` column with the profile URL after `Last Name`.
"""

from __future__ import annotations

from altruist.ingest.csvrows import column_index, load_table, width_problem
from altruist.ingest.dates import parse_linkedin_datetime
from altruist.ingest.identity import fold
from altruist.ingest.records import ContactRecord, ParseResult, Skipped

FORMAT = "linkedin-connections"
REQUIRED = {"first name", "last name", "connected on"}
_CORE = {"first name", "last name", "url", "email address", "company", "position"}


def parse(text: str, file: str) -> ParseResult:
    result = ParseResult(FORMAT)
    table = load_table(text, file, REQUIRED, result.skipped)
    result.delimiter = table.delimiter
    index = column_index(table.header)
    # Columns no core field takes, kept as extras under their header name (in header order).
    extra_columns = [
        (i, name)
        for i, name in enumerate(table.header)
        if name.lower() not in _CORE and name.lower() != "connected on"
    ]
    # Row.get("first name") and so on, with the look-up done once per file, not per row.
    first_name, last_name = index.get("first name"), index.get("last name")
    email_address, url_column = index.get("email address"), index.get("url")
    company, position = index.get("company"), index.get("position")
    connected_on = index.get("connected on")
    seen_keys: dict[str, int] = {}
    for line, cells in table.rows:
        problem = width_problem(table.header, cells)
        if problem:
            result.skipped.append(Skipped(file, line, problem))
            continue
        given, family = _cell(cells, first_name), _cell(cells, last_name)
        email, url = _cell(cells, email_address), _cell(cells, url_column)
        if not (given or family or email or url):
            result.skipped.append(Skipped(file, line, "no name, e-mail or profile URL"))
            continue
        record = ContactRecord(
            line=line,
            name=" ".join(p for p in (given, family) if p),
            given_name=given or None,
            family_name=family or None,
            company=_cell(cells, company) or None,
            position=_cell(cells, position) or None,
            emails=[email] if email else [],
            urls=[url] if url else [],
        )
        # Without URL or e-mail (most 2022 rows) the name is all LinkedIn gives; within one
        # user's connections it is stable, so it lets a re-import find the person again.
        # Two connections with the same name stay two people: the second gets "#2".
        key = f"linkedin-name:{fold(given)}|{fold(family)}"
        seen_keys[key] = seen_keys.get(key, 0) + 1
        record.source_key = key if seen_keys[key] == 1 else f"{key}#{seen_keys[key]}"
        connected = _cell(cells, connected_on)
        when = parse_linkedin_datetime(connected) if connected else None
        if connected:
            # Kept as ISO when understood, verbatim otherwise: never dropped.
            record.extras["LinkedIn Connected On"] = when.date().isoformat() if when else connected
        for i, name in extra_columns:
            value = cells[i].strip() if i < len(cells) else ""
            if value:
                record.extras[name] = value
        result.contacts.append(record)
    return result


def _cell(cells: list[str], i: int | None) -> str:
    """Row.get for one column whose position is known."""
    return cells[i].strip() if i is not None and i < len(cells) else ""
