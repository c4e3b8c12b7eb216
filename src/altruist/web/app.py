"""The app factory. Pages and API routers are discovered from `web/pages/` (modules with a
`router`), so a new page never edits this file. Errors are mapped here, once."""

from __future__ import annotations

import importlib
import logging
import pkgutil
import threading
from collections.abc import Mapping
from dataclasses import replace
from datetime import timedelta
from http import HTTPStatus

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
from altruist.i18n import Translator, labels
from altruist.store import Store, open_store
from altruist.understand import stale
from altruist.validate import InvalidValue
from altruist.web.render import render, request_language
from altruist.web.security import BodyLimits, SecurityMiddleware

logger = logging.getLogger(__name__)
STATIC_DIR = __file__.rsplit("/", 1)[0] + "/static"
REFRESH_AFTER = timedelta(hours=1)


# What an error page says for a status Starlette raised (English msgids of the catalogues).
HTTP_MESSAGES = {
    404: "There is no page at this address.",
    405: "This address cannot be used this way.",
    500: "Something went wrong on our side. Please try again; if it happens again, the server log says more.",
}
HTTP_OTHER = "The request could not be handled."


def _error_page(
    request: Request, status: int, message: str, headers: Mapping[str, str] | None = None
) -> Response:
    response = render(request, "error.html", {"message": message, "status": status}, status)
    response.headers.update(headers or {})
    return response


def http_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


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
        """Out-of-range ids, pages and form fields: a 422 page in the reader's language, not
        JSON. A malformed part of the address (/people/abc) is a page that does not exist."""
        if _wants_json(request):
            return JSONResponse({"detail": jsonable_encoder(exc.errors())}, status_code=422)
        gettext = Translator(request_language(request)).gettext
        if any(tuple(e.get("loc", ()))[:1] == ("path",) for e in exc.errors()):
            return _error_page(request, 404, gettext(HTTP_MESSAGES[404]))
        t = Translator(request_language(request))
        keys = {str(e.get("loc", ("", "?"))[-1]) for e in exc.errors()}
        fields = sorted(labels.name_of(t, "form", key) for key in keys)
        message = gettext(
            "These values are invalid or out of range: {fields}.", fields=", ".join(fields)
        )
        return _error_page(request, 422, message)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_json(request):
            return JSONResponse({"error": exc.detail}, status_code=exc.status_code)
        gettext = Translator(request_language(request)).gettext
        # Starlette's own details ("Not Found") are English words; ours are catalogue msgids.
        standard = exc.detail == http_phrase(exc.status_code)
        text = HTTP_MESSAGES.get(exc.status_code, HTTP_OTHER) if standard else str(exc.detail)
        return _error_page(request, exc.status_code, gettext(text), headers=exc.headers)

    @app.exception_handler(Exception)
    async def _server_error(request: Request, exc: Exception) -> Response:
        """A bug: a page in the reader's language (the traceback goes to the server log)."""
        logger.error("unhandled error on %s", request.url.path, exc_info=exc)
        gettext = Translator(request_language(request)).gettext
        if _wants_json(request):
            return JSONResponse({"error": gettext(HTTP_MESSAGES[500])}, status_code=500)
        return _error_page(request, 500, gettext(HTTP_MESSAGES[500]))

    if background_refresh:
        _refresh_in_background(app.state.engine, clock)
    elif stale.is_stale(app.state.store):
        # An import was cut off before its derivation: repair without delaying the start.
        threading.Thread(
            target=stale.repair_if_stale, args=(app.state.store,), name="derive", daemon=True
        ).start()
    return app
