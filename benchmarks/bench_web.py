"""Latency of the web application's pages, from a second process, at growing database sizes.

    .venv/bin/python -m benchmarks.bench_web [--sizes 1000,10000,100000] [--concurrency 1,4]
        [--requests 30] [--warmup 3] [--seconds 20] [--folder DIR] [--only /persons]
        [--server-workers 2]

For each size: stores that many synthetic letters with bench_derive's generator (also indexed
for search; kept in --folder, a temporary folder by default, and reused when present), adds a
editor, starts a real `casetrail serve` process on loopback, waits for the end of its
background warm-up (its processes idle) and drives it from a second process with 1 and 4
worker threads, each with its own httpx client and the bearer token of an API login. After a
warm-up (then a request on each client's connection, so that the server processes have
answered it) each endpoint gets --requests requests (fewer when --seconds run out): the
persons list (plain, sorted by status today and as of a date, and sorted by status right
after a write: before each of those requests the load generator's writer process stores one
more letter and derives its persons' statuses and alerts, as a `casetrail ingest` beside the
server would, and the request comes right after; so too for the advocates, a search, the
alerts and the review page; the writes' own durations follow each of those rows), the pages
of random persons of concern and of advocates, the alerts (every kind, one kind, the API's
first page), the review of persons and the queue of facts to check (the user is an editor),
the advocates and documents lists, documents, the API's persons (filtered by status), person
and events of a type, the start page (the search box, with what the database holds), and
page and API search for words drawn from the stored letters and for the names of persons (a
family name alone, or with the given name: each names many persons); beside a reference
measured in the same run against the same server: a static file and the login page, which
touch no database. Prints p50/p95/max latency and requests/s per endpoint (and the first
request's latency, caches still cold), then how each scales with the number of documents;
asserts nothing.

On 2 CPUs shared by the server and the load generator, storing the letters took 2 s, 22 s
and 190-480 s (100,000 letters: 450 MB, 1.3 GB once the server has derived the statuses,
alerts and queue of everyone, which its first requests wait for: 11 minutes); the default run
took 10 minutes with the databases kept in --folder, 13 minutes building them.
"""

from __future__ import annotations

import argparse
import dataclasses
import multiprocessing
import os
import queue
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from urllib.parse import quote

import httpx
import psutil
from rich.console import Console
from rich.table import Table
from sqlalchemy import create_engine, select

from benchmarks.bench_derive import build_database, letter
from benchmarks.timing import cpu_seconds
from casetrail.facts import derive_written
from casetrail.resolve.names import load_name_symbols
from casetrail.store import Store, read_model
from casetrail.store.schema import DocumentRow, PersonRecordRow

USER = "bench"
PASSWORD = "bench-editor-password"
AS_OF = "2015-01-01"
SAMPLE = 200  # persons, and documents to draw search words from
_WORD = re.compile(r"[^\W\d_]{3,}")  # letters only: a number skips the search of names


@dataclass(frozen=True)
class Endpoint:
    """What one table row measures: each request asks for one of `paths`, drawn at random."""

    name: str
    paths: tuple[str, ...]
    logged_in: bool = True
    write_first: bool = False  # store a letter before each request (not timed)


@dataclass(frozen=True)
class Measured:
    """One endpoint at one worker count."""

    endpoint: str
    workers: int
    durations: list[float]
    seconds: float  # wall time of the whole run, for requests/s
    answers: Counter[int]  # HTTP status codes
    first: float | None = None  # the first warm-up request to finish: caches still cold


