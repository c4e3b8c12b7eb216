"""While a background job runs (a web import), the interpreter hands the GIL over sooner, so the
pages served meanwhile do not wait 5 ms at every database call (issue 19); Python's own value
returns when the last job ends, also when a job fails."""

from __future__ import annotations

import sys
import threading

import pytest

from altruist.agenda import background
from altruist.store import Store


def test_a_job_shortens_the_switch_interval_until_the_last_job_ends(sqlite_store: Store) -> None:
    usual = sys.getswitchinterval()
    seen: dict[str, float] = {}
    release = {"import": threading.Event(), "refresh": threading.Event()}
    running = {"import": threading.Event(), "refresh": threading.Event()}

    def job(kind: str, fail: bool) -> object:
        def work(progress: background.Progress) -> None:
            seen[kind] = sys.getswitchinterval()
            running[kind].set()
            release[kind].wait(30)
            if fail:
                raise RuntimeError("broken file")

        return work

    assert background.start(sqlite_store, "import", job("import", True))
    assert background.start(sqlite_store, "refresh", job("refresh", False))
    assert running["import"].wait(30) and running["refresh"].wait(30)
    assert seen["import"] == pytest.approx(background.JOB_SWITCH_INTERVAL)
    assert seen["refresh"] == pytest.approx(background.JOB_SWITCH_INTERVAL)
    assert usual > background.JOB_SWITCH_INTERVAL

    release["import"].set()  # it fails; the other job still runs
    _wait_until_done(sqlite_store, "import")
    assert background.progress_of(sqlite_store, "import").error == "broken file"
    assert sys.getswitchinterval() == pytest.approx(background.JOB_SWITCH_INTERVAL)

    release["refresh"].set()
    _wait_until_done(sqlite_store, "refresh")
    assert sys.getswitchinterval() == pytest.approx(usual)


def _wait_until_done(store: Store, kind: str) -> None:
    for _ in range(3000):
        if not background.progress_of(store, kind).running:
            break
        threading.Event().wait(0.01)
    else:
        raise AssertionError(f"{kind} still running")
