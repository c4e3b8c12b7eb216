"""Person: everything known about one contact — core fields, timeline, needs and offers, the
giving ledger, identities with provenance, unknown imported fields, merges. The forms that
change a person live in `person_actions.py`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from altruist.domain import Birthday, FacetKind, IdentityKind, LedgerDirection, LedgerKind
from altruist.engine import giving
from altruist.engine.care import cadence
from altruist.i18n import Translator
from altruist.i18n.message import render as render_text
from altruist.ingest import merge
from altruist.ingest.people_view import person_detail
from altruist.store import facets as facets_repo
from altruist.store import interactions as interactions_repo
from altruist.store import ledger as ledger_repo
from altruist.store import merges_repo
from altruist.store import people as people_repo
from altruist.understand.language import explain
from altruist.understand.needs import SOURCE_POSITION, shown_offer
from altruist.web.deps import store_of
from altruist.web.pages._byhand_context import FLASH as BYHAND_FLASH
from altruist.web.pages._byhand_context import byhand_context
from altruist.web.pages._links import safe_href
from altruist.web.pages._params import RowId
from altruist.web.render import render, request_language

router = APIRouter()

TIMELINE_PAGE = 25

# Interaction kinds as English msgids (translated in the template).
INTERACTION_LABELS = {
    "message": "Message",
    "meeting": "Meeting",
    "call": "Call",
    "note": "Note",
    "invitation": "Invitation",
    "intro_made": "Introduction made",
    "answer_given": "Answer given",
    "congratulation": "Congratulation",
    "check_in": "Checked in",  # a logged interaction; the deed kind is "Check-in"
    "ask": "Ask",
}

# The quick actions of the ledger form: (direction, kind, English msgid of the button).
LEDGER_ACTIONS: tuple[tuple[LedgerDirection, LedgerKind, str], ...] = (
    (LedgerDirection.GAVE, LedgerKind.INTRODUCTION, "I introduced them"),
    (LedgerDirection.GAVE, LedgerKind.ANSWER, "I answered a question"),
    (LedgerDirection.GAVE, LedgerKind.TIP, "I shared a tip"),
    (LedgerDirection.GAVE, LedgerKind.CONGRATULATION, "I congratulated"),
    (LedgerDirection.RECEIVED, LedgerKind.HELP, "They helped me"),
    (LedgerDirection.RECEIVED, LedgerKind.OFFERED_HELP, "They offered to help me"),
)

# Identity kinds whose value may be a web address worth linking (only http/https ever are).
LINKABLE = {IdentityKind.LINKEDIN, IdentityKind.XING, IdentityKind.URL}

FLASH = {
    "saved": "Saved.",
    "facet-added": "Added.",
    "facet-removed": "Removed.",
    "ledger": "Recorded in the ledger.",
    "merged": "Merged.",
    "unmerged": "Merge undone.",
} | BYHAND_FLASH


def _identity_rows(person_id: RowId, request: Request) -> list[dict[str, Any]]:
    with store_of(request).read() as conn:
        found = people_repo.identities_of(conn, person_id)
    return [
        {
            "kind": str(i.kind),
            "value": i.value,
            "source": i.source,
            "shared": i.shared,
            "href": safe_href(i.value) if i.kind in LINKABLE else None,
        }
        for i in found
    ]


def _kept_person(request: Request, person_id: int) -> int:
    """The visible person a merged-away person now lives in (following merge chains)."""
    with store_of(request).read() as conn:
        seen: set[int] = set()
        while person_id not in seen:
            seen.add(person_id)
            target = merges_repo.person_row(conn, person_id)["merged_into"]
            if target is None:
                return person_id
            person_id = target
    return person_id


def explain_language(provenance: str | None, t: Translator) -> str | None:
    """The stored (English) evidence of a person's language, in the user's language."""
    if not provenance:
        return None
    return "; ".join(
        t(template, **{k: t(v) for k, v in values.items()})
        for template, values in explain(provenance)
    )


def birthday_text(birthday: Birthday | None, lang: str) -> str:
    """The birthday as the user writes it: 05.12.1975 or 05.12. in German, ISO otherwise."""
    if birthday is None:
        return ""
    if lang != "de":
        return birthday.iso()
    return f"{birthday.day:02d}.{birthday.month:02d}." + (
        f"{birthday.year}" if birthday.year else ""
    )


def person_context(request: Request, person_id: RowId, shown: int) -> dict[str, Any]:
    store = store_of(request)
    lang = request_language(request)
    detail = person_detail(store, person_id)  # NotFoundError → 404 page
    with store.read() as conn:
        person = people_repo.get(conn, person_id)
        row = merges_repo.person_row(conn, person_id)
        timeline = interactions_repo.for_person(conn, person_id, limit=shown + 1)
        facets = facets_repo.for_person(conn, person_id)
        entries = ledger_repo.entries(conn, person_id)
        tiers = sorted(cadence.load_prefs(conn).tiers.items(), key=lambda kv: kv[1])
        undoable = [
            m
            for m in merges_repo.all_merges(conn)
            if m["kept_id"] == person_id and m["undone_at"] is None
        ]
        merged_names = {
            m["merged_id"]: people_repo.get(conn, m["merged_id"]).name for m in undoable
        }
        by_hand = byhand_context(conn, person_id)  # reminders, relations, what deleting takes
    candidates = merge.open_candidates(store, person_id=person_id)
    return {
        "person": person,
        "merged_into": row["merged_into"],
        "identities": _identity_rows(person_id, request),
        "timeline": timeline[:shown],
        "timeline_more": len(timeline) > shown,
        "interaction_labels": INTERACTION_LABELS,
        "needs": [f for f in facets if f.kind is FacetKind.NEED],
        "offers": [f for f in facets if f.kind is FacetKind.OFFER],
        # Offers derived from the position, in the reader's language (stored in the contact's).
        "shown_text": {
            f.id: render_text(shown_offer(f.text, person), Translator(lang))
            for f in facets
            if f.source == SOURCE_POSITION and not f.edited
        },
        "ledger": [{"entry": e, "label": giving.label(e.kind, lang)} for e in entries],
        "ledger_actions": [(f"{d.value}:{k.value}", label) for d, k, label in LEDGER_ACTIONS],
        "language_evidence": explain_language(detail["language_evidence"], Translator(lang)),
        "birthday_text": birthday_text(person.birthday, lang),
        "core_fields": detail["fields"],
        "unknown_fields": detail["unknown_fields"],
        "tiers": tiers,
        "candidates": candidates,
        "undoable": [m | {"merged_name": merged_names[m["merged_id"]]} for m in undoable],
    } | by_hand


@router.get("/people/{person_id}", response_class=HTMLResponse)
def person_page(
    request: Request,
    person_id: RowId,
    more: int = Query(1, ge=1, le=400),
    flash: str | None = None,
) -> Response:
    kept = _kept_person(request, person_id)
    if kept != person_id:
        # Merged away (by hand or by an import): the kept person's page, where it can be undone.
        return RedirectResponse(f"/people/{kept}#merges", status_code=303)
    context = person_context(request, person_id, more * TIMELINE_PAGE)
    context["flash"] = FLASH.get(flash or "")
    context["more_link"] = f"/people/{person_id}?more={more + 1}#timeline"
    return render(request, "person.html", context)
