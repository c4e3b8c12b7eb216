"""The web import and the demo read needs and offers with the configured model, as `altruist
import` does (issue 15): the note's sentence goes through the real USE model (its embedding lands
in the store's cache) and an investor's note becomes an offer."""

from __future__ import annotations

from fastapi.testclient import TestClient

from altruist.clock import Clock
from altruist.config import Settings
from altruist.demo import build_demo
from altruist.domain import FacetKind
from altruist.store import Store
from altruist.store import embeddings_cache as cache
from altruist.store import facets as facets_repo
from altruist.store import people as people_repo
from altruist.understand.embedder import LazyEmbedder
from altruist.understand.needs import refresh_derived
from altruist.understand.reader import TRAINED_WITH, prepared
from altruist.web.app import create_app
from tests.web.conftest import csrf, import_files

NOTE = "Angel investor, happy to look at early-stage B2B SaaS startups looking for seed funding"


def _cached(store: Store, text: str) -> bool:
    with store.read() as conn:
        key = cache.content_hash(prepared(text))
        return key in cache.load(conn, TRAINED_WITH, [key])


def test_web_import_reads_with_the_configured_model(sqlite_store: Store, clock: Clock) -> None:
    app = create_app(Settings(embedder="use"), store=sqlite_store, clock=clock)
    card = f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ida Invest\r\nNOTE:{NOTE}\r\nEND:VCARD\r\n"
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        answer = import_files(
            client,
            data={"csrf_token": csrf(client)},
            files=[("files", ("ida.vcf", card.encode(), "text/vcard"))],
        )
    assert answer.status_code == 200
    assert _cached(sqlite_store, NOTE)
    with sqlite_store.read() as conn:
        [ida] = [p for p in people_repo.all_people(conn) if p.name == "Ida Invest"]
        facets = facets_repo.for_person(conn, ida.id or 0)
    assert [f.kind for f in facets if f.text == NOTE] == [FacetKind.OFFER]


def test_demo_loads_the_model_only_for_texts_to_read(sqlite_store: Store, clock: Clock) -> None:
    lazy = LazyEmbedder("use")
    build_demo(sqlite_store, people=20, clock=clock, embedder=lazy)
    with sqlite_store.transaction() as conn:
        [bob] = [p for p in people_repo.all_people(conn) if not p.is_me][:1]
        people_repo.update_fields(conn, bob.id or 0, notes=NOTE)
    refresh_derived(sqlite_store, [bob.id or 0], embedder=lazy)
    assert _cached(sqlite_store, NOTE)
    with sqlite_store.read() as conn:
        kinds = [f.kind for f in facets_repo.for_person(conn, bob.id or 0) if f.text == NOTE]
    assert kinds == [FacetKind.OFFER]
