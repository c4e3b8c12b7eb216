"""The cheap header reader of the IMAP sync gives what the standard library's parser gives:
the fast path for plain addresses and the fallback for quotes, comments, groups and escapes."""

from __future__ import annotations

from email.parser import BytesHeaderParser
from email.utils import getaddresses

import pytest

from altruist.ingest.identity import normalize_email
from altruist.ingest.sync import imap_headers

ADDRESS_HEADERS = [
    "cora@example.org",
    "Cora Cramer <cora@example.org>",
    "Cora Cramer <Cora@Example.org>, dan@example.org,  Eva <eva@example.org> ",
    '"Cramer, Cora" <cora@example.org>, "Dan (work)" <dan@example.org>',
    "cora@example.org (Cora Cramer)",
    "undisclosed-recipients:;",
    "Team: cora@example.org, dan@example.org;",
    "=?utf-8?q?J=C3=B6rg_Sch=C3=A4fer?= <joerg@example.org>",
    "kaputt <>, <nobody>, , dan@example.org",
    '"Odd \\"quoted\\"" <odd@example.org>',
]


def _reference(value: str) -> list[tuple[str, str]]:
    out = []
    for name, raw in getaddresses([value]):
        email = normalize_email(raw)
        if email:
            out.append((imap_headers.decoded(name), email))
    return out


@pytest.mark.parametrize("value", ADDRESS_HEADERS)
def test_addresses_match_the_standard_parser(value: str) -> None:
    assert imap_headers.addresses(value) == _reference(value)


def test_fields_unfold_and_keep_the_first_of_repeated_fields() -> None:
    raw = (
        b"From: Cora <cora@example.org>\r\n"
        b"To: dan@example.org,\r\n eva@example.org\r\n"
        b"List-Id: Python DE\r\n\t<python-de.example.org>\r\n"
        b"Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=\r\n"
        b"To: second@example.org\r\n\r\n"
    )
    found = imap_headers.fields(raw)
    parsed = BytesHeaderParser().parsebytes(raw)
    for name in ("from", "to", "list-id", "subject"):
        assert " ".join(found[name].split()) == " ".join(str(parsed[name]).split())
    assert imap_headers.addresses(found["to"]) == [("", "dan@example.org"), ("", "eva@example.org")]
    assert imap_headers.decoded(found["subject"]) == "Grüße"


def test_bytes_that_are_not_utf8_do_not_stop_the_sync() -> None:
    found = imap_headers.fields(b"From: J\xf6rg <joerg@example.org>\r\n")
    assert imap_headers.addresses(found["from"])[0][1] == "joerg@example.org"