def endpoints(
    persons: list[str],
    advocates: list[str],
    documents: list[int],
    words: list[str],
    names: list[str],
) -> list[Endpoint]:
    searches = tuple(quote(word) for word in words)
    named = tuple(quote(name) for name in names)
    ids = [quote(person, safe="") for person in persons]
    by_status = "/persons?sort=status"
    return [
        Endpoint("GET /persons", ("/persons",)),
        Endpoint(f"GET {by_status}", (by_status,)),
        Endpoint(f"GET {by_status}, after a write", (by_status,), write_first=True),
        Endpoint(
            f"GET /persons?as_of={AS_OF}&sort=status", (f"/persons?as_of={AS_OF}&sort=status",)
        ),
        Endpoint("GET /persons/{id}", tuple(f"/persons/{p}" for p in ids)),
        Endpoint("GET /advocates", ("/advocates",)),
        Endpoint("GET /advocates, after a write", ("/advocates",), write_first=True),
        Endpoint(
            "GET /advocates/{id}", tuple(f"/advocates/{quote(p, safe='')}" for p in advocates)
        ),
        Endpoint("GET /documents", ("/documents",)),
        Endpoint("GET /documents/{id}", tuple(f"/documents/{d}" for d in documents)),
        Endpoint("GET /api/v1/persons?status=imprisoned", ("/api/v1/persons?status=imprisoned",)),
        Endpoint(
            "GET /api/v1/persons/{id}",
            tuple(f"/api/v1/persons/{p}" for p in ids),
        ),
        Endpoint("GET /api/v1/events?type=released", ("/api/v1/events?type=released",)),
        Endpoint("GET /search (the start page)", ("/search",)),
        Endpoint("GET /search?q=WORD", tuple(f"/search?q={q}" for q in searches)),
        Endpoint(
            "GET /search?q=WORD, after a write",
            tuple(f"/search?q={q}" for q in searches),
            write_first=True,
        ),
        Endpoint("GET /api/v1/search?q=WORD", tuple(f"/api/v1/search?q={q}" for q in searches)),
        Endpoint("GET /search?q=NAME", tuple(f"/search?q={q}" for q in named)),
        Endpoint("GET /api/v1/search?q=NAME", tuple(f"/api/v1/search?q={q}" for q in named)),
        Endpoint("GET /alerts", ("/alerts",)),
        Endpoint("GET /alerts, after a write", ("/alerts",), write_first=True),
        Endpoint("GET /alerts?kind=not_mentioned", ("/alerts?kind=not_mentioned",)),
        Endpoint("GET /api/v1/alerts", ("/api/v1/alerts",)),
        Endpoint("GET /review", ("/review",)),
        Endpoint("GET /review, after a write", ("/review",), write_first=True),
        Endpoint("GET /review/facts", ("/review/facts",)),
        Endpoint("reference: GET /static/style.css", ("/static/style.css",), logged_in=False),
        Endpoint("reference: GET /login", ("/login",), logged_in=False),
    ]


class Writer:
    """Stores one more synthetic letter at a time, then derives what it made stale, as
    `casetrail ingest` does once it has written; keeps how long each write took (`take`).
    It writes in a process of its own, as an ingest beside the server would: deriving a
    heavily named prisoner is seconds of Python, which in the load generator's process
    would delay its clients' reading of their answers (measured: p95 96 -> 216 ms)."""

    def __init__(self, db: str, seed: int) -> None:
        context = multiprocessing.get_context("spawn")
        self._pipe, theirs = context.Pipe()
        self._process = context.Process(
            target=_write_letters, args=(db, seed, theirs), name="bench-writer", daemon=True
        )
        self._process.start()
        self._lock = threading.Lock()
        self._durations: list[float] = []

    def write(self) -> None:
        with self._lock:
            self._pipe.send(True)
            self._durations.append(self._pipe.recv())

    def take(self) -> list[float]:
        """The durations of the writes since the last call."""
        with self._lock:
            taken, self._durations = self._durations, []
            return taken

    def close(self) -> None:
        with self._lock:
            self._pipe.send(False)
            self._process.join(timeout=60)


