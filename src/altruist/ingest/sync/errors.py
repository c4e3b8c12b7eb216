"""The one error a sync reports per account: a clear sentence, never a traceback."""

from __future__ import annotations

from altruist.errors import FetchError


class SyncError(FetchError):
    """An account could not be synced (login refused, timeout, malformed answer). Nothing
    already stored is touched: a sync writes a collection only after fetching all of it.

    Made from an English template and its values (`SyncError(REFUSED, where=url, detail=…)`),
    it keeps both, so Settings shows it in the user's language (the template is a msgid of
    i18n/de_sync.po) while the CLI and the JSON report print the English sentence."""

    def __init__(self, message: str, **params: object) -> None:
        self.msgid = message
        self.params = {name: str(value) for name, value in params.items()}
        super().__init__(message.format(**self.params) if params else message)


# The sentences a sync reports most; each is a msgid of i18n/de_sync.po.
TIMEOUT = "{where}: the server did not answer in time"
UNREACHABLE = "{where}: cannot reach the server ({detail})"
REFUSED = "{where}: the server refused the login ({detail}); check the user name and password"
UNTRUSTED = "{where}: the server's certificate is not trusted ({detail})"
UNTRUSTED_SEEN = (
    "{where}: the server's certificate is not trusted (SHA-256 {seen}); if this is your own "
    "server and you checked that fingerprint, add the account with --fingerprint {seen} or "
    "--cafile CERT.pem ({detail})"
)
CHANGED = (
    "{where}: the server's certificate changed (SHA-256 {seen}, pinned {pinned}); if you "
    "expected this, add the account again with --fingerprint {seen}"
)
MALFORMED = "{where}: the server sent malformed XML ({detail})"
ANSWERED = "{where}: {method} answered {status}, expected {expected}"
SERVER_FAILED = "{where}: the server failed ({status}); try again later"
NOTHING_FOUND = "{where}: no address books or calendars found for this account"
NO_FOLDER = "{where}: the folder is not there (moved, or a drive not mounted?)"
MAIL_FAILED = "{where}: the mail server failed ({detail})"
NO_PASSWORD = (
    "no password stored for {name}: add the account again with --password-file, or set {variable}"
)
INTERNAL = "internal error: {detail}"
