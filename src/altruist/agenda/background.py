"""Long work in a background thread, with a progress that pages read (issues 16 and 19).

One mechanism for every long job the web app starts — the recomputation of Today's deeds
("refresh") and a web import ("import"): a job publishes a `Progress` per store and kind, the
page that started it comes back at once and shows the step (Today's progress bar, the import's
progress page, `GET /api/refresh`, `GET /api/import`), and updates itself until the job ends.
At most one job of a kind runs per store and process.
"""

from __future__ import annotations

import sys
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from altruist.store import Store


@dataclass
class Progress:
    """Where a running job is, for pages that must say why they wait."""

    running: bool = False
    step: int = 0
    steps: int = 0
    current: str = ""  # the part at work: an engine family, "reading", "deriving", "saving"
    error: str | None = None  # the job's failure, shown instead of silence
    file: str = ""  # an import: the file being read
    rows: int = 0  # … how many of its rows are read
    total_rows: int = 0  # … of how many (0 while unknown)
    result: Any = None  # what the finished job returned, for the page that reports it
    detail: str = ""  # within a prelude step of a refresh: what just finished (an account)


# store -> kind -> the latest job's progress; kept only as long as the store lives.
_JOBS: weakref.WeakKeyDictionary[Store, dict[str, Progress]] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()

# While a job runs, a thread waiting for the GIL gets it after this long instead of Python's 5 ms.
# A page's request thread waits for it after every database call and socket write, so with a busy
# import thread each of those waits cost up to 5 ms and a page hundreds of them (issue 19); the
# job loses a little to the more frequent switches. Python's own value returns when jobs end.
JOB_SWITCH_INTERVAL = 0.001
_running = 0
_usual_interval = sys.getswitchinterval()


def progress_of(store: Store, kind: str) -> Progress:
    """The progress of the running or latest job of this kind (an idle one when none ran)."""
    return _JOBS.get(store, {}).get(kind) or Progress()


def publish(store: Store, kind: str, progress: Progress) -> None:
    """Make `progress` the one pages show for this kind of job."""
    with _LOCK:
        _JOBS.setdefault(store, {})[kind] = progress


def start(store: Store, kind: str, work: Callable[[Progress], Any], steps: int = 0) -> bool:
    """Run `work(progress)` in a thread of its own; False when a job of this kind is running.

    The progress is published as running before the thread starts, so a page rendered right
    after says so. Errors are kept in the progress: a background thread has no one to raise
    them to."""
    progress = Progress(running=True, steps=steps)
    with _LOCK:
        if _JOBS.get(store, {}).get(kind, Progress()).running:
            return False
        _JOBS.setdefault(store, {})[kind] = progress

    def run() -> None:
        _job_began()
        try:
            progress.result = work(progress)
        except Exception as exc:
            progress.error = progress.error or str(exc) or type(exc).__name__
        finally:
            _job_ended()  # first: once a page sees the job ended, the interval is Python's again
            progress.running = False

    threading.Thread(target=run, name=f"altruist-{kind}", daemon=True).start()
    return True


def _job_began() -> None:
    global _running, _usual_interval
    with _LOCK:
        if _running == 0:
            _usual_interval = sys.getswitchinterval()
            sys.setswitchinterval(min(_usual_interval, JOB_SWITCH_INTERVAL))
        _running += 1


def _job_ended() -> None:
    global _running
    with _LOCK:
        _running -= 1
        if _running == 0:
            sys.setswitchinterval(_usual_interval)
