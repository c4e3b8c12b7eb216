"""A web import as a background job (issue 19): the upload is read in the request, the import and
the derivation after it run in a thread of the shared background mechanism (agenda/background.py,
as Today's recomputation), and the progress page shows the file, the rows read and the step until
the report is ready. Other pages keep answering meanwhile."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from altruist.agenda import background
from altruist.clock import Clock
from altruist.errors import ImportError_
from altruist.ingest.importer import ImportReport
from altruist.store import Store
from altruist.understand.embedder import get_embedder
from altruist.understand.needs import refresh_derived

KIND = "import"


@dataclass
class Upload:
    name: str
    data: bytes


@dataclass
class Outcome:
    """What the report page shows when the job is done."""

    report: ImportReport = field(default_factory=ImportReport)
    failures: list[dict[str, str]] = field(default_factory=list)


# import_bytes, passed in by the page: tests hold it mid-way through the page module.
Importer = Callable[..., ImportReport]


def start(
    store: Store,
    uploads: list[Upload],
    failures: list[dict[str, str]],
    *,
    importer: Importer,
    clock: Clock,
    region: str,
    embedder_name: str,
) -> bool:
    """Start importing `uploads`; False when an import of this store is still running.
    `embedder_name` is the configured model the derivation reads needs and offers with."""

    def work(progress: background.Progress) -> Outcome:
        outcome = Outcome(failures=list(failures))
        for step, upload in enumerate(uploads, 1):
            progress.step, progress.current = step, "reading"
            progress.file, progress.rows, progress.total_rows = upload.name, 0, 0

            def tick(done: int, total: int) -> None:
                progress.rows, progress.total_rows = done, total

            try:
                outcome.report.absorb(
                    importer(
                        store, upload.data, upload.name, clock=clock, region=region, progress=tick
                    )
                )
            except ImportError_ as exc:
                outcome.failures.append({"file": upload.name, "reason": str(exc)})
            progress.rows = max(progress.rows, progress.total_rows)
        # Files inside an uploaded archive that could not be imported (the others were).
        outcome.failures += [
            {"file": exc.file or "", "reason": str(exc)} for exc in outcome.report.failed
        ]
        progress.step, progress.current, progress.file = len(uploads) + 1, "deriving", ""
        if outcome.report.changed_people:
            # As `altruist import` does: new headlines state new needs, read with the same
            # model (loaded here, in the job's thread, not in the request); untouched people
            # are skipped.
            refresh_derived(store, embedder=get_embedder(embedder_name), changed_only=True)
        return outcome

    return background.start(store, KIND, work, steps=len(uploads) + 1)


def progress(store: Store) -> background.Progress:
    return background.progress_of(store, KIND)
