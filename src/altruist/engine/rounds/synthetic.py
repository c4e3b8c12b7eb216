"""Generated but realistic communities for benchmarks and tests.

Needs and offers are short German or English phrases of the kinds members actually write
(mentoring, CV feedback, jobs, hiring, co-founders, investor contacts), drawn so that every need
has offers somewhere that answer it, in the same or the other language. Seeded: the same
arguments always give the same members.
"""

from __future__ import annotations

import random

from altruist.engine.rounds.model import Member

# (English, German) topic names.
TOPICS = [
    ("machine learning", "maschinelles Lernen"),
    ("Python", "Python"),
    ("Kubernetes", "Kubernetes"),
    ("data engineering", "Data Engineering"),
    ("UX design", "UX-Design"),
    ("product management", "Produktmanagement"),
    ("public speaking", "freies Sprechen"),
    ("salary negotiation", "Gehaltsverhandlung"),
    ("tax law", "Steuerrecht"),
    ("employment law", "Arbeitsrecht"),
    ("marketing", "Marketing"),
    ("SEO", "SEO"),
    ("sales", "Vertrieb"),
    ("accounting", "Buchhaltung"),
    ("fundraising", "Fundraising"),
    ("cloud security", "Cloud-Sicherheit"),
    ("React", "React"),
    ("Rust", "Rust"),
    ("statistics", "Statistik"),
    ("leadership", "Führung"),
    ("project management", "Projektmanagement"),
    ("copywriting", "Texten"),
    ("photography", "Fotografie"),
    ("supply chain", "Lieferketten"),
    ("renewable energy", "erneuerbare Energien"),
    ("healthcare IT", "Gesundheits-IT"),
    ("e-commerce", "E-Commerce"),
    ("recruiting", "Recruiting"),
    ("agile coaching", "agiles Coaching"),
    ("patents", "Patente"),
]
ROLES = [
    "backend developer",
    "data scientist",
    "product manager",
    "designer",
    "lawyer",
    "accountant",
    "sales manager",
    "nurse",
    "teacher",
    "engineer",
]
CITIES = [
    "Berlin",
    "Munich",
    "Hamburg",
    "Cologne",
    "Frankfurt",
    "Vienna",
    "Zurich",
    "London",
    "Leipzig",
    "Stuttgart",
]
DOMAINS = ["fintech", "climate", "health", "edtech", "mobility", "food", "legal tech", "gaming"]
ARTEFACTS = [
    ("CV", "Lebenslauf"),
    ("pitch deck", "Pitch-Deck"),
    ("portfolio", "Portfolio"),
    ("business plan", "Businessplan"),
    ("cover letter", "Anschreiben"),
]
FIRST = [
    "Anna",
    "Ben",
    "Clara",
    "David",
    "Elif",
    "Felix",
    "Greta",
    "Hassan",
    "Ida",
    "Jonas",
    "Katrin",
    "Lukas",
    "Mia",
    "Noah",
    "Olga",
    "Paul",
    "Rosa",
    "Sven",
    "Tara",
    "Yusuf",
]
LAST = [
    "Schmidt",
    "Miller",
    "Yilmaz",
    "Nowak",
    "Rossi",
    "Weber",
    "Kim",
    "Fischer",
    "Garcia",
    "Wagner",
    "Becker",
    "Khan",
    "Meyer",
    "Dubois",
    "Hoffmann",
    "Novak",
]


def _context(rng: random.Random, de: bool, text: str) -> str:
    """Members add their own detail, which makes most item texts unique, as in real sign-ups."""
    if rng.random() < 0.4:
        return text
    city, domain = rng.choice(CITIES), rng.choice(DOMAINS)
    months = rng.randint(1, 12)
    if de:
        extra = [
            f"gern in {city}",
            f"für ein {domain}-Projekt",
            "auch remote",
            f"in den nächsten {months} Monaten",
            f"am liebsten im Bereich {domain}",
        ]
    else:
        extra = [
            f"ideally in {city}",
            f"for a {domain} project",
            "remote is fine",
            f"within the next {months} months",
            f"preferably in {domain}",
        ]
    return f"{text}, {rng.choice(extra)}"


def _need(rng: random.Random, de: bool) -> str:
    topic_en, topic_de = rng.choice(TOPICS)
    art_en, art_de = rng.choice(ARTEFACTS)
    role, city, domain = rng.choice(ROLES), rng.choice(CITIES), rng.choice(DOMAINS)
    options_en = [
        f"a mentor for {topic_en}",
        f"feedback on my {art_en}",
        f"a job as {role} in {city}",
        f"a co-founder for a {domain} startup",
        f"introductions to {domain} investors",
        f"help with {topic_en}",
        f"to hire a {role} in {city}",
    ]
    options_de = [
        f"Mentor für {topic_de}",
        f"Feedback zu meinem {art_de}",
        f"eine Stelle als {role} in {city}",
        f"Mitgründer für ein {domain}-Startup",
        f"Kontakte zu Investoren im Bereich {domain}",
        f"Hilfe bei {topic_de}",
        f"suche {role} für unser Team in {city}",
    ]
    return _context(rng, de, rng.choice(options_de if de else options_en))


def _offer(rng: random.Random, de: bool) -> str:
    topic_en, topic_de = rng.choice(TOPICS)
    art_en, art_de = rng.choice(ARTEFACTS)
    role, city, domain = rng.choice(ROLES), rng.choice(CITIES), rng.choice(DOMAINS)
    years = rng.choice([3, 5, 8, 10, 15])
    options_en = [
        f"{years} years of {topic_en} experience",
        f"happy to mentor in {topic_en}",
        f"can review your {art_en}",
        f"we are hiring {role}s in {city}",
        f"contacts to {domain} investors",
        f"looking to join a {domain} startup",
        f"open to work as {role} in {city}",
    ]
    options_de = [
        f"{years} Jahre Erfahrung in {topic_de}",
        f"Mentoring in {topic_de}",
        f"kann deinen {art_de} gegenlesen",
        f"wir stellen {role} in {city} ein",
        f"Kontakte zu {domain}-Investoren",
        f"möchte bei einem {domain}-Startup mitgründen",
        f"suche eine Stelle als {role} in {city}",
    ]
    return _context(rng, de, rng.choice(options_de if de else options_en))


def generate_members(
    n: int, seed: int = 7, companies: int = 200, paused_share: float = 0.02
) -> list[Member]:
    rng = random.Random(seed)
    members = []
    for i in range(n):
        de = rng.random() < 0.4
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        needs = "; ".join(_need(rng, de) for _ in range(rng.choice([1, 1, 2, 2, 3])))
        offers = "; ".join(_offer(rng, de) for _ in range(rng.choice([1, 2, 2, 3])))
        members.append(
            Member(
                email=f"member{i}@example.org",
                name=name,
                language="de" if de else "en",
                needs=needs,
                offers=offers,
                city=rng.choice(CITIES),
                company=f"Company {rng.randrange(companies)}",
                paused=rng.random() < paused_share,
            )
        )
    return members
