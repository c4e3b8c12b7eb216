"""Sync a 100,000-message mailbox over IMAP (headers only) from the test Dovecot; print figures.

    .venv/bin/python bench/bench_imap.py [--messages 100000]

The mailbox is generated: a fifth of the messages in the Sent folder (the user writes to 2,000
contacts), the rest in the inbox — mostly from those contacts, a tenth from strangers, a tenth
from mailing lists. Dovecot (Debian's dovecot-imapd) runs on a loopback port as in the tests.
Prints: first sync (everything new), a sync with nothing new, a sync after 100 new messages,
the interactions and people stored, and the process's max RSS. Issue 17 aims at ≤ 60 s for the
first sync and ≤ 2 s for one with nothing new.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for tests.sync.dovecot_server, the server the tests use

from sqlalchemy import func, select  # noqa: E402
from tests.sync.dovecot_server import PASSWORD, USER, Dovecot, start_dovecot  # noqa: E402

from altruist.ingest.sync import imap_sync  # noqa: E402
from altruist.ingest.sync.report import AccountReport  # noqa: E402
from altruist.store import (  # noqa: E402
    Store,
    open_store,
    sync_repo,
)
from altruist.store.schema import interactions, people  # noqa: E402
from altruist.store.sync_repo import Account  # noqa: E402


def _message(sender: str, to: str, when: datetime, n: int, list_id: str | None) -> bytes:
    lines = [
        f"From: {sender}",
        f"To: {to}",
        f"Date: {format_datetime(when)}",
        f"Message-ID: <bench-{n}@example.org>",
        f"Subject: Nachricht {n}",
    ]
    if list_id:
        lines.append(f"List-Id: <{list_id}>")
    return ("\r\n".join(lines) + "\r\n\r\nHallo,\r\nein kurzer Text.\r\n").encode()


def fill(server: Dovecot, total: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    contacts = [f"Kontakt {i} <kontakt{i}@example.org>" for i in range(2000)]
    start = datetime(2020, 1, 1, tzinfo=UTC)
    for n in range(total):
        when = start + timedelta(minutes=n * 15)
        if n % 5 == 0:
            folder, data = ".Sent", _message(USER, rng.choice(contacts), when, n, None)
        else:
            roll = rng.random()
            if roll < 0.1:
                data = _message(f"fremd{n}@example.net", USER, when, n, None)
            elif roll < 0.2:
                data = _message(
                    rng.choice(contacts), "liste@example.org", when, n, f"liste{n % 7}.example.org"
                )
            else:
                data = _message(rng.choice(contacts), USER, when, n, None)
            folder = ""
        server.deliver(folder, data)


def timed_sync(store: Store, account: Account) -> tuple[str, AccountReport]:
    """Wall time and this process's CPU time (the rest is the server and the machine's load)."""
    began, cpu = time.perf_counter(), time.process_time()
    report = imap_sync.sync_account(store, account, PASSWORD, timeout=600)
    wall, used = time.perf_counter() - began, time.process_time() - cpu
    return f"{wall:6.2f} s wall, {used:6.2f} s CPU", report


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=100_000)
    args = parser.parse_args()
    server = start_dovecot()
    try:
        began = time.perf_counter()
        fill(server, args.messages)
        print(f"mailbox generated: {args.messages} messages in {time.perf_counter() - began:.1f} s")
        with tempfile.TemporaryDirectory() as tmp:
            store = open_store(f"sqlite:///{Path(tmp) / 'bench.db'}")
            with store.transaction() as conn:
                account = sync_repo.add_account(
                    conn,
                    name="bench",
                    kind="imap",
                    url=f"imaps://127.0.0.1:{server.port}",
                    username=USER,
                    options={"cafile": str(server.cafile)},
                    now=datetime.now(UTC),
                )
            first, report = timed_sync(store, account)
            assert report.errors == [], report.errors
            print(
                f"first sync:        {first}  ({report.fetched} headers read, {report.added} added)"
            )
            idle, report = timed_sync(store, account)
            print(f"nothing new:       {idle}  ({report.fetched} headers read)")
            for n in range(100):  # written by the user: each one is an interaction
                server.deliver(
                    ".Sent",
                    _message(USER, "kontakt1@example.org", datetime.now(UTC), 10**7 + n, None),
                )
            more, report = timed_sync(store, account)
            print(
                f"100 new messages:  {more}  ({report.fetched} headers read, {report.added} added)"
            )
            with store.read() as conn:
                stored = conn.execute(select(func.count()).select_from(interactions)).scalar_one()
                persons = conn.execute(select(func.count()).select_from(people)).scalar_one()
            print(f"stored: {stored} interactions, {persons} people")
            store.dispose()
    finally:
        server.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"max RSS: {rss:.0f} MB (pid {os.getpid()})")


if __name__ == "__main__":
    main()
