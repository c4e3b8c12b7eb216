"""The one error a sync reports per account: a clear sentence, never a traceback."""

from __future__ import annotations

from altruist.errors import FetchError


class SyncError(FetchError):
    """An account could not be synced (login refused, timeout, malformed answer). Nothing
    already stored is touched: a sync writes a collection only after fetching all of it."""
