"""A vdir folder (one `.vcf`/`.ics` per item, as vdirsyncer and khard keep them) as a source.

The folder itself and each of its subfolders is a collection. Incremental by modification time
and content hash: a file whose mtime is unchanged is not read; a file whose mtime changed but
whose content hash did not (touched, copied back) changes nothing; a file that disappeared is
handled like an item deleted on a server (apply.py).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from altruist.clock import Clock, system_clock
from altruist.errors import ImportError_
from altruist.ingest.decode import decode_bytes
from altruist.ingest.sync import errors
from altruist.ingest.sync.apply import Fetched, write_collection
from altruist.ingest.sync.errors import SyncError
from altruist.ingest.sync.report import AccountReport
from altruist.store import Store
from altruist.store import sync_repo as repo
from altruist.store.sync_repo import Account

KINDS = {".vcf": "vcard", ".vcard": "vcard", ".ics": "ics"}


def sync_account(
    store: Store,
    account: Account,
    password: str | None = None,
    *,
    clock: Clock = system_clock,
    region: str = "DE",
) -> AccountReport:
    del password  # a folder needs none
    report = AccountReport(account.name, account.kind)
    root = Path(account.url)
    if not root.is_dir():
        report.add_error(SyncError(errors.NO_FOLDER, where=root))
        return report
    folders = [
        root,
        *sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")),
    ]
    for folder in folders:
        files = _items(folder)
        if folder is root and not files and len(folders) > 1:
            continue
        report.collections += 1
        try:
            _sync_folder(store, account, root, folder, files, report, clock, region)
        except (OSError, SyncError) as exc:
            report.add_error(exc if isinstance(exc, SyncError) else f"{folder}: {exc}")
    return report


def _items(folder: Path) -> dict[str, Path]:
    return {
        p.name: p
        for p in sorted(folder.iterdir())
        if p.is_file() and p.suffix.lower() in KINDS and not p.name.startswith(".")
    }


def _sync_folder(
    store: Store,
    account: Account,
    root: Path,
    folder: Path,
    files: dict[str, Path],
    report: AccountReport,
    clock: Clock,
    region: str,
) -> None:
    href = "/" + folder.relative_to(root).as_posix().strip(".")
    with store.transaction() as conn:
        collection_id, state = repo.collection(conn, account.id, href)
        stored = repo.items(conn, collection_id)
    mtimes: dict[str, int] = dict(state.get("mtimes", {}))
    fetched: list[Fetched] = []
    for name, path in files.items():
        mtime = path.stat().st_mtime_ns
        if mtimes.get(name) == mtime and name in stored:
            continue
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        mtimes[name] = mtime
        if name in stored and stored[name][1] == digest:
            continue  # touched, same content
        try:
            text = decode_bytes(data, str(path))
        except ImportError_ as exc:
            report.skipped.append({"file": str(path), "line": 0, "reason": str(exc)})
            continue
        fetched.append((name, digest, text, KINDS[path.suffix.lower()]))
    removed = [name for name in stored if name not in files]
    for name in removed:
        mtimes.pop(name, None)
    write_collection(
        store,
        source=f"vdir://{account.name}{href}",
        collection_id=collection_id,
        fetched=fetched,
        removed=removed,
        state=state | {"mtimes": mtimes},
        report=report,
        clock=clock,
        region=region,
    )
