"""Any byte sequence ends in a parse result or the project's ImportError_, never another
exception (issue 3). Seeds from real headers make hypothesis reach the deep code paths."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from altruist.errors import ImportError_
from altruist.ingest.detect import PARSERS
from altruist.ingest.importer import parse_bytes

SEEDS = {
    "linkedin-connections": b'Notes:\n"x"\n\nFirst Name,Last Name,URL,Email Address,Company,'
    b"Position,Connected On\n",
    "linkedin-messages": b"CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,"
    b"RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER,IS MESSAGE DRAFT\n",
    "linkedin-invitations": b"From,To,Sent At,Message,Direction,inviterProfileUrl,"
    b"inviteeProfileUrl\n",
    "vcard": b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=",
    "ics": b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;TZID=W. Europe Standard Time:2024",
    "contacts-csv": b"First Name;Last Name;E-mail Address;Birthday;Company\n",
}
ALPHABET = st.sampled_from(
    [
        b",",
        b";",
        b'"',
        b"\n",
        b"\r\n",
        b":",
        b"=",
        b"\\",
        b" ",
        b"\x00",
        b"\xff",
        b"\xc3\xbc",
        b"BEGIN:VCARD\n",
        b"END:VCARD\n",
        b"BEGIN:VEVENT\n",
        b"END:VEVENT\n",
        b"TEL:",
        b"EMAIL:",
        b"BDAY:--0229",
        b'ATTENDEE;CN="a:b":mailto:x@y.z\n',
        b"DTSTART:20240230T250000Z\n",
        b"1/8/18, 6:14 PM",
        b"16 Dec 2024",
        b"a@b.c",
        b"https://linkedin.com/in/x",
        b"+49 30 1",
    ]
)
chunks = st.lists(st.one_of(ALPHABET, st.binary(max_size=8)), max_size=40).map(b"".join)


@pytest.mark.parametrize("fmt", sorted(PARSERS))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=chunks)
def test_parser_never_raises_anything_but_import_error(fmt: str, body: bytes) -> None:
    for data in (SEEDS[fmt] + body, body):
        try:
            result = parse_bytes(data, "fuzz.bin", fmt)
        except ImportError_:
            continue
        for skipped in result.skipped:
            assert skipped.line >= 1 and skipped.reason


@settings(max_examples=150, deadline=None)
@given(body=chunks)
def test_detection_never_raises_anything_but_import_error(body: bytes) -> None:
    with contextlib.suppress(ImportError_):
        parse_bytes(body, "fuzz.bin")
