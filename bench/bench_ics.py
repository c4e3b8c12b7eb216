"""Reading the real calendar files (issue 17, item 6), measured (nothing asserted):

1. parse: every `.ics` under the data folder through the calendar parser, repeated `--rounds`
   times (the parser alone, no store);
2. import: the same files imported one after another into a fresh SQLite store (parser, planner
   and writes), once.

    PYTHONPATH=$PWD/src .venv/bin/python bench/bench_ics.py [--data /work/shared/data]
        [--synthetic 5000]

Wall and CPU time (user+sys of this process) are printed side by side: on a shared machine the
wall time includes waiting for a core. Also printed: meetings found, problems reported, and files
refused as a whole, so a faster parser that reads less is visible as such.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from altruist.clock import fixed_clock
from altruist.errors import ImportError_
from altruist.ingest.history import ics
from altruist.ingest.importer import import_file
from altruist.store import open_store


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=Path("/work/shared/data"))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--synthetic",
        type=int,
        default=0,
        help="also parse one made-up calendar of N meetings (3 attendees, every 10th weekly)",
    )
    args = parser.parse_args()
    files = sorted(args.data.rglob("*.ics"))
    texts = [(str(p), p.read_bytes().decode("utf-8", "replace")) for p in files]
    if args.synthetic:
        big = synthetic(args.synthetic)
        wall, spent = time.perf_counter(), cpu()
        found = len(ics.parse(big, "synthetic.ics").interactions)
        wall, spent = time.perf_counter() - wall, cpu() - spent
        print(
            f"synthetic: {args.synthetic} events, {len(big) / 1e6:.2f} MB: "
            f"{wall * 1000:8.1f} ms wall  {spent * 1000:8.1f} ms CPU; {found} meetings"
        )
    size = sum(len(t) for _, t in texts)
    print(f"{len(files)} .ics files, {size / 1e6:.2f} MB")

    meetings = problems = refused = 0
    wall, spent = time.perf_counter(), cpu()
    for _ in range(args.rounds):
        meetings = problems = refused = 0
        for name, text in texts:
            try:
                result = ics.parse(text, name)
            except ImportError_:
                refused += 1
                continue
            meetings += len(result.interactions)
            problems += len(result.skipped)
    wall, spent = (time.perf_counter() - wall) / args.rounds, (cpu() - spent) / args.rounds
    print(
        f"parse:  {wall * 1000:8.1f} ms wall  {spent * 1000:8.1f} ms CPU per pass "
        f"({args.rounds} passes); {meetings} meetings, {problems} problems, {refused} refused"
    )

    clock = fixed_clock(datetime(2026, 12, 1, tzinfo=UTC))
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{Path(tmp) / 'bench.db'}")
        added = failed = 0
        wall, spent = time.perf_counter(), cpu()
        for path in files:
            try:
                added += import_file(store, path, clock=clock).added
            except ImportError_:
                failed += 1
        wall, spent = time.perf_counter() - wall, cpu() - spent
    print(
        f"import: {wall * 1000:8.1f} ms wall  {spent * 1000:8.1f} ms CPU for all files; "
        f"{added} added, {failed} refused"
    )


def synthetic(events: int) -> str:
    """A calendar of `events` meetings in 2026, Berlin time, three attendees each."""
    out = ["BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\n"]
    for n in range(events):
        day = 1 + n % 28
        rule = "RRULE:FREQ=WEEKLY;COUNT=20\r\n" if n % 10 == 0 else ""
        people = "".join(
            f"ATTENDEE;CN=Person {n % 500 + k};PARTSTAT=ACCEPTED:mailto:p{n % 500 + k}@example.org\r\n"
            for k in range(3)
        )
        out.append(
            f"BEGIN:VEVENT\r\nUID:bench-{n}\r\nDTSTAMP:20260101T000000Z\r\n"
            f"DTSTART;TZID=Europe/Berlin:2026{1 + n % 12:02d}{day:02d}T100000\r\n"
            f"SUMMARY:Treffen {n}\r\n{rule}{people}END:VEVENT\r\n"
        )
    out.append("END:VCALENDAR\r\n")
    return "".join(out)


if __name__ == "__main__":
    main()
