"""Sync every account at once (`altruist sync`, and later `serve` on a schedule).

Accounts run concurrently (the time goes into waiting on servers); each gets its own report,
and one account's failure — a refused login, a timeout, malformed XML, even a bug — is that
account's error while the others continue. What a sync writes, it writes per collection in one
transaction (dav_sync.py), so a failure never leaves half of one behind.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed

from altruist.clock import Clock, system_clock
from altruist.errors import AltruistError
from altruist.ingest.sync import dav_sync, errors, secrets
from altruist.ingest.sync.accounts import NEEDS_PASSWORD
from altruist.ingest.sync.errors import SyncError
from altruist.ingest.sync.report import AccountReport
from altruist.store import Store, sync_repo
from altruist.store.sync_repo import Account

Syncer = Callable[..., AccountReport]


def _syncer(kind: str) -> Syncer:
    # Imported on use: the IMAP client loads only when a mail account is synced.
    if kind in dav_sync.FLAVOURS:
        return dav_sync.sync_account
    if kind == "imap":
        from altruist.ingest.sync.imap_sync import sync_account as sync_mailbox

        return sync_mailbox
    from altruist.ingest.sync.vdir_sync import sync_account as sync_folder

    return sync_folder


def sync_one(
    store: Store,
    account: Account,
    *,
    clock: Clock = system_clock,
    region: str = "DE",
    env: Mapping[str, str] | None = None,
    push: bool = False,
) -> AccountReport:
    try:
        password = secrets.load(account.name, env)
        if account.kind in NEEDS_PASSWORD and password is None:
            report = AccountReport(account.name, account.kind)
            report.add_error(
                SyncError(
                    errors.NO_PASSWORD,
                    name=repr(account.name),
                    variable=secrets.env_name(account.name),
                )
            )
        else:
            report = _syncer(account.kind)(store, account, password, clock=clock, region=region)
            if push and account.kind == "carddav" and report.ok:
                # After the sync, so the ETags are the server's latest (push.py).
                from altruist.ingest.sync.push import push_account

                pushed = push_account(store, account, password)
                report.pushed, report.conflicts = pushed.pushed, pushed.conflicts
                for error in pushed.errors:
                    report.add_error(error)
    except AltruistError as exc:
        report = AccountReport(account.name, account.kind)
        report.add_error(exc)
    except Exception as exc:  # a bug in one account's sync must not stop the others
        report = AccountReport(account.name, account.kind)
        report.add_error(SyncError(errors.INTERNAL, detail=repr(exc)))
    with store.transaction() as conn:
        sync_repo.record_report(conn, account.id, report.as_dict(), clock())
    return report


def sync_all(
    store: Store,
    *,
    names: list[str] | None = None,
    clock: Clock = system_clock,
    region: str = "DE",
    env: Mapping[str, str] | None = None,
    done: Callable[[AccountReport], None] | None = None,
    push: bool = False,
) -> list[AccountReport]:
    with store.read() as conn:
        accounts = (
            [sync_repo.get_account(conn, n) for n in names] if names else sync_repo.accounts(conn)
        )
    if not accounts:
        return []
    reports: dict[str, AccountReport] = {}
    with ThreadPoolExecutor(max_workers=min(4, len(accounts))) as pool:
        futures = {
            pool.submit(sync_one, store, a, clock=clock, region=region, env=env, push=push): a
            for a in accounts
        }
        for future in as_completed(futures):
            account = futures[future]
            reports[account.name] = future.result()
            if done:
                done(reports[account.name])
    return [reports[a.name] for a in accounts]
