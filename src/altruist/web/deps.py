"""Small accessors for route functions: the store and engine context of the running app."""

from __future__ import annotations

from starlette.requests import Request

from altruist.engine.context import EngineContext
from altruist.store import Store


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def engine_of(request: Request) -> EngineContext:
    engine: EngineContext = request.app.state.engine
    return engine
