"""Import files into the store: decode, detect, parse, plan, then write — one transaction per
file, so a crash or kill mid-import leaves the database exactly as before that file.

Public API (the CLI and the web upload page call these):
    import_file(store, path, *, format=None, clock=system_clock) -> ImportReport
    import_bytes(store, data, name, *, format=None, clock=system_clock) -> ImportReport
    import_paths(store, paths, ...) -> ImportReport   (sums the per-file reports)
"""

from __future__ import annotations

import gc
import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from altruist.clock import Clock, system_clock
from altruist.errors import ImportError_
from altruist.ingest import dates, detect, identity
from altruist.ingest.contacts import csv_contacts, linkedin, vcard
from altruist.ingest.decode import decode_bytes
from altruist.ingest.history import linkedin_messages
from altruist.ingest.plan import Plan, Planner
from altruist.ingest.records import ParseResult, Skipped
from altruist.store import Store, own_addresses
from altruist.store import imports_repo as repo
from altruist.store import people as people_repo

Progress = Callable[[int, int], None]

# Test hook (tests/ingest/test_kill.py): after writing the new people of a file, create this
# marker file and sleep, so a test can SIGKILL a real import in the middle of its transaction.
PAUSE_ENV = "ALTRUIST_TEST_PAUSE_IMPORT"


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    merged: int = 0
    review: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    formats: dict[str, str] = field(default_factory=dict)  # file -> detected format

    @property
    def changed_people(self) -> bool:
        """New or changed people: their headlines and notes may state new needs and offers."""
        return bool(self.added or self.updated or self.merged)

    def as_dict(self) -> dict[str, Any]:
        """The report exactly as `altruist import --json` prints it (issue 3)."""
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "merged": self.merged,
            "review": self.review,
            "skipped": [s.as_dict() for s in self.skipped],
        }

    def absorb(self, other: ImportReport) -> None:
        self.added += other.added
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.merged += other.merged
        self.review += other.review
        self.skipped.extend(other.skipped)
        self.formats.update(other.formats)


def import_file(
    store: Store,
    path: str | Path,
    *,
    format: str | None = None,
    clock: Clock = system_clock,
    region: str = "DE",
    progress: Progress | None = None,
) -> ImportReport:
    file = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ImportError_(f"cannot read file: {exc.strerror or exc}", file=file) from exc
    return import_bytes(
        store, data, file, format=format, clock=clock, region=region, progress=progress
    )


def import_paths(
    store: Store,
    paths: Iterable[str | Path],
    *,
    format: str | None = None,
    clock: Clock = system_clock,
    region: str = "DE",
) -> ImportReport:
    total = ImportReport()
    for path in paths:
        total.absorb(import_file(store, path, format=format, clock=clock, region=region))
    return total


def clear_caches() -> None:
    """Forget the memoised phone numbers, folded names and LinkedIn dates (the benchmark does,
    to time every pass like a fresh process)."""
    identity.clear_caches()
    dates.clear_caches()


def parse_bytes(
    data: bytes, file: str, format: str | None = None, owner_name: str | None = None
) -> ParseResult:
    """Decode and parse without touching the store; raises ImportError_ for unusable files."""
    text = decode_bytes(data, file)
    if not text.strip():
        raise ImportError_("the file is empty", file=file)
    name = detect.resolve_format(format) if format else detect.detect_format(text, file)
    if name == linkedin_messages.FORMAT:
        return linkedin_messages.parse(text, file, owner_name=owner_name)
    return detect.PARSERS[name](text, file)


def import_bytes(
    store: Store,
    data: bytes,
    file: str,
    *,
    format: str | None = None,
    clock: Clock = system_clock,
    region: str = "DE",
    progress: Progress | None = None,
) -> ImportReport:
    region = identity.region_code(region)
    now = clock()
    sha256 = hashlib.sha256(data).hexdigest()
    with store.transaction() as conn, _gc_paused():
        known = _identical_reimport(conn, data, file, sha256, format, region)
        if known is not None:
            report, parsed_format = known
            import_id = repo.start(
                conn, file=file, format=parsed_format, sha256=sha256, started_at=now
            )
            _finish(conn, import_id, report, parsed_format, region, report.unchanged)
            if progress:
                progress(report.unchanged, report.unchanged)
            return report
        snap = repo.snapshot(conn, file)
        owner = snap.people[snap.me_id]["name"] if snap.me_id in snap.people else None
        parsed = parse_bytes(data, file, format, owner_name=owner)
        report = write_parsed(
            conn, parsed, file, sha256=sha256, now=now, region=region, snap=snap, progress=progress
        )
    if progress:
        total = len(parsed.contacts) + len(parsed.interactions)
        progress(total, total)
    return report


