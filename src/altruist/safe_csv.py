"""CSV that a spreadsheet opens as text, never as a formula (CSV injection, OWASP).

A cell from member or contact data that starts with `=`, `+`, `-`, `@`, a tab or a carriage
return (or their full-width forms, which some spreadsheets also read as operators) gets a leading
apostrophe: spreadsheets then show the text and run nothing (`=cmd|' /C calc'!A0`). Every cell is
quoted too, so a separator inside a value cannot start a new cell. Every CSV the product writes
goes through `writer()`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class SafeWriter:
    """`csv.writer` with every cell neutralised and quoted."""

    def __init__(self, handle: TextIO, delimiter: str = ",") -> None:
        self._writer = csv.writer(handle, delimiter=delimiter, quoting=csv.QUOTE_ALL)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([neutralise(cell) for cell in row])


def writer(handle: TextIO, delimiter: str = ",") -> SafeWriter:
    """`delimiter` ";" for German Excel, which reads a comma as the decimal sign."""
    return SafeWriter(handle, delimiter)
