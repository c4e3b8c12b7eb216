"""`--help` and Click's own texts in the user's language (issue 14).

Typer vendors its own copy of Click without gettext, so its texts cannot be swapped by a gettext
domain. Instead the command tree is translated after it is built and before it parses anything:
every command's help, every option's help, the usage line's words ("Usage:", "[OPTIONS]"), the
help panels' titles and the type names ("<text>", "<number>"). A usage error (unknown option,
missing argument, invalid value) is printed by `show_usage_error`, its English message matched
back to a catalogue msgid by `translate_text` like any other core text.

The language has to be known before Click parses the command line (`--help` is answered while
parsing), so `language_before_parse` reads the root options itself, in the same order as
`AppContext.language`: `--lang`, the language stored in Settings, the configured fallback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
import typer.rich_utils as rich_utils
from rich.console import Console
from rich.markup import escape
from sqlalchemy.engine import make_url

from altruist.cli.context import AppContext
from altruist.config import load_settings
from altruist.errors import AltruistError
from altruist.i18n import DEFAULT_LANGUAGE, LANGUAGES, Translator
from altruist.i18n.templates import translate_text

# Root options that take a value: the pre-parse must skip their values to find the command.
_ROOT_VALUED = ("--db", "--config", "--embedder", "--lang")

# Click's words around the help text. Their English is what Click prints.
USAGE = "Usage:"
OPTIONS_METAVAR = "[OPTIONS]"
SUBCOMMAND_METAVAR = "COMMAND [ARGS]..."
PANEL_TITLES = {
    "ARGUMENTS_PANEL_TITLE": "Arguments",
    "OPTIONS_PANEL_TITLE": "Options",
    "COMMANDS_PANEL_TITLE": "Commands",
    "ERRORS_PANEL_TITLE": "Error",
    "ABORTED_TEXT": "Aborted.",
    "DEPRECATED_STRING": "(deprecated) ",
    "REQUIRED_LONG_STRING": "[required]",
}
# These take Click's value through "{}" after translation; the msgid names it for translators.
PANEL_FORMATS = {
    "DEFAULT_STRING": "[default: {value}]",
    "ENVVAR_STRING": "[env var: {value}]",
}
HELP_HINT = "Try '{command}' for help."
# The type shown next to an option ("<str>" in Typer): named for a reader, not a programmer.
TYPE_NAMES = {
    "str": "text",
    "int": "number",
    "float": "number",
    "int range": "number",
    "float range": "number",
    "bool": "switch",
    "path": "path",
    "file": "path",
    "directory": "path",
    "datetime": "date",
}
REPEATABLE = "{type}, repeatable"
# An argument is named in the usage line and the arguments table by its parameter name
# (`person_id`); the reader sees a word of their language instead.
ARGUMENT_NAMES = {
    "addresses": "ADDRESSES",
    "candidate_id": "CANDIDATE_ID",
    "days": "DAYS",
    "file": "FILE",
    "group_id": "GROUP_ID",
    "introduction_id": "INTRODUCTION_ID",
    "kind": "KIND",
    "location": "LOCATION",
    "members_csv": "MEMBERS_CSV",
    "merge_id": "MERGE_ID",
    "minutes": "MINUTES",
    "name": "NAME",
    "paths": "PATHS",
    "person_id": "PERSON_ID",
    "query": "QUERY",
    "reminder_id": "REMINDER_ID",
    "result": "RESULT",
    "suggestion_id": "SUGGESTION_ID",
    "text": "TEXT",
    "tier": "TIER",
    "where": "WHERE",
}


def root_options(argv: list[str]) -> dict[str, str]:
    """The values of the root options given before the command (`--lang de today` → lang)."""
    found: dict[str, str] = {}
    index = 0
    while index < len(argv):
        name, equals, value = argv[index].partition("=")
        if name in _ROOT_VALUED:
            if equals:
                found[name] = value
                index += 1
            elif index + 1 < len(argv):
                found[name] = argv[index + 1]
                index += 2
            else:
                break
        elif name.startswith("-"):
            index += 1  # --version, --help: no value
        else:
            break  # the command: what follows is its own
    return found


def language_before_parse(argv: list[str]) -> str:
    """The language of this run, known before Click parses: `--lang`, else Settings, else the
    configuration. An existing database is read; none is created just to show the help."""
    options = root_options(argv)
    if options.get("--lang") in LANGUAGES:
        return options["--lang"]
    try:
        config = options.get("--config")
        settings = load_settings(
            config_file=Path(config) if config else None,
            db=options.get("--db"),
            embedder=options.get("--embedder"),
        )
    except AltruistError:  # a broken configuration is reported by the real parse, in English
        return DEFAULT_LANGUAGE
    if not _database_exists(settings.database_url):
        return settings.language
    app = AppContext(settings)
    try:
        return app.language
    finally:
        if app._store is not None:
            app._store.dispose()


def _database_exists(url: str) -> bool:
    parsed = make_url(url)
    if not parsed.get_backend_name().startswith("sqlite"):
        return True  # a server database: asking it is cheap and creates nothing
    path = parsed.database
    return bool(path) and path != ":memory:" and Path(str(path)).exists()


def localize(command: Any, t: Translator) -> None:
    """Translate the whole command tree and Click's words around it in place."""
    for attribute, msgid in PANEL_TITLES.items():
        setattr(rich_utils, attribute, t(msgid))
    for attribute, msgid in PANEL_FORMATS.items():
        setattr(rich_utils, attribute, t(msgid, value="{}"))
    _localize_command(command, t, command.name or "altruist")


