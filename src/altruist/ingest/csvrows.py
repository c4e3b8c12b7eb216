"""Shared helpers for CSV-based parsers: find the header, look cells up by column name."""

from __future__ import annotations

from altruist.errors import ImportError_
from altruist.ingest.decode import CsvTable, header_candidates, read_csv
from altruist.ingest.reasons import WIDTH
from altruist.ingest.records import Skipped


def find_header(text: str, file: str, required: set[str]) -> int:
    """Line number of the first line containing all `required` (lower-case) column names.
    LinkedIn puts a three-line `Notes:` preamble before the header since 2020."""
    for number, cells in header_candidates(text):
        if required <= set(cells):
            return number
    raise ImportError_(f"no header with the columns {', '.join(sorted(required))}", file=file)


def load_table(text: str, file: str, required: set[str], skipped: list[Skipped]) -> CsvTable:
    table = read_csv(text, file, header_line=find_header(text, file, required))
    skipped.extend(Skipped(file, line, reason) for line, reason in table.errors)
    return table


# Spreadsheet-safe CSV (ours, and OWASP's advice others follow) writes `'` before a cell that
# starts like a formula; reading it back, that apostrophe is not part of the value.
_NEUTRALISED = ("'=", "'+", "'-", "'@")


def cell_value(raw: str) -> str:
    value = raw.strip()
    return value[1:] if value.startswith(_NEUTRALISED) else value


class Row:
    """One CSV row addressed by column name (case-insensitive), the way exports must be read:
    Google's and Outlook's column order and count vary, their names do not."""

    def __init__(
        self,
        header: list[str],
        cells: list[str],
        index: dict[str, int] | None = None,
        keys: list[str] | None = None,
    ) -> None:
        self.header = header
        self.cells = cells
        self.index = index if index is not None else column_index(header)
        # The names get() looks up, per column: English names for a localised header.
        self.keys = keys if keys is not None else [h.lower() for h in header]

    def get(self, *names: str) -> str:
        for name in names:
            i = self.index.get(name)
            if i is not None and i < len(self.cells):
                value = cell_value(self.cells[i])
                if value:
                    return value
        return ""

    def items(self) -> list[tuple[str, str]]:
        return [
            (name, cell_value(self.cells[i]))
            for i, name in enumerate(self.header)
            if i < len(self.cells) and cell_value(self.cells[i])
        ]

    def keyed_items(self) -> list[tuple[str, str, str]]:
        """(name as the file wrote it, name get() knows it by, value) of the non-empty cells."""
        return [
            (name, key, self.cells[i].strip())
            for i, (name, key) in enumerate(zip(self.header, self.keys, strict=True))
            if i < len(self.cells) and self.cells[i].strip()
        ]


def column_index(header: list[str]) -> dict[str, int]:
    """Lower-cased column name -> position; the first of duplicate names wins. Built once per
    file and shared by its rows (30,000 rows would otherwise rebuild it 30,000 times)."""
    return {name.lower(): i for i, name in reversed(list(enumerate(header)))}


def width_problem(header: list[str], cells: list[str]) -> str | None:
    """A row with more cells than the header has lost its alignment (an unquoted comma), so its
    values cannot be trusted; fewer cells are normal (trailing empty columns omitted)."""
    extra = [c for c in cells[len(header) :] if c.strip()]
    if extra:
        return WIDTH.format(cells=len(cells), columns=len(header))
    return None