def write_parsed(
    conn: Connection,
    parsed: ParseResult,
    file: str,
    *,
    sha256: str,
    now: datetime,
    region: str = "DE",
    snap: repo.Snapshot | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Plan and write records already parsed, inside the caller's transaction: the one path by
    which files and synced accounts (issue 17: cards, events, mail headers) reach the store, so
    both follow the same identity rules. A synced account passes `file` = its source name and
    each record's `line` = its sync item, which makes every value traceable to one card."""
    region = identity.region_code(region)
    snap = snap if snap is not None else repo.snapshot(conn, file)
    import_id = repo.start(conn, file=file, format=parsed.format, sha256=sha256, started_at=now)
    planner = Planner(
        snap,
        file=file,
        format=parsed.format,
        import_id=import_id,
        now=now,
        region=region,
        own_emails=own_addresses.load(conn) | frozenset(parsed.own_emails),
    )
    total = len(parsed.contacts) + len(parsed.interactions)

    def planned(done: int) -> None:
        if progress and done % 500 == 0:
            progress(done, total)

    planner.add_contacts(parsed.contacts, planned)
    for interaction in parsed.interactions:
        planner.add_interaction(interaction)
    report = _write(conn, planner.plan, now)
    report.skipped = parsed.skipped
    report.formats[file] = parsed.format
    _finish(conn, import_id, report, parsed.format, region, len(parsed.contacts))
    return report


# Formats whose re-import is decided by contacts alone. History files are left out: what their
# re-import does also depends on who is "me" (the direction of messages).
_CONTACT_FORMATS = {linkedin.FORMAT, vcard.FORMAT, csv_contacts.FORMAT}
_MARKS = "reimport"


def _finish(
    conn: Connection,
    import_id: int,
    report: ImportReport,
    format: str,
    region: str,
    records: int,
) -> None:
    """Log the report, and what a byte-identical re-import needs to skip parsing (see
    _identical_reimport): the number of contact records, the region, and the state marks."""
    marks = repo.state_marks(conn, import_id) | {"records": records, "region": region}
    repo.finish(conn, import_id, report.as_dict() | {"format": format, _MARKS: marks})


def _identical_reimport(
    conn: Connection, data: bytes, file: str, sha256: str, format: str | None, region: str
) -> tuple[ImportReport, str] | None:
    """The report of re-importing a contact file byte-identical to one imported before, without
    parsing or planning it — when that is certain to be "everything unchanged": same bytes, same
    format, same phone region, and nothing the earlier import wrote or relied on was deleted
    since (merges and later imports only add or move rows). Otherwise None: import normally."""
    previous = repo.latest_with_sha256(conn, sha256)
    if previous is None or previous["format"] not in _CONTACT_FORMATS:
        return None
    stored = previous["report"] or {}
    marks = stored.get(_MARKS)
    if not isinstance(marks, dict) or marks.get("region") != region:
        return None
    if format is not None:
        wanted = detect.resolve_format(format)
    else:
        # Detection reads the content only, so the same bytes give the same format; it is
        # checked anyway in case the earlier import was forced to another format.
        wanted = detect.detect_format(decode_bytes(data, file), file)
    if wanted != previous["format"] or not isinstance(marks.get("records"), int):
        return None
    if not repo.marks_still_hold(conn, previous["id"], marks):
        return None
    report = ImportReport(unchanged=marks["records"])
    report.skipped = [
        Skipped(file, int(s["line"]), str(s["reason"])) for s in stored.get("skipped", [])
    ]
    report.formats[file] = wanted
    return report, wanted


@contextmanager
def _gc_paused() -> Iterator[None]:
    """An import builds a few million small objects (rows, tuples, dicts) and frees them at the
    end; none form cycles worth collecting meanwhile, but the cyclic collector would rescan the
    growing heap again and again (a third of the CPU time). Paused for the one file, restored
    after; reference counting still frees memory as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _write(conn: Connection, plan: Plan, now: datetime) -> ImportReport:
    temp_ids = list(plan.new_people)
    real_ids = repo.insert_people(conn, [plan.new_people[t] for t in temp_ids])
    ids = dict(zip(temp_ids, real_ids, strict=True))
    _pause_for_kill_test()

    def real(pid: int) -> int:
        return ids.get(pid, pid)

    for pid, values in plan.updates.items():
        people_repo.set_values(conn, pid, values | {"updated_at": now})
    for table, rows in (
        ("identities", plan.identities),
        ("field_values", plan.field_values),
        ("life_events", plan.events),
    ):
        # The plan is written once and then dropped: temporary ids are replaced in place
        # rather than copying 300,000 row dicts.
        for row in rows:
            if row["person_id"] < 0:
                row["person_id"] = ids[row["person_id"]]
        repo.insert_rows(conn, table, rows)
    repo.insert_rows(
        conn,
        "merge_candidates",
        [
            r | {"person_a_id": real(r["person_a_id"]), "person_b_id": real(r["person_b_id"])}
            for r in plan.candidates
        ],
    )
    report = ImportReport(
        added=plan.counts["added"] + plan.counts["people_added"],
        updated=plan.counts["updated"],
        unchanged=plan.counts["unchanged"],
        merged=plan.counts["merged"],
        review=plan.counts["review"],
    )
    if plan.interactions:
        existing = repo.existing_dedup_keys(conn, (r["dedup_key"] for r in plan.interactions))
        fresh: dict[str, dict[str, Any]] = {}
        for row in plan.interactions:
            if row["dedup_key"] not in existing:
                fresh.setdefault(row["dedup_key"], row | {"person_id": real(row["person_id"])})
        repo.insert_rows(conn, "interactions", list(fresh.values()))
        report.added += len(fresh)
        report.unchanged += len(plan.interactions) - len(fresh)
    return report


def _pause_for_kill_test() -> None:
    marker = os.environ.get(PAUSE_ENV)
    if marker:
        Path(marker).write_text("paused mid-import\n")
        time.sleep(120)
