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
from altruist.ingest import archive, dates, detect, identity, own_profile, reasons
from altruist.ingest.contacts import csv_contacts, linkedin, vcard
from altruist.ingest.decode import decode, decode_bytes
from altruist.ingest.history import linkedin_messages
from altruist.ingest.identity import normalize_email
from altruist.ingest.plan import VALUE_COLUMNS, Plan, Planner, block_keys
from altruist.ingest.records import ContactRecord, ParseResult, Skipped
from altruist.store import Store, own_addresses, settings_repo
from altruist.store import derived_state as stale
from altruist.store import imports_repo as repo
from altruist.store import people as people_repo
from altruist.store.bounded import Shortened, collecting, keys_that_fit
from altruist.store.schema import field_values, identities
from altruist.understand import language

Progress = Callable[[int, int], None]

# Test hook (tests/ingest/test_kill.py): after writing the new people of a file, create this
# marker file and sleep, so a test can SIGKILL a real import in the middle of its transaction.
PAUSE_ENV = "ALTRUIST_TEST_PAUSE_IMPORT"
# The same for the moment after the import committed and before its derivation (stale.py).
PAUSE_BEFORE_DERIVE_ENV = "ALTRUIST_TEST_PAUSE_BEFORE_DERIVE"


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    merged: int = 0
    review: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    formats: dict[str, str] = field(default_factory=dict)  # file -> detected format
    # Values longer than their column, cut to it (store/bounded.py): "file: column: …".
    shortened: list[str] = field(default_factory=list)
    # file -> how it was read and what it did: format, encoding, separator, locale, counts.
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Files inside an archive that could not be imported at all (the others were): the CLI
    # exits non-zero for them as for a file that failed.
    failed: list[ImportError_] = field(default_factory=list)

    @property
    def changed_people(self) -> bool:
        """New or changed people: their headlines and notes may state new needs and offers."""
        return bool(self.added or self.updated or self.merged)

    def as_dict(self) -> dict[str, Any]:
        """The report exactly as `altruist import --json` prints it (issue 3); `shortened` only
        when a value had to be cut, so the usual report keeps its shape."""
        cut = {"shortened": list(self.shortened)} if self.shortened else {}
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "merged": self.merged,
            "review": self.review,
            "skipped": [s.as_dict() for s in self.skipped],
            "files": self.files,
        } | cut

    def absorb(self, other: ImportReport) -> None:
        self.added += other.added
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.merged += other.merged
        self.review += other.review
        self.skipped.extend(other.skipped)
        self.formats.update(other.formats)
        self.shortened.extend(other.shortened)
        self.files.update(other.files)
        self.failed.extend(other.failed)

    def describe_file(self, file: str, parsed: ParseResult, encoding: str | None) -> None:
        """What the report says per file (issue 13): how it was read and the people counts."""
        self.files[file] = {
            "format": parsed.format,
            "encoding": encoding,
            "separator": parsed.delimiter,
            "locale": parsed.locale,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "merged": self.merged,
            "review": self.review,
            "skipped": sum(1 for s in self.skipped if not s.kept),
            "partly_read": sum(1 for s in self.skipped if s.kept),
        }


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
    language.clear_cache()
    block_keys.cache_clear()


