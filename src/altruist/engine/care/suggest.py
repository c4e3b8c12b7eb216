"""Care: the engine module for "um welche Kontakte sollte ich mich mehr kümmern?".

`suggest(ctx)` proposes birthdays (with lead time), overdue check-ins, congratulations on job
changes and work anniversaries, each with a reason, a score comparable to other kinds and a draft
in the person's language. Feedback (done/dismissed/snoozed) is applied by the agenda through the
stable keys:

    birthday:<person>:<year of the birthday>     anniversary:<person>:<year>
    checkin:<person>:<local date of last contact | never>
    congratulate:<life event id>
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Connection

from altruist.domain import (
    InteractionKind,
    LifeEvent,
    Person,
    Suggestion,
    SuggestionKind,
    job_change_summary,
)
from altruist.engine import drafts, giving
from altruist.engine.care import birthdays, cadence
from altruist.engine.care.cadence import Cadence
from altruist.engine.context import EngineContext
from altruist.errors import ConfigError
from altruist.store import interactions as interactions_repo
from altruist.store import ledger as ledger_repo
from altruist.store import people as people_repo
from altruist.store import suggestions as suggestions_repo

# The same key the web app and the other engines use for the UI language.
# A job change is worth congratulating on for about a month after it became known.
LIFE_EVENT_WINDOW_DAYS = 30
LIFE_EVENT_KINDS = {"job_change", "new_position", "new_job", "promotion"}


def suggest(ctx: EngineContext) -> list[Suggestion]:
    now = ctx.clock()
    today = ctx.today()
    tz = ZoneInfo(ctx.timezone)
    with ctx.store.read() as conn:
        bday_prefs = birthdays.load_prefs(conn)
        cad_prefs = cadence.load_prefs(conn)
        people = people_repo.all_people(conn)
        times = interactions_repo.all_times(conn, until=now)
        events = ledger_repo.events_since(conn, now - timedelta(days=LIFE_EVENT_WINDOW_DAYS))
        # Tie strength only where it is used: people whose birthday is inside the lead time.
        soon = {u.person.id or 0 for u in birthdays.upcoming_birthdays(people, today, bday_prefs)}
        strengths = cadence.tie_strengths(
            {pid: times[pid] for pid in soon if pid in times}, now, cad_prefs.half_life_days
        )
        restarts = cadence.check_in_restarts(conn)
        overdue = cadence.overdue_contacts(people, times, now, tz, cad_prefs, restarts)
        topics = {o.person.id or 0: _last_topic(conn, o.person.id or 0) for o in overdue[:200]}
        me = people_repo.me(conn)
    items: list[Suggestion] = []
    items += birthdays.birthday_suggestions(people, today, bday_prefs, strengths)
    items += birthdays.anniversary_suggestions(people, today, bday_prefs)
    items += [
        _check_in(o, restarts.get(o.person.id or 0), topics.get(o.person.id or 0)) for o in overdue
    ]
    by_id = {p.id: p for p in people}
    for event in events:
        person = by_id.get(event.person_id)
        if person is not None and event.kind in LIFE_EVENT_KINDS:
            items.append(_congratulate(person, event, now, tz))
    for item in items:
        item.draft = drafts.signed(item.draft, me)
    items.sort(key=lambda s: (-s.score, s.key))
    return items


def _check_in(item: cadence.Overdue, restart: datetime | None, topic: str | None) -> Suggestion:
    pid = item.person.id or 0
    return Suggestion(
        kind=SuggestionKind.CHECK_IN,
        key=cadence.check_in_key(pid, item.last_contact, restart),
        title=drafts.check_in_title(item.person),
        reason=drafts.check_in_reason(
            item.person, item.days_since, item.cadence.days, item.cadence.source
        ),
        # 0.25–0.75: below a birthday on the day, above a vague anniversary.
        score=round(0.25 + 0.5 * item.priority, 4),
        person_ids=[pid],
        draft=drafts.check_in(item.person, topic),
    )


def _last_topic(conn: Connection, person_id: int) -> str | None:
    """A short summary of the last meeting or call, so the check-in can pick up the thread.
    Message bodies are not quoted: they can be long and private."""
    for item in interactions_repo.for_person(conn, person_id, limit=5):
        if item.kind in (InteractionKind.MEETING, InteractionKind.CALL) and item.summary:
            text = item.summary.strip()
            return text if 0 < len(text) <= 80 else None
    return None


def _congratulate(person: Person, event: LifeEvent, now: datetime, tz: ZoneInfo) -> Suggestion:
    at = event.occurred_at
    age_days = max((now - at).total_seconds() / 86400, 0.0)
    # Fresh news first: the score halves its bonus every two weeks.
    score = 0.45 + 0.35 * 0.5 ** (age_days / 14)
    return Suggestion(
        kind=SuggestionKind.CONGRATULATE,
        key=f"congratulate:{event.id}",
        title=drafts.congratulate_title(person),
        reason=drafts.congratulate_reason(person, event.summary, at.astimezone(tz).date()),
        score=round(score, 4),
        person_ids=[person.id or 0],
        draft=drafts.congratulate_job(person, person.position, person.company),
    )


def open_items(ctx: EngineContext, extra: list[Suggestion] | None = None) -> list[Suggestion]:
    """`suggest(ctx)` (plus `extra`, e.g. an ask) stored under their keys, minus what the user
    closed (done, dismissed) or snoozed past now: the list `altruist care` shows, with ids for
    `altruist done ID`. The agenda applies the same rules for Today."""
    items = suggest(ctx) + list(extra or [])
    now = ctx.clock()
    with ctx.store.transaction() as conn:
        stored = [suggestions_repo.upsert(conn, item) for item in items]
    return [s for s in stored if s.is_available(now)]


@dataclass(frozen=True)
class PersonCare:
    """What the person page shows about keeping in touch (no score of the person)."""

    cadence: Cadence | None  # in effect: personal, tier, or from history
    history_cadence: Cadence | None  # what the history alone would suggest
    last_contact: datetime | None
    next_check_in: date | None  # local date
    tie_strength: float
    next_birthday: date | None
    turns: int | None
    gave: int
    received: int
    offered_help_at: datetime | None


def person_care(ctx: EngineContext, person_id: int) -> PersonCare:
    now = ctx.clock()
    tz = ZoneInfo(ctx.timezone)
    with ctx.store.read() as conn:
        person = people_repo.get(conn, person_id)
        times = [
            i.occurred_at
            for i in interactions_repo.for_person(conn, person_id, limit=100_000)
            if i.occurred_at <= now  # a planned meeting has not happened yet (issue 17)
        ]
        prefs = cadence.load_prefs(conn)
        rule = birthdays.load_prefs(conn).feb29_rule
        restart = cadence.check_in_restarts(conn).get(person_id)
        balance = giving.balances(conn).get(person_id)
    times.sort()
    days = cadence.contact_days(times, tz)
    next_bday = turns = None
    if person.birthday is not None:
        b = person.birthday
        next_bday = birthdays.next_occurrence(b.month, b.day, ctx.today(), rule)
        turns = birthdays.age_on(b, next_bday)
    return PersonCare(
        cadence=cadence.effective_cadence(person, days, prefs),
        history_cadence=cadence.cadence_from_history(days, prefs.tiers),
        last_contact=times[-1] if times else None,
        next_check_in=cadence.due_on(person, times, tz, prefs, restart),
        tie_strength=cadence.tie_strength_at(times, now, prefs.half_life_days),
        next_birthday=next_bday,
        turns=turns,
        gave=balance.gave if balance else 0,
        received=balance.received if balance else 0,
        offered_help_at=balance.offered_help_at if balance else None,
    )


def record_job_change(
    conn: Connection,
    person_id: int,
    at: datetime,
    *,
    position: str | None = None,
    company: str | None = None,
    started_on: date | None = None,
) -> LifeEvent:
    """A job change entered by hand: update the person and store the life event that
    `suggest` turns into a congratulation (kind `job_change`, as re-import writes it)."""
    if not (position or company):
        raise ConfigError("a job change needs a new position or company")
    person = people_repo.get(conn, person_id)
    old = _job_text(person.position, person.company)
    new = _job_text(position or person.position, company or person.company)
    people_repo.update_fields(
        conn,
        person_id,
        position=position or person.position,
        company=company or person.company,
        job_started_on=started_on or at.astimezone(UTC).date(),
    )
    summary = job_change_summary(
        person.name, position or person.position, company or person.company
    )
    return ledger_repo.add_event(
        conn, LifeEvent(person_id, "job_change", at, summary, old_value=old, new_value=new)
    )


def _job_text(position: str | None, company: str | None) -> str:
    return " @ ".join(x for x in (position, company) if x)