def _localize_command(command: Any, t: Translator, name: str) -> None:
    for attribute in ("help", "short_help", "epilog"):
        text = getattr(command, attribute, None)
        if text:
            setattr(command, attribute, translate_paragraphs(t, text))
    command.options_metavar = t(OPTIONS_METAVAR)
    command.context_class = _context_class(t)
    if isinstance(getattr(command, "commands", None), dict):
        command.subcommand_metavar = t(SUBCOMMAND_METAVAR)
    context = command.context_class(command, info_name=name)
    help_option = command.get_help_option(context)
    for param in [*command.params, *([help_option] if help_option is not None else [])]:
        _localize_param(param, t)
    for sub_name, sub in getattr(command, "commands", {}).items():
        _localize_command(sub, t, sub_name)


def translate_paragraphs(t: Translator, text: str) -> str:
    """A help text paragraph by paragraph: Click shows a command's first paragraph alone in
    its group's command list, so each paragraph is its own msgid."""
    return "\n\n".join(t(paragraph) for paragraph in text.split("\n\n"))


def _localize_param(param: Any, t: Translator) -> None:
    if getattr(param, "help", None):
        param.help = t(param.help)
    if param.metavar:  # a name the code gave ("URL|PATH"), a msgid like the others
        param.metavar = t(param.metavar)
    elif param.param_type_name == "argument" and param.name in ARGUMENT_NAMES:
        param.metavar = t(ARGUMENT_NAMES[param.name])
    shown_type = param.display_type_rich

    def display_type_rich(ctx: Any) -> str | None:
        shown = shown_type(ctx)
        if shown is None or not (shown.startswith("<") and shown.endswith(">")):
            return shown
        return f"<{type_name(t, shown[1:-1])}>"

    param.display_type_rich = display_type_rich


def type_name(t: Translator, bare: str) -> str:
    """Typer's type name ("str", "list[int]") for a reader; a choice ("close|regular") lists
    the values the command takes, typed as they are."""
    if bare.startswith("list[") and bare.endswith("]"):
        return t(REPEATABLE, type=type_name(t, bare[5:-1]))
    name = TYPE_NAMES.get(bare.casefold())
    return t(name) if name is not None else bare


def _context_class(t: Translator) -> type:
    """A Click context whose help formatter says "Usage:" in the reader's language."""
    base_context: Any = typer.Context
    base_formatter: Any = base_context.formatter_class
    usage = f"{t(USAGE)} "

    class Formatter(base_formatter):
        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            super().write_usage(prog, args, usage if prefix is None else prefix)

    class Context(base_context):
        formatter_class = Formatter

    return Context


def show_usage_error(exc: Any, t: Translator, console: Console) -> None:
    """A usage error as Click shows it, in `t`'s language: the usage line, where to find help,
    and the problem."""
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        console.print(escape(ctx.get_usage()), highlight=False)
        if ctx.command.get_help_option(ctx) is not None:
            command = f"{ctx.command_path} {ctx.help_option_names[0]}"
            console.print(escape(t(HELP_HINT, command=command)), highlight=False)
        console.print()
    if getattr(exc, "param_hint", None) is not None or getattr(exc, "param", None) is not None:
        # A bad value: its problem (said by the command or by Pydantic) is translated first,
        # then the "Invalid value for …" around it.
        exc.message = translate_text(t, exc.message)
    said = translate_text(t, exc.format_message())
    console.print(f"[bold red]{t('error:')}[/] {escape(said)}", highlight=False)
