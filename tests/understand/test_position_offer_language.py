"""Offers derived from a contact's position read in the reader's language (issue 14 via #15): a
German user sees „Rat aus Erfahrung als Senior Managerin Steuern“, an English user "advice from
experience as …", whatever language the contact writes — on the person page (web) and in the
reasons of `altruist intros` (CLI)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from altruist.cli.main import app as cli_app
from altruist.config import Settings
from altruist.domain import FacetKind, Language, Person, Post
from altruist.engine.context import EngineContext
from altruist.engine.questions.suggest import _forwards
from altruist.i18n import Translator
from altruist.i18n.message import render
from altruist.store import Store, open_store
from altruist.store import facets as facets_repo
from altruist.store import people as people_repo
from altruist.understand.needs import (
    SOURCE_POSITION,
    from_position,
    refresh_derived,
    shown_offer,
)
from altruist.web.app import create_app

POSITION = "Senior Managerin Steuern"
ENGLISH = f"advice from experience as {POSITION}"
GERMAN = f"Rat aus Erfahrung als {POSITION}"


def _anke(language: Language) -> Person:
    return Person(name="Anke Weiß", position=POSITION, company="KPMG", language=language)


def test_stored_in_the_contacts_language_shown_in_the_readers() -> None:
    for language, stored in ((Language.EN, ENGLISH), (Language.DE, GERMAN)):
        anke = _anke(language)
        assert from_position(anke) == [stored]
        shown = shown_offer(stored, anke)
        assert render(shown, Translator("de")) == GERMAN
        assert render(shown, Translator("en")) == ENGLISH
    # Any other text is data and stays as written.
    assert shown_offer("Kontakte zu Investoren", _anke(Language.EN)) == "Kontakte zu Investoren"


def _store_with_anke(path: Path) -> tuple[Store, int, int]:
    store = open_store(f"sqlite:///{path}")
    with store.transaction() as conn:
        anke = people_repo.add(conn, _anke(Language.EN)).id or 0
        bernd = (
            people_repo.add(
                conn,
                Person(
                    name="Bernd Kraus",
                    language=Language.DE,
                    notes="Braucht Rat aus Erfahrung zu Steuern, am besten von einer Senior Managerin.",
                ),
            ).id
            or 0
        )
    refresh_derived(store)
    return store, anke, bernd


def test_person_page_shows_the_derived_offer_in_the_page_language(tmp_path: Path) -> None:
    store, anke, _ = _store_with_anke(tmp_path / "web.db")
    with store.read() as conn:
        offers = [f for f in facets_repo.for_person(conn, anke) if f.kind is FacetKind.OFFER]
    assert [f.text for f in offers if f.source == SOURCE_POSITION] == [ENGLISH]
    app = create_app(Settings(embedder="fake"), store=store)
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        for lang, wanted, unwanted in (("de", GERMAN, ENGLISH), ("en", ENGLISH, GERMAN)):
            client.cookies.set("altruist_lang", lang)
            page = client.get(f"/people/{anke}")
            assert page.status_code == 200
            assert wanted in page.text and unwanted not in page.text, lang


def test_cli_intros_reason_follows_the_output_language(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    store, _, _ = _store_with_anke(db)
    store.dispose()
    runner = CliRunner()
    said = {}
    for lang in ("de", "en"):
        result = runner.invoke(
            cli_app, ["--db", str(db), "--embedder", "fake", "--lang", lang, "intros", "--json"]
        )
        assert result.exit_code == 0, result.output
        said[lang] = " ".join(s["reason"] for s in json.loads(result.output)["suggested"])
    assert GERMAN in said["de"] and ENGLISH not in said["de"]
    assert ENGLISH in said["en"] and GERMAN not in said["en"]


def test_forward_reason_shows_the_position_offer_in_the_readers_language(tmp_path: Path) -> None:
    store, anke, bernd = _store_with_anke(tmp_path / "fwd.db")
    question = Post(
        group_id=1,
        id=7,
        title="Senior Managerin Steuern: advice from experience?",
        author_name="Bernd Kraus",
        author_person_id=bernd,
    )
    ctx = EngineContext(store, embedder_name="fake")
    vectors = ctx.embedder.embed([question.title])
    [forward] = _forwards(ctx, [question], vectors, {}, datetime(2026, 12, 3, tzinfo=UTC))
    assert forward.person_ids[0] == anke
    assert GERMAN in render(forward.reason, Translator("de"))
    assert ENGLISH in render(forward.reason, Translator("en"))
