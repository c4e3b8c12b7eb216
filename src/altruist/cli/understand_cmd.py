"""`altruist understand`: derive needs and offers for every contact from their headline, notes,
position and open questions in groups. Stated and user-edited needs and offers stay."""

from __future__ import annotations

import json

import typer
from rich.console import Console

from altruist.cli.context import get_app, translator
from altruist.domain import Facet, FacetKind
from altruist.store import facets as facets_repo
from altruist.understand.embedder import get_embedder
from altruist.understand.needs import refresh_derived

console = Console()


def _counts(facets: list[Facet]) -> dict[str, int]:
    derived = [f for f in facets if f.source.startswith("derived:")]
    return {
        "derived": len(derived),
        "derived_needs": sum(f.kind is FacetKind.NEED for f in derived),
        "derived_offers": sum(f.kind is FacetKind.OFFER for f in derived),
        "people_with_derived": len({f.person_id for f in derived}),
        "stated_or_edited": sum(f.source == "stated" or f.edited for f in facets),
    }


def understand(
    ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print JSON counts.")
) -> None:
    """Derive needs and offers for everyone (headlines, notes, positions, group questions)."""
    app = get_app(ctx)
    store = app.store
    written = refresh_derived(store, embedder=get_embedder(app.settings.embedder))
    with store.read() as conn:
        counts = {"written": written} | _counts(facets_repo.all_facets(conn))
    if as_json:
        print(json.dumps(counts, indent=2))
        return
    console.print(
        translator(ctx)(
            "Derived {derived} needs and offers for {people} people ({needs} needs, {offers}"
            " offers); {kept} stated or edited ones kept.",
            derived=counts["derived"],
            people=counts["people_with_derived"],
            needs=counts["derived_needs"],
            offers=counts["derived_offers"],
            kept=counts["stated_or_edited"],
        )
    )


def register(app: typer.Typer) -> None:
    app.command()(understand)
