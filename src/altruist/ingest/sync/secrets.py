"""Account passwords: never in the database, so never in a backup or an export.

Decision (docs/design.md): a file per account, readable only by the user (mode 0600 in a 0700
folder under the user's config directory), not the system keyring. altruist runs on servers
and in containers where no Secret Service or D-Bus session exists, and keyring then either
fails or falls back to a plain file of its own; a file we write ourselves behaves the same
everywhere and is as private as the user's SSH keys. For scripts, an environment variable
`ALTRUIST_SYNC_PASSWORD_<NAME>` (the account name upper-cased, other characters `_`) takes
precedence and nothing is written.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Mapping
from pathlib import Path

from platformdirs import user_config_dir

from altruist.errors import ConfigError

DIR_ENV = "ALTRUIST_SECRETS_DIR"
PASSWORD_ENV_PREFIX = "ALTRUIST_SYNC_PASSWORD_"
# `altruist sync add` reads the new account's password from here when no file is given.
ENV_PASSWORD = "ALTRUIST_SYNC_PASSWORD"


def secrets_dir(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    return Path(env.get(DIR_ENV) or Path(user_config_dir("altruist")) / "secrets")


def env_name(account: str) -> str:
    return PASSWORD_ENV_PREFIX + re.sub(r"[^A-Z0-9]", "_", account.upper())


def _file(account: str, env: Mapping[str, str] | None) -> Path:
    # The account name is the user's label; a hex form keeps any name a safe file name.
    return secrets_dir(env) / (account.encode().hex() + ".password")


def save(account: str, password: str, env: Mapping[str, str] | None = None) -> Path:
    folder = secrets_dir(env)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(folder, 0o700)
    path = _file(account, env)
    # Created with 0600 from the first byte: no window in which another user could read it.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(password)
    os.chmod(path, 0o600)
    return path


def load(account: str, env: Mapping[str, str] | None = None) -> str | None:
    """The password of `account`: the environment variable first, then the user's file."""
    env = os.environ if env is None else env
    if env.get(env_name(account)):
        return env[env_name(account)]
    path = _file(account, env)
    if not path.exists():
        return None
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise ConfigError(
            f"the password file {path} can be read by other users (mode {mode:o}); "
            "run: chmod 600 " + str(path)
        )
    return path.read_text(encoding="utf-8")


def forget(account: str, env: Mapping[str, str] | None = None) -> None:
    _file(account, env).unlink(missing_ok=True)


def read_password_file(path: Path) -> str:
    """`--password-file`: the first line of the file (a trailing newline is not part of it)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read the password file {path}: {exc.strerror or exc}") from exc
    password = text.splitlines()[0] if text else ""
    if not password:
        raise ConfigError(f"the password file {path} is empty")
    return password
