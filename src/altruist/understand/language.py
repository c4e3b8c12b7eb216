"""Each contact's language, inferred from evidence (issue 13): drafts to a person use it.

Evidence, strongest first: the language of the person's own texts (notes, messages, headline),
the country code of a phone number written with one, the country of their address, the top-level
domain of their e-mail, the legal form of their employer (GmbH, Ltd), the locale of the export they came from (a German Outlook), and last the
user's own language. Each piece adds a weight to a language; the heaviest wins and its strongest
piece is kept as the provenance, so a person page can say *why* ("notes are German").

The texts are identified with lingua (lingua-language-detector): it is built for short text —
a job title, a two-line note — ships its models inside the wheel (nothing downloads at run time)
and is deterministic. docs/design.md says why it was chosen over langid and langdetect.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import islice
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lingua import ConfidenceValue, LanguageDetector

SUPPORTED = ("de", "en")  # drafts exist in these; other languages are recognised, not stored

# Weights: a contact's own sentences say most; where they live says something; what the user's
# address book was set to, least. A German job title is strong evidence (English speakers do not
# use German titles), an English one weak (German professionals often do).
OWN_TEXT = 3.0
TITLE_DE, TITLE_EN = 2.0, 0.6
PHONE = 1.5
COUNTRY = 1.5
E_MAIL_DOMAIN = 1.0
LEGAL_FORM = 1.0
EXPORT_LOCALE = 0.75
# Below an English job title's weight at moderate confidence: an English title and nothing else
# makes an English contact, one more hint of Germany (a GmbH, a +49 phone) a German one.
USER = 0.3
MIN_CONFIDENCE = 0.45  # lingua's relative confidence below which a text says nothing
MIN_LETTERS = 4

_PHONE_LANGUAGE = {49: "de", 43: "de", 41: "de", 423: "de", 44: "en", 1: "en", 61: "en", 64: "en"}
_PHONE_LANGUAGE |= {353: "en"}
_GERMAN_COUNTRIES = """de deu germany deutschland at austria österreich oesterreich ch schweiz
    switzerland liechtenstein"""
_ENGLISH_COUNTRIES = """gb uk united_kingdom england scotland wales us usa united_states
    united_states_of_america ireland irland australia australien new_zealand neuseeland
    großbritannien vereinigtes_königreich vereinigte_staaten canada kanada"""
_COUNTRY_LANGUAGE = {"de": _GERMAN_COUNTRIES.split(), "en": _ENGLISH_COUNTRIES.split()}
_COUNTRIES = {
    name.replace("_", " "): lang for lang, names in _COUNTRY_LANGUAGE.items() for name in names
}
# The employer's legal form says in which legal system the person works.
_LEGAL_FORMS = {
    "de": re.compile(r"\b(gmbh|mbh|ag|kg|ohg|gbr|ug|e\.\s?v\.|kgaa|gmbh & co\. kg)(\s|$|\))", re.I),
    "en": re.compile(r"\b(inc\.?|llc|ltd\.?|limited|corp\.?|corporation|plc|llp)(\s|$|\))", re.I),
}
_DOMAIN_LANGUAGE = {"de": "de", "at": "de", "uk": "en", "us": "en", "ie": "en", "au": "en"}
_LETTERS = re.compile(r"[^\W\d_]")


# What was seen, as English templates (msgids of the catalogues): provenance is stored in English
# and each surface translates it part by part with `explain`.
OWN_TEXTS_ARE = "own texts are {language} ({confidence})"
TITLE_IS = "headline/position is {language} ({confidence})"
PHONE_NUMBER = "phone {number}"
ADDRESS_IN = "address in {country}"
E_MAIL_DOMAIN_IS = "e-mail domain .{domain}"
EMPLOYER_IS = "employer {company}"
EXPORT_IN = "export in {language}"
USERS_LANGUAGE = "the user's own language"
NO_EVIDENCE = "no evidence: the product's default"
SET_BY_HAND = "set by hand"
_TEMPLATES: tuple[str, ...] = (OWN_TEXTS_ARE, TITLE_IS, PHONE_NUMBER, ADDRESS_IN, E_MAIL_DOMAIN_IS)
_TEMPLATES += (EMPLOYER_IS, EXPORT_IN, USERS_LANGUAGE, NO_EVIDENCE, SET_BY_HAND)


@dataclass(frozen=True)
class Evidence:
    language: str
    weight: float
    source: str  # what was seen, in English, e.g. "own texts are German (0.94)"


@dataclass(frozen=True)
class LanguageGuess:
    language: str
    evidence: tuple[Evidence, ...]  # those that voted for `language`, strongest first

    @property
    def provenance(self) -> str:
        return "; ".join(e.source for e in self.evidence)


@dataclass
class ContactEvidence:
    """What is known about one contact, as plain values (no store, no file formats)."""

    own_texts: list[str]  # notes, messages, "about": sentences the person wrote or said
    titles: list[str]  # headline, position
    phones: list[str]  # as written; only those with a country code count
    countries: list[str]
    emails: list[str]
    companies: list[str] = field(default_factory=list)
    export_locale: str | None = None
    user_language: str | None = None


def infer(contact: ContactEvidence) -> LanguageGuess:
    found = list(_evidence(contact))
    totals: dict[str, float] = {}
    for item in found:
        totals[item.language] = totals.get(item.language, 0.0) + item.weight
    # A tie (or nothing at all) goes to the user's language, then German: the product's default.
    fallback = contact.user_language if contact.user_language in SUPPORTED else "de"
    best = max(SUPPORTED, key=lambda lang: (totals.get(lang, 0.0), lang == fallback))
    voters = sorted((e for e in found if e.language == best), key=lambda e: -e.weight)
    if not voters:
        voters = [Evidence(best, 0.0, NO_EVIDENCE)]
    return LanguageGuess(best, tuple(voters))


# How much of a text lingua reads: a few paragraphs tell German from English as well as a whole
# book does, and a 50 MB note pasted into one contact must cost no more than a two-line one.
READ_CHARS = 2_000


def texts_of(c: ContactEvidence) -> list[str]:
    """The texts `infer` gives lingua, exactly (for `prepare`): each part, and their join, cut
    to `READ_CHARS`, so no copy of a huge note is made."""
    return [_head(c.own_texts, " "), _head(c.titles, " · ")]


def _head(parts: Iterable[str], separator: str) -> str:
    return separator.join(t[:READ_CHARS] for t in parts if t)[:READ_CHARS]


def _evidence(c: ContactEvidence) -> Iterable[Evidence]:
    yield from _text_evidence(*texts_of(c))
    for raw in c.phones:
        if (by_phone := phone_language(raw)) is not None:
            yield Evidence(by_phone, PHONE, PHONE_NUMBER.format(number=raw.strip()))
            break
    for country in c.countries:
        if (by_country := _COUNTRIES.get(country.strip().lower())) is not None:
            yield Evidence(by_country, COUNTRY, ADDRESS_IN.format(country=country.strip()))
            break
    for email in c.emails:
        tld = email.strip().rsplit(".", 1)[-1].lower() if "@" in email else ""
        if (by_domain := _DOMAIN_LANGUAGE.get(tld)) is not None:
            yield Evidence(by_domain, E_MAIL_DOMAIN, E_MAIL_DOMAIN_IS.format(domain=tld))
            break
    for company in c.companies:
        if company and (by_form := _legal_form(company)) is not None:
            yield Evidence(by_form, LEGAL_FORM, EMPLOYER_IS.format(company=company.strip()))
            break
    if c.export_locale in SUPPORTED:
        yield Evidence(
            c.export_locale, EXPORT_LOCALE, EXPORT_IN.format(language=_NAMES[c.export_locale])
        )
    if c.user_language in SUPPORTED:
        yield Evidence(c.user_language, USER, USERS_LANGUAGE)


_NAMES = {"de": "German", "en": "English"}


# An import infers a language for every new contact, and titles, notes and employers repeat
# across a network ("Software Engineer", "ACME GmbH"): each distinct text is read once.
@lru_cache(maxsize=50_000)
def _text_evidence(own: str, titles: str) -> tuple[Evidence, ...]:
    """What a contact's own texts and titles say (Evidence is immutable, so shared)."""
    found: list[Evidence] = []
    if (identified := _identified(own)) is not None:
        lang, confidence = identified
        seen = f"own texts are {_NAMES[lang]} ({confidence:.2f})"
        found.append(Evidence(lang, OWN_TEXT * confidence, seen))
    if (titled := _title_language(titles)) is not None:
        lang, confidence = titled
        weight = (TITLE_DE if lang == "de" else TITLE_EN) * confidence
        seen = TITLE_IS.format(language=_NAMES[lang], confidence=f"{confidence:.2f}")
        found.append(Evidence(lang, weight, seen))
    return tuple(found)


