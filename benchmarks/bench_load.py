"""A team at work on one server: uploads, reviews and reads at once, over loopback.

    .venv/bin/python -m benchmarks.bench_load [--uploaders 4] [--readers 2] [--seconds 30]
        [--workers 1] [--db URL]

Starts a real `casetrail serve` (over a new SQLite database in a temporary folder, or over
--db, which should be an empty PostgreSQL database when --workers is more than 1), with an
editor and a viewer, then for --seconds: --uploaders threads upload one fictional letter
after another, --readers threads read the persons table, the documents and the API's
persons, and one reviewer judges the first open pair of the review page "unsure" and
"different" by turns. Reported: uploads sent, refused (any answer but 200, or a file not
stored) and lost (answered stored, but not in the database at the end), reviews, and the
latency of each kind of request; beside a reference measured in the same run against the
same server: the readers alone, before the writers start. Asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import tempfile
import threading
import time
from collections import Counter, defaultdict
from contextlib import closing
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table

from benchmarks.bench_web import serving
from casetrail.present.web.auth import hash_password
from casetrail.store import Store
from casetrail.store.accounts import add_user

EDITOR = ("bench-editor", "bench-editor-password")
VIEWER = ("bench-viewer", "bench-viewer-password")
READS = ("/persons", "/persons?sort=status", "/documents", "/api/v1/persons?status=imprisoned")
UPLOAD_TIMEOUT = 300  # the first upload loads the language models
# Fictional names and places.
GIVEN = "Orsolya Ilkka Tamsin Hartmut Liesel Ondrej Maren Teodor Vesna Anselm Brigit Kasper"
FAMILY = "Brennik Varmenov Oleander Duvraine Kestrel Marovic Halvard Quillon Sorvani Tebbet"
LETTER = """Brussels, {day} March 2024

To the Minister of Justice of the Republic of Veltravia

Dear Minister,

We write to express our deep concern about the journalist {name}, who was arrested in
Korvany on {day} February 2024 and charged under article 341 of the Criminal Code.

We call on the authorities to release {name} immediately. (Letter {number}.)

Yours sincerely,

Anneliese Duvraine, Member of the European Parliament
"""
_PAIR = re.compile(
    r'name="left" value="([^"]+)">\s*<input type="hidden" name="right" value="([^"]+)"'
)


class Load:
    """What the threads did, shared under a lock."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.durations: defaultdict[str, list[float]] = defaultdict(list)
        self.answers: defaultdict[str, Counter[int]] = defaultdict(Counter)
        self.stored: list[str] = []  # names of the files answered "stored"
        self.refused: list[str] = []  # why an upload was refused

    def note(self, kind: str, started: float, status: int) -> None:
        with self.lock:
            self.durations[kind].append(time.perf_counter() - started)
            self.answers[kind][status] += 1


def _client(base: str, user: tuple[str, str]) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=UPLOAD_TIMEOUT)
    login = client.post("/api/v1/session", json={"name": user[0], "password": user[1]})
    if login.status_code != 201:
        raise SystemExit(f"cannot log in as {user[0]}: {login.status_code} {login.text}")
    client.headers["Authorization"] = f"Bearer {login.json()['token']}"
    return client


def upload(base: str, number: int, until: float, load: Load) -> None:
    rng = random.Random(number)
    with closing(_client(base, EDITOR)) as client:
        sent = 0
        while time.perf_counter() < until:
            sent += 1
            family = rng.choice(FAMILY.split())
            # A family name alone now and then: pairs that only a reviewer can decide.
            name = (
                f"Mr {family}" if rng.random() < 0.25 else f"{rng.choice(GIVEN.split())} {family}"
            )
            letter = LETTER.format(day=rng.randint(1, 28), name=name, number=f"{number}-{sent}")
            file = f"letter-{number}-{sent}.txt"
            started = time.perf_counter()
            try:
                response = client.post(
                    "/upload",
                    files=[("files", (file, letter.encode()))],
                    headers={"Accept": "application/json"},
                )
                status = response.status_code
                files = response.json().get("files", []) if status in (200, 413, 422) else []
            except httpx.HTTPError as error:
                status, files = 0, [{"status": "failed", "reason": str(error)}]
            load.note("upload", started, status)
            with load.lock:
                if status == 200 and [f["status"] for f in files] == ["stored"]:
                    load.stored.append(file)
                else:
                    load.refused.append(f"{file}: {status} {files}")


