"""Every page in real Chromium under the pseudo-locale (issue 14): each catalogue string comes
back wrapped in ⟦…⟧, each date and number Babel formatted for the page in ⟪…⟫, so any visible
text outside the markers bypassed the catalogues — unless it is data.

How data is recognised: the test reads the values the database holds in its *content* columns
(names, companies, notes, identifiers' values, post titles, drafts, the values of a deed's
message — never its msgid, a column's key such as a field name or an identity kind, nor prose
a module wrote in English such as a life event's summary) and accepts a leftover piece of text
only when it appears in one of them as whole words. Numbers, ids and punctuation pass as they
are; so do the few words in ALLOWED, each with its reason. Run in the German and the English
UI, so neither shows a word that did not come from its catalogue.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import icalendar
import pytest
from sqlalchemy import select

from altruist.domain import Message, MessageValue
from altruist.engine.care import cadence
from altruist.i18n import (
    PSEUDO_CLOSE,
    PSEUDO_DATA_CLOSE,
    PSEUDO_DATA_OPEN,
    PSEUDO_LOCALE_ENV,
    PSEUDO_OPEN,
    PSEUDO_VALUE_CLOSE,
    PSEUDO_VALUE_OPEN,
)
from altruist.i18n.message import decode
from altruist.store import Store
from altruist.store import schema as s

pytestmark = pytest.mark.browser

# Words shown as they are in every language, and why.
ALLOWED = {
    "altruist",  # the product's name
    "Deutsch",  # each language is named in itself in the switch, so its readers find it
    "English",
}

# The content columns: what the user or their sources wrote (see the module docstring).
DATA_COLUMNS = (
    (s.people, ("name", "given_name", "family_name", "company", "position", "headline", "city",
                "country", "birthday", "notes", "tags")),
    (s.identities, ("value", "source")),  # a source is the file an identity came from
    (s.field_values, ("value", "source_file")),
    (s.interactions, ("summary",)),
    (s.facets, ("text",)),
    (s.groups, ("name", "url", "my_account")),
    (s.posts, ("title", "body", "author_name", "url", "tags")),
    (s.members, ("community", "email", "name", "needs", "offers", "city", "company", "tags")),
    (s.rounds, ("community", "name")),
    (s.ledger, ("note",)),
    (s.life_events, ("old_value", "new_value")),
    (s.imports, ("file",)),
    (s.introductions, ("reason",)),
    (s.suggestions, ("title", "reason", "draft")),
    (s.settings, ("value",)),
    (s.sync_accounts, ("name", "url", "username")),
)  # fmt: skip

PAGES = (
    "/",
    "/people",
    "/people/2",
    "/introductions",
    "/questions",
    "/groups",
    "/rounds",
    "/map",
    "/import",
    "/settings",
    "/people/new",
    "/reminders",
    "/settings/accounts/status",
    "/people/abc",  # a malformed address: the 404 page
    "/no-such-page",  # 404
    "/refresh",  # GET on a form's address: 405
)

VISIBLE_TEXT_JS = """() => {
  const out = [];
  const skip = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);
  const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const parent = node.parentElement;
    if (!parent || skip.has(parent.tagName)) continue;
    const text = node.nodeValue.trim();
    if (text) out.push(text);
  }
  for (const el of document.querySelectorAll('[placeholder],[title],[aria-label],[alt]')) {
    for (const name of ['placeholder', 'title', 'aria-label', 'alt']) {
      const value = el.getAttribute(name);
      if (value && value.trim()) out.push(value.trim());
    }
  }
  for (const el of document.querySelectorAll('input[type=submit],input[type=button]')) {
    if (el.value) out.push(el.value);
  }
  return out;
}"""

SEPARATORS = re.compile(r"[\s·|—–,;:()\[\]{}/↔•→←…!?.\"“”„‘’'+=#%*<>&@×✓✕▸▾−-]+")
NUMBERISH = re.compile(r"[\d\s.,:%+\-–/]*")


def _outside_markers(text: str) -> str:
    """The text to check: what lies outside any marker, and the values put into catalogue
    strings (⟨…⟩); the catalogue's own words (⟦…⟧) and Babel's dates and numbers (⟪…⟫) are
    replaced by a separator, also when nested."""
    opening = {PSEUDO_OPEN: PSEUDO_CLOSE, PSEUDO_DATA_OPEN: PSEUDO_DATA_CLOSE}
    opening[PSEUDO_VALUE_OPEN] = PSEUDO_VALUE_CLOSE
    out, stack = [], []
    for char in text:
        if char in opening:
            stack.append(char)
            out.append(" ")
        elif stack and char == opening[stack[-1]]:
            stack.pop()
            out.append(" ")
        elif not stack or stack[-1] == PSEUDO_VALUE_OPEN:
            out.append(char)
    return "".join(out)


def _leaves(value: Any) -> Iterator[str]:
    """The strings inside a stored value: JSON lists and objects (keys too: a settings key such
    as a tier the user named), a message's values (never its msgid)."""
    if isinstance(value, str):
        decoded = decode(value)
        if isinstance(decoded, Message):
            yield from _message_leaves(decoded)
        else:
            yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _leaves(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _leaves(item)
    elif value is not None:
        yield str(value)


def _message_leaves(value: MessageValue) -> Iterator[str]:
    if isinstance(value, Message):
        for item in value.values.values():
            yield from _message_leaves(item)
    elif isinstance(value, tuple):
        for item in value:
            yield from _message_leaves(item)
    else:
        yield str(value)


def data_corpus(store: Store) -> str:
    values: set[str] = set()
    with store.read() as conn:
        for table, columns in DATA_COLUMNS:
            for column in columns:
                for (value,) in conn.execute(select(table.c[column]).distinct()):
                    if isinstance(value, str) and value.startswith(("[", "{")):
                        with contextlib.suppress(ValueError):
                            value = json.loads(value) if not value.startswith('{"m":') else value
                    values.update(_leaves(value))
        # Columns of the user's own files that altruist has no field for keep their header's name.
        extras = select(s.field_values.c.name).where(s.field_values.c.is_core.is_(False))
        values.update(name for (name,) in conn.execute(extras.distinct()))
        # The tiers in force, as the Settings form edits them (their keys are the user's words).
        values.update(cadence.load_prefs(conn).tiers)
    return "\n".join(sorted(values))


def event_titles(folder: Path, names: tuple[str, ...]) -> str:
    """The SUMMARY of every event in the calendars among `names` (read by icalendar)."""
    titles = []
    for name in names:
        if name.endswith(".ics"):
            calendar = icalendar.Calendar.from_ical((folder / name).read_bytes())
            titles += [str(e.get("SUMMARY", "")) for e in calendar.walk("VEVENT")]
    return "\n".join(titles)


def stray_words(texts: list[str], corpus: str) -> list[str]:
    """Pieces of visible text that are neither marked, nor numbers, nor data."""
    stray = []
    for text in texts:
        for piece in SEPARATORS.split(_outside_markers(text)):
            if not piece or NUMBERISH.fullmatch(piece) or piece in ALLOWED:
                continue
            if re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", corpus):
                continue
            stray.append(f"{piece!r} in {text[:120]!r}")
    return stray


@pytest.fixture
def pseudo_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PSEUDO_LOCALE_ENV, "1")