def parse_bytes(
    data: bytes, file: str, format: str | None = None, owner_name: str | None = None
) -> ParseResult:
    """Decode and parse without touching the store; raises ImportError_ for unusable files.
    Lines read in a doubtful encoding and values that are not what their column says (an
    invalid e-mail address) are reported as partly read: the value is kept, the row imported."""
    decoded = decode(data, file)
    text = decoded.text
    if not text.strip():
        raise ImportError_("the file is empty", file=file)
    name = detect.resolve_format(format) if format else detect.detect_format(text, file)
    if name == linkedin_messages.FORMAT:
        result = linkedin_messages.parse(text, file, owner_name=owner_name)
    else:
        result = detect.PARSERS[name](text, file)
    result.encoding = decoded.encoding
    result.skipped.extend(Skipped(file, line, why, kept=True) for line, why in decoded.doubtful)
    for record in result.contacts:
        result.skipped.extend(
            Skipped(file, record.line, reasons.INVALID_EMAIL.format(value=repr(raw)), kept=True)
            for raw in record.emails
            if raw.strip() and normalize_email(raw) is None
        )
    result.skipped.sort(key=lambda s: s.line)
    return result


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
    if archive.is_zip(data):
        return import_archive(store, data, file, clock=clock, region=region, progress=progress)
    region = identity.region_code(region)
    now = clock()
    sha256 = hashlib.sha256(data).hexdigest()
    with store.transaction() as conn, _gc_paused(), collecting() as cut:
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
            conn,
            parsed,
            file,
            sha256=sha256,
            now=now,
            region=region,
            snap=snap,
            progress=progress,
            cut=cut,
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
    cut: list[Shortened] | None = None,
) -> ImportReport:
    """Plan and write records already parsed, inside the caller's transaction: the one path by
    which files and synced accounts (issue 17: cards, events, mail headers) reach the store, so
    both follow the same identity rules. A synced account passes `file` = its source name and
    each record's `line` = its sync item, which makes every value traceable to one card.
    `cut` collects the values shortened to their column (store/bounded.py) for the report."""
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
        locale=parsed.locale,
        user_language=settings_repo.get(conn, "language"),
        own_emails=own_addresses.load(conn) | frozenset(parsed.own_emails),
    )
    total = len(parsed.contacts) + len(parsed.interactions)

    def planned(done: int) -> None:
        if progress and done % 500 == 0:
            progress(done, total)

    planner.add_contacts(parsed.contacts, planned)
    for interaction in parsed.interactions:
        planner.add_interaction(interaction)
    planner.settle_languages()
    report = _write(conn, planner.plan, now, import_id)
    if report.changed_people:
        # In this transaction: a kill before the derivation that follows leaves the mark,
        # and the next start or refresh derives again (understand/stale.py).
        stale.mark_stale(conn)
    report.skipped = parsed.skipped
    report.formats[file] = parsed.format
    report.shortened = [f"{file}: {note.describe()}" for note in (cut or [])]
    report.describe_file(file, parsed, parsed.encoding)
    _finish(conn, import_id, report, parsed.format, region, len(parsed.contacts))
    return report


def import_records(
    store: Store,
    records: list[ContactRecord],
    file: str,
    format: str,
    *,
    clock: Clock = system_clock,
    region: str = "DE",
) -> ImportReport:
    """Plan and write contact records that did not come from a file format (the identity
    evaluation maps benchmark rows to records), exactly as a file's records are."""
    now = clock()
    with store.transaction() as conn, _gc_paused():
        snap = repo.snapshot(conn, file)
        import_id = repo.start(conn, file=file, format=format, sha256="-", started_at=now)
        planner = Planner(
            snap, file=file, format=format, import_id=import_id, now=now, region=region
        )
        planner.add_contacts(records)
        report = _write(conn, planner.plan, now, import_id)
        repo.finish(conn, import_id, report.as_dict() | {"format": format})
    return report


# The members of a LinkedIn data download that are read, in this order: the user's own profile
# first (so "me" is known when messages decide their direction), then the network, then history.
ARCHIVE_HISTORY = ("connections.csv", "invitations.csv", "messages.csv")


def import_archive(
    store: Store,
    data: bytes,
    file: str,
    *,
    clock: Clock = system_clock,
    region: str = "DE",
    progress: Progress | None = None,
) -> ImportReport:
    """A LinkedIn ZIP, read in memory (ingest/archive.py): each member is imported like the file
    it is, named `archive.zip/Connections.csv` in the report and in every value's provenance."""
    bundle = archive.read_zip(data, file)
    members = {m.name.lower(): (f"{file}/{m.name}", m.data) for m in bundle.members}
    wanted = set(ARCHIVE_HISTORY) | set(own_profile.PROFILE_FILES)
    if not wanted & set(members):
        raise ImportError_(
            "ZIP without LinkedIn export files (Connections.csv, messages.csv, Profile.csv)",
            file=file,
        )
    total = ImportReport()
    total.skipped.extend(Skipped(f"{file}/{path}", 1, why) for path, why in bundle.refused)
    profile = own_profile.read({k: v for k, v in members.items() if k in own_profile.PROFILE_FILES})
    if profile.values or profile.positions or profile.skills:
        now = clock()
        name = members.get("profile.csv", members.get("positions.csv", (file, b"")))[0]
        with store.transaction() as conn:
            import_id = repo.start(
                conn,
                file=name,
                format=own_profile.FORMAT,
                sha256=hashlib.sha256(data).hexdigest(),
                started_at=now,
            )
            own_profile.apply(conn, profile, import_id=import_id, now=now)
            repo.finish(conn, import_id, {"format": own_profile.FORMAT})
        total.formats[name] = own_profile.FORMAT
        total.files[name] = {
            "format": own_profile.FORMAT,
            "encoding": "utf-8",
            "separator": ",",
            "locale": None,
            "added": 0,
            "updated": 1,  # the user's own person
            "unchanged": 0,
            "merged": 0,
            "review": 0,
            "skipped": len(profile.skipped),
            "partly_read": 0,
        }
    total.skipped.extend(profile.skipped)
    for member in ARCHIVE_HISTORY:
        if member in members:
            name, content = members[member]
            try:
                total.absorb(
                    import_bytes(
                        store, content, name, clock=clock, region=region, progress=progress
                    )
                )
            except ImportError_ as exc:  # one member is one file: the others still import
                total.failed.append(exc)
    unread = sorted(m.name for m in bundle.members if m.name.lower() not in wanted)
    if unread:
        reason = reasons.NOT_READ.format(names=", ".join(unread))
        total.skipped.append(Skipped(file, 1, reason, kept=True))
    return total


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
        Skipped(file, int(s["line"]), str(s["reason"]), bool(s.get("kept", False)))
        for s in stored.get("skipped", [])
    ]
    report.formats[file] = wanted
    described = (stored.get("files") or {}).get(file)
    if isinstance(described, dict):
        report.files[file] = described | {"added": 0, "updated": 0, "merged": 0, "review": 0}
        report.files[file]["unchanged"] = report.unchanged
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


