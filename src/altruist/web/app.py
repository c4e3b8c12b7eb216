"""The app factory. Pages and API routers are discovered from `web/pages/` (modules with a
`router`), so a new page never edits this file. Errors are mapped here, once."""

from __future__ import annotations

import importlib
import pkgutil
import threading
from dataclasses import replace
from datetime import timedelta

from fastapi import FastAPI
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

import altruist.web.pages as pages_package
from altruist import __version__
from altruist.agenda import last_refresh, refresh_in_background
from altruist.clock import Clock, as_utc, system_clock
from altruist.config import Settings
from altruist.engine.context import EngineContext, stored_timezone
from altruist.errors import AltruistError
from altruist.i18n import Translator
from altruist.store import Store, open_store
from altruist.understand import stale
from altruist.validate import InvalidValue
from altruist.web.render import render, request_language
from altruist.web.security import BodyLimits, SecurityMiddleware

STATIC_DIR = __file__.rsplit("/", 1)[0] + "/static"
REFRESH_AFTER = timedelta(hours=1)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _refresh_in_background(ctx: EngineContext, clock: Clock) -> None:
    """Recompute suggestions after start-up when they are stale, without delaying the server
    (the refresh first repairs derived needs and offers an import left stale)."""
    if stale.is_stale(ctx.store):
        refresh_in_background(ctx)
        return
    last = last_refresh(ctx)
    if last is not None and as_utc(clock()) - as_utc(last) < REFRESH_AFTER:
        return
    refresh_in_background(ctx)


def create_app(
    settings: Settings,
    *,
    store: Store | None = None,
    clock: Clock = system_clock,
    background_refresh: bool = False,
    extra_hosts: tuple[str, ...] = (),
) -> FastAPI:
    """`extra_hosts`: further Host names to accept (tests pass Starlette's "testserver")."""
    app = FastAPI(
        title="altruist",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        description="JSON API of altruist, the local-first networking assistant.",
    )
    app.state.store = store or open_store(settings.database_url)
    app.state.configured_timezone = settings.timezone  # what a restore without one falls back to
    settings = replace(settings, timezone=stored_timezone(app.state.store, settings.timezone))
    app.state.settings = settings
    app.state.clock = clock
    app.state.engine = EngineContext(
        store=app.state.store,
        clock=clock,
        timezone=settings.timezone,
        embedder_name=settings.embedder,
    )
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    uploads: dict[str, int] = {}
    for info in sorted(pkgutil.iter_modules(pages_package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"altruist.web.pages.{info.name}")
        router = getattr(module, "router", None)
        if router is not None:
            app.include_router(router)
        # A page that takes uploads names its paths and their largest body (UPLOAD_LIMITS).
        uploads.update(getattr(module, "UPLOAD_LIMITS", {}))
    app.add_middleware(
        SecurityMiddleware,
        allowed_hosts={settings.host, *extra_hosts},
        limits=BodyLimits(uploads=uploads),
    )

    @app.exception_handler(AltruistError)
    async def _altruist_error(request: Request, exc: AltruistError) -> Response:
        gettext = Translator(request_language(request)).gettext
        message = exc.translated(gettext) if isinstance(exc, InvalidValue) else gettext(str(exc))
        if _wants_json(request):
            return JSONResponse(
                {"error": message, "type": type(exc).__name__}, status_code=exc.http_status
            )
        return render(
            request,
            "error.html",
            {"message": message, "status": exc.http_status},
            status_code=exc.http_status,
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid_request(request: Request, exc: RequestValidationError) -> Response:
        """Out-of-range ids, pages and form fields: a 422 page naming the fields, not JSON."""
        if _wants_json(request):
            return JSONResponse({"detail": jsonable_encoder(exc.errors())}, status_code=422)
        gettext = Translator(request_language(request)).gettext
        fields = sorted({str(e.get("loc", ("", "?"))[-1]) for e in exc.errors()})
        message = gettext(
            "These values are invalid or out of range: {fields}.", fields=", ".join(fields)
        )
        return render(request, "error.html", {"message": message, "status": 422}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_json(request):
            return JSONResponse({"error": exc.detail}, status_code=exc.status_code)
        return render(
            request,
            "error.html",
            {"message": str(exc.detail), "status": exc.status_code},
            status_code=exc.status_code,
        )

    if background_refresh:
        _refresh_in_background(app.state.engine, clock)
    elif stale.is_stale(app.state.store):
        # An import was cut off before its derivation: repair without delaying the start.
        threading.Thread(
            target=stale.repair_if_stale, args=(app.state.store,), name="derive", daemon=True
        ).start()
    return app