@lru_cache(maxsize=50_000)
def _identified(text: str) -> tuple[str, float] | None:
    return identify(text)


@lru_cache(maxsize=50_000)
def _title_language(text: str) -> tuple[str, float] | None:
    return german_or_english(text)


@lru_cache(maxsize=50_000)
def _legal_form(company: str) -> str | None:
    return next((lang for lang, form in _LEGAL_FORMS.items() if form.search(company)), None)


def explain(provenance: str) -> list[tuple[str, dict[str, str]]]:
    """A stored provenance as (template, values) pairs a surface can translate; a part that
    matches no template comes back as itself."""
    out: list[tuple[str, dict[str, str]]] = []
    for part in provenance.split("; "):
        for template in _TEMPLATES:
            if (match := _pattern(template).fullmatch(part)) is not None:
                out.append((template, match.groupdict()))
                break
        else:
            out.append((part, {}))
    return out


@cache
def _pattern(template: str) -> re.Pattern[str]:
    pieces = re.split(r"\{(\w+)\}", template)
    regex = "".join(
        re.escape(piece) if i % 2 == 0 else f"(?P<{piece}>.+?)" for i, piece in enumerate(pieces)
    )
    return re.compile(regex)


def phone_language(raw: str) -> str | None:
    """The language of a number's country, when the number was written with a country code
    (a number without one was assumed to be in the user's country: no evidence). Calling codes
    are prefix-free (ITU-T E.164), so the leading digits name the country without a parser."""
    value = raw.strip()
    if value.startswith("00"):
        value = value[2:]
    elif value.startswith("+"):
        value = value[1:]
    else:
        return None
    digits = "".join(ch for ch in value[:8] if ch.isdigit())
    for length in (3, 2, 1):
        found = _PHONE_LANGUAGE.get(int(digits[:length])) if len(digits) > length else None
        if found is not None:
            return found
    return None