def _write(conn: Connection, plan: Plan, now: datetime, import_id: int) -> ImportReport:
    temp_ids = list(plan.new_people)
    real_ids = repo.insert_people(conn, [plan.new_people[t] for t in temp_ids])
    ids = dict(zip(temp_ids, real_ids, strict=True))
    _pause_for_kill_test()

    def real(pid: int) -> int:
        return ids.get(pid, pid)

    for pid, values in plan.updates.items():
        people_repo.set_values(conn, pid, values | {"updated_at": now})
    firsts = repo.next_ids(conn) if plan.auto_merges else {}
    for table, rows in (
        ("identities", keys_that_fit(plan.identities, identities.c.value)),
        ("life_events", plan.events),
    ):
        # The plan is written once and then dropped: temporary ids are replaced in place
        # rather than copying the rows.
        for row in rows:
            if row["person_id"] < 0:
                row["person_id"] = ids[row["person_id"]]
        repo.insert_rows(conn, table, rows)
    for value_row in plan.field_values:
        if value_row[0] < 0:
            value_row[0] = ids[value_row[0]]
    repo.insert_lists(conn, field_values, VALUE_COLUMNS, plan.field_values, plan.value_source)
    repo.mark_shared(conn, plan.shared_keys)
    if plan.auto_merges:
        _record_auto_merges(conn, plan, real, firsts, import_id, now)
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
        # A row an earlier reader stored under its own key (legacy_key) is there already too.
        keys = [r[k] for r in plan.interactions for k in ("dedup_key", "legacy_key") if k in r]
        existing = repo.existing_dedup_keys(conn, keys)
        fresh: dict[str, dict[str, Any]] = {}
        for row in plan.interactions:
            legacy = row.pop("legacy_key", None)
            if row["dedup_key"] not in existing and legacy not in existing:
                fresh.setdefault(row["dedup_key"], row | {"person_id": real(row["person_id"])})
        repo.insert_rows(conn, "interactions", list(fresh.values()))
        report.added += len(fresh)
        report.unchanged += len(plan.interactions) - len(fresh)
    return report


def _record_auto_merges(
    conn: Connection,
    plan: Plan,
    real: Callable[[int], int],
    firsts: dict[str, int],
    import_id: int,
    now: datetime,
) -> None:
    """One `merges` row per automatic merge, listing the rows the record brought, as a merge
    from the review queue does: `altruist unmerge` takes it apart the same way."""
    hidden = [(real(m["merged"]), real(m["kept"])) for m in plan.auto_merges]
    repo.link_merged(conn, hidden)
    written = repo.rows_since(conn, firsts, import_id, {kept for _h, kept in hidden})
    rows = []
    for merge in plan.auto_merges:
        kept, line = real(merge["kept"]), merge["line"]
        source = merge["identities"][0]["source"] if merge["identities"] else None
        moved = {
            "identities": written["identities"].get((kept, source), []) if source else [],
            "field_values": written["field_values"].get((kept, line), []),
        }
        rows.append(
            {
                "kept_id": kept,
                "merged_id": real(merge["merged"]),
                "snapshot": {
                    "candidate_id": None,
                    "automatic": True,
                    "import_id": import_id,
                    "line": line,
                    "moved": moved,
                    "kept_before": _jsonable(merge["kept_before"]),
                    "kept_after": _jsonable(merge["kept_after"]),
                },
                "created_at": now,
            }
        )
    repo.insert_rows(conn, "merges", rows)


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in values.items()}


def pause_before_derive_for_kill_test() -> None:
    _pause_for_kill_test(PAUSE_BEFORE_DERIVE_ENV)


def _pause_for_kill_test(variable: str = PAUSE_ENV) -> None:
    marker = os.environ.get(variable)
    if marker:
        Path(marker).write_text("paused mid-import\n")
        time.sleep(120)
