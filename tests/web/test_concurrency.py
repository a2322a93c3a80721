"""A team at work on one server: uploaders and readers at once, against a real `casetrail
serve` over SQLite (one process) and over PostgreSQL (several worker processes). No upload
may be refused for a lock, and every uploaded document must be stored."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import closing

import psycopg
import pytest

from casetrail.store import Store
from tests.store.conftest import postgres_url  # noqa: F401  (a fixture)
from tests.web.conftest import PASSWORDS, Server, casetrail, start_server

UPLOADERS = 4
UPLOADS_EACH = 4
READERS = 2
READ_PATHS = ("/persons", "/api/v1/documents", "/api/v1/persons", "/documents")
# Fictional persons and places.
GIVEN = ("Orsolya", "Ilkka", "Tamsin", "Hartmut")
FAMILY = ("Brennik", "Varmenov", "Oleander", "Duvraine")
LETTER = """Brussels, {day} March 2024

To the Minister of Justice of the Republic of Veltravia

Dear Minister,

We write to express our deep concern about the journalist {name}, who was arrested in
Korvany on 3 February 2024 and charged under article 341 of the Criminal Code.

We call on the authorities to release {name} immediately and unconditionally.

Yours sincerely,

Anneliese Duvraine, Member of the European Parliament
"""
UPLOAD_TIMEOUT = 300  # the first upload loads the language models


def _letter(uploader: int, number: int) -> bytes:
    name = f"{GIVEN[uploader]} {FAMILY[number]}"
    return LETTER.format(day=uploader * UPLOADS_EACH + number + 1, name=name).encode()


def _team_server(url: str, *extra: str) -> Iterator[Server]:
    for name in ("eddie", "vera"):
        role, password = PASSWORDS[name]
        added = casetrail("user", "add", name, "--role", role, "--db", url, stdin=password + "\n")
        assert added.returncode == 0, added.stderr
    runner = start_server(url, *extra)
    yield Server(next(runner), url)
    runner.close()


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)], scope="module"
)
def team(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    """An empty database served to a team: SQLite by one process, PostgreSQL by two."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('team') / 'cases.db'}"
        yield from _team_server(url)
        return
    url = request.getfixturevalue("postgres_url")
    with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as db:
        db.execute("DROP SCHEMA public CASCADE")
        db.execute("CREATE SCHEMA public")
    yield from _team_server(url, "--workers", "2")


def test_concurrent_uploaders_are_never_refused_and_nothing_is_lost(team: Server) -> None:
    uploads: list[tuple[str, int, list[str]]] = []  # name, HTTP status, file statuses
    reads: list[int] = []
    lock = threading.Lock()
    uploading = threading.Event()

    def upload(uploader: int) -> None:
        with closing(team.client("eddie")) as client:
            for number in range(UPLOADS_EACH):
                name = f"letter-{uploader}-{number}.txt"
                response = client.post(
                    "/upload",
                    files=[("files", (name, _letter(uploader, number)))],
                    headers={"Accept": "application/json"},
                    timeout=UPLOAD_TIMEOUT,
                )
                files = response.json().get("files", []) if response.content else []
                with lock:
                    uploads.append((name, response.status_code, [f["status"] for f in files]))

    def read(reader: int) -> None:
        with closing(team.client("vera")) as client:
            turn = reader
            while uploading.is_set():
                status = client.get(READ_PATHS[turn % len(READ_PATHS)]).status_code
                with lock:
                    reads.append(status)
                turn += 1

    uploading.set()
    readers = [threading.Thread(target=read, args=(n,)) for n in range(READERS)]
    uploaders = [threading.Thread(target=upload, args=(n,)) for n in range(UPLOADERS)]
    for thread in readers + uploaders:
        thread.start()
    for thread in uploaders:
        thread.join()
    uploading.clear()
    for thread in readers:
        thread.join()

    refused = [(name, status, files) for name, status, files in uploads if status != 200]
    assert not refused
    assert all(files == ["stored"] for _, _, files in uploads)
    assert len(uploads) == UPLOADERS * UPLOADS_EACH
    assert reads and set(reads) == {200}
    with Store.open(team.db) as store:
        sources = {summary.source for summary in store.documents()}
    assert sources == {f"upload:{name}" for name, _, _ in uploads}
    # Every upload was resolved with the others: each person of concern has one id.
    with closing(team.client("vera")) as client:
        persons = client.get("/api/v1/persons", params={"role": "concern", "per_page": 100})
    names = [person["name"] for person in persons.json()["items"]]
    assert len(names) == len(set(names))
