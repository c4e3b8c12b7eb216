"""Today: the short mixed list of the best good deeds now, and the feedback that shapes it.

Mix policy (documented in docs/design.md):
1. Candidates come from every engine module; each is stored under its stable key, so feedback
   given yesterday still applies today.
2. Closed deeds (done, dismissed) never return; snoozed ones return when the snooze ends.
3. A deed shown on earlier days and ignored ranks lower: score × IGNORED_DECAY ** days shown.
4. Giving first: asks are placed after every giving deed, and at most MAX_ASKS per list.
5. Variety: first the best deed of every kind (best kinds first), then the rest by score with
   at most a third of the list per kind; no person appears twice.
"""

from __future__ import annotations

import math
import threading
import weakref
from collections.abc import Callable, Collection, Sequence
from datetime import date, datetime, timedelta

from altruist import validate
from altruist.clock import as_utc
from altruist.domain import Suggestion, SuggestionKind, SuggestionState
from altruist.engine import giving
from altruist.engine.context import EngineContext
from altruist.errors import AltruistError, ConfigError
from altruist.store import Store, settings_repo
from altruist.store import suggestions as suggestions_repo
from altruist.store.rows import utcnow
from altruist.understand import stale

IGNORED_DECAY = 0.85
MAX_ASKS = 1
DEFAULT_SNOOZE_DAYS = 7


def _engine_sources() -> list[Callable[[EngineContext], list[Suggestion]]]:
    """Every engine module that proposes deeds (imported here: they load numpy and the store)."""
    from altruist.engine import asks, care, intro_followups, intros, questions

    return [care.suggest, intros.suggest, intro_followups.suggest, questions.suggest, asks.suggest]


REFRESHED_AT = "agenda_refreshed_at"
# One refresh at a time per process: the web app refreshes in a background thread while a
# request may ask for one too, and both would insert the same new keys.
_REFRESH_LOCK = threading.Lock()
# store -> (fingerprint of the latest refresh's deeds, those deeds); see current()
_CURRENT_CACHE: weakref.WeakKeyDictionary[Store, tuple[object, list[Suggestion]]] = (
    weakref.WeakKeyDictionary()
)


def refresh(ctx: EngineContext) -> list[Suggestion]:
    """Ask every engine for its deeds and store them with their feedback state.

    This is the expensive step (embeddings, graph scoring); pages read the stored result, so the
    web app answers fast and recomputes in the background.
    """
    with _REFRESH_LOCK:
        started = utcnow()
        stale.repair_if_stale(ctx.store)  # derived needs/offers of an import cut off by a kill
        candidates: list[Suggestion] = []
        for source in _engine_sources():
            candidates.extend(source(ctx))
        with ctx.store.transaction() as conn:
            stored = [suggestions_repo.upsert(conn, item) for item in candidates]
            settings_repo.put(conn, REFRESHED_AT, started.isoformat())
        return stored


def refresh_in_background(ctx: EngineContext) -> None:
    """Recompute the deeds without making the caller (a web request) wait for it."""
    threading.Thread(target=refresh, args=(ctx,), name="agenda-refresh", daemon=True).start()


def last_refresh(ctx: EngineContext) -> datetime | None:
    with ctx.store.read() as conn:
        value = settings_repo.get(conn, REFRESHED_AT)
    return datetime.fromisoformat(value) if value else None


def current(ctx: EngineContext) -> list[Suggestion]:
    """The deeds of the latest refresh with their current feedback state (no recomputation).

    Pages call this on every load; the rows are read again only when their fingerprint changed
    (a refresh, feedback, a showing), which keeps Today fast under concurrent requests.
    """
    since = last_refresh(ctx)
    if since is None:
        return refresh(ctx)
    with ctx.store.read() as conn:
        key = (since, suggestions_repo.version_since(conn, since))
        cached = _CURRENT_CACHE.get(ctx.store)
        if cached is not None and cached[0] == key:
            return list(cached[1])
        items = suggestions_repo.proposed_since(conn, since)
    _CURRENT_CACHE[ctx.store] = (key, items)
    return list(items)


def is_available(item: Suggestion, now: datetime) -> bool:
    return item.is_available(now)


def effective_score(item: Suggestion, today: date | None = None) -> float:
    """The score after the ignored-deed penalty. Only showings on *earlier* days count: reloading
    the page today must show the same list, not rotate through the candidates."""
    shown = item.shown_count - (1 if today is not None and item.last_shown_on == today else 0)
    return item.score * math.pow(IGNORED_DECAY, max(0, shown))


