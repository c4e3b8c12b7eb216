"""The plain data of a connector round: members, proposed pairs, the result. No I/O here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Member:
    """One community member as read from the members CSV (and stored in `members`)."""

    email: str  # lower-cased; the member's identity within a community
    name: str
    language: str = "en"  # "de" or "en": the language of their drafts
    needs: str = ""
    offers: str = ""
    tags: tuple[str, ...] = ()
    city: str | None = None
    company: str | None = None
    paused: bool = False
    met: tuple[str, ...] = ()  # e-mails of members they already know (optional CSV column)
    source_line: int | None = None

    @property
    def has_text(self) -> bool:
        return bool(self.needs.strip() or self.offers.strip())


@dataclass(frozen=True)
class Match:
    """Why B helps A: A's need item and B's offer item that met best, and how well (0..1)."""

    need: str
    offer: str
    benefit: float
    # B's item is a need of B's own that meets A's (a hiring manager's opening for a job seeker):
    # the reason must not say that B "offers" it.
    offer_is_need: bool = False


@dataclass(frozen=True)
class Pair:
    """A proposed introduction. `a` and `b` index into the round's member list, a < b."""

    a: int
    b: int
    score: float
    a_gets: Match | None  # what A receives from B (None when B offers nothing A needs)
    b_gets: Match | None


@dataclass(frozen=True)
class Unpaired:
    member: int
    reason: str


@dataclass
class RowProblem:
    """A CSV row (or the header) that was skipped or partly ignored, with where and why."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


@dataclass
class RoundResult:
    """Everything a surface needs to show, write or store a round."""

    community: str
    name: str
    members: list[Member]
    pairs: list[Pair]
    unpaired: list[Unpaired]
    problems: list[RowProblem] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    stats: dict[str, Any] = field(default_factory=dict)  # timings, candidate counts, method
    round_id: int | None = None

    @property
    def total_score(self) -> float:
        return float(sum(p.score for p in self.pairs))

    def summary(self) -> dict[str, Any]:
        paired = {i for p in self.pairs for i in (p.a, p.b)}
        return {
            "community": self.community,
            "round": self.name,
            "round_id": self.round_id,
            "members": len(self.members),
            "pairs": len(self.pairs),
            "members_paired": len(paired),
            "members_unpaired": len(self.unpaired),
            "total_score": round(self.total_score, 4),
            "problems": [str(p) for p in self.problems],
            "stats": self.stats,
        }
