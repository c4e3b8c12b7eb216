"""Asks: "Was kann ich für dich tun?" → say openly that you are looking for a job.

An ask is suggested only when all of these hold (issue 6):
1. the user has an open need (my_needs: a job search);
2. the person offered help, or is well placed: hires for the role in a place that fits (the one
   need/offer matcher, engine/need_offer.py — direction and place, issue 15), works at a target
   company, recruits, or works in one of the target roles;
3. the user has given to or thanked this person before (ledger, or an intro/answer/congratulation
   in the interactions) — never an ask as the first thing someone hears from the user;
4. the user has not asked this person within the ask period (setting `asks.period_days`).

Today shows at most one ask (`MAX_ON_TODAY`, applied by the agenda's mix); this module returns
every eligible candidate, best first, one per person. Key: `ask:<person>:job[:<date of the
previous ask>]`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection

from altruist.domain import (
    Facet,
    FacetKind,
    InteractionKind,
    Language,
    LedgerDirection,
    Message,
    MessageValue,
    Person,
    Suggestion,
    SuggestionKind,
    SuggestionState,
)
from altruist.engine import drafts, giving
from altruist.engine.care import cadence, my_needs
from altruist.engine.context import EngineContext
from altruist.engine.need_offer import Match, match_needs
from altruist.errors import ConfigError
from altruist.store import facets as facets_repo
from altruist.store import interactions as interactions_repo
from altruist.store import ledger as ledger_repo
from altruist.store import people as people_repo
from altruist.store import settings_repo
from altruist.store import suggestions as suggestions_repo
from altruist.understand.place import fit as place_fit
from altruist.understand.place import place_of

PERIOD_KEY = "asks.period_days"
DEFAULT_PERIOD_DAYS = 90
MAX_ON_TODAY = 1

RECRUITER = re.compile(
    r"recruit|talent|headhunt|personalberat|personalreferent|people & culture|"
    r"\bhr\b|human resources|personalwesen|sourcer",
    re.IGNORECASE,
)
# Legal forms do not make a company different: "SAP SE" is "SAP".
LEGAL_FORM = re.compile(r"\b(gmbh|ag|se|kg|inc|ltd|llc|plc|co|corp|gmbh & co\.? kg)\b\.?", re.I)


def load_period_days(conn: Connection) -> int:
    days = int(settings_repo.get(conn, PERIOD_KEY, DEFAULT_PERIOD_DAYS))
    if days < 1:
        raise ConfigError(f"setting {PERIOD_KEY} must be at least one day")
    return days


def save_period_days(conn: Connection, days: int) -> None:
    if days < 1:
        raise ConfigError("the ask period must be at least one day")
    settings_repo.put(conn, PERIOD_KEY, days)


def company_key(name: str) -> str:
    return " ".join(LEGAL_FORM.sub(" ", name.casefold()).split())


def _mentions(text: str, phrase: str) -> bool:
    return (
        bool(phrase)
        and re.search(rf"\b{re.escape(phrase.casefold())}\b", text.casefold()) is not None
    )


@dataclass(frozen=True)
class Fit:
    offered_at: datetime | None
    target_company: str | None
    recruiter: bool
    role: str | None
    region: str | None
    hiring: Match | None = None  # the person hires for the sought role, in a place that fits

    @property
    def well_placed(self) -> bool:
        return (
            self.target_company is not None
            or self.recruiter
            or self.role is not None
            or self.hiring is not None
        )

    @property
    def score(self) -> float:
        """0.3–0.8. Below the best giving deeds on purpose: giving comes first."""
        s = 0.3
        s += 0.25 if self.offered_at else 0.0
        s += 0.15 if self.target_company else 0.0
        s += 0.15 if self.hiring else 0.0
        s += 0.1 if self.recruiter else 0.0
        s += 0.05 if self.role else 0.0
        s += 0.05 if self.region else 0.0
        return min(s, 0.8)


def fit(
    person: Person,
    need: my_needs.JobSearch,
    offered_at: datetime | None,
    hiring: Match | None = None,
) -> Fit:
    work = " ".join(x for x in (person.position, person.headline) if x)
    place = " ".join(x for x in (person.city, person.country) if x)
    targets = {company_key(c): c for c in need.companies}
    target = targets.get(company_key(person.company)) if person.company else None
    role = next((r for r in need.roles if _mentions(work, r)), None)
    region = next((r for r in need.regions if _mentions(place, r)), None)
    if region is None and need.regions:  # "München" sought, the person lives in Munich
        where = place_fit(place_of(", ".join(need.regions)), place_of(place))
        region = where.where if where.why in ("same_city", "same_region") else None
    return Fit(offered_at, target, bool(RECRUITER.search(work)), role, region, hiring)


def search_text(need: my_needs.JobSearch) -> str:
    """The user's job search as a statement the reader reads as a job search (intent `job`)."""
    return f"Ich suche {my_needs.describe(need, Language.DE)}"


def hiring_matches(
    ctx: EngineContext,
    need: my_needs.JobSearch,
    candidates: dict[int, Person],
    facets: list[Facet],
) -> dict[int, Match]:
    """Who hires for what the user seeks, by the one need/offer matcher: direction (only a hire
    meets a job search — another job seeker never does) and place (the regions sought against
    the contact's stated place or home city)."""
    seeker = -1  # not a person id: the user's search is not stored as a facet
    mine = Facet(seeker, FacetKind.NEED, search_text(need), source="stated")
    matches = match_needs(ctx.store, ctx.embedder, [mine, *facets], people=candidates)
    return {helper: m for (needer, helper), m in matches.items() if needer == seeker}


