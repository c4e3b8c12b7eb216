"""How often the inferred language is right (issue 13: aim ≥ 0.95), on real export files and on
generated contacts. Used by bench/bench_language.py and tests/understand/test_language.py.

Generated contacts are German or English (half each) with what an address book really holds:
a job title (Faker's de_DE/en_US lists), sometimes a note (Faker's sentences of each language),
a phone with country code, an e-mail, a home country — each present at random, so some contacts
carry no evidence at all and fall back to the user's language (German): those English contacts
count as wrong, as they would be for a real user.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from altruist.ingest.importer import parse_bytes
from altruist.ingest.plan import evidence_of
from altruist.ingest.records import ContactRecord
from altruist.understand.language import NO_EVIDENCE, USERS_LANGUAGE, infer

COUNTRIES = {
    "de": ["Deutschland", "Österreich", "Schweiz", "Germany"],
    "en": ["United States", "United Kingdom", "Ireland", "Australia"],
}
PHONES = {"de": ["+49 30 {n}", "+49 171 {n}", "+43 1 {n}"], "en": ["+1 415 {n}", "+44 20 {n}"]}


@dataclass
class Measured:
    name: str
    total: int
    right: int
    blind: int = 0  # contacts without any evidence but the user's language
    blind_right: int = 0

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 0.0

    @property
    def share_with_evidence(self) -> float:
        seen = self.total - self.blind
        return (self.right - self.blind_right) / seen if seen else 0.0


def measure(
    name: str, labelled: Iterable[tuple[ContactRecord, str]], locale: str | None, user: str
) -> Measured:
    result = Measured(name, 0, 0)
    for record, truth in labelled:
        guess = infer(evidence_of(record, locale, user))
        hit = guess.language == truth
        result.total += 1
        result.right += hit
        if all(e.source in (USERS_LANGUAGE, NO_EVIDENCE) for e in guess.evidence):
            result.blind += 1
            result.blind_right += hit
    return result


def from_file(path: Path) -> tuple[list[ContactRecord], str | None]:
    parsed = parse_bytes(path.read_bytes(), str(path))
    return parsed.contacts, parsed.locale


def generated(count: int, seed: int = 13) -> list[tuple[ContactRecord, str]]:
    from faker import Faker

    rng = random.Random(seed)
    fakers = {"de": Faker("de_DE"), "en": Faker("en_US")}
    for faker in fakers.values():
        faker.seed_instance(seed)
    out: list[tuple[ContactRecord, str]] = []
    for i in range(count):
        lang = "de" if i % 2 == 0 else "en"
        fake = fakers[lang]
        record = ContactRecord(line=i + 1, name=fake.name())
        if rng.random() < 0.7:
            record.position = fake.job()
        if rng.random() < 0.3:
            record.notes = fake.sentence(nb_words=rng.randint(5, 14))
        if rng.random() < 0.4:
            number = f"{rng.randint(1000000, 9999999)}"
            record.phones.append(rng.choice(PHONES[lang]).format(n=number))
        if rng.random() < 0.8:
            record.emails.append(fake.free_email())
        if rng.random() < 0.3:
            record.country = rng.choice(COUNTRIES[lang])
        out.append((record, lang))
    return out
