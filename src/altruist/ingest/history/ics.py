"""iCalendar (RFC 5545): each VEVENT with attendees becomes a meeting with each of them.

Attendees are matched by e-mail (`ATTENDEE;CN=Anna:mailto:anna@example.org`, §3.8.4.1); the
organizer counts as a participant too, because the user is usually one of the two. A recurring
event is a meeting at each occurrence (recurrence.py: expanded up to a year ahead, capped),
without the occurrences an EXDATE cancelled or another VEVENT (RECURRENCE-ID) moved.

Who was *not* met (issue 17): an attendee with `PARTSTAT=DECLINED` (§3.2.12) or
`ROLE=NON-PARTICIPANT` (§3.2.16, "for information purposes only") stays off the meeting. The
user's own addresses are never a contact; the parser reports the ones the file itself names
(`X-WR-CALNAME` of a primary Google calendar is its owner's address) and marks each participant
as declined or not, so the planner can drop an event the *user* declined. An event in the
future is kept as it is: keep-in-touch counts only interactions that have happened.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from altruist.domain import Direction, InteractionKind
from altruist.errors import ImportError_
from altruist.ingest.contentlines import ContentLine, logical_lines, parse_line, unescape
from altruist.ingest.history.recurrence import occurrences
from altruist.ingest.identity import normalize_email
from altruist.ingest.records import InteractionRecord, ParseResult, Participant, Skipped

FORMAT = "ics"

# Outlook writes Windows zone names as TZID (RFC 5545 allows any TZID text); the common ones.
WINDOWS_ZONES = {
    "W. Europe Standard Time": "Europe/Berlin",
    "Central Europe Standard Time": "Europe/Budapest",
    "Romance Standard Time": "Europe/Paris",
    "GMT Standard Time": "Europe/London",
    "Eastern Standard Time": "America/New_York",
    "Central Standard Time": "America/Chicago",
    "Mountain Standard Time": "America/Denver",
    "Pacific Standard Time": "America/Los_Angeles",
    "India Standard Time": "Asia/Kolkata",
    "Tokyo Standard Time": "Asia/Tokyo",
    "AUS Eastern Standard Time": "Australia/Sydney",
}


def parse(text: str, file: str) -> ParseResult:
    result = ParseResult(FORMAT)
    events: list[tuple[list[ContentLine], int]] = []
    stack: list[str] = []
    event: list[ContentLine] | None = None
    event_line = 0
    seen_calendar = False
    for number, raw in logical_lines(text):
        line = parse_line(number, raw)
        if line is None:
            continue
        if line.name == "X-WR-CALNAME" and stack == ["VCALENDAR"]:
            owner = normalize_email(unescape(line.value))
            if owner:
                result.own_emails.add(owner)
        if line.name == "BEGIN":
            component = line.value.strip().upper()
            stack.append(component)
            # A bare VEVENT (pasted from a mail client, or a calendar's single entry) counts too.
            seen_calendar = seen_calendar or component.startswith("V")
            if component == "VEVENT":
                event, event_line = [], number
            continue
        if line.name == "END":
            component = line.value.strip().upper()
            if stack and stack[-1] == component:
                stack.pop()
            if component == "VEVENT" and event is not None:
                events.append((event, event_line))
                event = None
            continue
        if event is not None and stack and stack[-1] == "VEVENT":
            event.append(line)
    if not seen_calendar:
        raise ImportError_(
            "no BEGIN:VCALENDAR or BEGIN:VEVENT found: not an iCalendar file", file=file
        )
    # Finished after reading everything: a recurring event must know which of its occurrences
    # other VEVENTs (same UID, RECURRENCE-ID) moved or changed.
    moved = _moved_occurrences(events)
    for lines, start in events:
        _finish(lines, start, file, result, moved)
    if event is not None:
        result.skipped.append(Skipped(file, event_line, "event not closed (no END:VEVENT)"))
    return result


def _moved_occurrences(events: list[tuple[list[ContentLine], int]]) -> dict[str, set[datetime]]:
    """UID -> the original starts (UTC) of occurrences overridden by their own VEVENT."""
    moved: dict[str, set[datetime]] = {}
    for lines, _ in events:
        uid = next((line.value.strip() for line in lines if line.name == "UID"), "")
        for line in lines:
            if line.name == "RECURRENCE-ID" and uid:
                when = parse_ics_datetime(line)
                if when is not None:
                    moved.setdefault(uid, set()).add(when)
    return moved


def _finish(
    lines: list[ContentLine],
    start: int,
    file: str,
    result: ParseResult,
    moved: dict[str, set[datetime]] | None = None,
) -> None:
    props: dict[str, ContentLine] = {}
    excluded: set[datetime] = set()
    people: list[Participant] = []
    seen: set[str] = set()
    for line in lines:
        if line.name in ("ATTENDEE", "ORGANIZER"):
            email = normalize_email(unescape(line.value))
            if email and email not in seen:
                seen.add(email)
                people.append(
                    Participant(
                        name=(line.param("CN") or "").strip(),
                        email=email,
                        declined=_not_attending(line),
                    )
                )
        elif line.name == "EXDATE":
            for value in line.value.split(","):
                when = parse_ics_datetime(ContentLine("EXDATE", value, line.line, line.params))
                if when is not None:
                    excluded.add(when)
        else:
            props.setdefault(line.name, line)
    if "DTSTART" not in props:
        result.skipped.append(Skipped(file, start, "event without DTSTART"))
        return
    when = parse_ics_datetime(props["DTSTART"])
    if when is None:
        value = props["DTSTART"].value
        result.skipped.append(Skipped(file, start, f"DTSTART {value!r} not understood"))
        return
    if props.get("STATUS") and props["STATUS"].value.strip().upper() == "CANCELLED":
        result.skipped.append(Skipped(file, start, "cancelled event: no meeting took place"))
        return
    if not people:
        result.skipped.append(Skipped(file, start, "event without attendees: no one to meet"))
        return
    if all(p.declined for p in people):
        result.skipped.append(Skipped(file, start, "every attendee declined: no one to meet"))
        return
    summary = unescape(props["SUMMARY"].value).strip() if "SUMMARY" in props else ""
    uid = props["UID"].value.strip() if "UID" in props else ""
    recurrence = props["RECURRENCE-ID"].value.strip() if "RECURRENCE-ID" in props else ""
    starts = [when]
    if "RRULE" in props and not recurrence:
        skip = excluded | (moved or {}).get(uid, set())
        local = _local_start(props["DTSTART"]) or when
        starts = occurrences(local, props["RRULE"].value.strip(), skip) or [when]
    for moment in starts:
        result.interactions.append(
            InteractionRecord(
                line=start,
                kind=InteractionKind.MEETING,
                occurred_at=moment,
                participants=people,
                direction=Direction.MUTUAL,
                summary=summary or None,
                # The first occurrence keeps the key it always had: re-importing a calendar
                # imported before recurrences were expanded stores it once.
                dedup_material="|".join((uid or summary, recurrence, moment.isoformat())),
            )
        )


def _not_attending(line: ContentLine) -> bool:
    """Declined (§3.2.12) or only informed (§3.2.16): this attendee was not in the meeting."""
    status = (line.param("PARTSTAT") or "").strip().upper()
    role = (line.param("ROLE") or "").strip().upper()
    return status == "DECLINED" or role == "NON-PARTICIPANT"


def parse_ics_datetime(line: ContentLine) -> datetime | None:
    """DATE (`20240115`), UTC DATE-TIME (`…T100000Z`), local time with TZID, or floating time
    (RFC 5545 §3.3.5); floating and unknown zones are read as UTC."""
    value = line.value.strip()
    try:
        if len(value) == 8 and value.isdigit():
            day = date(int(value[:4]), int(value[4:6]), int(value[6:8]))
            return datetime(day.year, day.month, day.day, tzinfo=UTC)
        if len(value) >= 15 and value[8] == "T":
            naive = datetime.strptime(value[:15], "%Y%m%dT%H%M%S")
        else:
            return None
    except ValueError:
        return None
    if value.endswith("Z"):
        return naive.replace(tzinfo=UTC)
    zone = _zone(line.param("TZID"))
    local = naive.replace(tzinfo=zone or UTC)
    try:
        return local.astimezone(UTC)
    except (OverflowError, ValueError):
        return naive.replace(tzinfo=UTC) - timedelta(0)


def _local_start(line: ContentLine) -> datetime | None:
    """DTSTART in the event's own zone (aware), so recurrences keep their local hour."""
    value = line.value.strip()
    if value.endswith("Z") or len(value) < 15 or value[8] != "T":
        return parse_ics_datetime(line)
    try:
        naive = datetime.strptime(value[:15], "%Y%m%dT%H%M%S")
    except ValueError:
        return None
    return naive.replace(tzinfo=_zone(line.param("TZID")) or UTC)


def _zone(tzid: str | None) -> ZoneInfo | None:
    if not tzid:
        return None
    name = WINDOWS_ZONES.get(tzid.strip(), tzid.strip().lstrip("/"))
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None
