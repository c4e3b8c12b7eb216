"""Certificates of synced servers: always verified; a self-signed server is trusted by its own
certificate (`--cafile`) or by the SHA-256 fingerprint the error message names (`--fingerprint`).

Pinning works without switching verification off: the server's certificate is read once, its
fingerprint compared with the pinned one, and that very certificate becomes the only trust
anchor of the connection — a server that later shows another certificate fails the handshake.
"""

from __future__ import annotations

import hashlib
import ssl

from altruist.ingest.sync.errors import SyncError


def fingerprint(der: bytes) -> str:
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def _normal(value: str) -> str:
    return value.replace(":", "").replace(" ", "").upper()


def server_fingerprint(host: str, port: int, timeout: float) -> str | None:
    """The fingerprint of the certificate a TLS server shows (unverified: only to name it)."""
    try:
        pem = ssl.get_server_certificate((host, port), timeout=timeout)
    except (OSError, ssl.SSLError):
        return None
    return fingerprint(ssl.PEM_cert_to_DER_cert(pem))


def context(
    host: str,
    port: int,
    *,
    cafile: str | None = None,
    pinned: str | None = None,
    timeout: float = 30.0,
) -> ssl.SSLContext:
    if not pinned:
        return ssl.create_default_context(cafile=cafile)
    try:
        pem = ssl.get_server_certificate((host, port), timeout=timeout)
    except (OSError, ssl.SSLError) as exc:
        raise SyncError(f"{host}:{port}: cannot reach the server ({exc})") from exc
    seen = fingerprint(ssl.PEM_cert_to_DER_cert(pem))
    if _normal(seen) != _normal(pinned):
        raise SyncError(
            f"{host}:{port}: the server's certificate changed (SHA-256 {seen}, pinned "
            f"{pinned}); if you expected this, add the account again with --fingerprint {seen}"
        )
    pinned_context = ssl.create_default_context(cadata=pem)
    pinned_context.check_hostname = False  # a self-signed certificate names any host
    return pinned_context


def untrusted_message(url: str, host: str, port: int, exc: Exception, timeout: float) -> str:
    seen = server_fingerprint(host, port, timeout)
    hint = (
        f" (SHA-256 {seen}); if this is your own server and you checked that fingerprint, "
        f"add the account with --fingerprint {seen} or --cafile CERT.pem"
        if seen
        else ""
    )
    return f"{url}: the server's certificate is not trusted{hint} ({exc})"
