"""Import: upload contact and history files (LinkedIn, vCard, CSV, iCalendar), see the same report
as `altruist import`, and review the merge queue (accept or reject each possible duplicate)."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from fastapi import APIRouter, File, UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from altruist.errors import ImportError_
from altruist.i18n import Translator
from altruist.ingest import merge, reasons
from altruist.ingest.importer import ImportReport, import_bytes
from altruist.ingest.likeness import reason_text
from altruist.store import imports_repo
from altruist.understand.embedder import get_embedder
from altruist.understand.needs import refresh_derived
from altruist.web.deps import engine_of, store_of
from altruist.web.pages._paging import page_of
from altruist.web.pages._params import PageNumber, RowId
from altruist.web.render import render, request_language
from altruist.web.security import FORM_BYTES

router = APIRouter()

MAX_UPLOAD_BYTES = 200 * 1024 * 1024  # a LinkedIn messages.csv of a busy account is ~100 MB
# The whole request may carry a few files; the middleware refuses more before reading a byte.
UPLOAD_LIMITS = {"/import": MAX_UPLOAD_BYTES + FORM_BYTES}
REVIEW_PAGE = 20
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
        "reason_parts": reasons.parts,  # a skipped row's reason, translated with its values
    }


@router.get("/import", response_class=HTMLResponse)
def import_page(request: Request, page: PageNumber = 1, flash: str | None = None) -> Response:
    context = _context(request, page)
    context["flash"] = FLASH.get(flash or "")
    return render(request, "import.html", context)


@router.post("/import", response_class=HTMLResponse)
def upload(request: Request, files: list[UploadFile] = File(...)) -> Response:
    """Each file is imported in its own transaction; a file that cannot be read at all is named
    with its reason and the others are imported anyway.

    A plain `def`: FastAPI runs it in its worker thread pool, so a long import and the derivation
    after it never hold up the event loop, and other pages keep answering meanwhile."""
    store, clock = store_of(request), engine_of(request).clock
    region = request.app.state.settings.phone_region
    total = ImportReport()
    failures: list[dict[str, str]] = []
    for upload_file in files:
        # Only the base name: it becomes the provenance of every value, and re-importing a file
        # with the same name is how changes (a new job) are detected.
        name = PurePath(upload_file.filename or "upload").name or "upload"
        data = upload_file.file.read(MAX_UPLOAD_BYTES + 1)
        if len(data) > MAX_UPLOAD_BYTES:
            failures.append({"file": name, "reason": "larger than 200 MB"})
            continue
        try:
            total.absorb(import_bytes(store, data, name, clock=clock, region=region))
        except ImportError_ as exc:
            failures.append({"file": name, "reason": str(exc)})
    # Files inside an uploaded archive that could not be imported (the others were).
    failures += [{"file": exc.file or "", "reason": str(exc)} for exc in total.failed]
    if total.changed_people:
        # As `altruist import` does: new headlines state new needs, read with the same model.
        embedder = get_embedder(request.app.state.settings.embedder)
        refresh_derived(store, embedder=embedder)
    context = _context(request, 1)
    context.update(report=total, failures=failures, flash=None)
    return render(request, "import.html", context, status_code=200 if total.formats else 400)


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