def review(base: str, until: float, load: Load) -> None:
    with closing(_client(base, EDITOR)) as client:
        turn = 0
        while time.perf_counter() < until:
            started = time.perf_counter()
            page = client.get("/review")
            load.note("review page", started, page.status_code)
            pair = _PAIR.search(page.text)
            if pair is None:
                time.sleep(0.5)  # nothing to review yet
                continue
            judgement = ("unsure", "different")[turn % 2]
            turn += 1
            started = time.perf_counter()
            judged = client.post(
                "/review/judge",
                data={"left": pair[1], "right": pair[2], "judgement": judgement},
            )
            refused = judged.status_code != 303 or "error=" in judged.headers.get("location", "")
            load.note("judge", started, 0 if refused else judged.status_code)


def read(base: str, number: int, until: float, load: Load, kind: str) -> None:
    with closing(_client(base, VIEWER)) as client:
        turn = number
        while time.perf_counter() < until:
            path = READS[turn % len(READS)]
            turn += 1
            started = time.perf_counter()
            try:
                status = client.get(path).status_code
            except httpx.HTTPError:
                status = 0
            load.note(kind, started, status)


def _run(threads: list[threading.Thread]) -> None:
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _ms(durations: list[float]) -> tuple[str, str, str]:
    if len(durations) == 1:
        return (f"{durations[0] * 1000:.0f}",) * 3
    cuts = statistics.quantiles(durations, n=100, method="inclusive")
    return f"{cuts[49] * 1000:.0f}", f"{cuts[94] * 1000:.0f}", f"{max(durations) * 1000:.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploaders", type=int, default=4)
    parser.add_argument("--readers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=30, help="of writers and readers")
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    parser.add_argument("--db", help="an empty database (default: a new SQLite file)")
    args = parser.parse_args()

    console = Console() if Console().is_terminal else Console(width=120)
    with tempfile.TemporaryDirectory(prefix="casetrail-bench-load-") as scratch:
        db = args.db or f"sqlite:///{Path(scratch) / 'cases.db'}"
        with Store.open(db) as store:
            for (name, password), role in ((EDITOR, "editor"), (VIEWER, "viewer")):
                add_user(store, name, role, hash_password(password))
        extra = ("--workers", str(args.workers)) if args.workers > 1 else ()
        with serving(db, Path(scratch) / "serve.log", *extra) as base:
            load = Load()
            # The first upload loads the language models: not part of the measure.
            with closing(_client(base, EDITOR)) as client:
                letter = LETTER.format(day=1, name="Maren Halvard", number="warm-up")
                client.post("/upload", files=[("files", ("warm-up.txt", letter.encode()))])
            until = time.perf_counter() + min(args.seconds, 10)
            _run(
                [
                    threading.Thread(target=read, args=(base, n, until, load, "read, alone"))
                    for n in range(args.readers)
                ]
            )
            until = time.perf_counter() + args.seconds
            _run(
                [
                    *(
                        threading.Thread(target=upload, args=(base, n, until, load))
                        for n in range(args.uploaders)
                    ),
                    *(
                        threading.Thread(target=read, args=(base, n, until, load, "read"))
                        for n in range(args.readers)
                    ),
                    threading.Thread(target=review, args=(base, until, load)),
                ]
            )
        with Store.open(db) as store:
            kept = {summary.source for summary in store.documents()}
    lost = [file for file in load.stored if f"upload:{file}" not in kept]

    table = Table(
        title=f"{args.uploaders} uploaders, {args.readers} readers and a reviewer for "
        f"{args.seconds:.0f} s, {args.workers} server process(es), {db.split(':')[0]}"
    )
    for column in ("requests", "p50 ms", "p95 ms", "max ms", "HTTP status"):
        table.add_column(column, justify="right")
    table.add_column("kind", justify="left")
    order = ("read, alone", "read", "upload", "review page", "judge")
    for kind in (k for k in order if k in load.durations):
        answers = ", ".join(f"{s or 'none'} ×{n}" for s, n in sorted(load.answers[kind].items()))
        table.add_row(str(len(load.durations[kind])), *_ms(load.durations[kind]), answers, kind)
    console.print(table)
    console.print(
        f"uploads: {len(load.stored) + len(load.refused)} sent, {len(load.stored)} stored, "
        f"{len(load.refused)} refused, {len(lost)} lost (answered stored, not in the database)"
    )
    for reason in load.refused[:5]:
        console.print(f"  refused: {reason}")


if __name__ == "__main__":
    main()
