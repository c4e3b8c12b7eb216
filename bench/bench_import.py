"""Import benchmark (issue 3): a generated 30,000-row LinkedIn Connections.csv (LinkedIn's
maximum) plus 10,000 vCards into a fresh SQLite file. Prints import time, unchanged re-import
time and peak memory; it asserts nothing (speed is measured, not asserted).

    .venv/bin/python bench/bench_import.py [--rows 30000] [--cards 10000]
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
from pathlib import Path

from altruist.ingest.importer import import_file
from altruist.store import open_store

GIVEN = ["Anna", "Jörg", "Zoë", "Lukas", "Fatma", "Chen", "Marie", "Søren", "Ayşe", "Tomás"]
FAMILY = ["Müller", "Schäfer", "Nguyen", "García", "Öztürk", "Kowalski", "Smith", "Groß"]
COMPANIES = ["ACME GmbH", "Beta AG", "Gamma SE", "Delta Ltd", "Epsilon Inc", "Zeta KG"]


def write_connections(path: Path, rows: int, rng: random.Random) -> None:
    lines = [
        'Notes:\n"When exporting your connection data, you may notice ..."\n',
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    ]
    for i in range(rows):
        email = f"c{i}@example.org" if i % 10 == 0 else ""
        lines.append(
            f"{rng.choice(GIVEN)},{rng.choice(FAMILY)}{i},https://www.linkedin.com/in/p-{i},"
            f"{email},{rng.choice(COMPANIES)},Engineer {i % 7},{1 + i % 28} Dec 2024"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_vcards(path: Path, cards: int, rng: random.Random) -> None:
    out = []
    for i in range(cards):
        g, f = rng.choice(GIVEN), f"{rng.choice(FAMILY)}V{i}"
        out.append(
            "BEGIN:VCARD\r\nVERSION:3.0\r\n"
            f"N:{f};{g};;;\r\nFN:{g} {f}\r\nORG:{rng.choice(COMPANIES)}\r\n"
            f"TITLE:Consultant\r\nEMAIL;TYPE=work:v{i}@example.net\r\n"
            f"TEL;TYPE=cell:+49 170 {1000000 + i}\r\nBDAY:--{1 + i % 12:02d}-{1 + i % 28:02d}\r\n"
            f"NOTE:Met at a meetup\\, talked about Python\r\nEND:VCARD\r\n"
        )
    path.write_text("".join(out), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=30_000)
    parser.add_argument("--cards", type=int, default=10_000)
    args = parser.parse_args()
    rng = random.Random(3)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        connections, cards = folder / "Connections.csv", folder / "contacts.vcf"
        write_connections(connections, args.rows, rng)
        write_vcards(cards, args.cards, rng)
        store = open_store(f"sqlite:///{folder / 'bench.db'}")
        for label in ("first import", "unchanged re-import"):
            started = time.perf_counter()
            reports = [import_file(store, connections), import_file(store, cards)]
            elapsed = time.perf_counter() - started
            added = sum(r.added for r in reports)
            unchanged = sum(r.unchanged for r in reports)
            print(
                f"{label:>20}: {elapsed:6.2f} s  (added {added}, unchanged {unchanged}, "
                f"review {sum(r.review for r in reports)})"
            )
        # Max RSS of the whole process (ru_maxrss is KiB on Linux); tracemalloc would slow the
        # import several times over and so falsify the timings.
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{'peak memory':>20}: {rss:6.0f} MiB max RSS")
        store.dispose()


if __name__ == "__main__":
    main()
