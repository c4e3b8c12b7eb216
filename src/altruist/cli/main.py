"""The `altruist` command. Global options live here; command groups are discovered from the
modules of this package that define `register(app)`, so adding a command never edits this file."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

import altruist.cli as cli_package
from altruist import __version__
from altruist.cli.context import AppContext
from altruist.cli.help_language import language_before_parse, localize, show_usage_error
from altruist.config import load_settings
from altruist.errors import AltruistError
from altruist.i18n import Translator
from altruist.i18n.templates import translate_text
from altruist.validate import InvalidValue

app = typer.Typer(
    name="altruist",
    help="A local-first networking assistant: every day a short list of good deeds for your contacts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, soft_wrap=True)  # one message, one line, whatever the width


def _version(value: bool) -> None:
    if value:
        print(f"altruist {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: str | None = typer.Option(
        None,
        "--db",
        envvar="ALTRUIST_DB",
        help="Database: a file path or SQLAlchemy URL (postgresql+psycopg://…). Default: the platform data directory.",
    ),
    config: Path | None = typer.Option(None, "--config", help="Config file (TOML)."),
    embedder: str | None = typer.Option(None, "--embedder", help="Embedding backend: use | fake."),
    lang: str | None = typer.Option(
        None, "--lang", help="Language of the output: de | en (default: your setting)."
    ),
    _v: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version."
    ),
) -> None:
    if lang is not None and lang not in ("de", "en"):
        raise typer.BadParameter("de or en", param_hint="--lang")
    ctx.obj = _started[0] = AppContext(
        load_settings(config_file=config, db=db, embedder=embedder), lang_override=lang
    )


# The context of this run, so an error caught outside the command is said in its language.
_started: list[AppContext | None] = [None]


def _translator() -> Translator:
    started = _started[0]
    if started is not None:
        return started.t
    try:
        return Translator(load_settings().language)
    except AltruistError:  # the configuration itself is what failed
        return Translator("en")


def _register_commands() -> None:
    skip = {"main", "context"}
    for info in sorted(pkgutil.iter_modules(cli_package.__path__), key=lambda m: m.name):
        if info.name in skip or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"altruist.cli.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app)


_register_commands()


def run() -> None:
    """Console entry point: user errors become one clear line and an exit code, never a traceback."""
    # Click answers --help and usage errors while parsing: translate the tree before it parses.
    said_in = Translator(language_before_parse(sys.argv[1:]))
    command = typer.main.get_command(app)
    localize(command, said_in)
    try:
        # Without standalone mode click returns a command's `typer.Exit(code)` instead of
        # exiting with it: pass it on (`altruist sync` with a failed account exits 1).
        code = command(standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except AltruistError as exc:
        t = _translator()
        # A range error carries its msgid and values; any other is matched back to its template.
        said = exc.translated(t) if isinstance(exc, InvalidValue) else translate_text(t, str(exc))
        err.print(f"[bold red]{t('error:')}[/] {escape(said)}", highlight=False)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err.print(said_in("aborted"))
        sys.exit(130)
    except Exception as exc:
        # Usage errors (unknown command, bad option) carry their own message and exit code.
        # Recent typer versions vendor click, so its exceptions are not click's classes: test
        # for the interface instead of the type.
        show, code = getattr(exc, "show", None), getattr(exc, "exit_code", None)
        if callable(show) and isinstance(code, int):
            show_usage_error(exc, said_in, err)
            sys.exit(code)
        raise
