"""vCard 2.1, 3.0 (RFC 2426) and 4.0 (RFC 6350), as phones, mail clients and XING write them.

Own parser rather than vobject: it must never raise on broken input (the fuzz tests feed it any
bytes), must report the line of each problem, and must keep every property it does not map.
"""

from __future__ import annotations

import base64

from altruist.errors import ImportError_
from altruist.ingest.contentlines import (
    ContentLine,
    logical_lines,
    parse_line,
    split_structured,
    unescape,
)
from altruist.ingest.dates import looks_like_date, parse_birthday
from altruist.ingest.reasons import IMPOSSIBLE_DATE
from altruist.ingest.records import ContactRecord, ParseResult, Skipped

FORMAT = "vcard"
# Properties that describe the file, not the person.
_IGNORED = {"VERSION", "PRODID", "REV", "BEGIN", "END", "KIND", "SOURCE", "CLIENTPIDMAP"}


def parse(text: str, file: str) -> ParseResult:
    result = ParseResult(FORMAT)
    card: list[ContentLine] | None = None
    card_line = 0
    depth = 0
    seen_card = False
    for number, raw in logical_lines(text):
        line = parse_line(number, raw)
        if line is None:
            if card is not None and depth == 1:
                result.skipped.append(Skipped(file, number, "not a vCard property line; ignored"))
            continue
        if line.name == "BEGIN" and line.value.strip().upper() == "VCARD":
            depth += 1
            if depth == 1:
                card, card_line, seen_card = [], number, True
            continue
        if line.name == "END" and line.value.strip().upper() == "VCARD":
            depth = max(depth - 1, 0)
            if depth == 0 and card is not None:
                _finish(card, card_line, file, result)
                card = None
            continue
        if card is not None and depth == 1:
            card.append(line)
        # depth > 1: an embedded vCard (2.1 AGENT); it describes someone else, not this contact.
    if card is not None:
        result.skipped.append(Skipped(file, card_line, "vCard not closed (no END:VCARD)"))
    if not seen_card:
        raise ImportError_("no BEGIN:VCARD found: not a vCard file", file=file)
    return result


def _finish(lines: list[ContentLine], start: int, file: str, result: ParseResult) -> None:
    record = to_record(lines, start)
    if not (record.display_name() or record.emails or record.phones or record.urls):
        result.skipped.append(Skipped(file, start, "vCard has no name, e-mail, phone or URL"))
        return
    for line in lines:
        value = unescape(line.value).strip()
        if line.name == "BDAY" and parse_birthday(value) is None and looks_like_date(value):
            reason = IMPOSSIBLE_DATE.format(value=repr(value), field="BDAY")
            result.skipped.append(Skipped(file, line.line, reason, kept=True))
    result.contacts.append(record)


def to_record(lines: list[ContentLine], start: int) -> ContactRecord:
    record = ContactRecord(line=start)
    notes: list[str] = []
    labels = _group_labels(lines)
    for line in lines:
        name = line.name
        if line.group and line.group.lower() in labels:
            line = _labelled(line, labels[line.group.lower()])
        if name == "FN":
            record.name = record.name or unescape(line.value).strip()
        elif name == "N":
            parts = split_structured(line.value) + [""] * 5
            record.family_name = parts[0].strip() or record.family_name
            record.given_name = parts[1].strip() or record.given_name
            for label, part in (("middle name", 2), ("name prefix", 3), ("name suffix", 4)):
                if parts[part].strip():
                    record.extras[f"N {label}"] = parts[part].strip()
        elif name == "ORG":
            parts = [p.strip() for p in split_structured(line.value) if p.strip()]
            if parts and not record.company:
                record.company = parts[0]
                if parts[1:]:
                    record.extras["ORG unit"] = ", ".join(parts[1:])
            elif parts:
                _keep(record, line, "; ".join(parts))
        elif name == "TITLE" and not record.position:
            record.position = unescape(line.value).strip() or None
        elif name == "BDAY":
            _birthday(record, line)
        elif name == "EMAIL":
            record.emails.append(unescape(line.value).strip())
            _keep_types(record, line)
        elif name == "TEL":
            record.phones.append(unescape(line.value).strip())
            _keep_types(record, line)
        elif name in ("URL", "X-SOCIALPROFILE", "X-XING", "X-LINKEDIN"):
            # Apple writes `http\://`; XING's vCards put the profile in URL.
            record.urls.append(unescape(line.value).strip())
        elif name == "ADR":
            _address(record, line)
        elif name == "NOTE":
            notes.append(unescape(line.value).strip())
        elif name == "UID":
            uid = unescape(line.value).strip()
            record.source_key = f"vcard-uid:{uid}" if uid else None
            record.extras["UID"] = uid
        elif name == "PHOTO":
            _photo(record, line)
        elif name == "X-ABLABEL" and line.group:
            continue  # taken into the TYPE of its group's property above
        elif name not in _IGNORED:
            _keep(record, line, unescape(line.value).strip())
    if not record.name and (record.given_name or record.family_name):
        record.name = " ".join(p for p in (record.given_name, record.family_name) if p)
    record.notes = "\n".join(n for n in notes if n) or None
    return record


