"""iCalendar (RFC 5545), read with the kept `icalendar` library: each VEVENT with attendees becomes
a meeting with each of them. Imported `.ics` files and CalDAV events both come through here.

Attendees are matched by e-mail (`ATTENDEE;CN=Anna:mailto:anna@example.org`, §3.8.4.1); the
organizer counts as a participant too, because the user is usually one of the two. A recurring
event is a meeting at each occurrence (recurrence.py), without the occurrences an EXDATE
cancelled or another VEVENT (RECURRENCE-ID) moved: that one is its own event.

Who was *not* met (issue 17): an attendee with `PARTSTAT=DECLINED` (§3.2.12) or
`ROLE=NON-PARTICIPANT` (§3.2.16, "for information purposes only") stays off the meeting. The
user's own addresses are never a contact; the parser reports the ones the file itself names
(`X-WR-CALNAME` of a primary Google calendar is its owner's address) and marks each participant
as declined or not, so the planner can drop an event the *user* declined. An event in the
future is kept as it is: keep-in-touch counts only interactions that have happened.

Times: a zone named by TZID is icalendar's (IANA names, Windows names, or the file's own
VTIMEZONE); a floating time, or a zone nobody defines, is read as UTC, as the hand-written reader
did, so the dedup keys of calendars it imported stay the same.

Bad input: icalendar keeps a property it cannot read as "broken" and lists it; that is reported
(the rest of the event is read). A file icalendar refuses as a whole (a stray line between
components) is read again one event at a time, so one bad line costs at most its event.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Calendar, Component
from icalendar.error import BrokenCalendarProperty, GloballyUniqueTZIDGuessed
from icalendar.parser import Contentline

from altruist.domain import Direction, InteractionKind
from altruist.errors import ImportError_
from altruist.ingest import reasons
from altruist.ingest.history import recurrence
from altruist.ingest.history.moments import to_utc
from altruist.ingest.identity import normalize_email
from altruist.ingest.records import InteractionRecord, ParseResult, Participant, Skipped

FORMAT = "ics"

# icalendar warns (on stderr, in the middle of the import report) when it reads a vendor-prefixed
# TZID ("/mozilla.org/…/Europe/Berlin") as the zone it ends with: right for every real file we
# have, and nothing the user could act on.
warnings.filterwarnings("ignore", category=GloballyUniqueTZIDGuessed)

_BEGIN_EVENT = re.compile(r"^BEGIN:VEVENT[ \t\r]*$", re.IGNORECASE | re.MULTILINE)
_ANY_COMPONENT = re.compile(r"^BEGIN:V", re.IGNORECASE | re.MULTILINE)
_CALNAME = re.compile(r"^X-WR-CALNAME[^:\r\n]*:([^\r\n]*)", re.IGNORECASE | re.MULTILINE)
# One VEVENT (or VTIMEZONE) block, for reading a file icalendar refused as a whole.
_BLOCK = re.compile(
    r"^BEGIN:(VEVENT|VTIMEZONE)[ \t]*\r?\n.*?^END:\1[ \t\r]*$", re.IGNORECASE | re.MULTILINE | re.S
)

# The Windows zone names the hand-written reader translated itself (any other one it read as UTC).
_OLD_READER_WINDOWS_NAMES = frozenset(
    {
        "W. Europe Standard Time",
        "Central Europe Standard Time",
        "Romance Standard Time",
        "GMT Standard Time",
        "Eastern Standard Time",
        "Central Standard Time",
        "Mountain Standard Time",
        "Pacific Standard Time",
        "India Standard Time",
        "Tokyo Standard Time",
        "AUS Eastern Standard Time",
    }
)


@dataclass
class _Event:
    component: Component
    line: int  # physical line of its BEGIN:VEVENT (0 when not known)


def parse(text: str, file: str) -> ParseResult:
    result = ParseResult(FORMAT)
    if not _ANY_COMPONENT.search(text):
        raise ImportError_(
            "no BEGIN:VCALENDAR or BEGIN:VEVENT found: not an iCalendar file", file=file
        )
    begins = _lines_of(text, [m.start() for m in _BEGIN_EVENT.finditer(text)])
    try:
        roots = Component.from_ical(text, multiple=True)
    except ValueError as exc:
        reason = reasons.CALENDAR_WHOLE.format(detail=exc)
        result.skipped.append(Skipped(file, _first_bad_line(text), reason))
        events = _events_one_by_one(text, file, result)
        read = {e.line for e in events} | {s.line for s in result.skipped}
        for line in begins:
            if line not in read:
                result.skipped.append(Skipped(file, line, "event not closed (no END:VEVENT)"))
        for name in _CALNAME.findall(text):
            owner = normalize_email(name)
            if owner:
                result.own_emails.add(owner)
    else:
        found = [e for root in roots for e in root.walk("VEVENT")]
        # icalendar keeps no line numbers: the n-th event is the one at the n-th BEGIN:VEVENT.
        lines = begins + [0] * (len(found) - len(begins))
        events = [_Event(e, line) for e, line in zip(found, lines, strict=False)]
        for line in begins[len(found) :]:
            result.skipped.append(Skipped(file, line, "event not closed (no END:VEVENT)"))
        for root in roots:
            owner = normalize_email(str(root.get("X-WR-CALNAME", "")))
            if owner:
                result.own_emails.add(owner)
    for group in _by_uid(events):
        _read_group(group, file, result)
    return result


def _lines_of(text: str, offsets: list[int]) -> list[int]:
    """1-based line of each offset (ascending), counting each stretch of the text once."""
    lines, line, last = [], 1, 0
    for offset in offsets:
        line += text.count("\n", last, offset)
        lines.append(line)
        last = offset
    return lines


def _first_bad_line(text: str) -> int:
    """The physical line icalendar cannot split into name, parameters and value (1 if none)."""
    start, logical = 1, ""
    for number, raw in enumerate([*text.splitlines(), ""], start=1):
        if raw[:1] in (" ", "\t") and number > 1:
            logical += raw[1:]
            continue
        if logical.strip():
            try:
                Contentline(logical).parts()
            except ValueError:
                return start
        start, logical = number, raw
    return 1


def _events_one_by_one(text: str, file: str, result: ParseResult) -> list[_Event]:
    zones = "".join(
        m.group(0) + "\r\n" for m in _BLOCK.finditer(text) if m.group(1).upper() != "VEVENT"
    )
    events: list[_Event] = []
    blocks = [m for m in _BLOCK.finditer(text) if m.group(1).upper() == "VEVENT"]
    for match, line in zip(blocks, _lines_of(text, [m.start() for m in blocks]), strict=True):
        wrapped = f"BEGIN:VCALENDAR\r\n{zones}{match.group(0)}\r\nEND:VCALENDAR\r\n"
        try:
            [calendar] = Calendar.from_ical(wrapped, multiple=True)
        except ValueError as exc:
            result.skipped.append(Skipped(file, line, reasons.EVENT_UNREADABLE.format(detail=exc)))
            continue
        events.extend(_Event(e, line) for e in calendar.walk("VEVENT"))
    return events


def _by_uid(events: list[_Event]) -> Iterable[list[_Event]]:
    """A recurring event and the occurrences other VEVENTs (same UID, RECURRENCE-ID) moved."""
    groups: dict[str, list[_Event]] = {}
    alone: list[list[_Event]] = []
    for event in events:
        uid = _text(event.component, "UID")
        if uid:
            groups.setdefault(uid, []).append(event)
        else:
            alone.append([event])
    return [*groups.values(), *alone]


def _read_group(group: list[_Event], file: str, result: ParseResult) -> None:
    overrides = [e for e in group if "RECURRENCE-ID" in e.component]
    for event in group:
        component = event.component
        label = _label(component, event.line)
        _report_broken(component, label, event.line, file, result)
        start = _utc_start(component, label, event.line, file, result)
        if start is None:
            continue
        people = _problem_free_people(component, label, event.line, file, result)
        if people is None:
            continue
        moved = "RECURRENCE-ID" in component
        starts = [start]
        if not moved and ("RRULE" in component or "RDATE" in component):
            try:
                starts = recurrence.occurrences(component, [o.component for o in overrides]) or [
                    start
                ]
            except recurrence.NotUnderstood as exc:
                reason = reasons.EVENT_RECURRENCE.format(event=label, detail=exc)
                result.skipped.append(Skipped(file, event.line, reason, kept=True))
        uid = _text(component, "UID")
        summary = _text(component, "SUMMARY")
        rid = _raw(component, "RECURRENCE-ID") if moved else ""
        zone = _zone_the_old_reader_missed(component)
        for moment in starts:
            legacy = None
            if zone is not None:
                wall_time_as_utc = moment.astimezone(zone).replace(tzinfo=UTC)
                legacy = "|".join((uid or summary, rid, wall_time_as_utc.isoformat()))
            result.interactions.append(
                InteractionRecord(
                    line=event.line,
                    kind=InteractionKind.MEETING,
                    occurred_at=moment,
                    participants=people,
                    direction=Direction.MUTUAL,
                    summary=summary or None,
                    # The key the hand-written reader gave (UID, RECURRENCE-ID as written, UTC
                    # start): re-importing a calendar it imported stores nothing twice.
                    dedup_material="|".join((uid or summary, rid, moment.isoformat())),
                    legacy_dedup_material=legacy,
                )
            )


def _utc_start(
    component: Component, label: str, line: int, file: str, result: ParseResult
) -> datetime | None:
    prop = component.get("DTSTART")
    if isinstance(prop, list):
        prop = prop[0]
    if prop is None:
        result.skipped.append(Skipped(file, line, reasons.EVENT_NO_START.format(event=label)))
        return None
    try:
        value = prop.dt
    except (AttributeError, ValueError, BrokenCalendarProperty):
        value = None  # icalendar kept the text as a broken property
    if not isinstance(value, date):
        raw = prop.to_ical().decode(errors="replace") if hasattr(prop, "to_ical") else str(prop)
        result.skipped.append(
            Skipped(file, line, reasons.EVENT_BAD_START.format(event=label, value=repr(raw)))
        )
        return None
    return to_utc(value)


def _zone_the_old_reader_missed(component: Component) -> tzinfo | None:
    """The start's zone when the hand-written reader (before icalendar) did not know it and read
    the wall time as UTC: a TZID only the file's VTIMEZONE defines, or a vendor-prefixed one
    (`/mozilla.org/…/Europe/Berlin`). Its key for such an event used that wrong time."""
    prop = component.get("DTSTART")
    if isinstance(prop, list):
        prop = prop[0]
    try:
        value = prop.dt if prop is not None else None
    except (AttributeError, ValueError, BrokenCalendarProperty):
        return None
    tzid = str(prop.params.get("TZID") or "").strip() if prop is not None else ""
    if not (tzid and isinstance(value, datetime) and value.tzinfo is not None):
        return None
    if tzid in _OLD_READER_WINDOWS_NAMES:
        return None
    try:
        ZoneInfo(tzid.lstrip("/"))
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return value.tzinfo
    return None


def _problem_free_people(
    component: Component, label: str, line: int, file: str, result: ParseResult
) -> list[Participant] | None:
    """The event's participants, or None (reported) when nobody can have been met."""
    if _text(component, "STATUS").upper() == "CANCELLED":
        reason = reasons.EVENT_CANCELLED.format(event=label)
        result.skipped.append(Skipped(file, line, reason))
        return None
    people = _participants(component)
    if not people:
        reason = reasons.EVENT_NO_ATTENDEES.format(event=label)
        result.skipped.append(Skipped(file, line, reason))
        return None
    if all(p.declined for p in people):
        reason = reasons.EVENT_ALL_DECLINED.format(event=label)
        result.skipped.append(Skipped(file, line, reason))
        return None
    return people


