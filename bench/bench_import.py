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

    .venv/bin/python bench/bench_import.py [--rows 30000] [--cards 10000]
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
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
        # Max RSS of the whole process (ru_maxrss is KiB on Linux); tracemalloc would slow the
        # import several times over and so falsify the timings.
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{'peak memory':>22}: {rss:6.0f} MiB max RSS")
        store.dispose()


def _job_changes(store: Store) -> int:
    with store.read() as conn:
        query = select(func.count()).select_from(life_events)
        return int(conn.execute(query.where(life_events.c.kind == "job_change")).scalar_one())


if __name__ == "__main__":
    main()
