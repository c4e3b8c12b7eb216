"""Worst cases of issue 19, measured (nothing asserted):

1. quoted-printable unfolding: a vCard note with 16,000 soft line breaks, and a 7.5 MB vCard;
2. a 250 MB form body without a token, and a 199 MB upload without a token, against the real app
   under uvicorn: how many bytes the server took before refusing, its answer, its peak memory;
3. other pages while a large web import runs: p50/p95 of `GET /people` and `GET /api/session`
   from a second client during the import, and the import's own duration;
4. 3,000 rows with the same name (a 96 KB file): the import, the proposals it made, and the first
   page of the review queue;
5. one contact with a 50 MB note among 2,000 others: the first import with its derivation, then
   a later one-row import with its derivation (which must not read the big note again).

    .venv/bin/python bench/bench_hostile.py [--import-rows 20000] [--skip-server] [--note-mb 50]
        [--server-only]

The server is the real app in its own process (uvicorn, SQLite file); its peak RSS (VmHWM) is read
from /proc. Client figures include the loopback round trip.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

import httpx

from altruist.ingest import merge
from altruist.ingest.contacts import vcard
from altruist.ingest.importer import import_bytes
from altruist.store import open_store
from altruist.understand.embedder import get_embedder
from altruist.understand.needs import refresh_derived

SERVER = """
import sys, uvicorn
from altruist.config import Settings
from altruist.store import open_store
from altruist.web.app import create_app