def identify(text: str) -> tuple[str, float] | None:
    """German or English and lingua's confidence, or None when the text is too short, in
    another language, or undecided. Other languages are candidates too, so a French note is
    not forced into German or English."""
    if not _enough_letters(text[:READ_CHARS]):
        return None
    values = confidences(text)
    if not values:
        return None
    code, value = max(values.items(), key=lambda item: item[1])
    if code not in SUPPORTED or value < MIN_CONFIDENCE:
        return None
    return code, round(value, 2)


MIN_SHARE = 0.6  # of German vs English, for a title
MIN_DE_EN = 0.2  # a title that is clearly French or Spanish says nothing


def german_or_english(text: str) -> tuple[str, float] | None:
    """For a job title or headline, which is only ever German or English in these networks:
    German's and English's share of lingua's confidence, compared with each other. Short
    English titles share Latin roots with French and Italian ("Cartographer"), which spreads
    the six-way confidence thin; between German and English alone they are clear."""
    if not _enough_letters(text[:READ_CHARS]):
        return None
    values = confidences(text)
    de, en = values.get("de", 0.0), values.get("en", 0.0)
    if de + en < MIN_DE_EN:
        return None
    lang, share = ("de", de / (de + en)) if de >= en else ("en", en / (de + en))
    return (lang, round(share, 2)) if share >= MIN_SHARE else None


