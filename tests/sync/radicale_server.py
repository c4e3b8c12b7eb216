"""Start a throwaway Radicale (CardDAV/CalDAV server from PyPI) on a free loopback port, with
its own storage folder and one user, the way tests/pg_server.py starts PostgreSQL."""

from __future__ import annotations

import importlib.util
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

USER, PASSWORD = "anna", "geheim-123"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Radicale:
    port: int
    root: Path
    process: subprocess.Popen[bytes]
    tls: bool = False

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}/"

    @property
    def cafile(self) -> Path:
        return self.root / "cert.pem"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.root, ignore_errors=True)

    def new_user(self, name: str) -> tuple[str, str]:
        """Another user with an empty account, so each test sees only its own collections
        (Radicale reads the htpasswd file on each login)."""
        password = f"pw-{name}"
        with (self.root / "users").open("a") as out:
            out.write(f"{name}:{password}\n")
        return name, password

    def client(self, user: str = USER, password: str = PASSWORD) -> httpx.Client:
        verify = ssl.create_default_context(cafile=str(self.cafile)) if self.tls else True
        return httpx.Client(auth=(user, password), timeout=10, verify=verify)

    def make_collection(
        self, name: str, kind: str, user: str = USER, password: str = PASSWORD
    ) -> str:
        """MKCOL (RFC 5689) an address book or calendar of the user; returns its URL."""
        ns, tag = (
            ("urn:ietf:params:xml:ns:carddav", "addressbook")
            if kind == "carddav"
            else ("urn:ietf:params:xml:ns:caldav", "calendar")
        )
        body = (
            f'<d:mkcol xmlns:d="DAV:" xmlns:x="{ns}"><d:set><d:prop><d:resourcetype>'
            f"<d:collection/><x:{tag}/></d:resourcetype><d:displayname>{name}</d:displayname>"
            "</d:prop></d:set></d:mkcol>"
        )
        url = f"{self.url}{user}/{name}/"
        with self.client(user, password) as http:
            response = http.request("MKCOL", url, content=body)
        assert response.status_code == 201, response.text
        return url

    def put(self, url: str, text: str, content_type: str, user: str, password: str) -> None:
        with self.client(user, password) as http:
            response = http.put(url, content=text.encode(), headers={"content-type": content_type})
        assert response.status_code in (201, 204), response.text

    def delete(self, url: str, user: str, password: str) -> None:
        with self.client(user, password) as http:
            assert http.delete(url).status_code in (200, 204)


def start_radicale(*, tls: bool = False) -> Radicale:
    """Raise RuntimeError with the reason when Radicale is missing or does not start. With
    `tls`, it serves HTTPS with a self-signed certificate made by openssl."""
    if importlib.util.find_spec("radicale") is None:
        raise RuntimeError("Radicale is not installed: pip install -e '.[dev]'")
    root = Path(tempfile.mkdtemp(prefix="altruist-radicale-"))
    (root / "users").write_text(f"{USER}:{PASSWORD}\n")
    port = _free_port()
    server_tls = ""
    if tls:
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
             "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
             "-keyout", str(root / "key.pem"), "-out", str(root / "cert.pem")],
            check=True, capture_output=True,
        )  # fmt: skip
        server_tls = f"ssl = True\ncertificate = {root / 'cert.pem'}\nkey = {root / 'key.pem'}\n"
    (root / "config").write_text(
        f"""[server]
hosts = 127.0.0.1:{port}
{server_tls}[auth]
type = htpasswd
htpasswd_filename = {root / "users"}
htpasswd_encryption = plain
[rights]
type = owner_only
[storage]
filesystem_folder = {root / "collections"}
[logging]
level = warning
"""
    )
    log = open(root / "log", "wb")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", str(root / "config")],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Radicale exited: {(root / 'log').read_text()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return Radicale(port, root, process, tls)
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("Radicale did not start within 20 s")
