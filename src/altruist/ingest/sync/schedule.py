"""`altruist serve` syncs the accounts in the background on a schedule (issue 17).

The interval is a setting (`sync_every_minutes`, default 60; 0 switches it off), read anew on
every tick so a change in Settings or by `altruist sync schedule` applies without a restart.
An account is due when it was never synced or its last sync is older than the interval; due
accounts sync together (runner.sync_all), their reports land where `altruist sync list` and
Settings read them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

from altruist.clock import Clock, as_utc, system_clock
from altruist.ingest.sync import runner
from altruist.ingest.sync.report import AccountReport
from altruist.store import Store, settings_repo, sync_repo

SETTING_KEY = "sync_every_minutes"
DEFAULT_MINUTES = 60
TICK_SECONDS = 60.0


def interval_minutes(store: Store) -> int:
    with store.read() as conn:
        value = settings_repo.get(conn, SETTING_KEY, DEFAULT_MINUTES)
    return value if isinstance(value, int) and value >= 0 else DEFAULT_MINUTES


def set_interval(store: Store, minutes: int) -> None:
    with store.transaction() as conn:
        settings_repo.put(conn, SETTING_KEY, max(0, int(minutes)))


def due_accounts(store: Store, clock: Clock = system_clock) -> list[str]:
    minutes = interval_minutes(store)
    if minutes == 0:
        return []
    now = as_utc(clock())
    with store.read() as conn:
        accounts = sync_repo.accounts(conn)
    return [
        a.name
        for a in accounts
        if a.last_sync_at is None or now - as_utc(a.last_sync_at) >= timedelta(minutes=minutes)
    ]


def run_due(
    store: Store, *, clock: Clock = system_clock, region: str = "DE"
) -> list[AccountReport]:
    names = due_accounts(store, clock)
    return runner.sync_all(store, names=names, clock=clock, region=region) if names else []


def start(
    store: Store,
    *,
    region: str = "DE",
    on_change: Callable[[], None] | None = None,
    stop: threading.Event | None = None,
    run: Callable[[list[str]], bool] | None = None,
    tick: float = TICK_SECONDS,
) -> threading.Event:
    """Start the background thread; set the returned event to stop it. `on_change` runs after
    a sync that added or changed something (the web app recomputes Today then).

    `run(names)`, when given, starts the sync of the due accounts as a job of its own and says
    whether it started (`altruist serve` passes the web's "Sync now" job, so the two never run
    at once); when it did not, the accounts stay due and the next tick tries again."""
    stop = stop or threading.Event()

    def loop() -> None:
        while not stop.is_set():
            try:
                if run is not None:
                    names = due_accounts(store)
                    reports = []
                    if names:
                        run(names)
                else:
                    reports = run_due(store, region=region)
            except Exception:  # a failed round (database busy, say) must not end the schedule
                reports = []
            if on_change and any(r.added or r.updated or r.gone for r in reports):
                on_change()
            stop.wait(tick)

    threading.Thread(target=loop, name="account-sync", daemon=True).start()
    return stop
