"""Today: the short mixed list of the best good deeds now, and the feedback that shapes it.

Mix policy (documented in docs/design.md):
1. Candidates come from every engine module; each is stored under its stable key, so feedback
   given yesterday still applies today.
2. Closed deeds (done, dismissed) never return; snoozed ones return when the snooze ends.
3. A deed shown on earlier days and ignored ranks lower: score × IGNORED_DECAY ** days shown.
4. Giving first: asks are placed after every giving deed, and at most MAX_ASKS per list.
5. Variety: first the best deed of every kind (best kinds first), then the rest by score with
   at most a third of the list per kind; no person appears twice.
6. Today ends: the day's list is a budget (setting `today_limit`, default 5). Deeds shown today
   keep their place until acted on; a deed done, dismissed or snoozed today is not replaced, so
   after the last one the day is done. CLI and web read the same plan from the store.
7. Feedback teaches (agenda/learning.py): kinds and people the user keeps dismissing sink, kinds
   they act on rise; a kind weighing little loses its guaranteed place in step 5.
"""

from __future__ import annotations

import contextlib
import math
import threading
import weakref
from collections.abc import Callable, Collection, Sequence, Set
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Connection

from altruist import validate
from altruist.agenda import background
from altruist.agenda.learning import NEUTRAL, Preferences, learn
from altruist.clock import as_utc
from altruist.domain import Suggestion, SuggestionKind, SuggestionState
from altruist.engine import giving
from altruist.engine.context import EngineContext
from altruist.errors import AltruistError, ConfigError, NotFoundError
from altruist.store import Store, settings_repo
from altruist.store import suggestions as suggestions_repo
from altruist.store.rows import utcnow
from altruist.understand import stale

IGNORED_DECAY = 0.85
MAX_ASKS = 1
DEFAULT_SNOOZE_DAYS = 7


def _engine_sources() -> list[tuple[str, Callable[[EngineContext], list[Suggestion]]]]:
    """Every engine module that proposes deeds, with the step name progress reports use
    (imported here: they load numpy and the store)."""
    from altruist.engine.care import asks, reminders
    from altruist.engine.care import suggest as care
    from altruist.engine.introductions import followups as intro_followups
    from altruist.engine.introductions import suggest as intros
    from altruist.engine.questions import suggest as questions

    return [
        ("care", care.suggest),
        ("introductions", intros.suggest),
        ("introductions", intro_followups.suggest),
        ("questions", questions.suggest),
        ("asks", asks.suggest),
        ("reminders", reminders.suggest),
    ]


# Where a running recomputation is (issue 16): the progress of the shared background mechanism.
RefreshProgress = background.Progress
ProgressCallback = Callable[[RefreshProgress], None]
# Work that must finish before the engines run, such as "Sync now" bringing new contacts and
# meetings (issue 17): it calls `advance(detail)` after each of its units, and its units are
# steps of the same progress, so pages show one bar for the whole job.
Prelude = Callable[[Callable[[str], None]], None]


def refresh_progress(ctx: EngineContext) -> RefreshProgress:
    return background.progress_of(ctx.store, "refresh")


REFRESHED_AT = "agenda_refreshed_at"
# One refresh at a time per process: the web app refreshes in a background thread while a
# request may ask for one too, and both would insert the same new keys.
_REFRESH_LOCK = threading.Lock()
# store -> (fingerprint of the latest refresh's deeds, those deeds); see current()
_CURRENT_CACHE: weakref.WeakKeyDictionary[Store, tuple[object, list[Suggestion]]] = (
    weakref.WeakKeyDictionary()
)


def refresh(
    ctx: EngineContext,
    on_progress: ProgressCallback | None = None,
    *,
    prelude: tuple[str, int, Prelude] | None = None,
) -> list[Suggestion]:
    """Ask every engine for its deeds and store them with their feedback state.

    This is the expensive step (embeddings, graph scoring); pages read the stored result, so the
    web app answers fast and recomputes in the background. `prelude` = (step name, number of
    units, work) runs first, under the same lock and progress.
    """
    with _REFRESH_LOCK:
        started = utcnow()
        sources = _engine_sources()
        before = prelude[1] if prelude else 0
        progress = RefreshProgress(
            running=True,
            steps=before + len(sources) + 1,
            current=prelude[0] if prelude else "",  # named from the start, for the page
        )
        background.publish(ctx.store, "refresh", progress)
        try:
            if prelude is not None:
                _run_prelude(progress, prelude, on_progress)
            stale.repair_if_stale(ctx.store)  # derived needs/offers of an import cut off by a kill
            candidates: list[Suggestion] = []
            for step, (name, source) in enumerate(sources, before + 1):
                progress.step, progress.current = step, name
                if on_progress:
                    on_progress(progress)
                candidates.extend(source(ctx))
            progress.step, progress.current = before + len(sources) + 1, "saving"
            if on_progress:
                on_progress(progress)
            with ctx.store.transaction() as conn:
                stored = [suggestions_repo.upsert(conn, item) for item in candidates]
                settings_repo.put(conn, REFRESHED_AT, started.isoformat())
        except Exception as exc:
            progress.error = str(exc) or type(exc).__name__
            raise
        finally:
            progress.running = False
        return stored


