"""Bytes to text, and CSV text to rows with their line numbers.

Exports arrive as UTF-8 with or without BOM, UTF-16 (Outlook on Windows), or cp1252 (German Excel),
and German Excel writes `;` as the delimiter. We decide from the bytes, never from the extension.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from altruist.errors import ImportError_

# csv refuses fields longer than 128 KiB by default; a LinkedIn message or an inline photo can be
# longer, so allow large fields but keep a ceiling against runaway quoting in broken files.
csv.field_size_limit(16 * 1024 * 1024)


def decode_bytes(data: bytes, file: str) -> str:
    """Decode a whole file. UTF-8 is tried before cp1252 because valid UTF-8 of non-ASCII text is
    practically never meaningful cp1252, while the reverse fails fast."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", file)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", file)
    head = data[:4096]
    if len(head) >= 4 and head.count(0) >= len(head) // 4:
        # UTF-16 without BOM: every ASCII character carries a zero byte on one side.
        even_zeros = head[0::2].count(0)
        odd_zeros = head[1::2].count(0)
        try:
            return _check_text(
                data.decode("utf-16-be" if even_zeros > odd_zeros else "utf-16-le"), file
            )
        except UnicodeDecodeError as exc:
            # Zero bytes that are not UTF-16 text: an image, archive or database file.
            raise ImportError_("binary data, not a text export", file=file) from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            # The five bytes cp1252 leaves undefined: latin-1 maps every byte, so nothing is lost.
            text = data.decode("latin-1")
    return _check_text(text, file)


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


def read_csv(text: str, file: str, *, header_line: int) -> CsvTable:
    """Parse the CSV whose header is on `header_line` (1-based). Rows keep their physical line
    number so a report can point the user at the exact line; quoted cells may span lines."""
    lines = physical_lines(text)
    if header_line > len(lines):
        raise ImportError_("no header line", file=file)
    delimiter = sniff_delimiter(lines[header_line - 1])
    reader = csv.reader(_lines_from(lines, header_line), delimiter=delimiter, strict=False)
    try:
        header = [cell.strip() for cell in next(reader)]
    except (StopIteration, csv.Error) as exc:
        raise ImportError_("unreadable CSV header", file=file, line=header_line) from exc
    rows: list[tuple[int, list[str]]] = []
    errors: list[tuple[int, str]] = []
    offset = header_line - 1
    start = reader.line_num + offset + 1
    rows_iter: Iterator[list[str]] = reader
    while True:
        try:
            cells = next(rows_iter)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append((start, f"unreadable CSV row: {exc}"))
            start = reader.line_num + offset + 1
            continue
        if any(cell.strip() for cell in cells):
            rows.append((start, cells))
        start = reader.line_num + offset + 1
    return CsvTable(header=header, header_line=header_line, rows=rows, errors=errors)


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
