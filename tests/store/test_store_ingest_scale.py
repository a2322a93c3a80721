"""`casetrail ingest` at scale, as a user runs it: worker processes, a real Dask cluster
(`dask scheduler` and two `dask worker` processes on 127.0.0.1) into PostgreSQL, and a run
killed with SIGKILL that leaves a usable database. Fictional persons only."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples" / "documents"
CLI = [sys.executable, "-m", "casetrail.present"]
DASK = str(Path(sys.executable).with_name("dask"))

GIVEN = ["Ilsa", "Bruno", "Mira", "Oleg", "Tanja", "Aurel", "Nadia", "Kasimir"]
FAMILY = ["Koval", "Strand", "Ibarra", "Lindqvist", "Moreau", "Petrak"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=600, check=False)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _listening(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        time.sleep(0.2)
    raise AssertionError(f"the Dask scheduler does not listen on {port}")


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A scheduler and two single-threaded workers, each a process of its own, as an
    organisation runs them; the workers import casetrail from this checkout (PYTHONPATH
    is inherited)."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    log = (tmp_path_factory.mktemp("dask") / "dask.log").open("wb")
    scheduler = [DASK, "scheduler", "--host", "127.0.0.1", "--port", str(port)]
    scheduler += ["--dashboard-address", f"127.0.0.1:{_free_port()}"]
    worker = [DASK, "worker", address, "--nthreads", "1", "--host", "127.0.0.1"]
    worker += ["--no-dashboard"]
    processes = [subprocess.Popen(scheduler, stdout=log, stderr=log)]
    try:
        _listening(port)
        processes += [subprocess.Popen(worker, stdout=log, stderr=log) for _ in range(2)]
        from distributed import Client

        with Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            process.wait(60)
        log.close()


def _persons_and_statuses(db: str) -> tuple[object, object]:
    persons = run("persons", "--db", db, "--format", "json")
    status = run("status", "--db", db, "--format", "json")
    assert persons.returncode == 0, persons.stderr
    assert status.returncode == 0, status.stderr
    return json.loads(persons.stdout), json.loads(status.stdout)


@pytest.mark.postgres
def test_a_dask_cluster_ingests_into_postgresql_as_a_local_run(
    dask_cluster: str, postgres_url: str, tmp_path: Path
) -> None:
    """Same persons (ids, spellings, documents) and statuses as one local process."""
    import psycopg

    with psycopg.connect(postgres_url.replace("+psycopg", ""), autocommit=True) as db:
        db.execute("DROP SCHEMA public CASCADE")
        db.execute("CREATE SCHEMA public")
    clustered = run("ingest", str(SAMPLES), "--db", postgres_url, "--cluster", dask_cluster)
    assert clustered.returncode == 0, clustered.stderr
    assert "10 stored" in clustered.stdout
    local = f"sqlite:///{tmp_path / 'local.db'}"
    alone = run("ingest", str(SAMPLES), "--db", local, "--workers", "1")
    assert alone.returncode == 0, alone.stderr
    assert _persons_and_statuses(postgres_url) == _persons_and_statuses(local)


def test_an_unreachable_cluster_is_one_line(tmp_path: Path) -> None:
    result = run(
        "ingest", str(SAMPLES), "--db", f"sqlite:///{tmp_path / 'x.db'}",
        "--cluster", f"tcp://127.0.0.1:{_free_port()}",
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert "cannot reach the Dask scheduler" in result.stderr
    assert "Traceback" not in result.stderr


def test_two_workers_store_what_one_stores(tmp_path: Path) -> None:
    """Results come back in the order of the files: the same ids whatever the workers."""
    found = []
    for workers in ("1", "2"):
        db = f"sqlite:///{tmp_path / f'w{workers}.db'}"
        result = run("ingest", str(SAMPLES), "--db", db, "--workers", workers)
        assert result.returncode == 0, result.stderr
        found.append(_persons_and_statuses(db))
    assert found[0] == found[1]


def _letters(folder: Path, count: int) -> None:
    for number in range(count):
        name = f"{GIVEN[number % len(GIVEN)]} {FAMILY[number // len(GIVEN) % len(FAMILY)]}"
        text = (
            f"Brussels, {number % 27 + 1} May 2021\n\nDear Minister,\n\nWe are concerned about"
            f" the journalist {name}, who was arrested on 2 May 2021 in Dornhall. We call for"
            f" the release of {name}.\n\nYours sincerely,\nTomas Hurtig, MEP\n"
        )
        (folder / f"letter-{number:03d}.txt").write_text(text, encoding="utf-8")


def test_a_killed_ingest_leaves_the_persons_of_the_documents_stored(tmp_path: Path) -> None:
    folder = tmp_path / "letters"
    folder.mkdir()
    _letters(folder, 48)
    path = tmp_path / "cases.db"
    db = f"sqlite:///{path}"
    env = os.environ | {"NO_COLOR": "1"}
    ingest = subprocess.Popen(
        [*CLI, "ingest", str(folder), "--db", db, "--workers", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        deadline = time.monotonic() + 300
        while _count(path, "documents") < 5:
            assert ingest.poll() is None, "ingest ended before it could be killed"
            assert time.monotonic() < deadline, "ingest stored nothing in 5 minutes"
            time.sleep(0.05)
    finally:
        ingest.kill()  # SIGKILL: no clean-up of any kind
        ingest.wait()
    stored = _count(path, "documents")
    assert 5 <= stored < 48
    with sqlite3.connect(path) as connection:
        concern = {
            name
            for (name,) in connection.execute(
                "SELECT name FROM person_records WHERE role = 'concern'"
            )
        }
        unresolved = connection.execute(
            "SELECT count(*) FROM person_records WHERE person_id IS NULL"
        ).fetchone()[0]
    assert unresolved == 0
    listed = run("persons", "--db", db, "--role", "concern", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    spellings = {
        spelling["spelling"]
        for person in json.loads(listed.stdout)
        for spelling in person["spellings"]
    }
    assert concern and concern <= spellings
    # The next run goes on where the killed one stopped.
    again = run("ingest", str(folder), "--db", db, "--workers", "2")
    assert again.returncode == 0, again.stderr
    assert f"{48 - stored} stored" in again.stdout


def _count(path: Path, table: str) -> int:
    if not path.exists():
        return 0
    try:
        with contextlib.closing(sqlite3.connect(path, timeout=5)) as connection:
            return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0
