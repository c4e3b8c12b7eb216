"""The raw material of the demo network: fields of work, what people in them offer and seek, and
the questions they ask in groups, in German and English. Kept apart from `demo.py` so the
generator reads as logic and this file as data."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    key: str
    positions_en: tuple[str, ...]
    positions_de: tuple[str, ...]
    offers_en: tuple[str, ...]
    offers_de: tuple[str, ...]
    needs_en: tuple[str, ...]
    needs_de: tuple[str, ...]
    questions_en: tuple[tuple[str, str, tuple[str, ...]], ...]  # title, body, tags
    questions_de: tuple[tuple[str, str, tuple[str, ...]], ...]


FIELDS: tuple[Field, ...] = (
    Field(
        key="data",
        positions_en=(
            "Data Engineer",
            "Senior Data Scientist",
            "Analytics Engineer",
            "Head of Data",
        ),
        positions_de=("Data Engineer", "Datenanalystin", "Data Scientist", "Leiter Datenplattform"),
        offers_en=(
            "advice on building data pipelines with Airflow and dbt",
            "know-how in SQL performance tuning on PostgreSQL",
            "experience with machine learning models in production",
        ),
        offers_de=(
            "Erfahrung mit Datenpipelines in Airflow und dbt",
            "Wissen über SQL-Optimierung in PostgreSQL",
            "Praxis mit Machine-Learning-Modellen im Produktivbetrieb",
        ),
        needs_en=(
            "looking for a data engineering role in Berlin",
            "needs advice on choosing a cloud data warehouse",
        ),
        needs_de=(
            "sucht eine neue Stelle als Data Engineer",
            "sucht Rat zur Wahl eines Cloud-Data-Warehouse",
        ),
        questions_en=(
            (
                "How do I backfill an Airflow DAG without duplicating rows?",
                "Our daily DAG failed for a week. What is the cleanest way to backfill it idempotently?",
                ("airflow", "data-engineering"),
            ),
            (
                "dbt incremental models: merge or delete+insert on PostgreSQL?",
                "Which incremental strategy is faster for a 200M row table on Postgres?",
                ("dbt", "postgresql"),
            ),
            (
                "Slow GROUP BY on a large PostgreSQL table",
                "A GROUP BY over 50M rows takes minutes. Which indexes or settings help?",
                ("postgresql", "sql", "performance"),
            ),
            (
                "Monitoring data quality in pipelines",
                "What do you use to alert on missing or broken data in daily loads?",
                ("data-quality", "data-engineering"),
            ),
        ),
        questions_de=(
            (
                "Wie teste ich dbt-Modelle sinnvoll?",
                "Wir haben 80 dbt-Modelle und keine Tests. Womit fange ich an?",
                ("dbt", "testing"),
            ),
            (
                "PostgreSQL-Abfrage plötzlich langsam",
                "Seit dem Update dauert unsere Reporting-Abfrage zehnmal so lang. Wie finde ich die Ursache?",
                ("postgresql", "sql", "performance"),
            ),
            (
                "Airflow oder Dagster für ein kleines Team?",
                "Wir sind drei Leute und planen unsere erste Datenplattform. Was würdet ihr nehmen?",
                ("airflow", "data-engineering"),
            ),
        ),
    ),
    Field(
        key="backend",
        positions_en=("Backend Developer", "Staff Engineer", "Engineering Manager", "CTO"),
        positions_de=(
            "Softwareentwicklerin",
            "Backend-Entwickler",
            "Teamleiter Entwicklung",
            "CTO",
        ),
        offers_en=(
            "advice on Python web APIs with FastAPI",
            "experience scaling Kubernetes deployments",
            "we are hiring backend engineers",
        ),
        offers_de=(
            "Beratung zu Python-Web-APIs mit FastAPI",
            "Erfahrung mit Kubernetes im Betrieb",
            "wir stellen Backend-Entwickler ein",
        ),
        needs_en=(
            "hiring a senior Python developer",
            "looking for a freelance DevOps engineer",
        ),
        needs_de=(
            "sucht eine Senior-Python-Entwicklerin für das Team",
            "sucht einen freiberuflichen DevOps-Engineer",
        ),
        questions_en=(
            (
                "FastAPI background tasks vs a real queue?",
                "When should I move from BackgroundTasks to Celery or RQ?",
                ("python", "fastapi"),
            ),
            (
                "Kubernetes pods restart with OOMKilled",
                "Our Python service gets OOMKilled under load although memory looks fine locally.",
                ("kubernetes", "python"),
            ),
            (
                "Structuring a growing Python monolith",
                "How do you keep module boundaries in a 200k line Django codebase?",
                ("python", "architecture"),
            ),
        ),
        questions_de=(
            (
                "Asyncio und Datenbankverbindungen",
                "Wie verwalte ich einen Connection-Pool richtig in einer asyncio-Anwendung?",
                ("python", "asyncio"),
            ),
            (
                "Wie viele Replikas braucht unser Dienst?",
                "Wir betreiben eine API auf Kubernetes. Nach welchen Kriterien skaliert ihr?",
                ("kubernetes", "devops"),
            ),
        ),
    ),
    Field(
        key="ux",
        positions_en=("UX Designer", "Product Designer", "UX Researcher"),
        positions_de=("UX-Designerin", "Produktdesigner", "UX-Researcherin"),
        offers_en=(
            "advice on usability testing with small budgets",
            "portfolio reviews for designers",
        ),
        offers_de=("Tipps zu Usability-Tests mit kleinem Budget", "Feedback zu Design-Portfolios"),
        needs_en=(
            "looking for freelance UX projects",
            "needs a front-end developer for a side project",
        ),
        needs_de=(
            "sucht freiberufliche UX-Projekte",
            "sucht eine Frontend-Entwicklerin für ein Projekt",
        ),
        questions_en=(
            (
                "How many users for a usability test?",
                "Is five participants really enough for a B2B tool?",
                ("usability", "research"),
            ),
            (
                "Design system tokens across web and mobile",
                "How do you share design tokens between Figma, web and native apps?",
                ("design-systems", "figma"),
            ),
        ),
        questions_de=(
            (
                "Barrierefreiheit nach BFSG – wo anfangen?",
                "Ab 2025 gilt das Barrierefreiheitsstärkungsgesetz. Was prüft ihr zuerst?",
                ("accessibility", "ux"),
            ),
        ),
    ),
    Field(
        key="marketing",
        positions_en=("Marketing Manager", "Growth Lead", "Content Strategist"),
        positions_de=("Marketingleiterin", "Online-Marketing-Manager", "Content-Strategin"),
        offers_en=("advice on SEO for B2B software", "contacts to tech journalists"),
        offers_de=("Wissen über SEO für B2B-Software", "Kontakte zu Fachjournalisten"),
        needs_en=(
            "looking for customers for a new analytics product",
            "needs a data analyst for campaign reporting",
        ),
        needs_de=(
            "sucht Kunden für ein neues Analyseprodukt",
            "sucht Unterstützung bei der Kampagnenauswertung mit Daten",
        ),
        questions_en=(
            (
                "Attribution without third-party cookies",
                "How do you measure campaign impact now that cookies are going away?",
                ("analytics", "marketing"),
            ),
        ),
        questions_de=(
            (
                "Newsletter-Öffnungsraten seit Apple MPP unbrauchbar?",
                "Welche Kennzahlen nutzt ihr stattdessen?",
                ("newsletter", "analytics"),
            ),
        ),
    ),
    Field(
        key="people",
        positions_en=("Technical Recruiter", "Head of People", "Talent Acquisition Partner"),
        positions_de=("Recruiterin", "Personalleiter", "Talent-Acquisition-Managerin"),
        offers_en=("hiring data and engineering talent", "advice on salary negotiation"),
        offers_de=("besetzt Stellen in Daten und Entwicklung", "Tipps zur Gehaltsverhandlung"),
        needs_en=(
            "hiring a data engineer for a Hamburg client",
            "looking for senior backend candidates",
        ),
        needs_de=(
            "sucht einen Data Engineer für einen Kunden in Hamburg",
            "sucht Kandidatinnen für Backend-Stellen",
        ),
        questions_en=(
            (
                "Take-home tasks or live coding?",
                "Candidates complain about both. What works for you?",
                ("hiring", "interviews"),
            ),
        ),
        questions_de=(
            (
                "Wie formuliere ich eine Stellenanzeige für Data Engineers?",
                "Wir bekommen kaum passende Bewerbungen. Was fehlt in unserer Anzeige?",
                ("hiring", "data-engineering"),
            ),
        ),
    ),
    Field(
        key="founders",
        positions_en=("Founder", "Co-Founder & CEO", "Managing Director"),
        positions_de=("Gründerin", "Mitgründer & Geschäftsführer", "Geschäftsführerin"),
        offers_en=("advice on raising a seed round", "mentoring first-time founders"),
        offers_de=("Erfahrung mit Seed-Finanzierungen", "Mentoring für Erstgründer"),
        needs_en=("looking for a technical co-founder", "looking for pilot customers in logistics"),
        needs_de=(
            "Suche Mitgründer mit technischem Hintergrund",
            "sucht Pilotkunden in der Logistik",
        ),
        questions_en=(
            (
                "How to price a B2B SaaS pilot?",
                "Should a three-month pilot be free or discounted?",
                ("pricing", "saas"),
            ),
        ),
        questions_de=(
            (
                "GmbH oder UG für den Start?",
                "Wir sind zu zweit und haben wenig Kapital. Was spricht für die UG?",
                ("gruendung", "recht"),
            ),
        ),
    ),
    Field(
        key="finance",
        positions_en=("Controller", "CFO", "Financial Analyst"),
        positions_de=("Controllerin", "Finanzvorstand", "Finanzanalyst"),
        offers_en=(
            "advice on financial planning for startups",
            "know-how in Excel and Power BI reporting",
        ),
        offers_de=(
            "Beratung zur Finanzplanung für Start-ups",
            "Wissen über Reporting mit Excel und Power BI",
        ),
        needs_en=("needs help automating reports with Python", "looking for a controlling role"),
        needs_de=(
            "sucht Hilfe beim Automatisieren von Berichten mit Python",
            "sucht eine Stelle im Controlling",
        ),
        questions_en=(
            (
                "Automating monthly Excel reports",
                "Is Python with pandas the right tool to replace our VBA macros?",
                ("python", "excel", "reporting"),
            ),
        ),
        questions_de=(
            (
                "Power BI oder Python für Finanzberichte?",
                "Wir wollen unsere Monatsberichte automatisieren. Womit habt ihr gute Erfahrungen?",
                ("reporting", "python"),
            ),
        ),
    ),
)

COMPANIES: tuple[tuple[str, str, int], ...] = (
    # name, city, how many demo people work there (small companies make "already know" likely)
    ("Nordlicht Analytics GmbH", "Hamburg", 8),
    ("Spreeware AG", "Berlin", 10),
    ("Isar Logistics", "München", 6),
    ("Rheinblick Consulting", "Köln", 5),
    ("Alpenglühen Software", "München", 4),
    ("Hafenkontor Digital", "Hamburg", 3),
    ("Brightside Labs", "London", 6),
    ("Tidewater Health", "Amsterdam", 4),
    ("Quantum Pretzel UG", "Berlin", 2),
    ("Elbe Energy", "Dresden", 5),
    ("Main Capital Partners", "Frankfurt am Main", 4),
    ("Schwarzwald Robotics", "Freiburg", 3),
)

CITIES: tuple[str, ...] = (
    "Berlin",
    "Hamburg",
    "München",
    "Köln",
    "Frankfurt am Main",
    "Leipzig",
    "Stuttgart",
    "Düsseldorf",
    "Wien",
    "Zürich",
    "London",
    "Amsterdam",
    "Remote",
)

GROUPS: tuple[tuple[str, str, str], ...] = (
    # name, kind, sample feed shipped in altruist/demo_feeds/ (fetched offline, issue 16)
    ("Python & Data Berlin (Forum)", "rss", "python-data-berlin.rss"),
    ("Data Engineering DACH (Mailingliste)", "mbox", "data-engineering-dach.mbox"),
    ("Product & Growth Q&A", "rss", "product-growth-qa.atom"),
)

ME_EXPERTISE = (
    "Data engineering with Python, SQL and PostgreSQL; Airflow and dbt pipelines; "
    "data quality monitoring; query performance tuning; teaching SQL to analysts. "
    "Datenpipelines, PostgreSQL-Optimierung, Datenqualität."
)
