"""Quoted-printable unfolding is linear and reads exactly as before (issue 19): the rewritten
`logical_lines` is checked against the former (quadratic) one on generated vCards."""

from __future__ import annotations

from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from altruist.ingest.contentlines import logical_lines, parse_line


def _reference(text: str) -> Iterator[tuple[int, str]]:
    """The former implementation, kept here as the oracle (it copied the growing line)."""

    def continues(line: str) -> bool:
        return line.endswith("=") and "QUOTED-PRINTABLE" in line.split(":", 1)[0].upper()

    current: str | None = None
    start = 0
    for number, raw in enumerate(
        text.replace("\r\r\n", "\n").replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1
    ):
        if not raw.strip() and raw[:1] not in (" ", "\t"):
            continue
        if current is not None and raw[:1] in (" ", "\t"):
            current += raw[1:]
            continue
        if current is not None and continues(current):
            current = current[:-1] + "=\n" + raw
            continue
        if current is not None and current.strip():
            yield start, current
        current, start = raw, number
    if current is not None and current.strip():
        yield start, current


PIECES = st.sampled_from(
    [
        "BEGIN:VCARD",
        "END:VCARD",
        "NOTE;ENCODING=QUOTED-PRINTABLE:",
        "NOTE;ENCODING=QUOTED-",
        " PRINTABLE:",
        "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=B6rg",
        "=",
        "=3D",
        "abc=",
        "text",
        " folded",
        "\tfolded",
        ":",
        "",
        " ",
        "\r",
        "=C3=BC=",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=30), st.sampled_from(["\n", "\r\n", "\r\r\n"]))
def test_same_lines_as_the_former_unfolding(pieces: list[str], newline: str) -> None:
    text = newline.join(pieces)
    assert list(logical_lines(text)) == list(_reference(text))


def test_many_soft_line_breaks_decode_to_the_whole_note() -> None:
    """16,000 soft breaks (the issue's case; quadratic before) read as one decoded value."""
    chunks = 16_000
    text = "NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:" + "=\n".join(["J=C3=B6rg"] * chunks)
    [(number, line)] = list(logical_lines(text))
    parsed = parse_line(number, line)
    assert parsed is not None and parsed.value == "Jörg" * chunks
