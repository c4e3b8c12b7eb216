"""Import benchmark (issue 3): a generated 30,000-row LinkedIn Connections.csv (LinkedIn's
maximum) plus 10,000 vCards into a fresh SQLite file. Prints, for each pass, wall time and the
process's CPU time (the machine is shared: wall time includes waiting for a core), then peak
memory; it asserts nothing (speed is measured, not asserted). Passes:

1. first import into the empty store;
2. unchanged re-import of the byte-identical files (answered from the recorded sha256);
3. re-import of the same data with 1 % of the rows changed (a new company in every 100th
   LinkedIn row and a new title in every 100th vCard): the full diff path, which must report
   those people as updated and write a job_change life event for each.

Before each pass the importer's in-process caches are cleared, as for a fresh `altruist import`.

The floor (issue 12) is measured in the same run: the same two files parsed with `csv` and a
minimal vCard split, and written with one `executemany` per table (people, identities, one
provenance row per value) into a fresh SQLite file with the real schema and the same pragmas.
No matching, no provenance logic, no checks: what any importer must at least pay. The first
import is printed as a multiple of it (aim: at most 5×).

    .venv/bin/python bench/bench_import.py [--rows 30000] [--cards 10000]
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import resource
import sqlite3
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from altruist.ingest.importer import clear_caches, import_file
from altruist.store import Store, open_store
from altruist.store.schema import life_events

GIVEN = ["Anna", "Jörg", "Zoë", "Lukas", "Fatma", "Chen", "Marie", "Søren", "Ayşe", "Tomás"]
FAMILY = ["Müller", "Schäfer", "Nguyen", "García", "Öztürk", "Kowalski", "Smith", "Groß"]
CHANGE_EVERY = 100  # 1 % of the rows change between the second and third pass
COMPANIES = ["ACME GmbH", "Beta AG", "Gamma SE", "Delta Ltd", "Epsilon Inc", "Zeta KG"]


def write_connections(path: Path, rows: int, rng: random.Random, changed: bool = False) -> None:
    lines = [
        'Notes:\n"When exporting your connection data, you may notice ..."\n',
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    ]
    for i in range(rows):
        email = f"c{i}@example.org" if i % 10 == 0 else ""
        given, family, company = rng.choice(GIVEN), rng.choice(FAMILY), rng.choice(COMPANIES)
        if changed and i % CHANGE_EVERY == 0:
            company = "Omega Startup GmbH"
        lines.append(
            f"{given},{family}{i},https://www.linkedin.com/in/p-{i},"
            f"{email},{company},Engineer {i % 7},{1 + i % 28} Dec 2024"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_vcards(path: Path, cards: int, rng: random.Random, changed: bool = False) -> None:
    out = []
    for i in range(cards):
        g, f = rng.choice(GIVEN), f"{rng.choice(FAMILY)}V{i}"
        title = "Partner" if changed and i % CHANGE_EVERY == 0 else "Consultant"
        out.append(
            "BEGIN:VCARD\r\nVERSION:3.0\r\n"
            f"N:{f};{g};;;\r\nFN:{g} {f}\r\nORG:{rng.choice(COMPANIES)}\r\n"
            f"TITLE:{title}\r\nEMAIL;TYPE=work:v{i}@example.net\r\n"
            f"TEL;TYPE=cell:+49 170 {1000000 + i}\r\nBDAY:--{1 + i % 12:02d}-{1 + i % 28:02d}\r\n"
            f"NOTE:Met at a meetup\\, talked about Python\r\nEND:VCARD\r\n"
        )
    path.write_text("".join(out), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=30_000)
    parser.add_argument("--cards", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        connections, cards = folder / "Connections.csv", folder / "contacts.vcf"
        write_connections(connections, args.rows, random.Random(3))
        write_vcards(cards, args.cards, random.Random(4))
        floor, floor_cpu = measure_floor(connections, cards, folder / "floor.db")
        print(
            f"{'floor':>22}: {floor:6.2f} s wall, {floor_cpu:6.2f} s CPU  "
            "(csv + vCard split + executemany)"
        )
        store = open_store(f"sqlite:///{folder / 'bench.db'}")
        for label in ("first import", "unchanged re-import", "1 % changed re-import"):
            if label.startswith("1 %"):
                # Same seeds, so the same people; only every 100th company / title differs.
                write_connections(connections, args.rows, random.Random(3), changed=True)
                write_vcards(cards, args.cards, random.Random(4), changed=True)
            clear_caches()
            events_before = _job_changes(store)
            started, cpu = time.perf_counter(), time.process_time()
            reports = [import_file(store, connections), import_file(store, cards)]
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
            line = ", ".join(
                f"{name} {sum(getattr(r, name) for r in reports)}"
                for name in ("added", "updated", "unchanged", "review")
            )
            events = _job_changes(store) - events_before
            print(
                f"{label:>22}: {elapsed:6.2f} s wall, {cpu:6.2f} s CPU  ({line}, {events} job changes)"
            )
            if label == "first import":
                # CPU time too: on a shared machine wall time includes waiting for a core.
                print(
                    f"{'ratio to floor':>22}: {elapsed / floor:6.2f} × wall, "
                    f"{cpu / floor_cpu:6.2f} × CPU  (aim: at most 5 ×)"
                )
        # Max RSS of the whole process (ru_maxrss is KiB on Linux); tracemalloc would slow the
        # import several times over and so falsify the timings.
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{'peak memory':>22}: {rss:6.0f} MiB max RSS")
        store.dispose()


def measure_floor(connections: Path, cards: Path, db: Path) -> tuple[float, float]:
    """Wall and CPU seconds to parse both files minimally and bulk-insert people, identities
    and provenance."""
    open_store(f"sqlite:///{db}").dispose()  # the real schema, created before the clock starts
    started, cpu = time.perf_counter(), time.process_time()
    now = datetime.now(UTC).isoformat(sep=" ")
    people: list[tuple[object, ...]] = []
    idents: list[tuple[object, ...]] = []
    values: list[tuple[object, ...]] = []

    def add(name: str, fields: dict[str, str], keys: list[tuple[str, str]], line: int) -> None:
        pid = len(people) + 1
        people.append((pid, name, fields.get("company"), fields.get("position"), now, now))
        idents.extend((pid, kind, value, f"{line}") for kind, value in keys if value)
        values.extend(
            (pid, field, value, True, str(connections), line, now)
            for field, value in fields.items()
            if value
        )

    text = connections.read_text(encoding="utf-8")
    lines = text.splitlines()
    start = next(i for i, row in enumerate(lines) if row.startswith("First Name,"))
    for number, row in enumerate(csv.DictReader(io.StringIO("\n".join(lines[start:]))), start):
        name = f"{row['First Name']} {row['Last Name']}"
        fields = {"name": name, "company": row["Company"], "position": row["Position"]}
        keys = [("linkedin", row["URL"]), ("email", row["Email Address"])]
        add(name, fields, keys, number)
    for number, card in enumerate(cards.read_text(encoding="utf-8").split("END:VCARD")):
        props: dict[str, str] = {}
        for prop in card.split("\r\n"):
            key, _, value = prop.partition(":")
            if value:
                props[key.split(";")[0]] = value
        if "FN" in props:
            fields = {"name": props["FN"], "company": props.get("ORG", ""), "position": ""}
            keys = [("email", props.get("EMAIL", "")), ("phone", props.get("TEL", ""))]
            add(props["FN"], fields, keys, number)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    with conn:
        conn.executemany(
            "INSERT INTO people (id, name, company, position, language, tags, is_me, "
            "created_at, updated_at, search_text) VALUES (?, ?, ?, ?, 'en', '[]', 0, ?, ?, '')",
            people,
        )
        conn.executemany(
            "INSERT INTO identities (person_id, kind, value, source, shared) VALUES (?, ?, ?, ?, 0)",
            idents,
        )
        conn.executemany(
            "INSERT INTO field_values (person_id, name, value, is_core, source_file, "
            "source_line, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            values,
        )
    conn.close()
    return time.perf_counter() - started, time.process_time() - cpu


def _job_changes(store: Store) -> int:
    with store.read() as conn:
        query = select(func.count()).select_from(life_events)
        return int(conn.execute(query.where(life_events.c.kind == "job_change")).scalar_one())


if __name__ == "__main__":
    main()
