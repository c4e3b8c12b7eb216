"""Drafts: the recipient's language, the forwardable blurb, mailto links, and a decline that is
never revealed to the other side."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from altruist.clock import Clock
from altruist.domain import IntroductionState, Language
from altruist.engine.introductions import flow
from altruist.engine.introductions.drafts import mailto_url
from altruist.store import Store
from altruist.store import people as people_repo
from tests.intros.conftest import Pair, make_pair

# Words that would give away who said no, in either language.
REVEALING = re.compile(
    r"declin|refus|not interested|said no|turned|rejected|abgelehnt|abgesagt|absage|"
    r"kein interesse|nein gesagt|möchte nicht|will nicht|wollte nicht",
    re.IGNORECASE,
)


def _walk(pair: Pair, *steps: str) -> int:
    intro = flow.start_between(pair.ctx, pair.anna.id or 0, pair.ben.id or 0)
    for name in steps:
        flow.step(pair.ctx, intro.id or 0, name)
    return intro.id or 0


def test_ask_first_is_german_for_anna_with_a_blurb_about_ben(sqlite_pair: Pair) -> None:
    iid = _walk(sqlite_pair)
    draft = flow.view(sqlite_pair.ctx, iid).draft
    assert draft is not None
    assert (draft.step, draft.language, draft.emails) == (
        "ask_first",
        Language.DE,
        ("anna@example.org",),
    )
    assert draft.subject == "Möchtest du Ben Carter kennenlernen?"
    assert draft.body.startswith("Hallo Anna,\n\n")
    # The forwardable blurb: who Ben is and what he brings, in Anna's language.
    assert "Ben Carter ist Head of Data bei Acme in Hamburg." in draft.body
    assert "Kann helfen mit: „hiring data engineers for our Hamburg team“." in draft.body
    # Why Anna profits, from her own need; and the promise that makes double opt-in safe.
    assert "Du hast erwähnt: „sucht eine neue Stelle als Data Engineer in Hamburg“" in draft.body
    assert "Ben erfährt nichts davon" in draft.body
    assert draft.body.endswith("Viele Grüße\nKim")


def test_ask_second_is_english_for_ben(sqlite_pair: Pair) -> None:
    iid = _walk(sqlite_pair, "ask_first", "first_agreed")
    draft = flow.view(sqlite_pair.ctx, iid).draft
    assert draft is not None
    assert (draft.step, draft.language, draft.emails) == (
        "ask_second",
        Language.EN,
        ("ben@example.com",),
    )
    assert draft.subject == "Introduction to Anna Schmidt?"
    assert draft.body.startswith("Hi Ben,\n\nAnna would be glad to meet you")
    assert "Anna Schmidt is Data Engineer at Zalando in Berlin." in draft.body
    assert "Currently: “sucht eine neue Stelle als Data Engineer in Hamburg”." in draft.body
    assert draft.body.endswith("Best wishes\nKim")


def test_introduction_to_both_uses_english_when_languages_differ(sqlite_pair: Pair) -> None:
    iid = _walk(sqlite_pair, "ask_first", "first_agreed", "ask_second", "both_agreed")
    draft = flow.view(sqlite_pair.ctx, iid).draft
    assert draft is not None
    assert draft.step == "introduce"
    assert draft.language is Language.EN
    assert draft.emails == ("anna@example.org", "ben@example.com")
    assert draft.subject == "Introduction: Anna Schmidt ↔ Ben Carter"
    assert draft.body.startswith("Hi Anna and Ben,")
    assert "Anna Schmidt is Data Engineer at Zalando in Berlin." in draft.body
    assert "Ben Carter is Head of Data at Acme in Hamburg." in draft.body


def test_introduction_in_german_when_both_speak_german(sqlite_store: Store, clock: Clock) -> None:
    pair = make_pair(sqlite_store, clock, ben_language=Language.DE)
    iid = _walk(pair, "ask_first", "first_agreed", "ask_second", "both_agreed")
    draft = flow.view(pair.ctx, iid).draft
    assert draft is not None
    assert draft.language is Language.DE
    assert draft.subject == "Vorstellung: Anna Schmidt ↔ Ben Carter"
    assert draft.body.startswith(
        "Hallo Anna, hallo Ben,\n\nwie versprochen stelle ich euch einander vor"
    )


def test_formal_contacts_get_sie(sqlite_pair: Pair) -> None:
    with sqlite_pair.ctx.store.transaction() as conn:
        people_repo.update_fields(conn, sqlite_pair.anna.id or 0, tags=["sie"])
    draft = flow.view(sqlite_pair.ctx, _walk(sqlite_pair)).draft
    assert draft is not None
    assert draft.subject == "Möchten Sie Ben Carter kennenlernen?"
    assert draft.body.startswith("Guten Tag Anna Schmidt,")
    assert " dich " not in draft.body and " du " not in draft.body


def test_decline_by_ben_is_never_revealed_to_anna(sqlite_pair: Pair) -> None:
    iid = _walk(sqlite_pair, "ask_first", "first_agreed", "ask_second")
    flow.decline(sqlite_pair.ctx, iid, sqlite_pair.ben.id or 0)
    view = flow.view(sqlite_pair.ctx, iid)
    assert view.introduction.state is IntroductionState.DECLINED
    draft = view.draft
    assert draft is not None
    # Only Anna gets a note, in German, and it says nothing about who said no or why.
    assert (draft.step, draft.to, draft.language) == ("close", (sqlite_pair.anna.id,), Language.DE)
    assert "kommt die Vorstellung leider doch nicht zustande" in draft.body
    assert not REVEALING.search(draft.subject + draft.body)


def test_decline_by_anna_is_never_revealed_to_ben(sqlite_pair: Pair) -> None:
    iid = _walk(sqlite_pair, "ask_first", "first_agreed", "ask_second", "both_agreed")
    flow.decline(sqlite_pair.ctx, iid, sqlite_pair.anna.id or 0)
    draft = flow.view(sqlite_pair.ctx, iid).draft
    assert draft is not None
    assert (draft.step, draft.to, draft.language) == ("close", (sqlite_pair.ben.id,), Language.EN)
    assert "won't come together this time" in draft.body
    assert not REVEALING.search(draft.subject + draft.body)


def test_decline_before_the_second_was_asked_sends_nothing_to_them(sqlite_pair: Pair) -> None:
    iid = _walk(sqlite_pair, "ask_first")
    flow.decline(sqlite_pair.ctx, iid, sqlite_pair.anna.id or 0)
    # Ben never heard of it, so there is nothing to tell him.
    assert flow.view(sqlite_pair.ctx, iid).draft is None


def test_drafts_to_ben_never_mention_an_earlier_decline_of_anna(sqlite_pair: Pair) -> None:
    """Anna declined once; a later introduction of the same pair must not leak it to Ben."""
    first = _walk(sqlite_pair, "ask_first")
    flow.decline(sqlite_pair.ctx, first, sqlite_pair.anna.id or 0)
    second = _walk(sqlite_pair, "ask_first", "first_agreed")
    draft = flow.view(sqlite_pair.ctx, second).draft
    assert draft is not None and draft.to == (sqlite_pair.ben.id,)
    assert not REVEALING.search(draft.subject + draft.body)


def test_mailto_url_encodes_subject_body_and_line_breaks() -> None:
    url = mailto_url(
        ("a@example.org", "b+x@example.com"), "Vorstellung: A ↔ B & C?", "Hallo,\nzweite Zeile"
    )
    parts = urlsplit(url)
    assert parts.scheme == "mailto"
    assert unquote(parts.path) == "a@example.org,b+x@example.com"
    query = dict(item.split("=", 1) for item in parts.query.split("&"))
    assert unquote(query["subject"]) == "Vorstellung: A ↔ B & C?"
    assert query["body"] == "Hallo%2C%0D%0Azweite%20Zeile"  # CRLF, spaces as %20 (RFC 6068)
