"""Every msgid the code uses has a German translation, and no German entry is empty (issue 14).

The msgids are collected from the source itself: string literals given to the translator in
templates (`_("…")`, `ngettext("…", "…", n)`) and in Python (`_`, `t`, `gettext`, `ngettext`,
`Message("…")`), plus the tables that hold msgids for a key (listed in TABLES). The English text
is the msgid, so English needs no catalogue.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from altruist.engine import phrases
from altruist.engine.introductions import followups
from altruist.engine.rounds import plan
from altruist.i18n import CATALOG_DIR, _catalog, _plural_catalog, labels
from altruist.web import app, pages, render

SRC = Path(__file__).resolve().parents[2] / "src" / "altruist"
TEMPLATES = SRC / "web" / "templates"
TRANSLATING_CALLS = {"_", "t", "gettext"}
PLURAL_CALLS = {"ngettext"}

# Tables whose values are msgids, looked up by a stored key at display time.
TABLES: list[tuple[str, list[str]]] = [
    ("engine/phrases.PHRASES", list(phrases.PHRASES.values())),
    ("engine/introductions/followups.TITLES", list(followups.TITLES.values())),
    ("engine/introductions/followups.REASON", [followups.REASON]),
    ("web/render.NAVIGATION", [label for _path, label in render.NAVIGATION]),
    ("web/app.HTTP_MESSAGES", [*app.HTTP_MESSAGES.values(), app.HTTP_OTHER]),
    ("i18n/labels", [m for table in labels.TABLES.values() for m in table.values()]),
    ("i18n/labels.FACET_SOURCES", list(labels.FACET_SOURCES.values())),
    ("i18n/labels.SUGGESTION_STATES", list(labels.SUGGESTION_STATES.values())),
    ("i18n/labels.INTRODUCTION_STATES", list(labels.INTRODUCTION_STATES.values())),
    ("i18n/labels.VCARD_TYPES", [*labels.VCARD_TYPES.values(), labels.TYPED_VALUE_NAME]),
    ("engine/rounds/plan.PAIR_REASON*", [plan.PAIR_REASON, plan.PAIR_REASON_NEED]),
]
# Per-page tables of msgids the templates translate (`_(flash)`, `_(labels.get(kind))`).
PAGE_TABLES = ("FLASH", "STEP_TEXT", "STATE_TEXT", "STATE_LABEL", "DRAFT_LABEL")
PAGE_TABLES += ("INTERACTION_LABELS", "KIND_LABELS")


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


for _info in pkgutil.iter_modules(pages.__path__):
    _module = importlib.import_module(f"altruist.web.pages.{_info.name}")
    for _table in PAGE_TABLES:
        if hasattr(_module, _table):
            TABLES.append(
                (f"web/pages/{_info.name}.{_table}", [*_strings(getattr(_module, _table))])
            )


def _cli_help_texts() -> Iterator[str]:
    """Every help text of the CLI's command tree and the words the CLI puts around them (issue
    14): the tree is translated paragraph by paragraph when `altruist` starts."""
    import typer

    from altruist.cli import help_language, main

    def walk(command: object) -> Iterator[str]:
        for attribute in ("help", "short_help", "epilog"):
            text = getattr(command, attribute, None)
            if text:
                yield from text.split("\n\n")
        for param in getattr(command, "params", []):
            yield from (t for t in (getattr(param, "help", None), param.metavar) if t)
        for sub in getattr(command, "commands", {}).values():
            yield from walk(sub)

    yield from walk(typer.main.get_command(main.app))
    yield from (help_language.USAGE, help_language.OPTIONS_METAVAR, help_language.HELP_HINT)
    yield from (help_language.SUBCOMMAND_METAVAR, help_language.REPEATABLE)
    for table in (help_language.PANEL_TITLES, help_language.PANEL_FORMATS):
        yield from table.values()
    yield from help_language.TYPE_NAMES.values()
    yield from help_language.ARGUMENT_NAMES.values()


TABLES.append(("cli (--help)", [*_cli_help_texts()]))

PLURAL_TABLES = [("engine/phrases.PLURAL_PHRASES", list(phrases.PLURAL_PHRASES.values()))]

TEMPLATE_CALL = re.compile(r"""\b_\(\s*(?P<q>["'])(?P<id>(?:(?!(?P=q)).)*)(?P=q)""")
TEMPLATE_PLURAL = re.compile(r"""\bngettext\(\s*(["'])(?P<id>(?:(?!\1).)*)\1""")


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def python_msgids() -> Iterator[tuple[str, str, bool]]:
    """(where, msgid, is_plural) for every literal given to a translating call in src."""
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            first = node.args[0]
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                continue
            name = _name(node.func)
            where = f"{path.relative_to(SRC)}:{node.lineno}"
            if name in TRANSLATING_CALLS:
                yield where, first.value, False
            elif name in PLURAL_CALLS:
                yield where, first.value, True
            elif name == "Message":
                plural = any(k.arg == "plural" for k in node.keywords)
                yield where, first.value, plural


def template_msgids() -> Iterator[tuple[str, str, bool]]:
    for path in sorted(TEMPLATES.glob("*.html")):
        text = path.read_text(encoding="utf-8")
        for match in TEMPLATE_CALL.finditer(text):
            yield f"templates/{path.name}", match.group("id"), False
        for match in TEMPLATE_PLURAL.finditer(text):
            yield f"templates/{path.name}", match.group("id"), True


def all_msgids() -> list[tuple[str, str, bool]]:
    found = [*python_msgids(), *template_msgids()]
    found += [(where, m, False) for where, ids in TABLES for m in ids]
    found += [(where, singular, True) for where, ids in PLURAL_TABLES for singular, _ in ids]
    return [(where, m, plural) for where, m, plural in found if m.strip()]


def test_the_collector_finds_msgids_in_python_and_templates() -> None:
    found = {m for _where, m, _plural in all_msgids()}
    assert "Good deeds for today" in found  # a template
    assert "Check in with {name}" in found  # a Message in engine/drafts.py
    assert "There is no page at this address." in found  # a table


def test_every_msgid_has_a_german_translation() -> None:
    german, plurals = _catalog("de"), _plural_catalog("de")
    missing = sorted(
        {
            f"{where}: {msgid!r}"
            for where, msgid, plural in all_msgids()
            if (msgid not in plurals if plural else msgid not in german and msgid not in plurals)
        }
    )
    assert not missing, f"{len(missing)} msgids without German:\n" + "\n".join(missing)


@pytest.mark.parametrize("path", sorted(CATALOG_DIR.glob("de*.po")), ids=lambda p: p.name)
def test_no_german_entry_is_empty(path: Path) -> None:
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="de")
    empty = [
        str(m.id)
        for m in catalog
        if m.id and (not all(m.string) if isinstance(m.string, tuple) else not m.string)
    ]
    assert not empty, f"{path.name}: empty translations for {empty}"


def test_no_msgid_is_translated_two_ways() -> None:
    """The catalogues are merged into one table and the last file wins, so a msgid translated
    differently in two files shows one of them silently in both places (a logged "Check-in"
    and the deed kind "Check-in" once read „Nachgefragt“ where „Melden“ was meant)."""
    first: dict[str, tuple[str, str]] = {}
    clashes = []
    for path in sorted(CATALOG_DIR.glob("de*.po")):
        with path.open("rb") as handle:
            catalog = read_po(handle, locale="de")
        for message in catalog:
            if not message.id or isinstance(message.id, tuple):
                continue  # plural entries live in a table of their own
            said = str(message.string)
            seen = first.setdefault(str(message.id), (path.name, said))
            if seen[1] != said:
                clashes.append(f"{message.id!r}: {seen} vs {(path.name, said)}")
    assert not clashes, "\n".join(clashes)