def _group_labels(lines: list[ContentLine]) -> dict[str, str]:
    """Apple Contacts names a value by grouping it with an `X-ABLabel` line (`item1.EMAIL…`,
    `item1.X-ABLabel:_$!<Work>!$_` or a user's own label such as `XING`); built-in labels are
    wrapped in `_$!<…>!$_`."""
    labels: dict[str, str] = {}
    for line in lines:
        if line.name == "X-ABLABEL" and line.group:
            label = unescape(line.value).strip()
            if label.startswith("_$!<") and label.endswith(">!$_"):
                label = label[4:-4]
            if label:
                labels[line.group.lower()] = label.lower()
    return labels


def _labelled(line: ContentLine, label: str) -> ContentLine:
    """The property with its group's label added as a TYPE, so it is kept like any type."""
    params = dict(line.params)
    params["TYPE"] = [*params.get("TYPE", []), label]
    return ContentLine(line.name, line.value, line.line, params, line.group)


def _birthday(record: ContactRecord, line: ContentLine) -> None:
    """RFC 6350 §6.2.5: BDAY may be a date, a date without year (`--0415`, §4.3.1), a date-time
    or free text (VALUE=text); RFC 2426 writes `1980-03-22`, vCard 2.1 `19800322`."""
    value = unescape(line.value).strip()
    parsed = None if (line.param("VALUE") or "").lower() == "text" else parse_birthday(value)
    if parsed and record.birthday is None:
        record.birthday = parsed
    elif value:
        _keep(record, line, value)


def _address(record: ContactRecord, line: ContentLine) -> None:
    # RFC 6350 §6.3.1: PO box; extended; street; locality; region; postal code; country.
    parts = [p.strip() for p in split_structured(line.value)] + [""] * 7
    record.city = record.city or parts[3] or None
    record.country = record.country or parts[6] or None
    text = ", ".join(p for p in parts[:7] if p)
    if text:
        _keep(record, line, text)


def _photo(record: ContactRecord, line: ContentLine) -> None:
    """Keep the photo as a data URI (RFC 2397) so an export can write it back unchanged."""
    value = line.value.strip().replace(" ", "")
    encoding = (line.param("ENCODING") or "").lower()
    if encoding in ("b", "base64") and value:
        kind = next((t for t in line.types() if t not in ("pref",)), "jpeg")
        try:
            base64.b64decode(value, validate=False)
        except ValueError:
            return
        value = f"data:image/{kind};base64,{value}"
    if value:
        _keep(record, line, value)


def _keep_types(record: ContactRecord, line: ContentLine) -> None:
    types = [t for t in line.types() if t not in ("internet", "voice", "pref")]
    if types:
        record.extras[f"{line.name} {unescape(line.value).strip()} type"] = ",".join(types)


def _keep(record: ContactRecord, line: ContentLine, value: str) -> None:
    """Unknown or repeated properties go to extras under a readable key; repeats get a number."""
    if not value:
        return
    key = line.name
    types = [t for t in line.types() if t != "pref"]
    if types:
        key += f" ({','.join(types)})"
    base, n = key, 2
    while key in record.extras and record.extras[key] != value:
        key, n = f"{base} #{n}", n + 1
    record.extras[key] = value