app = create_app(Settings(embedder="fake"), store=open_store(sys.argv[1]))
from altruist.understand import language
language.preload()  # as `altruist serve` does before it listens
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
"""


def qp_vcard(breaks: int) -> str:
    note = "=\r\n".join(["J=C3=B6rg M=C3=BCller"] * breaks)
    return (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Soft Breaks\r\n"
        f"NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{note}\r\nEND:VCARD\r\n"
    )


def bench_quoted_printable() -> None:
    for label, breaks in (("16,000 soft breaks", 16_000), ("7.5 MB vCard", 330_000)):
        text = qp_vcard(breaks)
        tracemalloc.start()
        start = time.perf_counter()
        result = vcard.parse(text, "qp.vcf")
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        print(
            f"quoted-printable, {label} ({len(text) / 2**20:.1f} MB): {seconds:.2f} s, "
            f"peak {peak:.0f} MB, {len(result.contacts)} contact"
        )


def cpu_seconds() -> float:
    """This process's CPU time (user + system): printed next to wall time, since a loaded machine
    inflates wall time only."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def process_cpu_seconds(pid: int) -> float:
    """Another process's CPU time (user + system), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def peak_rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    match = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(match.group(1)) / 1024 if match else float("nan")


def send_body(port: int, path: str, content_type: str, total: int, head: bytes = b"") -> str:
    """Declare `total` bytes, then send until the server answers; returns a summary line."""
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(
        (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {total}\r\nCookie: altruist_csrf=planted\r\n\r\n"
        ).encode()
        + head
    )
    sent = len(head)
    chunk = b"x" * (1 << 20)
    sock.setblocking(False)
    answer = b""
    start = time.perf_counter()
    while sent < total:
        try:
            answer += sock.recv(4096)
            if answer:
                break
        except BlockingIOError:
            pass
        try:
            sent += sock.send(chunk[: total - sent])
        except (BlockingIOError, BrokenPipeError, ConnectionResetError):
            time.sleep(0.001)
            if time.perf_counter() - start > 120:
                break
    sock.setblocking(True)
    sock.settimeout(30)
    try:
        while b"\r\n" not in answer:
            more = sock.recv(4096)
            if not more:
                break
            answer += more
    except OSError:
        pass
    sock.close()
    status = answer.split(b"\r\n", 1)[0].decode(errors="replace")
    return f"{status or 'no answer'} after sending {sent / 2**20:.1f} of {total / 2**20:.0f} MB"


def contacts_csv(rows: int) -> bytes:
    lines = ["First Name,Last Name,E-mail Address,Company,Job Title"]
    lines += [
        f"Vorname{i},Nachname{i},p{i}@example.org,Firma {i % 97},Rolle {i}" for i in range(rows)
    ]
    return ("\n".join(lines) + "\n").encode()


def bench_server(import_rows: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        proc = subprocess.Popen([sys.executable, "-c", SERVER, url, str(port)])
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(600):
                try:
                    httpx.get(base + "/api/session", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            print(f"server peak RSS at start: {peak_rss_mb(proc.pid):.0f} MB")
            form = "application/x-www-form-urlencoded"
            print(
                "250 MB form body, no token: "
                + send_body(port, "/settings/timezone", form, 250 * 2**20)
                + f"; server peak RSS {peak_rss_mb(proc.pid):.0f} MB"
            )
            boundary = "bench"
            head = (
                f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
                'filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n'
            ).encode()
            print(
                "199 MB upload, no token: "
                + send_body(
                    port,
                    "/import",
                    f"multipart/form-data; boundary={boundary}",
                    199 * 2**20,
                    head,
                )
                + f"; server peak RSS {peak_rss_mb(proc.pid):.0f} MB"
            )
            cpu = process_cpu_seconds(proc.pid)
            bench_import_while_browsing(base, import_rows)
            print(f"  server CPU during the import: {process_cpu_seconds(proc.pid) - cpu:.1f} s")
            print(f"server peak RSS at the end: {peak_rss_mb(proc.pid):.0f} MB")
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def bench_import_while_browsing(base: str, rows: int) -> None:
    data = contacts_csv(rows)
    latencies: list[float] = []
    resets: list[str] = []  # requests the server broke off (connection reset): counted, retried
    done = threading.Event()

    def get(client: httpx.Client, path: str) -> httpx.Response:
        while True:
            try:
                return client.get(path)
            except httpx.TransportError as exc:
                resets.append(f"{path}: {exc}")

    with httpx.Client(base_url=base, timeout=600) as uploader:
        token = uploader.get("/api/session").json()["csrf_token"]

        def upload() -> None:
            try:
                start = time.perf_counter()
                started = uploader.post(
                    "/import",
                    data={"csrf_token": token},
                    files={"files": ("contacts.csv", data, "text/csv")},
                )
                # The import runs in the background: wait for it as its progress page does (on
                # a connection of its own: the server closed the upload's after answering it).
                with httpx.Client(base_url=base, timeout=600) as poller:
                    while (
                        started.status_code == 303 and get(poller, "/api/import").json()["running"]
                    ):
                        time.sleep(0.2)
                    response = (
                        get(poller, "/import/report") if started.status_code == 303 else started
                    )
                print(
                    f"web import of {rows:,} rows ({len(data) / 2**20:.1f} MB): "
                    f"HTTP {response.status_code} in {time.perf_counter() - start:.1f} s"
                )
            finally:
                done.set()

        thread = threading.Thread(target=upload)
        thread.start()
        with httpx.Client(base_url=base, timeout=600) as browser:
            while not done.is_set():
                for path in ("/api/session", "/people"):
                    start = time.perf_counter()
                    get(browser, path)
                    latencies.append((time.perf_counter() - start) * 1000)
                time.sleep(0.05)
        thread.join()
    if len(latencies) >= 2:
        cuts = statistics.quantiles(latencies, n=20)
        print(
            f"other pages during the import: {len(latencies)} requests, "
            f"p50 {statistics.median(latencies):.0f} ms, p95 {cuts[18]:.0f} ms, "
            f"max {max(latencies):.0f} ms; {len(resets)} connections reset by the server"
            + (f" (first: {resets[0]})" if resets else "")
        )


def bench_same_names(rows: int = 3_000) -> None:
    """Issue 19 measured 4.5 million merge candidates, 209 s and 4.5 GB for this file. Timed
    without tracemalloc (it slows allocation-heavy code several times); memory in a second run."""
    lines = ["First Name,Last Name,E-mail Address"]
    lines += [f"Anna,Schmidt,anna{i}@example.org" for i in range(rows)]
    data = ("\n".join(lines) + "\n").encode()
    for traced in (False, True):
        with tempfile.TemporaryDirectory() as tmp:
            store = open_store(f"sqlite:///{Path(tmp) / 'names.db'}")
            if traced:
                tracemalloc.start()
            start, cpu = time.perf_counter(), cpu_seconds()
            import_bytes(store, data, "same.csv")
            imported, imported_cpu = time.perf_counter() - start, cpu_seconds() - cpu
            if traced:
                peak = tracemalloc.get_traced_memory()[1] / 2**20
                tracemalloc.stop()
                print(
                    f"  the same import with tracemalloc: {imported:.2f} s wall / "
                    f"{imported_cpu:.2f} s CPU, peak {peak:.0f} MB traced"
                )
                store.engine.dispose()
                continue
            start = time.perf_counter()
            open_count = merge.count_open(store)
            merge.open_candidates(store, limit=20, offset=0)
            page = time.perf_counter() - start
            print(
                f"{rows:,} rows with one name ({len(data) / 2**10:.0f} KB): import {imported:.2f} s"
                f" wall / {imported_cpu:.2f} s CPU, {open_count:,} proposals; "
                f"first review page {page:.3f} s"
            )
            store.engine.dispose()


def big_note_vcard(note_mb: int, others: int) -> bytes:
    """One card whose note is `note_mb` MB of prose (a pasted mail archive), and `others` plain
    cards with a headline each."""
    sentence = "Met at the meetup and talked about the new office in Leipzig. "
    note = sentence * (note_mb * 2**20 // len(sentence))
    cards = [f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Big Note\r\nNOTE:{note}\r\nEND:VCARD\r\n"]
    cards += [
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Kontakt {i}\r\nEMAIL:k{i}@example.org\r\n"
        f"TITLE:Senior Engineer\r\nNOTE:Sucht eine neue Stelle in Berlin.\r\nEND:VCARD\r\n"
        for i in range(others)
    ]
    return "".join(cards).encode()


def bench_big_note(note_mb: int, others: int = 2_000) -> None:
    """The slow case of issue 19: every later import re-derived every note, the big one too; the
    first import read the whole note for its language and its needs."""
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{Path(tmp) / 'note.db'}")
        embedder = get_embedder("fake")
        data = big_note_vcard(note_mb, others)
        tracemalloc.start()
        for label, payload, file in (
            (f"first import with a {note_mb} MB note", data, "big.vcf"),
            (
                "later one-row import",
                b"First Name,Last Name,E-mail Address\nNeu,Person,neu@example.org\n",
                "one.csv",
            ),
        ):
            tracemalloc.reset_peak()
            start, cpu = time.perf_counter(), cpu_seconds()
            import_bytes(store, payload, file)
            imported, imported_cpu = time.perf_counter() - start, cpu_seconds() - cpu
            start, cpu = time.perf_counter(), cpu_seconds()
            # As `altruist import` and the web import derive after an import.
            refresh_derived(store, embedder=embedder, changed_only=True)
            derived, derived_cpu = time.perf_counter() - start, cpu_seconds() - cpu
            peak = tracemalloc.get_traced_memory()[1] / 2**20
            print(
                f"{label} ({others:,} other contacts): import {imported:.2f} s wall / "
                f"{imported_cpu:.2f} s CPU, derivation {derived:.2f} s / {derived_cpu:.2f} s CPU; "
                f"peak {peak:.0f} MB traced (the {len(data) / 2**20:.0f} MB file not counted)"
            )
        tracemalloc.stop()
        store.engine.dispose()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  process peak RSS so far {rss:.0f} MB (lingua's language models: about 170 MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--import-rows", type=int, default=20_000)
    parser.add_argument("--skip-server", action="store_true")
    parser.add_argument("--note-mb", type=int, default=50)
    parser.add_argument("--server-only", action="store_true", help="only the real-server cases")
    args = parser.parse_args()
    if not args.server_only:
        bench_quoted_printable()
        bench_same_names()
        if args.note_mb > 0:  # 0 skips the big note
            bench_big_note(args.note_mb)
    if not args.skip_server:
        bench_server(args.import_rows)


if __name__ == "__main__":
    main()
