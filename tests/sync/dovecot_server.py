"""Start a throwaway Dovecot IMAP server (Debian's `dovecot-imapd`) on a free loopback port,
with a self-signed certificate, one user and a generated Maildir (INBOX and a Sent folder
marked \\Sent by SPECIAL-USE), the way tests/pg_server.py starts PostgreSQL."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

USER, PASSWORD = "anna@example.org", "imap-geheim"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Dovecot:
    port: int
    root: Path
    process: subprocess.Popen[bytes]
    owner: tuple[int, int]
    _count: int = 0

    @property
    def cafile(self) -> Path:
        return self.root / "cert.pem"

    @property
    def maildir(self) -> Path:
        return self.root / "home" / "Maildir"

    def deliver(self, folder: str, message: EmailMessage | bytes) -> None:
        """Put one message into INBOX ("") or a folder (".Sent"), as a delivery agent would."""
        base = self.maildir / folder if folder else self.maildir
        self._count += 1
        name = f"{time.time_ns()}.M{self._count}P{os.getpid()}.test"
        data = message if isinstance(message, bytes) else message.as_bytes()
        path = base / "new" / name
        path.write_bytes(data)
        os.chown(path, *self.owner)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.root, ignore_errors=True)


def start_dovecot() -> Dovecot:
    """Raise RuntimeError with the reason when Dovecot is not installed or fails to start."""
    binary = shutil.which("dovecot") or (
        "/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None
    )
    if binary is None:
        raise RuntimeError(
            "Dovecot is not installed: apt-get install dovecot-imapd (or run .ci/run)"
        )
    root = Path(tempfile.mkdtemp(prefix="altruist-dovecot-"))
    os.chmod(root, 0o755)
    if os.geteuid() == 0:
        who = pwd.getpwnam("nobody")
        owner, login_user, internal_user = (who.pw_uid, who.pw_gid), "dovenull", "dovecot"
    else:
        me = pwd.getpwuid(os.getuid())
        owner, login_user, internal_user = (me.pw_uid, me.pw_gid), me.pw_name, me.pw_name
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
         "-keyout", str(root / "key.pem"), "-out", str(root / "cert.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    (root / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    for folder in ("", ".Sent"):
        for sub in ("cur", "new", "tmp"):
            (root / "home" / "Maildir" / folder / sub).mkdir(parents=True, exist_ok=True)
    for path in [root / "home", *(root / "home").rglob("*")]:
        os.chown(path, *owner)
    port = _free_port()
    (root / "dovecot.conf").write_text(
        f"""base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/log
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
default_login_user = {login_user}
default_internal_user = {internal_user}
first_valid_uid = {owner[0]}
last_valid_uid = {owner[0]}
first_valid_gid = {owner[1]}
auth_mechanisms = plain
service imap-login {{
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    port = {port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid={owner[0]} gid={owner[1]} home={root}/home
}}
mail_location = maildir:~/Maildir
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Sent {{
    special_use = \\Sent
  }}
}}
"""
    )
    process = subprocess.Popen(
        [binary, "-F", "-c", str(root / "dovecot.conf")],
        stdout=subprocess.DEVNULL,
        stderr=open(root / "stderr", "wb"),  # noqa: SIM115 - closed with the process
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = (root / "stderr").read_text() + (
                (root / "log").read_text() if (root / "log").exists() else ""
            )
            shutil.rmtree(root, ignore_errors=True)
            raise RuntimeError(f"Dovecot exited: {log[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return Dovecot(port, root, process, owner)
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("Dovecot did not start within 20 s")
