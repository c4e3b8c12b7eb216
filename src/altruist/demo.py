"""A seeded, realistic demo network (German and English) so `make run` shows real good deeds.

Everything is derived from the seed and the clock: the same seed on the same day gives the same
network, and interactions are placed relative to "now" so the agenda is meaningful whenever the
demo is built. Nothing here is canned output: the engine finds the deeds in this data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from altruist.clock import Clock, system_clock
from altruist.demo_catalog import CITIES, COMPANIES, FIELDS, GROUPS, ME_EXPERTISE, Field
from altruist.domain import (
    Birthday,
    Direction,
    Facet,
    FacetKind,
    Group,
    Identity,
    IdentityKind,
    Interaction,
    InteractionKind,
    Language,
    LedgerDirection,
    LedgerEntry,
    LedgerKind,
    LifeEvent,
    Person,
    Post,
    job_change_summary,
)
from altruist.engine.care import my_needs
from altruist.engine.care.my_needs import JOB_SEARCH_KEY
from altruist.engine.questions.my_expertise import EXPERTISE_KEY, set_expertise
from altruist.errors import ConfigError
from altruist.store import Store, demo_rows, settings_repo
from altruist.store import facets as facets_repo
from altruist.store import groups as groups_repo
from altruist.store import interactions as interactions_repo
from altruist.store import ledger as ledger_repo
from altruist.store import people as people_repo
from altruist.understand.embedder import Embedder
from altruist.understand.needs import refresh_derived

if TYPE_CHECKING:
    from faker import Faker

# Share of contacts per closeness tier, and how often the user talks to them (days between).
TIERS: tuple[tuple[str, float, int], ...] = (
    ("close", 0.06, 21),
    ("regular", 0.22, 75),
    ("loose", 0.45, 300),
)


# The demo's groups read sample feeds shipped in the package, so fetching them works offline.
FEEDS_DIR = Path(__file__).resolve().parent / "demo_feeds"


def sample_groups() -> list[tuple[str, str, str]]:
    """(name, kind, location) of the demo's groups: local files the real fetcher reads."""
    return [(name, kind, str(FEEDS_DIR / file)) for name, kind, file in GROUPS]


@dataclass
class DemoSummary:
    people: int
    interactions: int
    groups: int
    posts: int


def _slug(text: str) -> str:
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", " ": "", "&": ""})
    return "".join(ch for ch in text.lower().translate(table) if ch.isalnum() or ch == ".")


def _birthday(rng: random.Random) -> Birthday | None:
    if rng.random() < 0.12:
        return None
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    year = None if rng.random() < 0.2 else rng.randint(1962, 2001)
    return Birthday(month, day, year)


def _make_person(
    rng: random.Random, fakers: dict[Language, Faker], company: tuple[str, str] | None
) -> tuple[Person, Field]:
    language = Language.DE if rng.random() < 0.6 else Language.EN
    fake = fakers[language]
    field = rng.choice(FIELDS)
    given, family = fake.first_name(), fake.last_name()
    positions = field.positions_de if language is Language.DE else field.positions_en
    company_name, city = company if company else (fake.company(), rng.choice(CITIES))
    person = Person(
        name=f"{given} {family}",
        given_name=given,
        family_name=family,
        company=company_name,
        position=rng.choice(positions),
        city=city,
        country="DE" if language is Language.DE else None,
        language=language,
        birthday=_birthday(rng),
        tags=[field.key],
    )
    if rng.random() < 0.3:
        person.job_started_on = date(
            rng.randint(2015, 2024), rng.randint(1, 12), rng.randint(1, 28)
        )
    return person, field


def _facets(rng: random.Random, person: Person, field: Field) -> list[Facet]:
    german = person.language is Language.DE
    out: list[Facet] = []
    if rng.random() < 0.45:
        out.append(
            Facet(
                person.id or 0,
                FacetKind.NEED,
                rng.choice(field.needs_de if german else field.needs_en),
            )
        )
    offers = field.offers_de if german else field.offers_en
    for text in rng.sample(offers, k=min(len(offers), rng.choice((0, 1, 1, 2)))):
        out.append(Facet(person.id or 0, FacetKind.OFFER, text))
    return out


