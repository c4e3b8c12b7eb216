"""Every CLI command, run in the pseudo-locale in German and in English: any word on the screen
that neither came from a catalogue (inside ⟦…⟧) nor is data fails the test.

The commands are found by walking the Click tree of the app, so a new command is run without
editing this file; one that needs arguments must add an example to EXAMPLES (the test says so).

What counts as data (docs/design.md, "The CLI pseudo-locale test"): e-mail addresses, URLs,
paths, dates (also "3 Dec 2026") and anything holding a digit (numbers, ids, times, tokens) are
cut out by pattern; every other run of two or more letters must be a word of a value the user's
data holds (names, companies, positions, places, identities, imported field names and values,
needs and offers, group names, post titles and tags, ledger notes), of the command's own
arguments or of the members file. Deed titles, reasons and drafts are stored prose written by the
engine (STORED_PROSE) and introduction drafts speak the contact's language: both are exempt.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import typer

from altruist.i18n import PSEUDO_CLOSE, PSEUDO_LOCALE_ENV, PSEUDO_OPEN

# Command path → argument lists to run it with ({name} is filled in from the database / files).
EXAMPLES: dict[str, list[list[str]]] = {
    "import": [["{files}/contacts.vcf"], ["{files}/meetings.ics"], ["{files}/missing.csv"]],
    "person show": [["{person}"], ["99999"]],
    "done": [["{suggestion0}"], ["99999"]],
    "dismiss": [["{suggestion1}"]],
    "snooze": [["{suggestion2}", "--days", "3"]],
    "give": [["{person}", "tip", "--note", "Zyxwert"]],
    "received": [["{person}", "offered-help"], ["{person}", "bogus"]],
    "ledger": [[], ["{person}"]],
    "cadence": [["{person}"], ["{person}", "30"]],
    "tier": [["{person}", "close"], ["{person}", "bogus"]],
    "contact": [["{person}", "--kind", "call", "--on", "2026-11-02"]],
    "job-change": [["{person}", "--position", "Zyxwert", "--company", "Zyxwert"]],
    "needs set": [["--roles", "Zyxwert", "--regions", "Zyxwert"]],
    "intro start": [["--a", "{person}", "--b", "{person2}"]],
    "intro show": [["{intro}"]],
    "intro ask-first": [["{intro}"]],
    "intro agreed": [["{intro}"]],
    "intro ask-second": [["{intro}"]],
    "intro introduce": [["{intro}"]],
    "intro outcome": [["{intro}", "helped"]],
    "intro decline": [["{intro}", "--by", "{person}"]],
    "merges accept": [["99999"]],
    "merges reject": [["99999"]],
    "unmerge": [["99999"]],
    "groups add": [["{files}/feed.xml", "--name", "Zyxwert"]],
    "groups remove": [["99999"]],
    "rounds plan": [["{files}/members.csv", "--dry-run"]],
    "restore": [["{files}/backup.json"]],
    "backup": [["-o", "{files}/backup.json"]],
    "export ics": [["-o", "{files}/out.ics"]],
    "export vcard": [["-o", "{files}/out.vcf"]],
    "export csv": [["-o", "{files}/out.csv"]],
    "sync add": [["vdir", "{files}/vdir", "--name", "Zyxwert"]],
    "sync remove": [["nosuchaccount"]],
    "expertise": [[], ["--set", "Zyxwert"]],
    "demo": [["--if-empty"]],
    "init": [["--name", "Zyxwert Qoppa", "--language", "{lang}"]],
    "person add": [["--name", "Zyxwert Qoppa", "--email", "zq2@example.org"], ["--name", ""]],
    "person edit": [["{person}", "--company", "Zyxwert"]],
    "person delete": [["99999", "--yes"]],
    "person log": [
        ["{person}", "--kind", "call", "--note", "Zyxwert"],
        ["{person}", "--kind", "x"],
    ],
    "remind add": [["Zyxwert", "--on", "05.12.2026", "--every", "2", "--unit", "weeks"]],
    "remind done": [["99999"]],
}
# Not run, with the reason: each is said in the design notes.
NOT_RUN = {
    "serve": "serves the web app until stopped (the web pseudo-locale test covers its pages)",
    "eval": "developer measurements on real data sets, English reports by design",
    "rounds eval": "developer measurement on real data sets, English report by design",
}

FILES = {
    "contacts.vcf": "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zyxwert Qoppa\r\nEMAIL:zq@example.org\r\n"
    "END:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:\r\nEND:VCARD\r\n",
    "meetings.ics": "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\n"
    "UID:1@t\r\nDTSTART:20261101T100000Z\r\nSUMMARY:Zyxwert\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    "feed.xml": "<rss version='2.0'><channel><title>Zyxwert</title><item><guid>1</guid>"
    "<title>Zyxwert?</title></item></channel></rss>",
    "members.csv": "Name,E-Mail,Language,Needs,Offers\n"
    "Zyxwert Anna,anna@example.org,de,kubernetes help,investor contacts\n"
    "Zyxwert Ben,ben@example.org,en,investor contacts,kubernetes consulting\n"
    "Zyxwert Clara,clara@example.org,en,,\n"
    ",,en,orphan,row\n",
}

# What the user's data says: these columns are shown as they are, in any language.
DATA_COLUMNS = {
    "people": ("name", "given_name", "family_name", "company", "position", "headline", "city",
               "country", "notes", "tier"),
    "identities": ("value", "source"),
    "field_values": ("value", "source_file"),  # names: only a column of the user's file (below)
    "facets": ("text",),
    "groups": ("name", "kind", "url", "my_account"),  # a kind is what --kind takes
    "posts": ("title", "author_name", "tags"),
    "members": ("name", "needs", "offers", "company", "city", "community"),
    "rounds": ("name", "community"),
    "sync_accounts": ("name", "url", "username"),
    "life_events": ("old_value", "new_value"),
    "ledger": ("note",),
}  # fmt: skip
# Prose the engine wrote and stored in the user's language when it computed a deed (titles,
# reasons, drafts in the recipient's language). Rendering these at show time from the catalogue
# is the web half of issue 14; until then they are not catalogue strings, and not checked here.
STORED_PROSE = {
    "suggestions": ("title", "reason", "draft"),
    "introductions": ("reason",),
}

_INNER_MARKED = re.compile(f"{PSEUDO_OPEN}[^{PSEUDO_OPEN}{PSEUDO_CLOSE}]*{PSEUDO_CLOSE}", re.S)
_CUT = re.compile(
    r"\S+@\S+"  # e-mail addresses
    r"|\w+://\S+"  # URLs
    r"|\S*[/\\]\S*"  # paths (and anything with a slash: time zones, ratios)
    r"|\S+\.(?:csv|vcf|ics|xml|json|eml|zip)\b"  # file names
    r"|\b\d{1,2}\.? [^\W\d_]{3,9}\.? \d{4}\b"  # dates in words (Babel): 3 Dec 2026
    r"|[\w-]*\d[\w-]*"  # anything with a digit: numbers, dates, times, ids, tokens
)
_WORD = re.compile(r"[^\W\d_]{2,}")


def words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text)}


def unmarked(text: str) -> str:
    """`text` without its catalogue strings (innermost first: a string may hold another)."""
    while True:
        stripped = _INNER_MARKED.sub(" ", text)
        if stripped == text:
            return stripped
        text = stripped


def offending_words(line: str, data: set[str]) -> set[str]:
    return words(_CUT.sub(" ", unmarked(line))) - data


def leaves(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
    """Every command of the tree with its path ("intro ask-first"); a group that runs by itself
    (`altruist needs`) counts as a command too."""
    name = " ".join(path)
    # Typer vendors its own click: test for a group's interface, not click's class.
    if isinstance(getattr(command, "commands", None), dict):
        if path and command.invoke_without_command:
            yield name, command
        for sub_name, sub in sorted(command.commands.items()):
            yield from leaves(sub, (*path, sub_name))
    else:
        yield name, command


def needs_arguments(command: Any) -> bool:
    return any(p.required for p in command.params)


def data_words(db: Path) -> set[str]:
    engine = sa.create_engine(f"sqlite:///{db}")
    found: set[str] = set()
    with engine.connect() as conn:
        tables = set(sa.inspect(conn).get_table_names())
        for table, columns in (DATA_COLUMNS | STORED_PROSE).items():
            if table not in tables:
                continue
            for row in conn.execute(sa.text(f"SELECT {', '.join(columns)} FROM {table}")):
                found |= words(" ".join(str(v) for v in row if v is not None))
        # A core field's name ("given_name") is a key the CLI must name; another is a column of
        # the user's own file, data.
        if "field_values" in tables:
            query = sa.text("SELECT name FROM field_values WHERE NOT is_core")
            found |= words(" ".join(str(r[0]) for r in conn.execute(query)))
    engine.dispose()
    return found | draft_words(db)


def draft_words(db: Path) -> set[str]:
    """The next message of every introduction: written to the contact, in the contact's language."""
    from altruist.engine.context import EngineContext
    from altruist.engine.introductions import flow
    from altruist.store import open_store

    store = open_store(f"sqlite:///{db}")
    try:
        ectx = EngineContext(store=store, timezone="Europe/Berlin", embedder_name="fake")
        found: set[str] = set()
        for view in flow.views(ectx, flow.IN_PROGRESS + flow.DONE):
            if view.draft is not None:
                found |= words(f"{view.draft.subject} {view.draft.body}")
        return found
    finally:
        store.dispose()


