"""What every command needs: the settings and a lazily opened store."""

from __future__ import annotations

from dataclasses import dataclass, field

import typer

from altruist.config import Settings
from altruist.engine.context import EngineContext, stored_timezone
from altruist.store import Store, open_store


@dataclass
class AppContext:
    settings: Settings
    _store: Store | None = field(default=None, repr=False)

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = open_store(self.settings.database_url)
        return self._store


def get_app(ctx: typer.Context) -> AppContext:
    """The AppContext of the root command, wherever in the command tree `ctx` is."""
    root = ctx.find_root()
    app = root.obj
    if not isinstance(app, AppContext):  # pragma: no cover - set by the root callback
        raise RuntimeError("altruist CLI context missing")
    return app


def engine_context(app: AppContext) -> EngineContext:
    return EngineContext(
        store=app.store,
        timezone=stored_timezone(app.store, app.settings.timezone),
        embedder_name=app.settings.embedder,
    )
