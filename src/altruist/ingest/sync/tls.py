"""Certificates of synced servers: always verified; a self-signed server is trusted by its own
certificate (`--cafile`) or by the SHA-256 fingerprint the error message names (`--fingerprint`).

Pinning works without switching verification off: the server's certificate is read once, its
fingerprint compared with the pinned one, and that very certificate becomes the only trust
anchor of the connection — a server that later shows another certificate fails the handshake.
"""

from __future__ import annotations

import hashlib
import ssl

from altruist.ingest.sync import errors
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
        raise SyncError(errors.UNREACHABLE, where=f"{host}:{port}", detail=exc) from exc
    seen = fingerprint(ssl.PEM_cert_to_DER_cert(pem))
    if _normal(seen) != _normal(pinned):
        raise SyncError(errors.CHANGED, where=f"{host}:{port}", seen=seen, pinned=pinned)
    pinned_context = ssl.create_default_context(cadata=pem)
    pinned_context.check_hostname = False  # a self-signed certificate names any host
    return pinned_context


def untrusted_error(url: str, host: str, port: int, exc: Exception, timeout: float) -> SyncError:
    """ "Not trusted", naming the certificate's fingerprint when the server shows it."""
    seen = server_fingerprint(host, port, timeout)
    if seen:
        return SyncError(errors.UNTRUSTED_SEEN, where=url, seen=seen, detail=exc)
    return SyncError(errors.UNTRUSTED, where=url, detail=exc)
