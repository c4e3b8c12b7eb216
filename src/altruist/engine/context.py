"""What every engine module receives: the store, the clock, the user's time zone, the embedder."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from altruist.clock import Clock, local_today, system_clock
from altruist.store import Store
from altruist.understand.embedder import Embedder, get_embedder


@dataclass
class EngineContext:
    store: Store
    clock: Clock = system_clock
    timezone: str = "Europe/Berlin"
    embedder_name: str = "use"
    _embedder: Embedder | None = field(default=None, repr=False)

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = get_embedder(self.embedder_name)
        return self._embedder

    def today(self) -> date:
        return local_today(self.clock, self.timezone)


def stored_timezone(store: Store, fallback: str) -> str:
    """The time zone the user chose in Settings (kept in the store), else the configured one:
    a user who travels changes it once and every surface follows."""
    from altruist.store import settings_repo

    with store.read() as conn:
        value = settings_repo.get(conn, "timezone")
    return str(value) if value else fallback
