"""Start a throwaway PostgreSQL server on a loopback port for the store tests.

The server runs as the `postgres` system user (PostgreSQL refuses to run as root), lives in a
temporary directory and is stopped and removed when the test session ends.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


def _pg_bin() -> Path | None:
    for base in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (base / "initdb").exists():
            return base
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PgServer:
    port: int
    datadir: Path
    bin: Path
    run_as: list[str]

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        subprocess.run(
            [
                *self.run_as,
                str(self.bin / "pg_ctl"),
                "-D",
                str(self.datadir),
                "-m",
                "immediate",
                "stop",
            ],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(self.datadir.parent, ignore_errors=True)


def start_pg() -> PgServer:
    """Raise RuntimeError with the reason when PostgreSQL is not installed or fails to start."""
    pg_bin = _pg_bin()
    if pg_bin is None:
        raise RuntimeError(
            "PostgreSQL is not installed (no initdb); run .ci/run or apt-get install postgresql"
        )
    root = Path(tempfile.mkdtemp(prefix="altruist-pg-"))
    datadir = root / "data"
    run_as: list[str] = []
    if os.geteuid() == 0:
        run_as = ["runuser", "-u", "postgres", "--"]
        shutil.chown(root, "postgres")
        os.chmod(root, 0o700)
    init = subprocess.run(
        [
            *run_as,
            str(pg_bin / "initdb"),
            "-D",
            str(datadir),
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if init.returncode != 0:
        raise RuntimeError(f"initdb failed: {init.stderr.strip()}")
    port = _free_port()
    options = f"-p {port} -k {root} -h 127.0.0.1 -F -c fsync=off -c full_page_writes=off"
    start = subprocess.run(
        [
            *run_as,
            str(pg_bin / "pg_ctl"),
            "-D",
            str(datadir),
            "-o",
            options,
            "-l",
            str(root / "log"),
            "-w",
            "-t",
            "30",
            "start",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if start.returncode != 0:
        log = (root / "log").read_text(errors="replace") if (root / "log").exists() else ""
        raise RuntimeError(f"pg_ctl start failed: {start.stderr.strip()} {log[-500:]}")
    server = PgServer(port=port, datadir=datadir, bin=pg_bin, run_as=run_as)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return server
        time.sleep(0.1)
    server.stop()
    raise RuntimeError("PostgreSQL did not accept connections within 15 s")
