"""Web benchmark (issue 7): server time of Today, People (search) and Person with a 30,000-person
database, under concurrent load from a second process on loopback. Prints p50/p95 per page; it
asserts nothing (speed is measured, not asserted). Aim: p95 under 100 ms.

    .venv/bin/python bench/bench_web.py [--people 30000] [--requests 300] [--concurrency 4]

The database is generated with direct inserts in one transaction (the demo builder is made for
a few hundred people). The server is the real app under uvicorn in its own process; a thin ASGI
wrapper there reports each request's server time in a `Server-Timing` header, so the figures
exclude the client's own overhead. Client-side latency is printed too.
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import insert

from altruist.store import open_store
from altruist.store.people import search_text
from altruist.store.schema import facets, identities, interactions, people, settings, suggestions

GIVEN = ["Anna", "Jörg", "Zoë", "Lukas", "Fatma", "Chen", "Marie", "Søren", "Ayşe", "Tomás"]
FAMILY = ["Müller", "Schäfer", "Nguyen", "García", "Öztürk", "Kowalski", "Smith", "Groß"]
COMPANIES = ["ACME GmbH", "Beta AG", "Gamma SE", "Delta Ltd", "Epsilon Inc", "Zeta KG"]
CITIES = ["Berlin", "Hamburg", "München", "Köln", "Zürich", "Wien", "London"]
# The folded spellings (issue 12) find the same people: Mueller → Müller, Gross → Groß, Zoe → Zoë.
SEARCHES = [
    "müller",
    "berlin",
    "acme",
    "nguyen 12",
    "engineer",
    "zoë",
    "gamma köln",
    "Mueller",
    "Gross",
    "Zoe",
    "oeztuerk 7",
]

# Runs in the server process: the app on the benchmark database, timed per request.
SERVER = """
import sys, time, uvicorn
from altruist.config import Settings
from altruist.store import open_store
from altruist.web.app import create_app

app = create_app(Settings(embedder="fake"), store=open_store(sys.argv[1]))

async def timed(scope, receive, send):
    if scope["type"] != "http":
        return await app(scope, receive, send)
    start = time.perf_counter()

    async def send_timed(message):
        if message["type"] == "http.response.start":
            ms = (time.perf_counter() - start) * 1000
            message["headers"] = list(message["headers"]) + [
                (b"server-timing", f"app;dur={ms:.2f}".encode())
            ]
        await send(message)

    await app(scope, receive, send_timed)

uvicorn.run(timed, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
"""


def build_database(url: str, count: int, rng: random.Random) -> None:
    now = datetime.now(UTC)
    store = open_store(url)
    with store.transaction() as conn:
        rows = []
        for i in range(count):
            given, family = rng.choice(GIVEN), f"{rng.choice(FAMILY)}{i}"
            rows.append(
                {
                    "name": f"{given} {family}",
                    "given_name": given,
                    "family_name": family,
                    "company": rng.choice(COMPANIES),
                    "position": f"Engineer {i % 7}",
                    "city": rng.choice(CITIES),
                    "language": "de" if i % 2 else "en",
                    "tags": [rng.choice(["data", "backend", "people", "finance"])],
                    "is_me": i == 0,
                    "created_at": now,
                    "updated_at": now,
                }
            )
        conn.execute(insert(people), [r | {"search_text": search_text(r)} for r in rows])
        ids = range(1, count + 1)
        conn.execute(
            insert(identities),
            [{"person_id": p, "kind": "email", "value": f"p{p}@example.org"} for p in ids],
        )
        conn.execute(
            insert(interactions),
            [
                {
                    "person_id": p,
                    "kind": "message",
                    "occurred_at": now - timedelta(days=rng.randint(1, 900)),
                    "direction": "both",
                    "summary": f"message {n}",
                }
                for p in ids
                for n in range(3)
            ],
        )
        conn.execute(
            insert(facets),
            [
                {
                    "person_id": p,
                    "kind": "need" if p % 2 else "offer",
                    "text": "sucht eine Stelle als Data Engineer" if p % 2 else "Wissen über SQL",
                    "confidence": 0.8,
                    "source": "position",
                    "edited": False,
                    "created_at": now,
                }
                for p in ids
            ],
        )
        # Today reads the stored result of the last refresh; store one as the engines would.
        conn.execute(
            insert(suggestions),
            [
                {
                    "kind": "check_in",
                    "key": f"checkin:{p}",
                    "title": f"Check in with person {p}",
                    "reason": "It has been a while.",
                    "score": rng.random(),
                    "person_ids": [p],
                    "state": "new",
                    "shown_count": 0,
                    "created_at": now,
                    "updated_at": now,
                    "proposed_at": now,
                }
                for p in rng.sample(range(2, count + 1), min(300, count - 1))
            ],
        )
        conn.execute(
            insert(settings),
            [{"key": "agenda_refreshed_at", "value": (now - timedelta(minutes=1)).isoformat()}],
        )
    store.dispose()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(base: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("the server process ended before it answered")
        try:
            httpx.get(base + "/static/app.css", timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit("the server did not start within 60 s")


def measure(base: str, urls: list[str], concurrency: int) -> tuple[list[float], list[float]]:
    """Server and client milliseconds of every request, sent by `concurrency` threads."""

    def one(client: httpx.Client, url: str) -> tuple[float, float]:
        start = time.perf_counter()
        answer = client.get(url)
        client_ms = (time.perf_counter() - start) * 1000
        answer.raise_for_status()
        server_ms = float(answer.headers["server-timing"].split("dur=")[1])
        return server_ms, client_ms

    with (
        httpx.Client(base_url=base, timeout=30) as client,
        ThreadPoolExecutor(max_workers=concurrency) as pool,
    ):
        results = list(pool.map(lambda u: one(client, u), urls))
    return [r[0] for r in results], [r[1] for r in results]


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=30_000)
    parser.add_argument("--requests", type=int, default=300, help="per page")
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        started = time.perf_counter()
        build_database(url, args.people, rng)
        print(f"database: {args.people:,} people built in {time.perf_counter() - started:.1f} s")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([sys.executable, "-c", SERVER, url, str(port)])
        try:
            wait_until_up(base, server)
            pages = {
                "Today": ["/"] * args.requests,
                "People search": [
                    f"/people?q={rng.choice(SEARCHES)}" for _ in range(args.requests)
                ],
                "Person": [f"/people/{rng.randint(2, args.people)}" for _ in range(args.requests)],
            }
            measure(base, ["/", "/people?q=a", "/people/2"] * 5, 1)  # warm-up
            print(
                f"load: {args.requests} requests per page, {args.concurrency} concurrent "
                f"clients in a second process, loopback"
            )
            report = {}
            for name, urls in pages.items():
                server_ms, client_ms = measure(base, urls, args.concurrency)
                report[name] = {
                    "server_p50_ms": round(percentile(server_ms, 50), 1),
                    "server_p95_ms": round(percentile(server_ms, 95), 1),
                    "client_p50_ms": round(percentile(client_ms, 50), 1),
                    "client_p95_ms": round(percentile(client_ms, 95), 1),
                }
                r = report[name]
                print(
                    f"{name:<14} server p50 {r['server_p50_ms']:6.1f} ms  "
                    f"p95 {r['server_p95_ms']:6.1f} ms   "
                    f"(client p50 {r['client_p50_ms']:.1f} ms, p95 {r['client_p95_ms']:.1f} ms)"
                )
            print(json.dumps(report))
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
