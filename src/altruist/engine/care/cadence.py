"""Keep in touch: a cadence per person or per tier, tie strength with a half-life, and the ranked
list of overdue contacts.

The cadence clock restarts on *any* interaction in the store — imported messages, meetings from a
calendar, notes, an introduction made, an answer given (issue 6: the best-known personal CRM's
most-reported defect is a timer that ignores what the user logged). Overdue contacts are ranked
by what is at stake (tie strength) and how far the tie has drifted (decay), not by days alone;
docs/care.md gives the formulas.
"""

from __future__ import annotations

import itertools
import statistics
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Connection

from altruist.domain import Person, SuggestionKind, SuggestionState
from altruist.errors import ConfigError
from altruist.store import settings_repo
from altruist.store import suggestions as suggestions_repo
from altruist.validate import MAX_CADENCE_DAYS

TIERS_KEY = "care.tiers"
HALF_LIFE_KEY = "care.half_life_days"
DEFAULT_TIERS: dict[str, int] = {"close": 30, "regular": 90, "yearly": 365}
DEFAULT_HALF_LIFE_DAYS = 180
# Interactions needed before a rhythm is read from history rather than guessed.
MIN_CONTACT_DAYS_FOR_HISTORY = 3
# A tie counts as "strong" at about this many recent interactions (strength = 1 - 2^(-mass/SAT)).
SATURATION = 2.0
# A cadence the user chose says the person matters, even with little recorded history.
CHOSEN_STRENGTH_FLOOR = 0.4


@dataclass(frozen=True)
class CadencePrefs:
    tiers: dict[str, int]
    half_life_days: int = DEFAULT_HALF_LIFE_DAYS


def load_prefs(conn: Connection) -> CadencePrefs:
    raw = settings_repo.get(conn, TIERS_KEY, DEFAULT_TIERS)
    if not isinstance(raw, dict) or not all(isinstance(v, int) and v > 0 for v in raw.values()):
        raise ConfigError(f"setting {TIERS_KEY} must map tier names to positive day counts")
    half_life = int(settings_repo.get(conn, HALF_LIFE_KEY, DEFAULT_HALF_LIFE_DAYS))
    if half_life <= 0:
        raise ConfigError(f"setting {HALF_LIFE_KEY} must be a positive number of days")
    # Values saved before they were range-checked (issue 19) are read within the range.
    return CadencePrefs(
        {str(k): min(int(v), MAX_CADENCE_DAYS) for k, v in raw.items()},
        min(half_life, MAX_CADENCE_DAYS),
    )


def save_tiers(conn: Connection, tiers: dict[str, int]) -> None:
    if not tiers or any(days <= 0 for days in tiers.values()):
        raise ConfigError("every tier needs a positive number of days")
    settings_repo.put(conn, TIERS_KEY, dict(tiers))


def save_half_life(conn: Connection, days: int) -> None:
    if days <= 0:
        raise ConfigError("the half-life must be a positive number of days")
    settings_repo.put(conn, HALF_LIFE_KEY, days)


@dataclass(frozen=True)
class Cadence:
    days: int
    source: str  # "person", a tier name, or "history"

    @property
    def chosen(self) -> bool:
        """Set by the user (per person or by tier) rather than read from history."""
        return self.source != "history"


def contact_days(times: list[datetime], tz: ZoneInfo) -> list[date]:
    """Distinct local days with contact: an imported thread of twenty messages in one afternoon is
    one contact, not twenty."""
    return sorted({t.astimezone(tz).date() for t in times})


def cadence_from_history(days: list[date], tiers: dict[str, int]) -> Cadence | None:
    """The smallest tier whose cadence covers 1.5× the usual (median) gap between contacts.

    The slack keeps a weekly rhythm from being "overdue" after eight days.
    """
    if len(days) < MIN_CONTACT_DAYS_FOR_HISTORY or not tiers:
        return None
    gaps = [(b - a).days for a, b in itertools.pairwise(days)]
    usual = statistics.median(gaps) * 1.5
    for _name, length in sorted(tiers.items(), key=lambda kv: kv[1]):
        if length >= usual:
            return Cadence(length, "history")
    return Cadence(max(tiers.values()), "history")


def effective_cadence(person: Person, days: list[date], prefs: CadencePrefs) -> Cadence | None:
    """Per-person cadence wins over the tier, the tier over what history suggests."""
    if person.cadence_days:
        return Cadence(person.cadence_days, "person")
    if person.tier and person.tier in prefs.tiers:
        return Cadence(prefs.tiers[person.tier], person.tier)
    return cadence_from_history(days, prefs.tiers)


def cadence_for(
    person: Person, times: list[datetime], tz: ZoneInfo, prefs: CadencePrefs
) -> Cadence | None:
    """`effective_cadence`, reading the contact days only when history decides (converting
    every interaction to local time is the costly part at 30,000 contacts)."""
    chosen = bool(person.cadence_days) or (person.tier is not None and person.tier in prefs.tiers)
    if chosen or len(times) < MIN_CONTACT_DAYS_FOR_HISTORY:
        return effective_cadence(person, [], prefs)
    return effective_cadence(person, contact_days(times, tz), prefs)


