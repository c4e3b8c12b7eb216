"""What every command needs: the settings, a lazily opened store and the user's language."""

from __future__ import annotations

from dataclasses import dataclass, field

import typer

from altruist.config import Settings
from altruist.engine.context import EngineContext, stored_timezone
from altruist.errors import AltruistError
from altruist.i18n import LANGUAGES, Translator
from altruist.store import Store, open_store, settings_repo

LANGUAGE_SETTING = "language"  # the key the web's Settings page and language switch write


@dataclass
class AppContext:
    settings: Settings
    lang_override: str | None = None  # the global `--lang`
    _store: Store | None = field(default=None, repr=False)
    _translator: Translator | None = field(default=None, repr=False)

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = open_store(self.settings.database_url)
        return self._store

    @property
    def language(self) -> str:
        """`--lang`, else the language chosen in Settings (stored), else the configured fallback
        (config file or ALTRUIST_LANGUAGE) — the same order the web uses after the browser's."""
        if self.lang_override in LANGUAGES:
            return str(self.lang_override)
        try:
            with self.store.read() as conn:
                stored = settings_repo.get(conn, LANGUAGE_SETTING)
        except AltruistError:  # no usable database: still say so in the configured language
            stored = None
        return str(stored) if stored in LANGUAGES else self.settings.language

    @property
    def t(self) -> Translator:
        if self._translator is None:
            self._translator = Translator(self.language)
        return self._translator


def get_app(ctx: typer.Context) -> AppContext:
    """The AppContext of the root command, wherever in the command tree `ctx` is."""
    root = ctx.find_root()
    app = root.obj
    if not isinstance(app, AppContext):  # pragma: no cover - set by the root callback
        raise RuntimeError("altruist CLI context missing")
    return app


def translator(ctx: typer.Context) -> Translator:
    """The user's language for this command's output."""
    return get_app(ctx).t


def engine_context(app: AppContext) -> EngineContext:
    return EngineContext(
        store=app.store,
        timezone=stored_timezone(app.store, app.settings.timezone),
        embedder_name=app.settings.embedder,
    )
