"""Rounds: an organiser uploads the members CSV, previews the round (pairs with reasons and
drafts, unpaired members and why, CSV problems), saves it, and downloads stored rounds' pairs.

The routes only validate and call `_rounds` (which calls the rounds engine)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, File, Form, UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from altruist.i18n import Translator
from altruist.web.deps import store_of
from altruist.web.pages import _rounds
from altruist.web.pages._params import RowId
from altruist.web.render import render, request_language
from altruist.web.security import FORM_BYTES

router = APIRouter()
UPLOAD_LIMITS = {"/rounds/preview": _rounds.MAX_UPLOAD_BYTES + FORM_BYTES}


def _embedder(request: Request) -> str:
    return str(request.app.state.settings.embedder)


def _gettext(request: Request) -> _rounds.Gettext:
    return Translator(request_language(request)).gettext


def round_form(
    request: Request,
    community: str = Form("default"),
    round_name: str = Form(""),
    per_person: int = Form(1),
    exclude_same_company: bool = Form(False),
    exclude_met: bool = Form(False),
) -> _rounds.RoundForm:
    """The round's settings, shared by preview and save (a FastAPI dependency)."""
    return _rounds.RoundForm.parse(
        community, round_name, per_person, exclude_same_company, exclude_met, _gettext(request)
    )


def _page(
    request: Request,
    form: _rounds.RoundForm,
    *,
    preview: object = None,
    token: str | None = None,
    saved: int | None = None,
) -> Response:
    context = {
        "communities": _rounds.past_rounds(store_of(request)),
        "form": form,
        "preview": preview,
        "token": token,
        "saved": saved,
        "max_per_person": _rounds.MAX_PER_PERSON,
    }
    return render(request, "rounds.html", context)


@router.get("/rounds", response_class=HTMLResponse)
def rounds_page(request: Request, saved: int | None = None) -> Response:
    return _page(request, _rounds.RoundForm(), saved=saved)


@router.post("/rounds/preview", response_class=HTMLResponse)
def preview(
    request: Request,
    members_file: UploadFile = File(...),
    form: _rounds.RoundForm = Depends(round_form),
) -> Response:
    data = members_file.file.read(_rounds.MAX_UPLOAD_BYTES + 1)
    token = _rounds.keep_upload(data, members_file.filename, _gettext(request))
    result = _rounds.run_round(
        store_of(request), _embedder(request), token, form, save=False, _=_gettext(request)
    )
    return _page(request, form, preview=_rounds.preview_view(result), token=token)


@router.post("/rounds/save")
def save(
    request: Request,
    token: str = Form(...),
    form: _rounds.RoundForm = Depends(round_form),
) -> Response:
    result = _rounds.run_round(
        store_of(request), _embedder(request), token, form, save=True, _=_gettext(request)
    )
    return RedirectResponse(f"/rounds?saved={result.round_id}#round-{result.round_id}", 303)


@router.get("/rounds/{round_id}/pairs.csv")
def pairs_csv(request: Request, round_id: RowId) -> Response:
    filename, text = _rounds.pairs_csv(store_of(request), round_id)
    return Response(
        text.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{filename}"'},
    )
