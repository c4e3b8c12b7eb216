"""Syncing the accounts as the first steps of Today's recomputation (issue 17): the one job that
both "Sync now" (Settings) and `altruist serve`'s schedule start.

Both go through `refresh_in_background`, which runs at most one recomputation per store at a
time: while one sync runs, a second — a click during a scheduled round, or a scheduled round
during a click — is not started. The page says so ("already running"); the schedule leaves the
accounts due and tries again at its next tick. Two syncs of the same account never overlap, and
Today is recomputed once with what the sync brought.
"""

from __future__ import annotations

from collections.abc import Callable

from altruist.agenda import refresh_in_background
from altruist.engine.context import EngineContext
from altruist.ingest.sync import runner
from altruist.store import sync_repo

# The step's name, shown by Today's progress and the accounts section (web/pages/today.py).
SYNC_STEP = "accounts"


def sync_in_background(
    ctx: EngineContext, *, names: list[str] | None = None, region: str = "DE"
) -> bool:
    """Start syncing `names` (every account when None), then recompute Today; False when a
    sync or recomputation is already running (then nothing is started)."""
    if names is None:
        with ctx.store.read() as conn:
            count = len(sync_repo.accounts(conn))
    else:
        count = len(names)

    def sync(advance: Callable[[str], None]) -> None:
        # Each account's report (and its errors) is recorded by the runner as it finishes.
        runner.sync_all(
            ctx.store, names=names, region=region, done=lambda report: advance(report.account)
        )

    return refresh_in_background(ctx, prelude=(SYNC_STEP, count, sync))
