"""Fetch 50 sources concurrently from a local test server and print the figures.

    .venv/bin/python bench/bench_fetch.py [--sources 50] [--workers 8] [--latency 0.05]

The sources are a mix of real feedparser fixtures (RSS/Atom/RDF), Discourse API fixtures (topic
list + topic) and Stack Exchange API JSON, served from 127.0.0.1 with a simulated latency per
response. All sources share one host here, so the per-host rate limit is set to 0 for the
measurement (with the real default of 1 s, 50 sources on ONE host would take ~50 s by design).
Prints: wall time cold (everything new) and warm (conditional GET → 304), posts stored, peak
Python memory (tracemalloc) and the process's max RSS.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for tests.feeds.server, the same server the tests use

from tests.feeds.server import FixtureServer  # noqa: E402

from altruist.ingest.feeds import Politeness, add_group, fetch_all  # noqa: E402
from altruist.store import open_store  # noqa: E402

DATA = Path(ROOT.parent / "shared" / "data")


def se_questions(n: int) -> bytes:
    items = [
        {
            "question_id": 1000 * n + i,
            "title": f"Question {i} of site {n}",
            "tags": ["t"],
            "owner": {"user_id": i, "display_name": f"user {i}"},
            "answer_count": 0,
            "creation_date": 1_400_000_000 + i,
            "body": f"<p>Body {i}</p>",
        }
        for i in range(30)
    ]
    return json.dumps({"items": items, "has_more": False}).encode()


def build(server: FixtureServer, store_url: str, sources: int, latency: float) -> int:
    store = open_store(store_url)
    feeds = sorted(
        p for p in (DATA / "feeds-feedparser-tests").glob("wellformed__rss__item_*.xml")
    ) + sorted((DATA / "feeds-feedparser-tests").glob("wellformed__atom10__entry_*.xml"))
    discourse = DATA / "discourse-api-json-fixtures"
    for i in range(sources):
        etag = f'"v{i}"'
        if i % 5 == 0:  # Discourse: a list plus one topic
            server.route(
                f"/d{i}/latest.json",
                discourse / "latest.json",
                etag=etag,
                delay=latency,
                content_type="application/json",
            )
            server.route(
                f"/d{i}/t/1.json",
                discourse / "topic.json",
                delay=latency,
                content_type="application/json",
            )
            add_group(store, server.url(f"/d{i}/"), kind="discourse")
        elif i % 5 == 1:  # Stack Exchange API
            server.route(
                f"/se{i}/2.3/questions",
                se_questions(i),
                etag=etag,
                delay=latency,
                content_type="application/json",
            )
            add_group(store, server.url(f"/se{i}/2.3/questions?site=s{i}"))
        else:
            server.route(f"/f{i}.xml", feeds[i % len(feeds)], etag=etag, delay=latency)
            add_group(store, server.url(f"/f{i}.xml"))
    store.dispose()
    return sources


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sources", type=int, default=50)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--latency", type=float, default=0.05, help="seconds per response")
    args = parser.parse_args()
    policy = Politeness(timeout=10, retries=1, backoff=0.1, min_interval=0.0)

    server = FixtureServer().start()
    with tempfile.TemporaryDirectory() as folder:
        for workers in (1, args.workers):
            url = f"sqlite:///{folder}/bench_{workers}.db"
            build(server, url, args.sources, args.latency)
            store = open_store(url)
            tracemalloc.start()
            start = time.perf_counter()
            cold = fetch_all(store, politeness=policy, workers=workers)
            cold_s = time.perf_counter() - start
            start = time.perf_counter()
            warm = fetch_all(store, politeness=policy, workers=workers)
            warm_s = time.perf_counter() - start
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            store.dispose()
            new = sum(s.new for s in cold.sources)
            not_modified = sum(s.status == "not_modified" for s in warm.sources)
            print(
                f"workers={workers:2d}  sources={len(cold.sources)}  latency={args.latency * 1000:.0f} ms"
                f"  cold {cold_s:6.2f} s ({len(cold.sources) / cold_s:5.1f} sources/s, {new} posts)"
                f"  warm {warm_s:6.2f} s ({not_modified} not modified)"
                f"  errors {len(cold.failed)}+{len(warm.failed)}"
                f"  peak Python memory {peak / 1e6:.1f} MB"
            )
    server.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"max RSS of the process: {rss:.0f} MB")


if __name__ == "__main__":
    main()