def of_kinds(
    ctx: EngineContext, kinds: Collection[SuggestionKind], *, recompute: bool = False
) -> list[Suggestion]:
    """The available deeds of some kinds, best first — a whole list rather than Today's mix
    (the Questions page, `altruist questions`)."""
    now, day = as_utc(ctx.clock()), ctx.today()
    items = refresh(ctx) if recompute else current(ctx)
    return sorted(
        (s for s in items if s.kind in kinds and is_available(s, now)),
        key=lambda s: (-effective_score(s, day), s.key),
    )


def mix(items: Sequence[Suggestion], limit: int, today: date | None = None) -> list[Suggestion]:
    """Apply the mix policy to available candidates; deterministic for equal input."""
    ranked = sorted(items, key=lambda s: (-effective_score(s, today), s.key))
    giving = [s for s in ranked if s.kind.is_giving]
    asks = [s for s in ranked if not s.kind.is_giving][:MAX_ASKS]
    kinds_present = {s.kind for s in giving}
    per_kind_cap = max(2, math.ceil(limit / 3)) if len(kinds_present) > 1 else limit
    chosen: list[Suggestion] = []
    people_used: set[int] = set()
    per_kind: dict[SuggestionKind, int] = {}

    def take(pool: Sequence[Suggestion], cap: int) -> None:
        for item in pool:
            if len(chosen) >= limit:
                return
            if item in chosen or per_kind.get(item.kind, 0) >= cap:
                continue
            if people_used.intersection(item.person_ids):
                continue
            chosen.append(item)
            people_used.update(item.person_ids)
            per_kind[item.kind] = per_kind.get(item.kind, 0) + 1

    take(giving, 1)  # the best of each kind
    take(giving, per_kind_cap)
    take(giving, limit)  # fill up when one kind dominates the candidates
    reserve = limit - len(chosen)
    if reserve <= 0 and asks and chosen:
        chosen.pop()  # an ask may end the list, but only after giving deeds
    take(asks, MAX_ASKS)
    return chosen


def build_today(
    ctx: EngineContext, limit: int = 7, *, mark_shown: bool = True, recompute: bool = True
) -> list[Suggestion]:
    """Today's list. `recompute=False` serves the stored result of the last refresh."""
    if limit < 1:
        raise ConfigError("the agenda needs a limit of at least 1")
    now = as_utc(ctx.clock())
    candidates = refresh(ctx) if recompute else current(ctx)
    available = [s for s in candidates if is_available(s, now)]
    day = ctx.today()
    today = mix(available, limit, day)
    # Only the first showing of a day is written: page loads stay read-only, which keeps them
    # fast under concurrent requests (SQLite has one writer).
    unseen = [s.id for s in today if s.id is not None and s.last_shown_on != day]
    if mark_shown and unseen:
        with ctx.store.transaction() as conn:
            suggestions_repo.mark_shown(conn, unseen, day)
    return today


FEEDBACK_STATES = {
    "done": SuggestionState.DONE,
    "dismiss": SuggestionState.DISMISSED,
    "dismissed": SuggestionState.DISMISSED,
    "snooze": SuggestionState.SNOOZED,
    "snoozed": SuggestionState.SNOOZED,
    "accept": SuggestionState.ACCEPTED,
}


def record_feedback(
    ctx: EngineContext, suggestion_id: int, action: str, *, snooze_days: int = DEFAULT_SNOOZE_DAYS
) -> Suggestion:
    """Mark a deed done, dismissed or snoozed. The state is what the next agenda respects."""
    state = FEEDBACK_STATES.get(action)
    if state is None:
        raise AltruistError(f"unknown feedback '{action}' (use done, dismiss or snooze)")
    validate.in_range(snooze_days, 1, validate.MAX_SNOOZE_DAYS, "Snooze days")
    until = (
        as_utc(ctx.clock()) + timedelta(days=snooze_days)
        if state is SuggestionState.SNOOZED
        else None
    )
    with ctx.store.transaction() as conn:
        item = suggestions_repo.get(conn, suggestion_id)  # raises NotFoundError with the id
        suggestions_repo.set_state(conn, suggestion_id, state, snoozed_until=until)
        if state is SuggestionState.DONE and not item.state.is_closed:
            # A deed done is contact made (and often a gift): it resets keep-in-touch cadences
            # and appears in the ledger. Same transaction, so both happen or neither.
            giving.record_done(conn, item, as_utc(ctx.clock()))
        return suggestions_repo.get(conn, suggestion_id)