def _interactions(
    rng: random.Random, person_id: int, tier: str | None, every: int, now: datetime
) -> list[Interaction]:
    if tier is None:
        return []
    start = now - timedelta(days=730)
    # Some close contacts drift: their last contact lies months back, which care should notice.
    drifting = rng.random() < 0.3
    end = (
        now - timedelta(days=rng.randint(100, 200))
        if drifting
        else now - timedelta(days=rng.randint(1, 20))
    )
    kinds = (
        InteractionKind.MESSAGE,
        InteractionKind.MESSAGE,
        InteractionKind.MEETING,
        InteractionKind.CALL,
    )
    out, at = [], start + timedelta(days=rng.randint(0, every))
    while at < end:
        out.append(
            Interaction(
                person_id,
                rng.choice(kinds),
                at.replace(hour=rng.randint(8, 19), minute=0, second=0, microsecond=0),
                direction=rng.choice(list(Direction)),
                source="demo",
            )
        )
        at += timedelta(days=max(3, int(rng.gauss(every, every / 3))))
    return out


def _make_me(conn: Connection) -> Person:
    """The demo's own user, Kim, for a database nobody set up (`make run`). Marked as demo like
    everything else, so removing the demo leaves no trace of Kim."""
    me = people_repo.add(
        conn,
        Person(
            name="Kim Berger",
            given_name="Kim",
            family_name="Berger",
            position="Data Engineer",
            headline="Data Engineer | Python, SQL, Airflow | offen für neue Aufgaben",
            city="Berlin",
            language=Language.DE,
            is_me=True,
            birthday=Birthday(6, 14, 1990),
        ),
    )
    facets_repo.add(conn, Facet(me.id or 0, FacetKind.OFFER, ME_EXPERTISE))
    facets_repo.add(
        conn,
        Facet(
            me.id or 0,
            FacetKind.NEED,
            "sucht eine Stelle als Data Engineer oder Analytics Engineer in Berlin, Hamburg oder remote",
        ),
    )
    set_expertise(conn, ME_EXPERTISE)
    my_needs.set_job_search(
        conn,
        roles=["Data Engineer", "Analytics Engineer"],
        regions=["Berlin", "Hamburg", "Remote"],
        companies=[name for name, _city, _size in COMPANIES[:3]],
    )
    settings_repo.put(conn, "language", "de")
    demo_rows.remember_settings(
        conn,
        {key: settings_repo.get(conn, key) for key in (EXPERTISE_KEY, JOB_SEARCH_KEY, "language")},
    )
    return me


def _posts(
    rng: random.Random, group_ids: list[int], people: list[Person], now: datetime, me: Person
) -> list[Post]:
    posts: list[Post] = []
    suffixes_en = ("", " (small team)", " in production", " — any experience?", " for a startup")
    suffixes_de = (
        "",
        " (kleines Team)",
        " im Produktivbetrieb",
        " – Erfahrungen?",
        " bei einem Start-up",
    )
    for n in range(200):
        field = rng.choice(FIELDS)
        author = rng.choice(people)
        german = author.language is Language.DE and field.questions_de
        title, body, tags = rng.choice(field.questions_de if german else field.questions_en)
        suffix = rng.choice(suffixes_de if german else suffixes_en)
        answers = rng.choice((0, 0, 0, 0, 1, 1, 2, 3))
        posts.append(
            Post(
                group_id=group_ids[n % len(group_ids)],
                external_id=f"demo-q{n}",
                title=title + suffix,
                body=body,
                author_name=author.name,
                author_account=_slug(author.name),
                author_person_id=author.id,
                tags=list(tags),
                posted_at=now - timedelta(days=rng.randint(0, 90), hours=rng.randint(0, 23)),
                is_question=True,
                answer_count=answers,
                is_solved=answers > 0 and rng.random() < 0.5,
            )
        )
    # The user's own earlier answers, so the knowledge profile has history to learn from.
    data_questions = [
        p for p in posts if "postgresql" in p.tags or "airflow" in p.tags or "dbt" in p.tags
    ]
    for n, question in enumerate(data_questions[:25]):
        question.answer_count += 1
        posts.append(
            Post(
                group_id=question.group_id,
                external_id=f"demo-a{n}",
                title=f"Re: {question.title}",
                body="Ich würde mit EXPLAIN ANALYZE anfangen und die Pipeline idempotent machen.",
                author_name=me.name,
                author_account=_slug(me.name),
                parent_external_id=question.external_id,
                tags=list(question.tags),
                posted_at=(question.posted_at or now) + timedelta(hours=5),
                is_question=False,
                by_me=True,
            )
        )
    return posts


