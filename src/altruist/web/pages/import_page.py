"""Import: upload contact and history files (LinkedIn, vCard, CSV, iCalendar), see the same report
as `altruist import`, and review the merge queue (accept or reject each possible duplicate)."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from fastapi import APIRouter, File, UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from altruist.i18n import Translator
from altruist.ingest import merge, reasons
from altruist.ingest.importer import import_bytes
from altruist.ingest.likeness import reason_text
from altruist.store import imports_repo
from altruist.web.deps import engine_of, store_of
from altruist.web.pages import import_job
from altruist.web.pages._paging import page_of
from altruist.web.pages._params import PageNumber, RowId
from altruist.web.render import render, request_language
from altruist.web.security import FORM_BYTES

router = APIRouter()

MAX_UPLOAD_BYTES = 200 * 1024 * 1024  # a LinkedIn messages.csv of a busy account is ~100 MB
# The whole request may carry a few files; the middleware refuses more before reading a byte.
UPLOAD_LIMITS = {"/import": MAX_UPLOAD_BYTES + FORM_BYTES}
REVIEW_PAGE = 20
BUSY = "An import is still running: wait for its report, then import more."
FLASH = {"accepted": "Merged. You can undo it on the person's page.", "rejected": "Kept apart."}


def _context(request: Request, review_page: int) -> dict[str, Any]:
    store = store_of(request)
    # One page read in SQL: the queue of a big address book is never loaded whole.
    pager = page_of(review_page, merge.count_open(store), REVIEW_PAGE)
    queue = merge.open_candidates(store, limit=pager.size, offset=pager.offset)
    gettext = Translator(request_language(request)).gettext
    for cand in queue:
        cand["reasons_text"] = "; ".join(
            reason_text(r, gettext) for r in cand.get("reasons") or []
        ) or str(cand["reason"])
    with store.read() as conn:
        history = imports_repo.recent(conn, limit=10)
    return {
        "queue": queue,
        "pager": pager,
        "history": history,
        "report": None,
        "failures": [],
        "job": None,
        "reason_parts": reasons.parts,  # a skipped row's reason, translated with its values
    }


@router.get("/import", response_class=HTMLResponse)
def import_page(request: Request, page: PageNumber = 1, flash: str | None = None) -> Response:
    context = _context(request, page)
    context["flash"] = FLASH.get(flash or "")
    return render(request, "import.html", context)


@router.post("/import", response_class=HTMLResponse)
def upload(request: Request, files: list[UploadFile] = File(...)) -> Response:
    """Read the uploaded files and import them in the background (web/pages/import_job.py):
    the answer is a redirect to the progress page, which becomes the report when the import is
    done. Each file is imported in its own transaction; a file that cannot be read at all is
    named with its reason and the others are imported anyway.

    A plain `def`: FastAPI runs it in its worker thread pool, so reading a large upload never
    holds up the event loop either."""
    store, clock = store_of(request), engine_of(request).clock
    region = request.app.state.settings.phone_region
    uploads: list[import_job.Upload] = []
    failures: list[dict[str, str]] = []
    for upload_file in files:
        # Only the base name: it becomes the provenance of every value, and re-importing a file
        # with the same name is how changes (a new job) are detected.
        name = PurePath(upload_file.filename or "upload").name or "upload"
        data = upload_file.file.read(MAX_UPLOAD_BYTES + 1)
        if len(data) > MAX_UPLOAD_BYTES:
            failures.append({"file": name, "reason": "larger than 200 MB"})
            continue
        uploads.append(import_job.Upload(name, data))
    started = import_job.start(
        store,
        uploads,
        failures,
        importer=import_bytes,
        clock=clock,
        region=region,
        embedder_name=request.app.state.settings.embedder,
    )
    if not started:
        context = _context(request, 1)
        context.update(flash=BUSY, job=import_job.progress(store))
        return render(request, "import.html", context, status_code=409)
    return RedirectResponse("/import/report", status_code=303)


@router.get("/import/report", response_class=HTMLResponse)
def import_report(request: Request) -> Response:
    """The running import's progress (the page reloads itself), then its report."""
    job = import_job.progress(store_of(request))
    if not job.running and job.result is None and job.error is None:
        return RedirectResponse("/import", status_code=303)  # no import since the start
    context = _context(request, 1)
    context.update(flash=None, job=job)
    outcome = job.result
    if job.running or not isinstance(outcome, import_job.Outcome):
        return render(request, "import.html", context)
    context.update(report=outcome.report, failures=outcome.failures)
    return render(
        request, "import.html", context, status_code=200 if outcome.report.formats else 400
    )


@router.get("/api/import", tags=["import"])
def import_status_api(request: Request) -> dict[str, object]:
    """Whether a web import is running, and how far it got (as `GET /api/refresh`)."""
    job = import_job.progress(store_of(request))
    outcome = job.result if isinstance(job.result, import_job.Outcome) else None
    return {
        "running": job.running,
        "step": job.step,
        "steps": job.steps,
        "current": job.current,
        "file": job.file,
        "rows": job.rows,
        "total_rows": job.total_rows,
        "error": job.error,
        "report": outcome.report.as_dict() if outcome else None,
    }


@router.post("/import/review/{candidate_id}/{decision}")
def review(request: Request, candidate_id: RowId, decision: str) -> Response:
    if decision == "accept":
        merge.accept(store_of(request), candidate_id, clock=engine_of(request).clock)
        flash = "accepted"
    elif decision == "reject":
        merge.reject(store_of(request), candidate_id)
        flash = "rejected"
    else:
        return RedirectResponse("/import#review", status_code=303)
    return RedirectResponse(f"/import?flash={flash}#review", status_code=303)