def _run_prelude(
    progress: RefreshProgress,
    prelude: tuple[str, int, Prelude],
    on_progress: ProgressCallback | None,
) -> None:
    name, units, work = prelude
    progress.current = name
    if on_progress:
        on_progress(progress)

    def advance(detail: str) -> None:
        progress.step, progress.detail = min(progress.step + 1, units), detail
        if on_progress:
            on_progress(progress)

    work(advance)
    progress.step, progress.detail = units, ""


def refresh_in_background(
    ctx: EngineContext, *, prelude: tuple[str, int, Prelude] | None = None
) -> bool:
    """Recompute the deeds without making the caller (a web request) wait for it, after the
    prelude if one is given. Returns False when a recomputation is already running (it will
    include everything up to now; a prelude passed then does not run)."""
    before = prelude[1] if prelude else 0
    # One thread at a time; `refresh` publishes its own progress once it runs.
    started = background.start(
        ctx.store,
        "refresh",
        lambda _: refresh(ctx, prelude=prelude),
        before + len(_engine_sources()) + 1,
    )
    if started and prelude:
        # Named before the thread gets going, so a page rendered right after says what runs.
        refresh_progress(ctx).current = prelude[0]
    return started


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


def effective_score(
    item: Suggestion, today: date | None = None, prefs: Preferences = NEUTRAL
) -> float:
    """The score after the ignored-deed penalty and the learned preferences. Only showings on
    *earlier* days count: reloading the page today must show the same list, not rotate through
    the candidates."""
    shown = item.shown_count - (1 if today is not None and item.last_shown_on == today else 0)
    return item.score * math.pow(IGNORED_DECAY, max(0, shown)) * prefs.of(item)


def of_kinds(
    ctx: EngineContext,
    kinds: Collection[SuggestionKind],
    *,
    recompute: bool = False,
    on_progress: ProgressCallback | None = None,
) -> list[Suggestion]:
    """The available deeds of some kinds, best first — a whole list rather than Today's mix
    (the Questions page, `altruist questions`)."""
    now, day = as_utc(ctx.clock()), ctx.today()
    items = refresh(ctx, on_progress) if recompute else current(ctx)
    return sorted(
        (s for s in items if s.kind in kinds and is_available(s, now)),
        key=lambda s: (-effective_score(s, day), s.key),
    )


def mix(
    items: Sequence[Suggestion],
    limit: int,
    today: date | None = None,
    prefs: Preferences = NEUTRAL,
    *,
    people_taken: Set[int] = frozenset(),
    max_asks: int = MAX_ASKS,
) -> list[Suggestion]:
    """Apply the mix policy to available candidates; deterministic for equal input.
    `people_taken` and `max_asks` account for deeds already on the day's list."""
    ranked = sorted(items, key=lambda s: (-effective_score(s, today, prefs), s.key))
    giving = [s for s in ranked if s.kind.is_giving]
    # Every ask in rank order: the best one whose person is not on the list yet gets the place.
    asks = [s for s in ranked if not s.kind.is_giving]
    kinds_present = {s.kind for s in giving}
    per_kind_cap = max(2, math.ceil(limit / 3)) if len(kinds_present) > 1 else limit
    chosen: list[Suggestion] = []
    people_used: set[int] = set(people_taken)
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

    # The best of each kind the user has not taught us to skip.
    take([s for s in giving if prefs.keeps_variety(s.kind)], 1)
    take(giving, per_kind_cap)
    take(giving, limit)  # fill up when one kind dominates the candidates
    if len(chosen) >= limit and chosen and max_asks > 0:
        # An ask may end a full list, after the giving deeds: it takes the last giving deed's
        # place, but only when one can really be placed there (its person not on the list) —
        # otherwise the list would lose a deed and gain nothing.
        last = chosen[-1]
        others = people_used.difference(last.person_ids).union(people_taken)
        if any(not others.intersection(a.person_ids) for a in asks):
            chosen.pop()
            people_used = others
            per_kind[last.kind] -= 1
    take(asks, max(0, max_asks))
    return chosen


@dataclass(frozen=True)
class TodayPlan:
    """The day's list: deeds still open on it, and how much of the day's budget is used."""

    items: list[Suggestion]
    budget: int
    acted: int  # deeds of today's list done, dismissed or snoozed today

    @property
    def finished(self) -> bool:
        """The user acted on every deed of the day: done for today, until tomorrow."""
        return not self.items and self.acted > 0


