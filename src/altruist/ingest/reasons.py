"""Why a row was skipped or partly read, as English templates (the msgids of the catalogues).

Reports store and print the English text (the JSON report is stable); a surface shows it in the
user's language by matching it back to its template with `parts` and translating that.
"""

from __future__ import annotations

import re
from functools import cache

INVALID_EMAIL = "invalid e-mail address {value} (kept as text)"
IMPOSSIBLE_DATE = "impossible date {value} in {field} (kept as text)"
UNREADABLE_ROW = "unreadable CSV row: {error}"
WIDTH = "row has {cells} fields but the header has {columns} (unquoted delimiter?)"
NOT_READ = "not read (no contacts or history): {names}"
# A calendar's events (ingest/history/ics.py), named as the user finds them: {event} is the
# title in quotes, else the UID.
EVENT_NO_START = "event {event} without DTSTART"
EVENT_BAD_START = "event {event}: DTSTART {value} not understood"
EVENT_CANCELLED = "event {event} cancelled: no meeting took place"
EVENT_NO_ATTENDEES = "event {event} without attendees: no one to meet"
EVENT_ALL_DECLINED = "event {event}: every attendee declined: no one to meet"
EVENT_RECURRENCE = "event {event}: recurrence not understood ({detail}): counted once"
EVENT_PART = "event {event}: {what} not understood ({detail}): read without it"
CALENDAR_WHOLE = "calendar not readable as a whole ({detail}): read event by event"
EVENT_UNREADABLE = "event not readable: {detail}"
TEMPLATES = (
    INVALID_EMAIL, IMPOSSIBLE_DATE, UNREADABLE_ROW, WIDTH, NOT_READ,
    EVENT_BAD_START, EVENT_ALL_DECLINED, EVENT_RECURRENCE, EVENT_PART, EVENT_NO_START,
    EVENT_CANCELLED, EVENT_NO_ATTENDEES, CALENDAR_WHOLE, EVENT_UNREADABLE,
)  # fmt: skip


def parts(reason: str) -> tuple[str, dict[str, str]]:
    """(template, values) of a reason, or (reason, {}) for a fixed text."""
    for template in TEMPLATES:
        if (match := _pattern(template).fullmatch(reason)) is not None:
            return template, match.groupdict()
    return reason, {}


@cache
def _pattern(template: str) -> re.Pattern[str]:
    pieces = re.split(r"\{(\w+)\}", template)
    return re.compile(
        "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(pieces)),
        re.S,
    )