def _participants(component: Component) -> list[Participant]:
    """Attendees first (they carry PARTSTAT), then the organizer, each address once."""
    people: list[Participant] = []
    seen: set[str] = set()
    for name in ("ATTENDEE", "ORGANIZER"):
        found = component.get(name)
        for address in found if isinstance(found, list) else [found] if found else []:
            email = normalize_email(str(address))
            if not email or email in seen:
                continue
            seen.add(email)
            params = getattr(address, "params", {})
            people.append(
                Participant(
                    name=str(params.get("CN") or "").strip(),
                    email=email,
                    declined=_not_attending(params),
                )
            )
    return people


def _not_attending(params: dict[str, str]) -> bool:
    """Declined (§3.2.12) or only informed (§3.2.16): this attendee was not in the meeting."""
    status = str(params.get("PARTSTAT") or "").strip().upper()
    role = str(params.get("ROLE") or "").strip().upper()
    return status == "DECLINED" or role == "NON-PARTICIPANT"


def _report_broken(
    component: Component, label: str, line: int, file: str, result: ParseResult
) -> None:
    """Properties icalendar could not read: the event is read without them, and the user told
    (a broken DTSTART is reported once, by `_utc_start`)."""
    for name, message in getattr(component, "errors", []):
        if name == "DTSTART":
            continue
        what = name or "?"
        reason = reasons.EVENT_PART.format(event=label, what=what, detail=message)
        result.skipped.append(Skipped(file, line, reason, kept=True))


def _label(component: Component, line: int) -> str:
    """How the user finds the event in their calendar: its title, else its UID, else the line
    it begins on (a number reads the same in every language, where a phrase would not)."""
    summary = _text(component, "SUMMARY")
    uid = _text(component, "UID")
    if summary:
        return f"“{summary}”"
    return f"UID {uid}" if uid else f"#{line}"


def _text(component: Component, name: str) -> str:
    value = component.get(name)
    if isinstance(value, list):
        value = value[0] if value else None
    return str(value).strip() if value is not None else ""


def _raw(component: Component, name: str) -> str:
    """A property's value as the file wrote it (its `to_ical`)."""
    value = component.get(name)
    if isinstance(value, list):
        value = value[0]
    if value is None:
        return ""
    try:
        return bytes(value.to_ical()).decode(errors="replace").strip()
    except (AttributeError, ValueError, TypeError):
        return str(value).strip()