# lingua costs ~1 ms a text; titles repeat across a network ("Software Engineer"), and a file's
# new texts are computed together on all cores (`prepare`). Bounded: cleared when full.
_CACHE: dict[str, dict[str, float]] = {}
CACHE_SIZE = 200_000


def confidences(text: str) -> dict[str, float]:
    """lingua's confidence per candidate language (ISO 639-1) for one text, memoised."""
    key = text[:READ_CHARS]
    found = _CACHE.get(key)
    if found is None:
        found = _as_dict(_detector().compute_language_confidence_values(key))
        _remember(key, found)
    return found


# lingua holds the GIL for the whole of one call: while a web import's 20,000 new texts were
# computed in one call, every other page of the server waited (seconds). In batches of this many
# characters (a few tens of milliseconds each) the other threads get their turn in between.
BATCH_CHARS = 5_000


def prepare(texts: Iterable[str]) -> None:
    """Compute many texts at once on every core (an import's new contacts), for the cache."""
    todo = sorted({key for t in texts if _enough_letters(key := t[:READ_CHARS])} - _CACHE.keys())
    if not todo:
        return
    # The first text on this thread: lingua loads its models on first use, and loaded by
    # several threads at once they cost ~40 % more CPU and ~60 MiB more memory (measured for an
    # import's first file); the rest then runs on every core.
    confidences(todo[0])
    for batch in _batches(todo[1:], BATCH_CHARS):
        results = _detector().compute_language_confidence_values_in_parallel(batch)
        for text, values in zip(batch, results, strict=True):
            _remember(text, _as_dict(values))


def _batches(texts: list[str], chars: int) -> Iterator[list[str]]:
    """Consecutive runs of `texts` of at most `chars` characters (or one longer text)."""
    batch: list[str] = []
    size = 0
    for text in texts:
        if batch and size + len(text) > chars:
            yield batch
            batch, size = [], 0
        batch.append(text)
        size += len(text)
    if batch:
        yield batch


def _enough_letters(text: str) -> bool:
    """At least `MIN_LETTERS` letters, found without listing every letter of the text."""
    return len(list(islice(_LETTERS.finditer(text), MIN_LETTERS))) >= MIN_LETTERS


def _as_dict(values: Iterable[ConfidenceValue]) -> dict[str, float]:
    return {v.language.iso_code_639_1.name.lower(): float(v.value) for v in values}


def _remember(text: str, values: dict[str, float]) -> None:
    if len(_CACHE) >= CACHE_SIZE:
        _CACHE.clear()
    _CACHE[text] = values


def clear_cache() -> None:
    _CACHE.clear()
    _identified.cache_clear()
    _text_evidence.cache_clear()
    _title_language.cache_clear()
    _legal_form.cache_clear()


def preload() -> None:
    """Load lingua's models now (~1.5 s CPU, ~100 MB). lingua holds the GIL while it loads them
    on first use: in a web server, the first import would stop every other page for those
    seconds (long enough for the server to drop idle keep-alive connections), so `altruist
    serve` loads them before it listens."""
    confidences("Wir haben uns auf dem Treffen kennengelernt. We met at the meetup.")


@cache
def _detector() -> LanguageDetector:
    # Imported and built on first use (~1.5 s CPU, ~140 MB); four candidates, not all 75: every
    # model costs load time and memory, and Dutch and French are the neighbours German and
    # English texts are confused with (Spanish and Italian as well changed no measured result).
    from lingua import Language, LanguageDetectorBuilder

    candidates = (
        Language.GERMAN,
        Language.ENGLISH,
        Language.FRENCH,
        Language.DUTCH,
    )
    return LanguageDetectorBuilder.from_languages(*candidates).build()
