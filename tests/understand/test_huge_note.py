"""A huge note (issue 19: a pasted mail archive of 50 MB) costs each step a bounded amount: the
reader reads its start and its end, lingua a few paragraphs, the digest slices it; the note itself
is stored whole."""

from __future__ import annotations

import pytest

from altruist.domain import FacetKind, Language, Person
from altruist.ingest.importer import import_bytes
from altruist.store import Store
from altruist.store import facets as facets_repo
from altruist.store import people as people_repo
from altruist.understand import language, needs, stale
from altruist.understand.language import ContactEvidence

FILLER = "Met at the meetup and talked about the new office in Leipzig. "


def _person(notes: str) -> Person:
    return Person(id=1, name="Big Note", notes=notes, language=Language.EN)


def test_a_short_note_is_read_whole() -> None:
    note = FILLER * 10 + "Looking for a Rust mentor."
    assert needs.readable(note) == note


def test_of_a_huge_note_the_reader_reads_its_start_and_its_end_in_whole_sentences() -> None:
    note = "Happy to help with Kotlin. " + FILLER * 50_000 + "Looking for a Rust mentor."
    read = needs.readable(note)
    assert len(read) <= needs.READ_CHARS
    sentences = needs.candidates(note, headline=False)
    assert sentences[0] == "Happy to help with Kotlin."
    assert sentences[-1] == "Looking for a Rust mentor."
    # Cut at sentence ends: every sentence read is one of the note's own.
    assert set(sentences) == {"Happy to help with Kotlin.", FILLER.strip(), sentences[-1]}
    facets = {(f.kind, f.text) for f in needs.derive_facets(_person(note))}
    assert (FacetKind.NEED, "Looking for a Rust mentor.") in facets
    assert (FacetKind.OFFER, "Happy to help with Kotlin.") in facets


def test_a_statement_in_the_middle_of_a_huge_note_is_not_read() -> None:
    half = FILLER * 20_000
    facets = needs.derive_facets(_person(half + "Looking for a Rust mentor. " + half))
    assert not [f for f in facets if "Rust" in f.text]


def test_language_reads_a_bounded_head_of_the_own_texts() -> None:
    german = "Wir haben uns auf dem Treffen in Leipzig über das neue Büro unterhalten. "
    evidence = ContactEvidence(
        own_texts=[german * 100_000, "More text"],
        titles=["Ingenieur"],
        phones=[],
        countries=[],
        emails=[],
    )
    own, titles = language.texts_of(evidence)
    assert len(own) == language.READ_CHARS and own == (german * 100)[: language.READ_CHARS]
    assert titles == "Ingenieur"
    guess = language.infer(evidence)
    assert guess.language == "de" and "own texts are German" in guess.provenance


def test_the_digest_slices_a_huge_note_to_the_same_value_and_sees_its_last_character(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    note = "ä𝄞 \udc80" * 700_000  # multi-byte characters and a lone surrogate across slices
    sliced = stale.person_digest(_person(note), (), ())
    monkeypatch.setattr(stale, "_SLICE", len(note))  # the whole note at once, as before
    # The same digest as one encoding of the whole: digests stored earlier stay valid.
    assert stale.person_digest(_person(note), (), ()) == sliced
    assert stale.person_digest(_person(note[:-1] + "x"), (), ()) != sliced


def test_a_huge_note_is_stored_whole_and_derived(any_store: Store) -> None:
    note = "Happy to help with Kotlin. " + FILLER * 20_000 + "Looking for a Rust mentor."
    card = f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Big Note\r\nNOTE:{note}\r\nEND:VCARD\r\n"
    import_bytes(any_store, card.encode(), "big.vcf")
    needs.refresh_derived(any_store, changed_only=True)
    with any_store.read() as conn:
        [person] = [p for p in people_repo.all_people(conn) if p.name == "Big Note"]
        stored = facets_repo.for_person(conn, person.id or 0)
    assert person.notes == note
    texts = {f.text for f in stored}
    assert {"Happy to help with Kotlin.", "Looking for a Rust mentor."} <= texts
