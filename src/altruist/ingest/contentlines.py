"""The content-line syntax vCard (RFC 6350 §3.3, vCard 2.1) and iCalendar (RFC 5545 §3.1) share:
`group.NAME;PARAM=value;PARAM="quoted":value`, folded lines, escapes, quoted-printable."""

from __future__ import annotations

import quopri
import re
from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass
class ContentLine:
    name: str  # upper-case, without group
    value: str  # raw value: still escaped, already quoted-printable decoded
    line: int  # 1-based physical line where the property starts
    params: dict[str, list[str]] = field(default_factory=dict)
    group: str | None = None

    def param(self, key: str) -> str | None:
        values = self.params.get(key)
        return values[0] if values else None

    def types(self) -> list[str]:
        """TYPE values, lower-cased. vCard 2.1 writes bare parameters (`TEL;CELL;PREF:`), which
        are TYPE values by the 2.1 spec §2.1.2; 3.0/4.0 may comma-join them (RFC 6350 §5.6)."""
        out: list[str] = []
        for value in self.params.get("TYPE", []):
            out.extend(v.strip().lower() for v in value.split(",") if v.strip())
        return out


def logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """Unfold: a line break followed by one space or tab continues the line (RFC 6350 §3.2,
    RFC 5545 §3.1). vCard 2.1 quoted-printable values instead continue after a trailing `=`
    (a soft line break, RFC 2045 §6.7), and the next line does not start with white space.

    Linear in the text: a logical line is collected as a list of pieces and joined once, and
    whether it is quoted-printable is decided from its parameters once, not re-read per piece
    (16,000 soft line breaks took 21 s when the growing line was copied for every piece)."""
    line: _Unfolding | None = None
    for number, raw in enumerate(
        text.replace("\r\r\n", "\n").replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1
    ):
        if not raw.strip() and raw[:1] not in (" ", "\t"):
            # Blank lines mean nothing in either format; some writers emit CR CR LF, which reads
            # as an empty line between a property and its folded continuation.
            continue
        if line is not None and raw[:1] in (" ", "\t"):
            line.add(raw[1:])
            continue
        if line is not None and line.continues_quoted_printable():
            line.add("\n")  # the soft break stays visible ("=\n") for the decoder to drop
            line.add(raw)
            continue
        if line is not None:
            joined = line.text()
            if joined.strip():
                yield line.start, joined
        line = _Unfolding(number, raw)
    if line is not None:
        joined = line.text()
        if joined.strip():
            yield line.start, joined


# A property's name and parameters are short; text without a colon this far in is no property.
_MAX_HEAD = 4096


class _Unfolding:
    """One logical line being unfolded: its pieces, and its head (name and parameters, up to
    the first colon) read only until the colon is seen."""

    def __init__(self, start: int, first: str) -> None:
        self.start = start
        self._pieces: list[str] = []
        self._head = ""
        self._head_done = False
        self._quoted_printable = False
        self.add(first)

    def add(self, piece: str) -> None:
        if not piece:
            return
        self._pieces.append(piece)
        if self._head_done:
            return
        before, colon, _ = piece.partition(":")
        self._head += before.upper()
        self._quoted_printable = "QUOTED-PRINTABLE" in self._head
        if colon or len(self._head) > _MAX_HEAD:
            self._head_done = True

    def continues_quoted_printable(self) -> bool:
        return self._quoted_printable and self._pieces[-1].endswith("=")

    def text(self) -> str:
        return "".join(self._pieces)


def parse_line(number: int, text: str) -> ContentLine | None:
    """One unfolded line, or None when it is not a property line at all."""
    colon = _value_colon(text)
    if colon < 0:
        return None
    head, value = text[:colon], text[colon + 1 :]
    parts = _split_params(head)
    name = parts[0].strip()
    group = None
    if "." in name:
        group, name = name.rsplit(".", 1)
    if not (_PLAIN_NAME.fullmatch(name) or _is_name(name)):
        return None
    params: dict[str, list[str]] = {}
    if len(parts) == 1:  # no parameters, so no ENCODING either (most lines)
        return ContentLine(name=name.upper(), value=value, line=number, params=params, group=group)
    for part in parts[1:]:
        if not part:
            continue
        if "=" in part:
            key, raw = part.split("=", 1)
            params.setdefault(key.strip().upper(), []).append(raw.strip().strip('"'))
        else:
            params.setdefault("TYPE", []).append(part.strip())
    line = ContentLine(name=name.upper(), value=value, line=number, params=params, group=group)
    encoding = (line.param("ENCODING") or "").upper()
    if encoding == "QUOTED-PRINTABLE":
        line.value = _decode_quoted_printable(value, line.param("CHARSET"))
    return line


# What `_is_name` accepts, spelled for ASCII (isalnum on ASCII is exactly [A-Za-z0-9]).
_PLAIN_NAME = re.compile(r"[A-Za-z0-9-]+", re.ASCII)


def _is_name(name: str) -> bool:
    return bool(name) and all(ch.isalnum() or ch == "-" for ch in name)


def _value_colon(text: str) -> int:
    """The colon that ends the parameters; colons inside quoted parameter values do not count."""
    colon = text.find(":")
    if colon < 0 or '"' not in text[:colon]:
        return colon  # no quote before the first colon: it is the one (the common case)
    quoted = False
    for index, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif ch == ":" and not quoted:
            return index
    return -1


def _split_params(head: str) -> list[str]:
    if '"' not in head:
        return head.split(";")
    parts: list[str] = []
    quoted = False
    current: list[str] = []
    for ch in head:
        if ch == '"':
            quoted = not quoted
            current.append(ch)
        elif ch == ";" and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _decode_quoted_printable(value: str, charset: str | None) -> str:
    raw = quopri.decodestring(value.replace("=\n", "").encode("utf-8"))
    try:
        return raw.decode(charset or "utf-8")
    except (LookupError, UnicodeDecodeError):
        # A wrong or unknown CHARSET: latin-1 keeps every byte readable rather than losing it.
        return raw.decode("latin-1")


def unescape(value: str) -> str:
    """RFC 6350 §3.4 / RFC 5545 §3.3.11: `\\n`, `\\,`, `\\;`, `\\\\`."""
    if "\\" not in value:
        return value
    out: list[str] = []
    it = iter(value)
    for ch in it:
        if ch == "\\":
            nxt = next(it, "")
            out.append("\n" if nxt in ("n", "N") else nxt)
        else:
            out.append(ch)
    return "".join(out)


def split_structured(value: str, separator: str = ";") -> list[str]:
    """Split a structured value (N, ADR, ORG) at unescaped separators, then unescape each part."""
    if "\\" not in value:
        return value.split(separator)  # nothing escaped: nothing to unescape either
    parts: list[str] = []
    current: list[str] = []
    escaped = False
    for ch in value:
        if escaped:
            current.append("\\" + ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == separator:
            parts.append(unescape("".join(current)))
            current = []
        else:
            current.append(ch)
    parts.append(unescape("".join(current)))
    return parts
