"""Bytes to text, and CSV text to rows with their line numbers.

Exports arrive as UTF-8 with or without BOM, UTF-16 (Outlook on Windows), or cp1252 (German Excel),
and German Excel writes `;` as the delimiter. We decide from the bytes, never from the extension.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from altruist.errors import ImportError_
from altruist.ingest.reasons import UNREADABLE_ROW

# csv refuses fields longer than 128 KiB by default; a LinkedIn message or an inline photo can be
# longer, so allow large fields but keep a ceiling against runaway quoting in broken files.
csv.field_size_limit(16 * 1024 * 1024)


@dataclass
class Decoded:
    """A file's text and how it was read: the encoding with the evidence for it, and the lines
    whose reading is doubtful (a report shows them, so a user can check the names there)."""

    text: str
    encoding: str
    evidence: str
    doubtful: list[tuple[int, str]] = field(default_factory=list)


def decode_bytes(data: bytes, file: str) -> str:
    return decode(data, file).text


def decode(data: bytes, file: str) -> Decoded:
    """Decode a whole file. UTF-8 is tried before cp1252 because valid UTF-8 of non-ASCII text is
    practically never meaningful cp1252, while the reverse fails fast. A file whose lines are
    partly UTF-8 and partly not (two exports pasted together) is read line by line."""
    if data.startswith(codecs.BOM_UTF8):
        text = _strict(data[3:], "utf-8", file)
        return Decoded(text, "utf-8-sig", "UTF-8 byte order mark", _double_encoded(text))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Decoded(_strict(data, "utf-16", file), "utf-16", "UTF-16 byte order mark")
    head = data[:4096]
    if len(head) >= 4 and head.count(0) >= len(head) // 4:
        # UTF-16 without BOM: every ASCII character carries a zero byte on one side.
        even_zeros = head[0::2].count(0)
        odd_zeros = head[1::2].count(0)
        encoding = "utf-16-be" if even_zeros > odd_zeros else "utf-16-le"
        try:
            text = _check_text(data.decode(encoding), file)
        except UnicodeDecodeError as exc:
            # Zero bytes that are not UTF-16 text: an image, archive or database file.
            raise ImportError_("binary data, not a text export", file=file) from exc
        return Decoded(text, encoding, "zero bytes beside ASCII characters")
    try:
        text = _check_text(data.decode("utf-8"), file)
    except UnicodeDecodeError as exc:
        return _not_utf8(data, file, exc)
    evidence = "valid UTF-8" if not data.isascii() else "ASCII only"
    return Decoded(text, "utf-8", evidence, _double_encoded(text))


def _not_utf8(data: bytes, file: str, error: UnicodeDecodeError) -> Decoded:
    first_bad = data.count(b"\n", 0, error.start) + 1
    lines = data.splitlines(keepends=True)
    utf8_lines = 0
    decoded: list[str] = []
    doubtful: list[tuple[int, str]] = []
    for number, raw in enumerate(lines, 1):
        try:
            line = raw.decode("utf-8")
            utf8_lines += not raw.isascii()
        except UnicodeDecodeError:
            line = _windows_1252(raw)
            doubtful.append((number, "line is not valid UTF-8; read as Windows-1252"))
        decoded.append(line)
    text = _check_text("".join(decoded), file)
    if utf8_lines:
        # Both kinds of line: each line was read in its own encoding; say which were guessed.
        evidence = f"mixed: {utf8_lines} UTF-8 lines, {len(doubtful)} Windows-1252 lines"
        return Decoded(text, "utf-8+windows-1252", evidence, doubtful)
    evidence = f"not valid UTF-8 (line {first_bad}), no UTF-8 line"
    return Decoded(text, "windows-1252", evidence, _c1_controls(text))


def _windows_1252(raw: bytes) -> str:
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        # The five bytes cp1252 leaves undefined: latin-1 maps every byte, so nothing is lost.
        return raw.decode("latin-1")


# `Ã¤` for `ä`: UTF-8 that was read as Windows-1252 once and saved as UTF-8 again.
_MOJIBAKE = re.compile("[\u00c2\u00c3][\u0080-\u00bf\u2018-\u203a\u0152-\u0178]|\u00e2\u20ac")


def _double_encoded(text: str) -> list[tuple[int, str]]:
    if text.isascii():
        return []
    return [
        (number, "looks twice encoded (Ã¤ for ä); check the names on this line")
        for number, line in enumerate(physical_lines(text), 1)
        if _MOJIBAKE.search(line)
    ]


def _c1_controls(text: str) -> list[tuple[int, str]]:
    """Bytes cp1252 leaves undefined became C1 control characters: likely another encoding."""
    return [
        (number, "bytes undefined in Windows-1252 on this line; another encoding?")
        for number, line in enumerate(physical_lines(text), 1)
        if any("\x80" <= ch <= "\x9f" for ch in line)
    ]


def _strict(data: bytes, encoding: str, file: str) -> str:
    try:
        return _check_text(data.decode(encoding), file)
    except UnicodeDecodeError as exc:
        raise ImportError_(f"not valid {encoding} text: {exc.reason}", file=file) from exc


def _check_text(text: str, file: str) -> str:
    if "\x00" in text:
        raise ImportError_("binary data, not a text export", file=file)
    return text


def sniff_delimiter(header_line: str) -> str:
    """The delimiter that splits the header into the most fields (`;` from German Excel)."""
    counts = {d: _count_outside_quotes(header_line, d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _count_outside_quotes(line: str, delimiter: str) -> int:
    quoted = False
    count = 0
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            count += 1
    return count


@dataclass
class CsvTable:
    header: list[str]
    header_line: int
    rows: list[tuple[int, list[str]]]  # (1-based line number where the row starts, cells)
    errors: list[tuple[int, str]]
    delimiter: str = ","


def read_csv(text: str, file: str, *, header_line: int) -> CsvTable:
    """Parse the CSV whose header is on `header_line` (1-based). Rows keep their physical line
    number so a report can point the user at the exact line; quoted cells may span lines.

    An unclosed quote would otherwise swallow the following rows (or the rest of the file) into
    one cell. A row that spans lines is therefore checked: when its first line alone already held
    a whole row's delimiters, or its quote never closes, the quote was unclosed; that line is
    reported and skipped, and reading resumes on the next line, the next record boundary."""
    lines = physical_lines(text)
    if header_line > len(lines):
        raise ImportError_("no header line", file=file)
    delimiter = sniff_delimiter(lines[header_line - 1])
    reader = csv.reader(_lines_from(lines, header_line), delimiter=delimiter, strict=False)
    try:
        header = [cell.strip() for cell in next(reader)]
    except (StopIteration, csv.Error) as exc:
        raise ImportError_("unreadable CSV header", file=file, line=header_line) from exc
    table = CsvTable(header, header_line, [], [], delimiter)
    empty: list[int] = []
    start = header_line + reader.line_num  # 1-based line of the next row
    while start <= len(lines):
        base = start
        reader = csv.reader(_lines_from(lines, base), delimiter=delimiter, strict=False)
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                start = len(lines) + 1
                break
            except csv.Error as exc:
                table.errors.append((start, UNREADABLE_ROW.format(error=exc)))
                start = max(base + reader.line_num, start + 1)
                break  # a fresh reader after the broken row
            end = base + reader.line_num  # the line after this row
            if end - start > 1 and _unclosed_quote(lines, start, end, len(header), delimiter):
                table.errors.append((start, "unclosed quote: row ends at its line break"))
                start += 1
                break  # a fresh reader on the next line
            if any(cell.strip() for cell in cells):
                # Empty rows between rows are reported; trailing blank lines are not rows.
                table.errors.extend((line, "empty row") for line in empty)
                empty.clear()
                table.rows.append((start, cells))
            else:
                empty.append(start)
            start = end
    table.errors.sort()
    return table


def _unclosed_quote(lines: list[str], start: int, end: int, width: int, delimiter: str) -> bool:
    """Whether a row spanning lines start..end-1 (1-based) is an unclosed quote rather than a
    quoted cell with line breaks (a note, a message): its quotes never balance, or its first line
    alone holds a whole row's delimiters and so does the next line."""
    first, second = lines[start - 1], lines[start] if start < len(lines) else ""
    if sum(line.count('"') for line in lines[start - 1 : end - 1]) % 2:
        return True
    full = max(width - 1, 1)
    return first.count(delimiter) >= full and second.count(delimiter) >= full


def physical_lines(text: str) -> list[str]:
    """Lines split only at CR, LF and CRLF (not at the exotic separators `str.splitlines` knows),
    so line numbers match what an editor shows."""
    return io.StringIO(text, newline="").readlines()


def _lines_from(lines: list[str], first: int) -> Iterator[str]:
    yield from lines[first - 1 :]


def header_candidates(text: str, max_lines: int = 12) -> list[tuple[int, list[str]]]:
    """The first lines parsed as CSV headers (lower-cased, stripped), to find the real header
    behind a preamble such as LinkedIn's `Notes:` block."""
    out: list[tuple[int, list[str]]] = []
    for number, line in enumerate(physical_lines(text)[:max_lines], start=1):
        if not line.strip():
            continue
        try:
            cells = next(csv.reader([line], delimiter=sniff_delimiter(line)))
        except (csv.Error, StopIteration):
            continue
        out.append((number, [c.strip().lower() for c in cells]))
    return out
