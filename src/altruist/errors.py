"""One exception hierarchy. Each surface maps it in exactly one place (CLI: message + exit code,
web: error page or JSON). Anything that is not an AltruistError is a bug, not a user error."""

from __future__ import annotations


class AltruistError(Exception):
    """Base of every error a user can cause or fix."""

    exit_code = 1
    http_status = 400


class ConfigError(AltruistError):
    """The configuration, a setting or a command-line option is invalid."""

    exit_code = 2


class NotFoundError(AltruistError):
    """A person, suggestion, group or introduction with that id does not exist."""

    exit_code = 3
    http_status = 404


class StoreError(AltruistError):
    """The database cannot be opened, migrated or written."""

    exit_code = 4
    http_status = 500


class ImportError_(AltruistError):
    """A file cannot be imported at all (not a contact file, unreadable). Row-level problems are
    reported in the import report instead and do not raise."""

    exit_code = 5

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None) -> None:
        where = file or ""
        if line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {message}" if where else message)
        self.file = file
        self.line = line


class FetchError(AltruistError):
    """A group source could not be fetched or parsed."""

    exit_code = 6
    http_status = 502


class InvalidTransition(AltruistError):
    """A workflow step that is not allowed from the current state (e.g. introduce before both agreed)."""

    exit_code = 7
    http_status = 409
