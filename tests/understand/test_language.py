"""Each contact's language from evidence (issue 13): the rules, and the share that is right on
the German samples and on generated contacts (printed; the bench prints the real files too)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from altruist.eval.language import from_file, generated, measure
from altruist.understand import language
from altruist.understand.language import ContactEvidence, explain, infer

SAMPLES = Path(__file__).parent.parent / "ingest" / "samples_de"


def _evidence(**values: object) -> ContactEvidence:
    base: dict[str, object] = {
        "own_texts": [],
        "titles": [],
        "phones": [],
        "countries": [],
        "emails": [],
    }
    return ContactEvidence(**(base | values))  # type: ignore[arg-type]


def test_own_german_text_outweighs_an_english_title_and_user() -> None:
    guess = infer(
        _evidence(
            own_texts=["Sucht neue Stelle im Bereich Unternehmensteuern, gerne in Süddeutschland."],
            titles=["Head of Tax"],
            user_language="en",
        )
    )
    assert guess.language == "de"
    assert guess.evidence[0].source.startswith("own texts are German")


def test_phone_counts_only_with_a_country_code() -> None:
    assert infer(_evidence(phones=["+44 20 7946 0018"], user_language="de")).language == "en"
    national = infer(_evidence(phones=["020 7946 0018"], user_language="de"))
    assert national.language == "de" and national.provenance == "the user's own language"


def test_a_french_note_is_not_forced_into_german_or_english() -> None:
    guess = infer(
        _evidence(
            own_texts=["Nous nous sommes rencontrés au salon de Lyon, il cherche un associé."],
            countries=["United Kingdom"],
            user_language="de",
        )
    )
    assert guess.language == "en" and guess.provenance == "address in United Kingdom"


def test_employer_legal_form_and_export_locale() -> None:
    assert infer(_evidence(companies=["Datenwerk GmbH"], user_language="en")).language == "de"
    assert infer(_evidence(companies=["Northwind Ltd"], user_language="de")).language == "en"
    assert infer(_evidence(export_locale="de", user_language="en")).language == "de"


def test_provenance_can_be_explained_part_by_part() -> None:
    parts = explain("own texts are German (0.94); phone +49 30 1234567; something else")
    assert parts == [
        ("own texts are {language} ({confidence})", {"language": "German", "confidence": "0.94"}),
        ("phone {number}", {"number": "+49 30 1234567"}),
        ("something else", {}),
    ]


def test_share_of_right_languages_is_printed_and_high_where_there_is_evidence() -> None:
    english = {"Emily Clarke", "Daniel Wright", "Sara Lindqvist"}
    rows = []
    for path in sorted(SAMPLES.iterdir()):
        contacts, locale = from_file(path)
        truth = [(c, "en" if c.display_name() in english else "de") for c in contacts]
        rows.append(measure(path.name, truth, locale, "de"))
    rows.append(measure("generated", generated(400), None, "de"))
    for row in rows:
        print(
            f"{row.name}: {row.right}/{row.total} = {row.share:.3f} "
            f"(with evidence {row.share_with_evidence:.3f}, {row.blind} without)"
        )
    samples = [r for r in rows if r.name != "generated"]
    assert sum(r.right for r in samples) == sum(r.total for r in samples)
    assert rows[-1].share_with_evidence >= 0.95


def test_many_texts_are_computed_in_bounded_batches_with_the_same_results(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """lingua holds the GIL for a whole call: an import's texts go in batches (issue 19)."""
    texts = [f"Leitender Ingenieur für Brückenbau, Standort {i}" for i in range(60)]
    texts += [f"Senior engineer for bridge building, site {i}" for i in range(60)]
    calls: list[int] = []
    detector = language._detector()

    class Counting:
        def compute_language_confidence_values(self, text: str) -> Any:
            # The first text of a batch run loads the models on this thread (not counted).
            return detector.compute_language_confidence_values(text)

        def compute_language_confidence_values_in_parallel(self, batch: list[str]) -> Any:
            calls.append(sum(len(t) for t in batch))
            return detector.compute_language_confidence_values_in_parallel(batch)

    language.clear_cache()
    monkeypatch.setattr(language, "BATCH_CHARS", 500)
    monkeypatch.setattr(language, "_detector", lambda: Counting())
    language.prepare(texts)
    assert len(calls) > 1 and max(calls) <= 500
    batched = {t: language._CACHE[t] for t in texts}
    language.clear_cache()
    monkeypatch.setattr(language, "BATCH_CHARS", 10**9)
    before = len(calls)
    language.prepare(texts)
    assert len(calls) == before + 1  # all at once
    for text in texts:  # equal up to rounding (lingua sums in parallel)
        assert language._CACHE[text] == pytest.approx(batched[text])
    language.clear_cache()