def build_demo(
    store: Store,
    *,
    seed: int = 7,
    people: int = 400,
    clock: Clock = system_clock,
    embedder: Embedder | None = None,
) -> DemoSummary:
    """Fill an empty store with the demo network in one transaction. With the configured
    `embedder` the needs and offers are read as `altruist import` reads them (the reader with
    sentence embeddings); without, by cue words only (fast unit tests)."""
    if people < 10:
        raise ConfigError("the demo needs at least 10 people")
    if has_contacts(store):
        raise ConfigError(
            "the database already holds contacts; the demo only fills a database without contacts"
        )
    rng = random.Random(seed)
    from faker import Faker  # here, not at the top: every CLI command imports this module

    fakers = {Language.DE: Faker("de_DE"), Language.EN: Faker("en_GB")}
    for offset, fake in enumerate(fakers.values()):
        fake.seed_instance(seed + offset)
    now = clock().replace(microsecond=0)
    company_slots = [(name, city) for name, city, size in COMPANIES for _ in range(size)]
    n_interactions = 0
    with store.transaction() as conn:
        # A user who set up their own card (onboarding) keeps it: the demo adds contacts and
        # groups around them and never writes their profile, needs or settings.
        me = people_repo.me(conn)
        made_me = me is None
        me = me or _make_me(conn)
        contacts: list[Person] = []
        for i in range(people):
            person, field = _make_person(
                rng, fakers, company_slots[i] if i < len(company_slots) else None
            )
            if i == 7:  # one leap-day birthday, so 29 February handling is visible in the demo
                person.birthday = Birthday(2, 29, 1988)
            roll, tier, every = rng.random(), None, 0
            for name, share, days in TIERS:
                if roll < share:
                    tier, every = name, days
                    break
                roll -= share
            person.tier = tier
            people_repo.add(conn, person)
            contacts.append(person)
            pid = person.id or 0
            domain = _slug(person.company or "mail").split(".")[0][:20] + ".example"
            people_repo.add_identity(
                conn,
                Identity(
                    pid,
                    IdentityKind.EMAIL,
                    f"{_slug(person.given_name or '')}.{_slug(person.family_name or '')}{i}@{domain}",
                    source="demo",
                ),
            )
            if rng.random() < 0.7:
                people_repo.add_identity(
                    conn,
                    Identity(
                        pid,
                        IdentityKind.LINKEDIN,
                        f"https://www.linkedin.com/in/{_slug(person.name)}-{i}",
                        source="demo",
                    ),
                )
            for facet in _facets(rng, person, field):
                facet.person_id = pid
                facets_repo.add(conn, facet)
            for item in _interactions(rng, pid, tier, every, now):
                interactions_repo.add(conn, item)
                n_interactions += 1
        _relations(conn, rng, contacts)
        _ledger_and_events(conn, rng, contacts, now)
        group_ids = [
            groups_repo.add(conn, Group(name=n, kind=k, url=u, my_account=_slug(me.name))).id or 0
            for n, k, u in sample_groups()
        ]
        posts = _posts(rng, group_ids, contacts, now, me)
        for post in posts:
            groups_repo.upsert_post(conn, post)
        demo_made = [p.id or 0 for p in contacts] + ([me.id or 0] if made_me else [])
        demo_rows.mark(conn, person_ids=demo_made, group_ids=group_ids, me_id=me.id)
    # Needs and offers stated in headlines, positions and open questions, like after an import.
    refresh_derived(store, embedder=embedder)
    return DemoSummary(
        people=people + int(made_me),
        interactions=n_interactions,
        groups=len(group_ids),
        posts=len(posts),
    )


