"""The care calendar as iCalendar (RFC 5545): birthdays as yearly all-day events, due check-ins as
dated all-day events. Used by `altruist export ics` and the subscribable feed.

Stable UIDs (§3.8.4.7) make a re-fetched feed update events instead of duplicating them:
`birthday-<person>@altruist`, `checkin-<person>-<UTC date of last contact>@altruist`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from altruist.clock import Clock, as_utc, system_clock
from altruist.domain import Language, Person
from altruist.engine.care import birthdays, cadence
from altruist.engine.care.birthdays import Feb29Rule
from altruist.engine.phrases import stored_language as user_language
from altruist.errors import NotFoundError
from altruist.export import feed_token
from altruist.export.ical_writer import Writer
from altruist.i18n import Translator
from altruist.i18n.formats import format_day
from altruist.store import Store
from altruist.store import interactions as interactions_repo
from altruist.store import people as people_repo
from altruist.store import suggestions as suggestions_repo

PRODID = "-//altruist//care calendar//EN"
UID_DOMAIN = "altruist"
# Year-less birthdays need some first year for DTSTART; 2000 is a leap year, so 29 February is a
# valid first instance too (§3.8.5.3: DTSTART is the first instance of the recurrence set).
REFERENCE_YEAR = 2000
DEFAULT_HORIZON_DAYS = 90
CHECK_INS_PER_DAY = 3  # overdue check-ins beyond this move to the following days

# The calendar's texts are catalogue msgids (German in i18n/de_cli.po), in the user's language.
CALENDAR_NAME = "altruist: birthdays and check-ins"


def birthday_rrule(month: int, day: int, rule: Feb29Rule) -> str:
    """The yearly rule (§3.3.10). A plain FREQ=YEARLY on 29 February yields leap years only,
    because §3.3.10 says invalid dates are ignored; so 29 February is written as a rule that
    lands on the chosen day in common years:
      feb28 → BYMONTH=2;BYMONTHDAY=-1  (last day of February: 29th or 28th)
      mar1  → BYYEARDAY=60             (29 February in leap years, 1 March otherwise)
    """
    if (month, day) != (2, 29):
        return "FREQ=YEARLY"
    if rule is Feb29Rule.FEB28:
        return "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1"
    return "FREQ=YEARLY;BYYEARDAY=60"


def _all_day(out: Writer, on: date) -> None:
    # §3.6.1: an all-day event is a DATE-valued DTSTART; DTEND (exclusive) the next day.
    out.date("DTSTART", on)
    out.date("DTEND", on + timedelta(days=1))
    out.raw("TRANSP", "TRANSPARENT")  # §3.8.2.7: a reminder does not block the user's time


def birthday_event(
    out: Writer, person: Person, rule: Feb29Rule, stamp: datetime, lang: str, lead_days: int
) -> None:
    bday = person.birthday
    if bday is None:
        return
    t = Translator(lang)
    out.begin("VEVENT")
    out.text("UID", f"birthday-{person.id}@{UID_DOMAIN}")
    out.utc("DTSTAMP", stamp)  # §3.8.7.2, required
    _all_day(out, date(bday.year or REFERENCE_YEAR, bday.month, bday.day))
    out.raw("RRULE", birthday_rrule(bday.month, bday.day, rule))
    out.text("SUMMARY", t("Birthday: {name}", name=person.name))
    if bday.year:
        out.text("DESCRIPTION", t("Born in {year}.", year=bday.year))
    out.raw("CATEGORIES", "BIRTHDAY")
    if lead_days > 0:
        # §3.6.6: a display alarm `lead_days` before the (all-day) start, so there is time to
        # prepare; clients that ignore alarms still show the event.
        out.begin("VALARM")
        out.raw("ACTION", "DISPLAY")
        out.text("DESCRIPTION", t("{name}'s birthday is coming up", name=person.name))
        out.raw("TRIGGER", f"-P{lead_days}D")
        out.end("VALARM")
    out.end("VEVENT")


@dataclass(frozen=True)
class DueCheckIn:
    person: Person
    due: date
    shown_on: date  # overdue check-ins move to today, so the calendar shows them where they matter
    days: int
    last: datetime | None
    key: str  # the suggestion key; its date part is also in the UID


def checkin_event(out: Writer, item: DueCheckIn, stamp: datetime, lang: str) -> None:
    t = Translator(lang)
    since = item.key.rpartition(":")[2]
    out.begin("VEVENT")
    out.text("UID", f"checkin-{item.person.id}-{since}@{UID_DOMAIN}")
    out.utc("DTSTAMP", stamp)
    _all_day(out, item.shown_on)
    # §3.8.7.4: SEQUENCE grows when DTSTART moves, so clients take the newer version.
    out.raw("SEQUENCE", str(max((item.shown_on - item.due).days, 0)))
    out.text("SUMMARY", t("Check in with {name}", name=item.person.name))
    last = (
        t("no contact recorded yet")
        if item.last is None
        else t("last contact on {day}", day=format_day(item.last.astimezone(UTC).date(), lang))
    )
    every = t.ngettext("Every {n} day", "Every {n} days", item.days)
    out.text("DESCRIPTION", f"{every}; {last}.")
    out.raw("CATEGORIES", "CHECK-IN")
    out.end("VEVENT")


def due_check_ins(
    people: list[Person],
    times: dict[int, list[datetime]],
    today: date,
    tz: ZoneInfo,
    prefs: cadence.CadencePrefs,
    horizon_days: int,
    restarts: dict[int, datetime],
) -> list[DueCheckIn]:
    out: list[DueCheckIn] = []
    for person in people:
        pid = person.id or 0
        person_times = times.get(pid, [])
        eff = cadence.cadence_for(person, person_times, tz, prefs)
        start = cadence.cycle_start(person, person_times, restarts.get(pid))
        if eff is None or start is None:
            continue
        due = start.astimezone(tz).date() + timedelta(days=eff.days)
        if (due - today).days > horizon_days:
            continue
        last = max(person_times) if person_times else None
        key = cadence.check_in_key(pid, last, restarts.get(pid))
        out.append(DueCheckIn(person, due, max(due, today), eff.days, last, key))
    return out


def spread_over_days(
    items: list[DueCheckIn], today: date, per_day: int = CHECK_INS_PER_DAY
) -> list[DueCheckIn]:
    """At most `per_day` check-ins on one day (issue 16: 45 overdue ones all on today is a wall,
    not a reminder). The most overdue relative to their cadence come first; each goes to the
    first day from its due date on that still has room."""

    def urgency(item: DueCheckIn) -> tuple[float, int]:
        overdue = (today - item.due).days / max(item.days, 1)
        return (-overdue, item.person.id or 0)

    taken: dict[date, int] = {}
    placed: list[DueCheckIn] = []
    for item in sorted(items, key=lambda i: (max(i.due, today), *urgency(i))):
        day = max(item.due, today)
        while taken.get(day, 0) >= per_day:
            day += timedelta(days=1)
        taken[day] = taken.get(day, 0) + 1
        placed.append(replace(item, shown_on=day))
    return placed


def calendar_for(
    store: Store,
    *,
    clock: Clock = system_clock,
    timezone: str = "Europe/Berlin",
    horizon_days: int = DEFAULT_HORIZON_DAYS,
    lang: Language | None = None,
) -> bytes:
    """The whole care calendar as an RFC 5545 document (CRLF lines, folded at 75 octets)."""
    now = as_utc(clock())
    tz = ZoneInfo(timezone)
    today = now.astimezone(tz).date()
    with store.read() as conn:
        language = str(lang or user_language(conn))
        bday_prefs = birthdays.load_prefs(conn)
        cad_prefs = cadence.load_prefs(conn)
        people = people_repo.all_people(conn)
        times = interactions_repo.all_times(conn, until=now)
        closed = suggestions_repo.closed_keys(conn)
        restarts = cadence.check_in_restarts(conn)
    out = Writer()
    out.begin("VCALENDAR")
    out.raw("VERSION", "2.0")  # §3.7.4
    out.text("PRODID", PRODID)  # §3.7.3
    out.raw("CALSCALE", "GREGORIAN")
    out.text("X-WR-CALNAME", Translator(language)(CALENDAR_NAME))
    stamp = now.replace(microsecond=0)
    for person in people:
        birthday_event(out, person, bday_prefs.feb29_rule, stamp, language, bday_prefs.lead_days)
    due = due_check_ins(people, times, today, tz, cad_prefs, horizon_days, restarts)
    # Done or dismissed in the app (and no newer cycle yet): gone, and takes no day's room.
    for item in spread_over_days([i for i in due if i.key not in closed], today):
        checkin_event(out, item, stamp, language)
    out.end("VCALENDAR")
    return bytes(out)


def feed(
    store: Store,
    token: str | None,
    *,
    clock: Clock = system_clock,
    timezone: str = "Europe/Berlin",
    horizon_days: int = DEFAULT_HORIZON_DAYS,
) -> bytes:
    """The subscribable feed: the calendar if `token` is the current feed token. A wrong or
    revoked token is "not found" (404), not "forbidden", so the URL does not confirm a feed."""
    with store.read() as conn:
        valid = feed_token.verify(conn, token)
    if not valid:
        raise NotFoundError("no calendar feed at this address")
    return calendar_for(store, clock=clock, timezone=timezone, horizon_days=horizon_days)
