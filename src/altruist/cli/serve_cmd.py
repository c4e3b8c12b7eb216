"""`altruist serve`: run the web app (127.0.0.1 by default; it holds your whole network)."""

from __future__ import annotations

import typer
from rich.console import Console

from altruist.cli.context import get_app, translator

console = Console()


def serve(
    ctx: typer.Context,
    host: str | None = typer.Option(None, "--host", help="Interface to bind (default 127.0.0.1)."),
    port: int | None = typer.Option(None, "--port", help="Port (default 8000)."),
) -> None:
    """Serve the web app and the JSON API."""
    import uvicorn  # the web stack loads only for this command

    from altruist.web.app import create_app

    app_ctx = get_app(ctx)
    settings = app_ctx.settings
    if host:
        settings = type(settings)(**{**settings.__dict__, "host": host})
    bind_host, bind_port = settings.host, port or settings.port
    web = create_app(settings, store=app_ctx.store, background_refresh=True)
    # Accounts sync on their schedule (issue 17), as the same background job as "Sync now"
    # (never both at once), which then recomputes Today with what the sync brought.
    from altruist.agenda.sync_job import sync_in_background
    from altruist.ingest.sync import schedule

    def run(names: list[str]) -> bool:
        return sync_in_background(web.state.engine, names=names, region=settings.phone_region)

    schedule.start(app_ctx.store, region=settings.phone_region, run=run)
    address = f"[bold]http://{bind_host}:{bind_port}[/]"
    console.print(
        translator(ctx)("altruist is running at {address} — press Ctrl+C to stop.", address=address)
    )
    from altruist.understand import language

    language.preload()  # before listening: its load would stall every page of the first import
    uvicorn.run(web, host=bind_host, port=bind_port, log_level="warning")


def register(app: typer.Typer) -> None:
    app.command()(serve)
