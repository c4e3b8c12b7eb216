"""A vdir folder (one .vcf/.ics per item) as a source: first sync, a touched file with the same
content changes nothing, an edited file updates, a removed file marks its values gone, a broken
file is reported and the rest synced."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import select

from altruist.clock import Clock
from altruist.ingest.sync import accounts, vdir_sync
from altruist.store import Store
from altruist.store.schema import people
from tests.sync.test_carddav import card


def test_vdir_incremental_by_mtime_and_hash(
    tmp_path: Path, sqlite_store: Store, clock: Clock
) -> None:
    folder = tmp_path / "contacts" / "default"
    folder.mkdir(parents=True)
    (folder / "a.vcf").write_text(card("a", "Anna Alt", "anna@example.org", "ACME"))
    (folder / "b.vcf").write_text(card("b", "Bert Bach", "bert@example.org", "Beta"))
    (folder / "broken.vcf").write_text("this is no vCard\n")
    account = accounts.add(
        sqlite_store,
        kind="vdir",
        where=str(tmp_path / "contacts"),
        user=None,
        password=None,
        clock=clock,
    )
    first = vdir_sync.sync_account(sqlite_store, account, clock=clock)
    assert first.errors == [] and first.added == 2 and first.fetched == 3
    assert any("broken.vcf" in s["file"] for s in first.skipped)

    stat = (folder / "a.vcf").stat()
    os.utime(folder / "a.vcf", ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000_000))
    touched = vdir_sync.sync_account(sqlite_store, account, clock=clock)
    assert touched.fetched == 0  # same content: nothing re-imported

    (folder / "a.vcf").write_text(card("a", "Anna Alt", "anna@example.org", "Gamma"))
    os.utime(folder / "a.vcf", ns=(stat.st_atime_ns, stat.st_mtime_ns + 20_000_000_000))
    (folder / "b.vcf").unlink()
    edited = vdir_sync.sync_account(sqlite_store, account, clock=clock)
    assert (edited.fetched, edited.updated, edited.gone) == (1, 1, 1)
    with sqlite_store.read() as conn:
        rows = dict(conn.execute(select(people.c.name, people.c.company)).all())
    assert rows == {"Anna Alt": "Gamma", "Bert Bach": None}


def test_schedule_syncs_accounts_that_are_due(
    tmp_path: Path, sqlite_store: Store, clock: Clock
) -> None:
    from datetime import timedelta

    from altruist.ingest.sync import schedule

    folder = tmp_path / "contacts"
    folder.mkdir()
    (folder / "a.vcf").write_text(card("a", "Anna Alt", "anna@example.org", "ACME"))
    accounts.add(
        sqlite_store, kind="vdir", where=str(folder), user=None, password=None, clock=clock
    )
    assert [r.added for r in schedule.run_due(sqlite_store, clock=clock)] == [1]  # never synced
    assert schedule.run_due(sqlite_store, clock=clock) == []  # just synced: not due
    later = clock() + timedelta(minutes=schedule.DEFAULT_MINUTES)
    assert len(schedule.run_due(sqlite_store, clock=lambda: later)) == 1
    schedule.set_interval(sqlite_store, 0)
    much_later = later + timedelta(days=30)
    assert schedule.run_due(sqlite_store, clock=lambda: much_later) == []  # switched off


def test_a_value_stated_again_after_it_went_is_current_again(
    tmp_path: Path, sqlite_store: Store, clock: Clock
) -> None:
    folder = tmp_path / "contacts"
    folder.mkdir()
    (folder / "b.vcf").write_text(card("b", "Bert Bach", "bert@example.org", "Beta"))
    account = accounts.add(
        sqlite_store, kind="vdir", where=str(folder), user=None, password=None, clock=clock
    )
    vdir_sync.sync_account(sqlite_store, account, clock=clock)
    (folder / "b.vcf").unlink()
    assert vdir_sync.sync_account(sqlite_store, account, clock=clock).gone == 1
    (folder / "b-again.vcf").write_text(card("b", "Bert Bach", "bert@example.org", "Beta"))
    vdir_sync.sync_account(sqlite_store, account, clock=clock)
    with sqlite_store.read() as conn:
        assert dict(conn.execute(select(people.c.name, people.c.company)).all()) == {
            "Bert Bach": "Beta"
        }
