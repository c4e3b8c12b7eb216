"""Builders shared by tests: a small demo store and an engine context on the fake embedder."""

from __future__ import annotations

from altruist.clock import Clock
from altruist.demo import build_demo
from altruist.domain import Text
from altruist.engine.context import EngineContext
from altruist.i18n import Translator
from altruist.i18n.message import render
from altruist.store import Store


def demo_engine(store: Store, clock: Clock, *, people: int = 120, seed: int = 7) -> EngineContext:
    build_demo(store, seed=seed, people=people, clock=clock)
    return EngineContext(store=store, clock=clock, timezone="Europe/Berlin", embedder_name="fake")


def shown(text: Text | None, lang: str = "en") -> str:
    """A deed's title or reason as a reader of `lang` sees it (they are stored as messages)."""
    return render(text, Translator(lang))