def plan_today(
    ctx: EngineContext,
    budget: int = 5,
    *,
    mark_shown: bool = True,
    recompute: bool = True,
    on_progress: ProgressCallback | None = None,
) -> TodayPlan:
    """Today's list within the daily budget. `recompute=False` serves the last refresh.

    Deeds already on today's list (shown today) keep their place while open; the rest of the
    budget is filled by the mix policy. Deeds acted on today use up budget and are not replaced:
    that is what lets Today end.
    """
    if budget < 1:
        raise ConfigError("the agenda needs a limit of at least 1")
    now = as_utc(ctx.clock())
    candidates = refresh(ctx, on_progress) if recompute else current(ctx)
    day = ctx.today()
    candidates = candidates + _reminders_due_since_refresh(ctx, candidates, day)
    with ctx.store.read() as conn:
        prefs = learn(conn)
        on_list = suggestions_repo.shown_on(conn, day)
    available = [s for s in candidates if is_available(s, now)]
    planned = [s for s in available if s.last_shown_on == day]
    acted = [s for s in on_list if not is_available(s, now)]
    # A deed of today's list that the latest refresh no longer proposes (its person was deleted,
    # the birthday passed) neither shows nor uses budget.
    used = len(planned) + len(acted)
    fill = (
        mix(
            [s for s in available if s.last_shown_on != day],
            budget - used,
            day,
            prefs,
            people_taken={pid for s in planned for pid in s.person_ids},
            max_asks=MAX_ASKS - sum(1 for s in planned + acted if not s.kind.is_giving),
        )
        if budget > used
        else []
    )
    items = sorted(
        planned + fill,
        key=lambda s: (not s.kind.is_giving, -effective_score(s, day, prefs), s.key),
    )
    # Only the first showing of a day is written: page loads stay read-only, which keeps them
    # fast under concurrent requests (SQLite has one writer).
    unseen = [s.id for s in items if s.id is not None and s.last_shown_on != day]
    if mark_shown and unseen:
        with ctx.store.transaction() as conn:
            suggestions_repo.mark_shown(conn, unseen, day)
    return TodayPlan(items, budget, len(acted))


def _reminders_due_since_refresh(
    ctx: EngineContext, candidates: Sequence[Suggestion], day: date
) -> list[Suggestion]:
    """Reminders that fell due (or were added) after the latest refresh: stored now, so a
    reminder is on Today on its day without a recomputation. Writes only when one is missing."""
    from altruist.engine.care import reminders

    known = {s.key for s in candidates}
    with ctx.store.read() as conn:
        missing = [s for s in reminders.due_suggestions(conn, day) if s.key not in known]
    if not missing:
        return []
    with ctx.store.transaction() as conn:
        return [suggestions_repo.upsert(conn, item) for item in missing]


def build_today(
    ctx: EngineContext, limit: int = 5, *, mark_shown: bool = True, recompute: bool = True
) -> list[Suggestion]:
    """Today's open deeds (see plan_today)."""
    return plan_today(ctx, limit, mark_shown=mark_shown, recompute=recompute).items


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
    if state is SuggestionState.DONE:
        with ctx.store.read() as conn:
            kind = suggestions_repo.get(conn, suggestion_id).kind  # NotFoundError with the id
        if kind is SuggestionKind.INTRODUCE:
            # An introduction is a double opt-in, never a single act: "done" starts it (the
            # suggestion becomes accepted), and its steps follow on Today and /introductions.
            from altruist.engine.introductions import flow

            flow.start_from_suggestion(ctx, suggestion_id)
            with ctx.store.read() as conn:
                return suggestions_repo.get(conn, suggestion_id)
    with ctx.store.transaction() as conn:
        item = suggestions_repo.get(conn, suggestion_id)  # raises NotFoundError with the id
        suggestions_repo.set_state(conn, suggestion_id, state, snoozed_until=until)
        if state is SuggestionState.DONE and not item.state.is_closed:
            # A deed done is contact made (and often a gift): it resets keep-in-touch cadences
            # and appears in the ledger. Same transaction, so both happen or neither.
            giving.record_done(conn, item, as_utc(ctx.clock()))
        closes = state in (SuggestionState.DONE, SuggestionState.DISMISSED)
        if closes and item.kind is SuggestionKind.REMINDER and not item.state.is_closed:
            # Done or dismissed, this occurrence is over: a recurring reminder moves on.
            _reminder_done(conn, item, ctx.today())
        return suggestions_repo.get(conn, suggestion_id)


def _reminder_done(conn: Connection, item: Suggestion, day: date) -> None:
    """A reminder's deed done: a recurring reminder moves to its next day, a one-off closes."""
    from altruist.engine.care import reminders
    from altruist.store import reminders as reminders_repo

    reminder_id = reminders.reminder_id(item.key)
    if reminder_id is not None:
        with contextlib.suppress(NotFoundError):  # the reminder was deleted meanwhile
            reminders_repo.complete(conn, reminder_id, day)


def complete_reminder(ctx: EngineContext, reminder_id: int) -> None:
    """A reminder done outside Today (`altruist remind done`): through its deed when it is
    there, so the deed leaves Today and the person's timeline notes it, as with "Done" on Today."""
    from altruist.store import reminders as reminders_repo

    with ctx.store.read() as conn:
        key = reminders_repo.get(conn, reminder_id).key  # NotFoundError with the id
        deed = suggestions_repo.by_keys(conn, [key]).get(key)
    if deed is not None and deed.id is not None and not deed.state.is_closed:
        record_feedback(ctx, deed.id, "done")
        return
    with ctx.store.transaction() as conn:
        reminders_repo.complete(conn, reminder_id, ctx.today())
