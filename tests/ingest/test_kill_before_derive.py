"""A real `altruist import` killed after its import committed and before the derivation of needs
and offers: the mark written in the import's transaction makes the next refresh derive again, so
no person stays without their derived facets (issue 19). SQLite and PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from altruist.agenda import refresh
from altruist.clock import Clock
from altruist.engine.context import EngineContext
from altruist.ingest.importer import PAUSE_BEFORE_DERIVE_ENV, import_bytes
from altruist.store import Store
from altruist.store.schema import facets, people
from altruist.understand import stale

ROWS = 40
CSV = "First Name,Last Name,Email Address,Company,Position,Connected On\n" + "".join(
    f"Vorname{i},Nachname{i},p{i}@x.example,Firma {i},Looking for a co-founder,1 Jan 2024\n"
    for i in range(ROWS)
)


def _counts(store: Store) -> tuple[int, int]:
    with store.read() as conn:
        n_people = conn.execute(select(func.count()).select_from(people)).scalar_one()
        n_derived = conn.execute(
            select(func.count()).select_from(facets).where(facets.c.source.like("derived%"))
        ).scalar_one()
    return int(n_people), int(n_derived)


def _kill_before_derive(url: str, path: Path, marker: Path) -> None:
    code = "import sys; from altruist.cli.main import run; sys.argv[0] = 'altruist'; run()"
    env = dict(os.environ, **{PAUSE_BEFORE_DERIVE_ENV: str(marker), "ALTRUIST_EMBEDDER": "fake"})
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "--db", url, "import", str(path)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(900):  # up to 90 s for a cold interpreter on a busy machine
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


def test_killed_before_derivation_repairs_on_next_refresh(
    any_store: Store, clock: Clock, tmp_path: Path
) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text(CSV)
    url = any_store.engine.url.render_as_string(hide_password=False)
    _kill_before_derive(url, path, tmp_path / "paused")

    n_people, n_derived = _counts(any_store)
    assert n_people == ROWS, "the import committed"
    assert n_derived == 0, "killed before deriving"
    assert stale.is_stale(any_store)

    # A re-import finds nothing changed; the mark still brings the facets back.
    import_bytes(any_store, CSV.encode(), "Connections.csv", clock=clock)
    refresh(EngineContext(store=any_store, clock=clock, timezone="UTC", embedder_name="fake"))
    assert _counts(any_store)[1] >= ROWS
    assert not stale.is_stale(any_store)