def _write_letters(db: str, seed: int, pipe: Connection) -> None:
    """The writer's process: one letter for each True received, answering with how long it
    took to store and derive; stops at False."""
    store = Store.open(db, writer_derives=True)
    rng = random.Random(seed)
    number = 10**9  # past the letters of the database: a new document each time
    prisoners = max(store.stats("documents")["documents"] // 5, 10)
    load_name_symbols()  # rigour's tables, seconds once per process: not in the first write
    while pipe.recv():
        number += 1
        started = time.perf_counter()
        store.add_document(*letter(number, rng, prisoners))
        derive_written(store)
        pipe.send(time.perf_counter() - started)
    store.close()


def _run(
    clients: list[httpx.Client],
    endpoint: Endpoint,
    headers: dict[str, str],
    count: int,
    seconds: float,
    rng: random.Random,
    writer: Writer | None = None,
) -> Measured:
    """`count` requests shared by one thread per client, until done or `seconds` are over."""
    paths: queue.SimpleQueue[str] = queue.SimpleQueue()
    for _ in range(count):
        paths.put(rng.choice(endpoint.paths))
    durations: list[float] = []
    answers: Counter[int] = Counter()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def work(client: httpx.Client) -> None:
        while time.monotonic() < deadline:
            try:
                path = paths.get_nowait()
            except queue.Empty:
                return
            if writer is not None:
                writer.write()
            started = time.perf_counter()
            try:
                status = client.get(path, headers=headers).status_code
            except httpx.HTTPError:
                status = 0  # no answer (a timeout or a dropped connection)
            took = time.perf_counter() - started
            with lock:
                durations.append(took)
                answers[status] += 1

    threads = [threading.Thread(target=work, args=(client,)) for client in clients]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return Measured(endpoint.name, len(clients), durations, wall, answers)


def drive(
    db: str,
    url: str,
    token: str,
    plan: list[Endpoint],
    concurrency: list[int],
    requests: int,
    warmup: int,
    seconds: float,
    seed: int,
) -> list[Measured]:
    """The load generator, run in its own process: every endpoint at every worker count."""
    rng = random.Random(seed)
    writer = Writer(db, seed)
    results = []
    try:
        for workers in concurrency:
            clients = [httpx.Client(base_url=url, timeout=300) for _ in range(workers)]
            try:
                for endpoint in plan:
                    headers = {"Authorization": f"Bearer {token}"} if endpoint.logged_in else {}
                    writes = writer if endpoint.write_first else None
                    warm = _run(clients, endpoint, headers, warmup, seconds, rng, writes)
                    for client in clients:  # then each connection's server process, once
                        client.get(rng.choice(endpoint.paths), headers=headers)
                    writer.take()
                    measured = _run(clients, endpoint, headers, requests, seconds, rng, writes)
                    first = warm.durations[0] if warm.durations else None
                    results.append(dataclasses.replace(measured, first=first))
                    if writes is not None:  # the writer's side: not requests, one at a time
                        name = f"{endpoint.name}: the writes (store, derive)"
                        took = writer.take()
                        results.append(Measured(name, workers, took, measured.seconds, Counter()))
            finally:
                for client in clients:
                    client.close()
    finally:
        writer.close()
    return results


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _casetrail(*args: str) -> list[str]:
    return [sys.executable, "-m", "casetrail.present", *args]


@contextmanager
def serving(db: str, log: Path, *options: str) -> Iterator[str]:
    """A `casetrail serve` process over `db` (with these `options`) on a free loopback port,
    until the block ends."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with log.open("w") as output:
        process = subprocess.Popen(
            _casetrail("serve", "--port", str(port), *options, "--db", db),
            stdout=output,
            stderr=subprocess.STDOUT,
            env=os.environ | {"PYTHONUNBUFFERED": "1"},
        )
        try:
            deadline = time.monotonic() + 300
            while True:
                if process.poll() is not None:
                    raise SystemExit(f"casetrail serve exited:\n{log.read_text()}")
                try:
                    if httpx.get(f"{url}/login", timeout=5).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise SystemExit(
                        f"casetrail serve did not answer within 300 s:\n{log.read_text()}"
                    )
                time.sleep(0.2)
            _settle(psutil.Process(process.pid))
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def _settle(server: psutil.Process, within: float = 120.0) -> None:
    """Wait until the server's processes are idle (a second with under 5% of a CPU), as they
    are once their background warm-up (the extraction models: seconds of every CPU) is
    done; what is measured is the served pages, not that."""
    deadline = time.monotonic() + within
    busy = cpu_seconds([server])
    while time.monotonic() < deadline:
        time.sleep(1.0)
        busy, before = cpu_seconds([server]), busy
        if busy - before < 0.05:
            return


def _prepare(
    folder: Path, size: int, seed: int
) -> tuple[str, str, list[str], list[str], list[int], list[str], list[str]]:
    """The database of `size` letters with the bench user: (url, title, persons, advocates,
    documents, words, names)."""
    url = f"sqlite:///{folder / f'web-{size}.db'}"
    took = build_database(url, size, seed=seed, searchable=True)
    if took is not None:
        print(f"stored {size:,} documents in {took:.0f} s", flush=True)
    added = subprocess.run(
        _casetrail("user", "add", USER, "--role", "editor", "--replace", "--db", url),
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
    )
    if added.returncode:
        raise SystemExit(f"cannot add the benchmark user: {added.stderr}")
    rng = random.Random(seed)
    with Store.open(url) as store:
        stats = store.stats()
        everyone = read_model.concern_ids(store)
        persons = rng.sample(everyone, min(SAMPLE, len(everyone)))
        spelled = read_model.person_names(store, persons)
    chosen = rng.sample(range(1, stats["documents"] + 1), min(SAMPLE, stats["documents"]))
    engine = create_engine(url)
    with engine.connect() as connection:
        texts = connection.scalars(
            select(DocumentRow.clean_text).where(DocumentRow.id.in_(chosen))
        ).all()
        advocates = connection.scalars(
            select(PersonRecordRow.person_id)
            .where(PersonRecordRow.role == "advocate", PersonRecordRow.person_id.is_not(None))
            .distinct()
            .order_by(PersonRecordRow.person_id)
        ).all()
    engine.dispose()
    words = [rng.choice(_WORD.findall(text)) for text in texts]
    # Names as a user types them, without the letters' numbers: the family name alone or with
    # the given name, each naming many persons (a ninth and a ninetieth of all).
    names = [" ".join(_WORD.findall(name)[rng.choice((0, 1)) : 2]) for name in spelled.values()]
    title = (
        f"{stats['documents']:,} documents, {stats['events']:,} events, "
        f"{len(everyone):,} persons of concern"
    )
    advocates = rng.sample(advocates, min(SAMPLE, len(advocates)))
    return url, title, persons, advocates, chosen, words, names


def _ms(durations: list[float]) -> tuple[float, float, float]:
    """p50, p95 and the maximum, in milliseconds."""
    if len(durations) == 1:
        return (durations[0] * 1000,) * 3
    cuts = statistics.quantiles(durations, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[94] * 1000, max(durations) * 1000


def _answers(answers: Counter[int]) -> str:
    return ", ".join(
        f"{status or 'none'} ×{count}" if len(answers) > 1 else str(status or "none")
        for status, count in sorted(answers.items())
    )


def detail_table(title: str, words: list[str], results: list[Measured]) -> Table:
    shown = ", ".join(sorted(set(words), key=words.index)[:12])
    table = Table(title=title, caption=f"search words drawn from the letters: {shown}, …")
    columns = ("endpoint", "workers", "first ms", "requests", "p50 ms", "p95 ms", "max ms")
    for column in (*columns, "req/s"):
        table.add_column(column, justify="left" if column == "endpoint" else "right")
    table.add_column("HTTP status")
    for result in results:
        first = "" if result.first is None else f"{result.first * 1000:.1f}"
        if not result.durations:
            table.add_row(result.endpoint, str(result.workers), first, "0", *[""] * 5)
            continue
        p50, p95, most = _ms(result.durations)
        table.add_row(
            result.endpoint,
            str(result.workers),
            first,
            str(len(result.durations)),
            f"{p50:.1f}",
            f"{p95:.1f}",
            f"{most:.1f}",
            f"{len(result.durations) / result.seconds:.1f}",
            _answers(result.answers),
        )
    return table


def scaling_table(workers: int, by_size: dict[int, list[Measured]]) -> Table:
    table = Table(title=f"p50 / p95 ms by number of documents, {workers} worker(s)")
    table.add_column("endpoint")
    for size in by_size:
        table.add_column(f"{size:,}", justify="right")
    names = [r.endpoint for r in next(iter(by_size.values())) if r.workers == workers]
    for name in names:
        cells = []
        for results in by_size.values():
            [found] = [r for r in results if r.endpoint == name and r.workers == workers]
            cells.append(
                "{:.1f} / {:.1f}".format(*_ms(found.durations)[:2]) if found.durations else ""
            )
        table.add_row(name, *cells)
    return table


def _numbers(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=_numbers, default=[1_000, 10_000, 100_000])
    parser.add_argument("--concurrency", type=_numbers, default=[1, 4], help="worker threads")
    parser.add_argument("--requests", type=int, default=30, help="per endpoint and worker count")
    parser.add_argument(
        "--warmup",
        type=int,
        default=3,
        help="untimed requests before each (then one a client, for each server process)",
    )
    parser.add_argument(
        "--seconds", type=float, default=20, help="then stop sending (warm-up, timed run each)"
    )
    parser.add_argument(
        "--server-workers",
        type=int,
        default=1,
        help="server processes (`casetrail serve --workers`; SQLite serves several too)",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--folder", type=Path, help="keep (and reuse) the databases here")
    parser.add_argument(
        "--only",
        default="",
        help="measure only the endpoints whose name holds this text (or one of these, "
        "comma-separated)",
    )
    args = parser.parse_args()

    # Rich wraps to 80 columns when writing to a file or pipe; the tables need more.
    console = Console() if sys.stdout.isatty() else Console(width=140)
    by_size: dict[int, list[Measured]] = {}
    with tempfile.TemporaryDirectory(prefix="casetrail-bench-web-") as scratch:
        folder = args.folder or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        spawn = multiprocessing.get_context("spawn")
        for size in args.sizes:
            prepared = _prepare(folder, size, args.seed)
            url, title, persons, advocates, documents, words, names = prepared
            options = ("--workers", str(args.server_workers)) if args.server_workers > 1 else ()
            with serving(url, folder / f"serve-{size}.log", *options) as base:
                login = httpx.post(
                    f"{base}/api/v1/session",
                    json={"name": USER, "password": PASSWORD},
                    timeout=120,  # the server is still warming up
                )
                if login.status_code != 201:
                    raise SystemExit(f"cannot log in: {login.status_code} {login.text}")
                with ProcessPoolExecutor(1, mp_context=spawn) as generator:
                    results = generator.submit(
                        drive,
                        url,
                        base,
                        login.json()["token"],
                        [
                            endpoint
                            for endpoint in endpoints(persons, advocates, documents, words, names)
                            if any(part in endpoint.name for part in args.only.split(","))
                            or endpoint.name.startswith("reference")
                        ],
                        args.concurrency,
                        args.requests,
                        args.warmup,
                        args.seconds,
                        args.seed,
                    ).result()
            by_size[size] = results
            served = f"{args.server_workers} server process" + "es" * (args.server_workers > 1)
            console.print(detail_table(f"{title}; {served}", words + names, results))
    if len(by_size) > 1:
        for workers in args.concurrency:
            console.print(scaling_table(workers, by_size))


if __name__ == "__main__":
    main()
