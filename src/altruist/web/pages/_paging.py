"""Pagination shared by every list page: which slice to read and the links to the neighbours.

Pages keep their filters in the query string, so the links carry them along unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

DEFAULT_PAGE_SIZE = 50


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    size: int
    total: int
    params: tuple[tuple[str, str], ...] = ()  # the filters, repeated in every link

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def first_item(self) -> int:
        return 0 if self.total == 0 else self.offset + 1

    @property
    def last_item(self) -> int:
        return min(self.total, self.offset + self.size)

    def link(self, number: int) -> str:
        query = [(k, v) for k, v in self.params if v] + [("page", str(number))]
        return "?" + urlencode(query)

    @property
    def previous_link(self) -> str | None:
        return self.link(self.number - 1) if self.number > 1 else None

    @property
    def next_link(self) -> str | None:
        return self.link(self.number + 1) if self.number < self.pages else None


def page_of(number: int, total: int, size: int = DEFAULT_PAGE_SIZE, **params: str) -> Page:
    """Clamp the requested page into range, so a stale link still lands on a real page."""
    last = max(1, -(-total // size))
    return Page(min(max(1, number), last), size, total, tuple(params.items()))
