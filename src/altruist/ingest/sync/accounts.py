"""Add, list and remove accounts: the account in the store, its password in the user's private
file (secrets.py), never the other way round."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from altruist.clock import Clock, system_clock
from altruist.errors import ConfigError
from altruist.ingest.sync import secrets
from altruist.store import Store, sync_repo
from altruist.store.sync_repo import Account

NEEDS_PASSWORD = {"carddav", "caldav", "imap"}


def default_name(kind: str, url: str, user: str | None) -> str:
    host = urlsplit(url).hostname or Path(url).name or url
    return re.sub(r"[^\w.@-]+", "-", f"{kind}-{user + '@' if user else ''}{host}")[:200]


def location(kind: str, where: str, *, port: int | None, starttls: bool) -> str:
    """The stored URL: https for DAV (a bare host gets https://), imaps/imap for mail, an
    absolute path for a vdir folder."""
    if kind == "vdir":
        folder = Path(where).expanduser().resolve()
        if not folder.is_dir():
            raise ConfigError(f"{where}: not a folder")
        return str(folder)
    if kind == "imap":
        host = urlsplit(where).hostname or where.split("/")[0]
        scheme = "imap" if starttls else "imaps"
        return f"{scheme}://{host}:{port or (143 if starttls else 993)}"
    if "://" not in where:
        where = "https://" + where
    if urlsplit(where).scheme not in ("http", "https"):
        raise ConfigError(f"{where}: a CardDAV/CalDAV address starts with https://")
    return where


def add(
    store: Store,
    *,
    kind: str,
    where: str,
    user: str | None,
    password: str | None,
    name: str | None = None,
    port: int | None = None,
    starttls: bool = False,
    options: dict[str, Any] | None = None,
    clock: Clock = system_clock,
    env: Mapping[str, str] | None = None,
) -> Account:
    if kind not in sync_repo.KINDS:
        raise ConfigError(f"unknown account kind {kind!r} (one of: {', '.join(sync_repo.KINDS)})")
    if kind in NEEDS_PASSWORD and not user:
        raise ConfigError(f"a {kind} account needs --user")
    url = location(kind, where, port=port, starttls=starttls)
    name = name or default_name(kind, url, user)
    if kind in NEEDS_PASSWORD and not password and not (env or {}).get(secrets.env_name(name)):
        raise ConfigError(
            f"no password for {name!r}: give --password-file, or set {secrets.ENV_PASSWORD} "
            f"(or {secrets.env_name(name)} at every sync)"
        )
    with store.transaction() as conn:
        account = sync_repo.add_account(
            conn,
            name=name,
            kind=kind,
            url=url,
            username=user,
            options=(options or {}) | ({"starttls": True} if starttls else {}),
            now=clock(),
        )
        # Written inside the transaction: if it fails, the account is not added either.
        if password:
            secrets.save(name, password, env)
    return account


def remove(store: Store, name: str, env: Mapping[str, str] | None = None) -> None:
    with store.transaction() as conn:
        sync_repo.remove_account(conn, name)
    secrets.forget(name, env)


def list_accounts(store: Store) -> list[Account]:
    with store.read() as conn:
        return sync_repo.accounts(conn)
