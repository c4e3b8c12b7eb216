"""A real `altruist import` process killed with SIGKILL in the middle of writing a file leaves
the database exactly as it was before that file (one transaction per file)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select

from altruist.ingest.importer import PAUSE_ENV, import_file
from altruist.store import Store, open_store
from altruist.store.schema import field_values, identities, imports, people


def _dump(store: Store) -> dict[str, list[tuple[object, ...]]]:
    with store.read() as conn:
        return {
            t.name: [tuple(r) for r in conn.execute(select(t).order_by(t.c.id))]
            for t in (people, identities, field_values, imports)
        }


def _run_cli(db: Path, path: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    code = "import sys; from altruist.cli.main import run; sys.argv[0] = 'altruist'; run()"
    return subprocess.Popen(
        [sys.executable, "-c", code, "--db", str(db), "import", str(path)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_sigkill_mid_import_leaves_database_as_before(tmp_path: Path) -> None:
    db = tmp_path / "kill.db"
    store = open_store(f"sqlite:///{db}")
    first = tmp_path / "first.vcf"
    first.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Élodie Brandt\nEMAIL:e@b.example\nEND:VCARD\n")
    import_file(store, first)
    before = _dump(store)
    store.dispose()

    rows = "\n".join(
        f"Vorname{i},Nachname{i},,p{i}@x.example,Firma {i},Rolle,1 Jan 2024" for i in range(300)
    )
    second = tmp_path / "Connections.csv"
    second.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" + rows + "\n"
    )
    marker = tmp_path / "paused"
    env = dict(os.environ, **{PAUSE_ENV: str(marker)})
    proc = _run_cli(db, second, env)
    try:
        for _ in range(600):  # up to 60 s for a cold interpreter on a busy machine
            if marker.exists() or proc.poll() is not None:
                break
            time.sleep(0.1)
        assert marker.exists(), proc.stderr.read().decode() if proc.stderr else ""
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL

    store = open_store(f"sqlite:///{db}")
    assert _dump(store) == before
    # The file imports cleanly afterwards: nothing half-written is in the way.
    report = import_file(store, second)
    assert report.added == 300
    store.dispose()