def test_outside_markers_and_data_recognition() -> None:
    """The checker itself: marked text passes, an unmarked word fails unless it is data."""
    corpus = "Anke Weiß\nKPMG"
    marked = f"{PSEUDO_OPEN}Seit {PSEUDO_OPEN}3 Tagen{PSEUDO_CLOSE} kein Kontakt{PSEUDO_CLOSE}"
    assert stray_words([marked, "Anke Weiß · KPMG", "12–24", "altruist"], corpus) == []
    assert stray_words([f"{marked} Monday"], corpus) == ["'Monday' in " + repr(f"{marked} Monday")]
    assert stray_words(["Ank"], corpus)  # a part of a word is not data
    assert stray_words([f"{PSEUDO_DATA_OPEN}3. Dezember 2026{PSEUDO_DATA_CLOSE}"], corpus) == []
    # A value put into a catalogue string is checked too: a name passes, a raw key does not.
    value = f"{PSEUDO_OPEN}abgeleitet aus {PSEUDO_VALUE_OPEN}%s{PSEUDO_VALUE_CLOSE}{PSEUDO_CLOSE}"
    assert stray_words([value % "Anke Weiß"], corpus) == []
    assert stray_words([value % "derived"], corpus)
    assert stray_words([value % f"{PSEUDO_OPEN}Notizen{PSEUDO_CLOSE}"], corpus) == []


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_visible_word_comes_from_a_catalogue_or_is_data(
    pseudo_locale: None,
    chromium_browser: Any,
    live_server: str,
    sqlite_store: Store,
    lang: str,
) -> None:
    corpus = data_corpus(sqlite_store)
    context = chromium_browser.new_context(locale=lang)
    context.add_cookies([{"name": "altruist_lang", "value": lang, "url": live_server}])
    page = context.new_page()
    problems: list[str] = []
    try:
        for path in PAGES:
            page.goto(live_server + path)
            texts: list[str] = page.evaluate(VISIBLE_TEXT_JS)
            assert any(PSEUDO_OPEN in t for t in texts), f"{path}: no catalogue text at all"
            problems += [f"{path}: {word}" for word in stray_words(texts, corpus)]
    finally:
        context.close()
    assert not problems, f"{len(problems)} pieces of text bypass the catalogues:\n" + "\n".join(
        sorted(set(problems))
    )


