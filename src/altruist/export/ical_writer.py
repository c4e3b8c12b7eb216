"""A small, fast RFC 5545 writer for the few property types the care calendar uses.

Why not build icalendar objects: serialising 30,000 contacts' birthdays through the icalendar
library's object model took 90 s here; these few string rules take well under a second. The
tests parse every document back with the icalendar library, so the two stay in agreement.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

MAX_OCTETS = 75  # §3.1: lines SHOULD NOT be longer than 75 octets, excluding the line break


def escape_text(value: str) -> str:
    """§3.3.11 TEXT: backslash, semicolon and comma are escaped, line breaks become `\\n`."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> bytes:
    """§3.1 folding: split after at most 75 octets, continue with CRLF + one space. Splits only
    between characters, never inside a UTF-8 sequence (an umlaut is two octets)."""
    raw = line.encode("utf-8")
    if len(raw) <= MAX_OCTETS:
        return raw + b"\r\n"
    parts: list[bytes] = []
    chunk = bytearray()
    limit = MAX_OCTETS
    for char in line:
        encoded = char.encode("utf-8")
        if len(chunk) + len(encoded) > limit:
            parts.append(bytes(chunk))
            chunk = bytearray()
            limit = MAX_OCTETS - 1  # the leading space of a continuation line counts
        chunk += encoded
    parts.append(bytes(chunk))
    return b"\r\n ".join(parts) + b"\r\n"


def date_value(day: date) -> str:
    """§3.3.4 DATE: YYYYMMDD."""
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def utc_value(moment: datetime) -> str:
    """§3.3.5 DATE-TIME, form 2 (UTC): YYYYMMDDTHHMMSSZ."""
    m = moment.astimezone(UTC)
    return f"{m.year:04d}{m.month:02d}{m.day:02d}T{m.hour:02d}{m.minute:02d}{m.second:02d}Z"


def duration_value(delta: timedelta) -> str:
    """§3.3.6 DURATION in whole days or seconds, e.g. `-P3D`."""
    sign = "-" if delta < timedelta(0) else ""
    delta = abs(delta)
    if delta.seconds == 0 and delta.microseconds == 0:
        return f"{sign}P{delta.days}D"
    return f"{sign}P{delta.days}DT{delta.seconds}S"


class Writer:
    """Collects content lines; `bytes()` gives the folded, CRLF-terminated document."""

    def __init__(self) -> None:
        self._lines: list[bytes] = []

    def begin(self, component: str) -> None:
        self._lines.append(f"BEGIN:{component}\r\n".encode())

    def end(self, component: str) -> None:
        self._lines.append(f"END:{component}\r\n".encode())

    def raw(self, name: str, value: str, params: str = "") -> None:
        """A property whose value is already in its RFC 5545 form (dates, RRULE, integers)."""
        self._lines.append(fold(f"{name}{params}:{value}"))

    def text(self, name: str, value: str) -> None:
        self.raw(name, escape_text(value))

    def date(self, name: str, day: date) -> None:
        self.raw(name, date_value(day), ";VALUE=DATE")

    def utc(self, name: str, moment: datetime) -> None:
        self.raw(name, utc_value(moment))

    def __bytes__(self) -> bytes:
        return b"".join(self._lines)
