"""The names module: what may be one person's name, what never is, and the better spelling."""

from __future__ import annotations

import pytest

from altruist.names import (
    ParsedName,
    Verdict,
    better_spelling,
    compare,
    fold,
    fold_words,
    parse,
)


def _verdict(a: str, b: str, bday_a: str | None = None, bday_b: str | None = None) -> Verdict:
    return compare(parse(None, None, a), parse(None, None, b), bday_a, bday_b).verdict


@pytest.mark.parametrize(
    "a,b",
    [
        ("Jürgen Müller", "Juergen Mueller"),
        ("Thomas Groß", "THOMAS GROSS"),
        ("Zoë Schmidt", "Zoe Schmidt"),
        ("Müller, Anna", "Anna Müller"),
        ("Dr. Anna Müller", "Anna Müller"),
    ],
)
def test_same_name_whatever_the_spelling(a: str, b: str) -> None:
    assert _verdict(a, b) == Verdict.SAME


@pytest.mark.parametrize(
    "a,b,reason",
    [
        ("Theo Müller", "Theodor Müller", "nickname"),
        ("Kathi Wolf", "Katharina Wolf", "nickname"),
        ("Sepp Huber", "Josef Huber", "nickname"),
        ("Hans Maier", "Johannes Maier", "nickname"),
        ("Bob Smith", "Robert Smith", "nickname"),
        ("Alex Weber", "Alexander Weber", "nickname"),
        ("Anna Maria Schulz", "Anna Schulz", "middle_name"),
        ("T. Becker", "Thomas Becker", "initial"),
        ("Markus Hofman", "Markus Hofmann", "typo"),
        ("Peter Outlok", "Peter Outlook", "typo"),
        ("Müller Anna", "Anna Müller", "swapped"),
        ("Hans Huber", "Hans Huber Jr.", "suffix_missing"),
    ],
)
def test_compatible_names_say_why(a: str, b: str, reason: str) -> None:
    found = compare(parse(None, None, a), parse(None, None, b))
    assert found.verdict == Verdict.COMPATIBLE
    assert reason in found.reasons


@pytest.mark.parametrize(
    "a,b,bday_a,bday_b",
    [
        ("Sabine Schröder", "Franz Huber", None, None),
        ("Peter Wagner", "Monika Wagner", None, None),
        ("Hans Huber Sr.", "Hans Huber Jr.", None, None),
        ("Anna Müller", "Anna Müller", "1980-01-02", "1981-01-02"),
        ("Anna Müller", "Anna Müller", "--03-04", "1980-05-04"),
        ("John Doe", "Greg Dartmouth", None, None),
        ("Anna Meier", "Anja Maier", None, None),  # two slips at once: two names
    ],
)
def test_conflicting_names_and_birthdays_keep_apart(
    a: str, b: str, bday_a: str | None, bday_b: str | None
) -> None:
    assert _verdict(a, b, bday_a, bday_b) == Verdict.CONFLICT


def test_a_birthday_without_year_agrees_with_one_with_year() -> None:
    assert _verdict("Anna Müller", "Anna Müller", "--05-04", "1980-05-04") == Verdict.SAME


def test_fold_and_fold_words() -> None:
    assert fold("Müller-Lüdenscheidt") == "muellerluedenscheidt"
    assert fold_words("Bäckerei Groß-Zoë") == "baeckerei gross zoe"
    assert fold("José") == "jose"


def test_better_spelling_prefers_diacritics_and_full_names() -> None:
    assert better_spelling("Juergen Mueller", "Jürgen Müller") == "Jürgen Müller"
    assert better_spelling("Katharina Wolf", "Kathi Wolf") == "Katharina Wolf"
    assert better_spelling("ANNA SCHMIDT", "Anna Schmidt") == "Anna Schmidt"


@pytest.mark.parametrize(
    "a,b,code",
    [
        ("Peter Wagner", "Monika Wagner", "given_differs"),
        ("Peter Wagner", "Monika Wagnr", "given_differs"),  # the agreeing part with a slip
        ("Sabine Huber", "Sabine Schröder", "family_differs"),
        ("Anna Meier", "Anja Maier", "two_typos"),
    ],
)
def test_conflicts_say_which_part_differs(a: str, b: str, code: str) -> None:
    # The codes let the review queue ask about a replaced name when birthday and city agree;
    # the verdict stays a conflict, so nothing is ever merged on them.
    found = compare(parse(None, None, a), parse(None, None, b))
    assert found.verdict == Verdict.CONFLICT and found.reasons == (code,)


@pytest.mark.parametrize(
    "a,b",
    [
        (parse(None, None, "Sabine Schröder"), parse(None, None, "Franz Huber")),
        (parse("Anna", None), parse("Maria", "Müller")),  # no family name is not a match
    ],
)
def test_no_code_when_no_part_agrees(a: ParsedName, b: ParsedName) -> None:
    found = compare(a, b)
    assert found.verdict == Verdict.CONFLICT and found.reasons == ()


@pytest.mark.parametrize(
    "a,b,named",
    [
        ("Jonas Roth", "Jonas Roth", ("name_same",)),
        ("Jonas Roth", "Jonas Rot", ("typo",)),
    ],
)
def test_a_date_typo_keeps_what_the_names_say(a: str, b: str, named: tuple[str, ...]) -> None:
    # Two digits swapped (01 / 10): a conflict that may be asked; the names' own evidence stays
    # with it, so the queue weighs the same name for the question and a slip against it.
    found = compare(parse(None, None, a), parse(None, None, b), "1992-12-01", "1992-12-10")
    assert found.verdict == Verdict.CONFLICT
    assert found.reasons == ("birthday", "date_typo", *named)
    other_day = compare(parse(None, None, a), parse(None, None, b), "1992-12-01", "1992-07-23")
    assert other_day.reasons == ("birthday",)