def ids(db: Path) -> dict[str, str]:
    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        people = [r[0] for r in conn.execute(sa.text("SELECT id FROM people WHERE NOT is_me"))]
        open_deeds = [
            r[0]
            for r in conn.execute(
                sa.text("SELECT id FROM suggestions WHERE state IN ('new', 'shown') ORDER BY id")
            )
        ]
    engine.dispose()
    return {
        "person": str(people[0]),
        "person2": str(people[1]),
        "intro": "1",  # made by the test
        **{f"suggestion{i}": str(open_deeds[i]) for i in range(3)},
    }


@pytest.fixture(params=["de", "en"])
def lang(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_every_command_speaks_only_catalogue_strings_and_data(
    lang: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from altruist.agenda import plan_today
    from altruist.cli import main
    from altruist.cli.context import AppContext, engine_context
    from altruist.config import load_settings
    from altruist.demo import build_demo
    from altruist.engine.introductions.flow import start_between
    from altruist.export.archive import export_archive

    monkeypatch.setenv(PSEUDO_LOCALE_ENV, "1")
    monkeypatch.setenv("ALTRUIST_EMBEDDER", "fake")
    monkeypatch.setenv("COLUMNS", "400")  # no wrapping: a catalogue string stays on one line
    _unwrap_consoles(monkeypatch)
    db = tmp_path / "a.db"
    files = tmp_path / "files"
    files.mkdir()
    (files / "vdir").mkdir()
    for name, text in FILES.items():
        (files / name).write_text(text, encoding="utf-8")

    app = AppContext(load_settings(db=str(db)))
    build_demo(app.store, people=40)
    ectx = engine_context(app)
    plan_today(ectx, 5)  # Today's deeds exist before done/dismiss/snooze run
    first, second = (p.id or 0 for p in _two_people(app))
    start_between(ectx, first, second)  # introduction 1, for the `intro …` steps
    backup = json.dumps(export_archive(app.store), ensure_ascii=False)
    (files / "backup.json").write_text(backup, encoding="utf-8")
    app.store.dispose()
    values = ids(db) | {"files": str(files), "lang": lang}

    # The rows of the members file are the organiser's data (a dry run stores none of them).
    file_data = words(" ".join(FILES["members.csv"].splitlines()[1:]))
    root = typer.main.get_command(main.app)
    missing, problems = [], []
    for name, command in leaves(root):
        if name in NOT_RUN or name.split(" ")[0] in NOT_RUN:
            continue
        if name not in EXAMPLES and needs_arguments(command):
            missing.append(name)
            continue
        for example in EXAMPLES.get(name, [[]]):
            args = [a.format(**values) for a in example]
            if name == "restore":
                args.append("--yes")
            code, shown = _run(
                monkeypatch, capsys, ["--db", str(db), "--lang", lang, *name.split(), *args]
            )
            data = data_words(db) | words(" ".join(args)) | file_data
            for line in shown.splitlines():
                bad = offending_words(line, data)
                if bad:
                    problems.append(f"altruist {name} {' '.join(example)} [{code}]: {line!r}")
    assert not missing, f"add an example to EXAMPLES for: {', '.join(missing)}"
    assert not problems, "text outside the catalogues:\n" + "\n".join(problems)


def _two_people(app: object) -> list[Any]:
    from altruist.store import people as people_repo

    with app.store.read() as conn:  # type: ignore[attr-defined]
        return people_repo.all_people(conn)[2:4]


def _run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> tuple[int, str]:
    """One `altruist …` run as the console script runs it (errors handled by `run`)."""
    from altruist.cli import main

    monkeypatch.setattr(sys, "argv", ["altruist", *argv])
    main._started[0] = None
    try:
        main.run()
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _unwrap_consoles(monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands' module-level consoles measured the terminal when imported: widen them."""
    from rich.console import Console

    import altruist.cli.main  # noqa: F401 - imports every command module

    for module_name, module in list(sys.modules.items()):
        if module_name.startswith("altruist.cli"):
            for value in vars(module).values():
                if isinstance(value, Console):
                    monkeypatch.setattr(value, "_width", 400)


# Usage errors Click raises while parsing, before any command runs (issue 14): each is said
# around the usage line and the hint where help is.
USAGE_ERRORS = [
    ["today", "--bogus"],  # no such option
    ["person", "show"],  # missing argument
    ["person", "show", "abc"],  # invalid value (Pydantic's problem inside)
    ["person", "show", "0"],  # out of range
    ["cadence", "1", "2", "3"],  # extra argument
    ["nosuchcommand"],  # no such command
    ["today", "--limit"],  # option without its value
]


def test_every_help_page_and_usage_error_speaks_only_catalogue_strings(
    lang: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`--help` of every command (eval's too: its help is the user's language even though its
    reports are English) and Click's usage errors. What the user types is data here: command
    names, option names, choice values and the example arguments."""
    from altruist.cli import main

    monkeypatch.setenv(PSEUDO_LOCALE_ENV, "1")
    monkeypatch.setenv("COLUMNS", "400")
    _unwrap_consoles(monkeypatch)
    db = tmp_path / "a.db"
    root = typer.main.get_command(main.app)
    typed = {"altruist"}  # the program's name
    runs = []
    for name, command in _all_commands(root):
        runs.append([*name.split(), "--help"])
        typed |= words(name)
        for param in command.params:
            choices = getattr(getattr(param, "type_descriptor", None), "choices", None) or ()
            typed |= words(" ".join(str(c) for c in choices))
    problems = []
    for argv in [*runs, *USAGE_ERRORS]:
        code, shown = _run(monkeypatch, capsys, ["--db", str(db), "--lang", lang, *argv])
        assert shown.strip(), f"altruist {' '.join(argv)} printed nothing"
        if argv[-1] == "--help":
            assert code == 0, f"altruist {' '.join(argv)} exited {code}"
        else:
            assert code == 2, f"altruist {' '.join(argv)} is not a usage error ({code})"
        data = typed | words(" ".join(argv))
        # A help text may span lines: strip the catalogue strings from the whole output first.
        for line in unmarked(shown).splitlines():
            bad = words(_CUT.sub(" ", _OPTION.sub(" ", line))) - data
            if bad:
                problems.append(f"altruist {' '.join(argv)}: {line.strip()!r} {sorted(bad)}")
    assert not problems, "text outside the catalogues:\n" + "\n".join(problems)


_OPTION = re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*")  # an option's name: typed as it is


def _all_commands(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
    yield " ".join(path), command
    for sub_name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from _all_commands(sub, (*path, sub_name))