def interaction_mass(times: list[datetime], at: datetime, half_life_days: int) -> float:
    """Σ 2^(−age/half-life) over interactions up to `at`: each contact counts fully when fresh and
    half as much after one half-life."""
    half_life = timedelta(days=half_life_days)
    return sum(0.5 ** ((at - t) / half_life) for t in times if t <= at)


def strength_from_mass(mass: float) -> float:
    return 1.0 - 0.5 ** (mass / SATURATION)


def tie_strength_at(times: list[datetime], at: datetime, half_life_days: int) -> float:
    """How strong the tie is at `at`, in [0, 1)."""
    return strength_from_mass(interaction_mass(times, at, half_life_days))


def tie_strengths(
    all_times: dict[int, list[datetime]], now: datetime, half_life_days: int
) -> dict[int, float]:
    """Current (decayed) tie strength per person, for ranking other care items."""
    return {pid: tie_strength_at(times, now, half_life_days) for pid, times in all_times.items()}


@dataclass(frozen=True)
class Overdue:
    person: Person
    cadence: Cadence
    last_contact: datetime | None
    days_since: int | None
    overdue_days: int
    strength: float  # at the last contact: what is at stake
    decay: float  # how much of the tie has faded since the check-in became due
    priority: float  # strength × (½ + ½·decay), in [0, 1]
    cycle_start: datetime | None = None  # what the cadence counts from (see `cycle_start`)


def cycle_start(person: Person, times: list[datetime], restart: datetime | None) -> datetime | None:
    """What the cadence counts from: the last contact, or — if later — the moment the user closed
    the previous check-in (done or dismissed) without a contact being logged, so a closed
    check-in comes back one cadence later instead of never. Without either: when the person was
    added, so a fresh import does not flood Today on day one."""
    last = max(times) if times else None
    candidates = [t for t in (last, restart) if t is not None]
    if candidates:
        return max(candidates)
    return person.created_at


def overdue_contacts(
    people: list[Person],
    all_times: dict[int, list[datetime]],
    now: datetime,
    tz: ZoneInfo,
    prefs: CadencePrefs,
    restarts: dict[int, datetime] | None = None,
) -> list[Overdue]:
    """Everyone whose cadence has run out, most valuable first."""
    today = now.astimezone(tz).date()
    restarts = restarts or {}
    out: list[Overdue] = []
    for person in people:
        pid = person.id or 0
        times = all_times.get(pid, [])
        cadence = cadence_for(person, times, tz, prefs)
        if cadence is None:
            continue
        start = cycle_start(person, times, restarts.get(pid)) or now
        overdue = (today - start.astimezone(tz).date()).days - cadence.days
        if overdue < 0:
            continue
        last = max(times) if times else None
        days_since = (today - last.astimezone(tz).date()).days if last else None
        strength = tie_strength_at(times, last, prefs.half_life_days) if last else 0.0
        if cadence.chosen:
            strength = max(strength, CHOSEN_STRENGTH_FLOOR)
        # Decay uses the cadence as its half-life: one whole cadence overdue = half drifted away.
        decay = 1.0 - 0.5 ** (overdue / cadence.days)
        priority = strength * (0.5 + 0.5 * decay)
        out.append(
            Overdue(person, cadence, last, days_since, overdue, strength, decay, priority, start)
        )
    out.sort(key=lambda o: (-o.priority, -o.overdue_days, o.person.name, o.person.id or 0))
    return out


def due_on(
    person: Person,
    times: list[datetime],
    tz: ZoneInfo,
    prefs: CadencePrefs,
    restart: datetime | None = None,
) -> date | None:
    """The local date the next check-in with `person` falls due (for the calendar)."""
    cadence = cadence_for(person, times, tz, prefs)
    start = cycle_start(person, times, restart)
    if cadence is None or start is None:
        return None
    return start.astimezone(tz).date() + timedelta(days=cadence.days)


def check_in_restarts(conn: Connection) -> dict[int, datetime]:
    """Per person, when the user last closed a check-in (done, accepted or dismissed)."""
    closed = [SuggestionState.DONE, SuggestionState.ACCEPTED, SuggestionState.DISMISSED]
    out: dict[int, datetime] = {}
    for item in suggestions_repo.with_state(conn, closed):
        if item.kind is not SuggestionKind.CHECK_IN or item.updated_at is None:
            continue
        for pid in item.person_ids:
            if pid not in out or item.updated_at > out[pid]:
                out[pid] = item.updated_at
    return out


def check_in_key(person_id: int, last_contact: datetime | None, restart: datetime | None) -> str:
    """`checkin:<person>:<UTC date the cycle started | never>`. UTC, so the key survives a
    change of the time-zone setting when the user travels."""
    starts = [t for t in (last_contact, restart) if t is not None]
    since = max(starts).astimezone(UTC).date().isoformat() if starts else "never"
    return f"checkin:{person_id}:{since}"