def has_contacts(store: Store) -> bool:
    """Anyone besides the user's own card (which onboarding may have made)."""
    with store.read() as conn:
        me = people_repo.me(conn)
        return people_repo.count(conn) > (1 if me is not None else 0)


def _relations(conn: Connection, rng: random.Random, contacts: list[Person]) -> None:
    by_company: dict[str, list[int]] = {}
    for p in contacts:
        by_company.setdefault(p.company or "", []).append(p.id or 0)
    for ids in by_company.values():
        for a in ids:
            for b in ids:
                if a < b:
                    interactions_repo.add_relation(conn, a, b, "colleague", "demo")
    for _ in range(len(contacts) // 2):
        first, second = rng.sample(contacts, 2)
        interactions_repo.add_relation(conn, first.id or 0, second.id or 0, "knows", "demo")


def _ledger_and_events(
    conn: Connection, rng: random.Random, contacts: list[Person], now: datetime
) -> None:
    tiered = [p for p in contacts if p.tier in ("close", "regular")]
    for person in rng.sample(tiered, k=min(12, len(tiered))):
        at = now - timedelta(days=rng.randint(10, 200))
        ledger_repo.add(
            conn,
            LedgerEntry(
                person.id or 0,
                LedgerDirection.GAVE,
                LedgerKind.TIP,
                at,
                note="Tipp zu SQL-Indizes geteilt",
            ),
        )
        if rng.random() < 0.5:
            ledger_repo.add(
                conn,
                LedgerEntry(
                    person.id or 0,
                    LedgerDirection.RECEIVED,
                    LedgerKind.OFFERED_HELP,
                    at + timedelta(days=2),
                    note="Was kann ich für dich tun?",
                ),
            )
    for person in rng.sample(contacts, k=4):
        old = person.position or ""
        field = next(f for f in FIELDS if f.key in person.tags)
        choices = field.positions_de if person.language is Language.DE else field.positions_en
        new = rng.choice([p for p in choices if p != old] or [f"Head of {old}"])
        people_repo.update_fields(conn, person.id or 0, position=new)
        ledger_repo.add_event(
            conn,
            LifeEvent(
                person.id or 0,
                "job_change",
                now - timedelta(days=rng.randint(1, 12)),
                summary=job_change_summary(person.name, new, person.company),
                old_value=old,
                new_value=new,
            ),
        )


@dataclass
class DemoRemoval:
    """What `remove_demo` deleted, per kind of row (only kinds with at least one row)."""

    removed: dict[str, int]
    unmerged: int
    at: datetime

    @property
    def total(self) -> int:
        return sum(self.removed.values())

    def to_dict(self) -> dict[str, object]:
        return {"removed": self.removed, "unmerged": self.unmerged, "at": self.at.isoformat()}


def remove_demo(store: Store, *, clock: Clock = system_clock) -> DemoRemoval:
    """Delete every row the demo made and nothing else, and record how many of each went.

    A merge between a demo person and anyone else is undone first, so values and history that
    an import merged into a demo person return to the imported person rather than vanish."""
    from altruist.ingest.merge import unmerge  # the merge module loads the identity rules

    with store.read() as conn:
        doomed = demo_rows.demo_people(conn)
        merge_ids = demo_rows.merges_touching(conn, doomed)
    for merge_id in merge_ids:
        unmerge(store, merge_id, clock=clock)
    at = clock().replace(microsecond=0)
    with store.transaction() as conn:
        removed = demo_rows.remove(conn)
        result = DemoRemoval(removed=removed, unmerged=len(merge_ids), at=at)
        demo_rows.record_removal(conn, result.to_dict())
    return result