def last_asked(conn: Connection) -> dict[int, datetime]:
    """Per person, when the user last asked: an `ask` interaction, or an ask marked done or
    accepted (its `updated_at`)."""
    asked = interactions_repo.last_of_kinds(conn, [InteractionKind.ASK])
    for s in suggestions_repo.with_state(conn, [SuggestionState.DONE, SuggestionState.ACCEPTED]):
        if s.kind is not SuggestionKind.ASK or s.updated_at is None:
            continue
        for pid in s.person_ids:
            if pid not in asked or s.updated_at > asked[pid]:
                asked[pid] = s.updated_at
    return asked


def ask_key(person_id: int, previous_ask: datetime | None) -> str:
    """`ask:<person>:job`, or `ask:<person>:job:<UTC date of the previous ask>` once asked: a
    done ask must not block the next one after the period, while a dismissed ask (never sent)
    keeps its key and stays dismissed."""
    base = f"ask:{person_id}:{my_needs.NEED_SLUG}"
    return base if previous_ask is None else f"{base}:{previous_ask.astimezone(UTC).date()}"


def _given_to(conn: Connection) -> set[int]:
    gave = {e.person_id for e in ledger_repo.entries(conn) if e.direction is LedgerDirection.GAVE}
    return gave | set(interactions_repo.last_of_kinds(conn, giving.GIVING_INTERACTIONS))


def suggest(ctx: EngineContext) -> list[Suggestion]:
    now = ctx.clock()
    with ctx.store.read() as conn:
        need = my_needs.get_job_search(conn)
        if need is None:
            return []
        period = load_period_days(conn)
        asked = last_asked(conn)
        recent = {pid for pid, at in asked.items() if at >= now - timedelta(days=period)}
        given = _given_to(conn)
        balances = giving.balances(conn)
        candidates = people_repo.get_many(conn, given - recent)
        facets = facets_repo.all_facets(conn, list(candidates)) if candidates else []
        half_life = cadence.load_prefs(conn).half_life_days
        times = interactions_repo.all_times(conn, until=now)
        me = people_repo.me(conn)
    hiring = hiring_matches(ctx, need, candidates, facets)
    items: list[Suggestion] = []
    for pid, person in candidates.items():
        if person.is_me:
            continue
        balance = balances.get(pid)
        f = fit(person, need, balance.offered_help_at if balance else None, hiring.get(pid))
        if not (f.offered_at or f.well_placed):
            continue
        strength = cadence.tie_strength_at(times.get(pid, []), now, half_life)
        ask = _ask(person, need, f, strength, asked.get(pid))
        ask.draft = drafts.signed(ask.draft, me)
        items.append(ask)
    items.sort(key=lambda s: (-s.score, s.key))
    return items


def _ask(
    person: Person,
    need: my_needs.JobSearch,
    f: Fit,
    strength: float,
    previous_ask: datetime | None,
) -> Suggestion:
    pid = person.id or 0
    return Suggestion(
        kind=SuggestionKind.ASK,
        key=ask_key(pid, previous_ask),
        title=drafts.ask_title(person),
        reason=reason(person, f),
        # A warm tie makes the ask easier to receive; the fit decides most of the score.
        score=round(f.score * (0.8 + 0.2 * strength), 4),
        person_ids=[pid],
        draft=drafts.ask_for_leads(
            person,
            my_needs.describe(need, Language.DE),
            my_needs.describe(need, Language.EN),
            offered=f.offered_at is not None,
        ),
    )


# What a contact who hires for the sought role is looking for, by how the place fits (msgids;
# German in i18n/de_asks.po).
HIRING_REASONS = {
    "": "is looking for “{offer}”",
    "same_city": "is looking for “{offer}” (both in {where})",
    "same_region": "is looking for “{offer}” (both in {where})",
    "remote": "is looking for “{offer}” (remote work is fine)",
    "relocate": "is looking for “{offer}” (willing to relocate)",
}


def reason(person: Person, f: Fit) -> Message:
    """Why this person: a message rendered in the reader's language when shown (issue 14)."""
    parts: list[MessageValue] = []
    if f.offered_at:
        parts.append(Message("offered to help on {day}", {"day": f.offered_at.date()}))
    if f.target_company:
        parts.append(
            Message(
                "works at {company}, one of your target companies", {"company": f.target_company}
            )
        )
    if f.hiring:
        why = f.hiring.place.why if f.hiring.place else None
        where = (f.hiring.place.where if f.hiring.place else None) or ""
        parts.append(
            Message(HIRING_REASONS.get(why or "", HIRING_REASONS[""]), {
                "offer": f.hiring.offer, "where": where
            })
        )  # fmt: skip
    if f.recruiter:
        parts.append(Message("works in recruiting"))
    if f.role and not f.target_company:
        parts.append(Message("works as {role}", {"role": f.role}))
    return Message(
        "{name} {facts}; you have helped or thanked before.",
        {"name": drafts.first_name(person), "facts": tuple(parts)},
    )