# Real exports other people made, imported through the page as a user would (issue 14).
REAL_EXPORTS = (
    "linkedin-export-formats/2024-12_Connections_redacted.csv",
    "linkedin-export-formats/2024-12_messages_redacted.csv",
    "contacts-csv-samples/google_legacy_contacts_sample.csv",
    "vcard-ezvcard-client-samples/John_Doe_IPHONE.vcf",
    "ical-icalendar-tests/docs__tutorials__example.ics",
)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_real_exports_imported_through_the_page_show_only_catalogue_text_or_data(
    pseudo_locale: None,
    chromium_browser: Any,
    live_server: str,
    sqlite_store: Store,
    realdata: Path,
    lang: str,
) -> None:
    """The import report (skip reasons too) and the pages of the imported people."""
    context = chromium_browser.new_context(locale=lang)
    context.add_cookies([{"name": "altruist_lang", "value": lang, "url": live_server}])
    page = context.new_page()
    problems: list[str] = []
    try:
        page.goto(live_server + "/import")
        page.locator("form.upload input[type=file]").set_input_files(
            [str(realdata / name) for name in REAL_EXPORTS]
        )
        page.locator("form.upload button[type=submit]").click()
        page.wait_for_selector("#report", timeout=120_000)
        # A skipped event is quoted by its title, which is the user's data but stored nowhere.
        corpus = data_corpus(sqlite_store) + "\n" + event_titles(realdata, REAL_EXPORTS)
        texts: list[str] = page.evaluate(VISIBLE_TEXT_JS)
        problems += [f"/import/report: {word}" for word in stray_words(texts, corpus)]
        with sqlite_store.read() as conn:
            imported = conn.execute(
                select(s.field_values.c.person_id).distinct().limit(8)
            ).scalars()
            paths = [f"/people/{pid}" for pid in imported]
        assert paths, "the import wrote no person"
        for path in ["/people", "/", *paths]:
            page.goto(live_server + path)
            texts = page.evaluate(VISIBLE_TEXT_JS)
            problems += [f"{path}: {word}" for word in stray_words(texts, corpus)]
    finally:
        context.close()
    assert not problems, f"{len(problems)} pieces of text bypass the catalogues:\n" + "\n".join(
        sorted(set(problems))
    )
