"""A real `casetrail serve` process over a database holding the samples (and the dev documents
when present), with one user per role; tests talk to it over loopback HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.derive.builders import SAMPLES, SEEDS, ingest

# Two fictional news items naming one blogger as "Mr X" and as "Given X": a pair that only a
# person can decide, so the review pages always have one to show, whatever the samples give.
REVIEW_PAIR = Path(__file__).resolve().parents[1] / "data" / "review_pair"

PASSWORDS = {
    "ada": ("admin", "ada-admin-password"),
    "eddie": ("editor", "eddie-editor-password"),
    "vera": ("viewer", "vera-viewer-password"),
}


@dataclass(frozen=True)
class Server:
    url: str
    db: str

    def client(self, user: str | None = None) -> httpx.Client:
        """An HTTP client, logged in as `user` by bearer token when one is named."""
        client = httpx.Client(base_url=self.url, timeout=30)
        if user is not None:
            token = login(client, user)["token"]
            client.headers["Authorization"] = f"Bearer {token}"
        return client

    def browser_session(self, user: str) -> httpx.Client:
        """A client holding the session cookie of a form login, as a browser would."""
        client = httpx.Client(base_url=self.url, timeout=30)
        response = client.post(
            "/login", data={"name": user, "password": PASSWORDS[user][1], "next": "/"}
        )
        assert response.status_code == 303, response.text
        return client


def login(client: httpx.Client, user: str) -> dict:
    response = client.post("/api/v1/session", json={"name": user, "password": PASSWORDS[user][1]})
    assert response.status_code == 201, response.text
    return response.json()


def casetrail(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "casetrail.present", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(db: str, *extra: str) -> Iterator[str]:
    """Serve `db` on a free loopback port until the generator is closed."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "casetrail.present",
            "serve",
            "--port",
            str(port),
            *extra,
            "--db",
            db,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=os.environ | {"PYTHONUNBUFFERED": "1"},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"casetrail serve exited: {process.stdout.read()}")
            try:
                if httpx.get(f"{url}/login", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("casetrail serve did not answer within 60 s")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'cases.db'}"
    ingest([SAMPLES, REVIEW_PAIR, *([SEEDS] if SEEDS.is_dir() else [])], url)
    for name, (role, password) in PASSWORDS.items():
        result = casetrail("user", "add", name, "--role", role, "--db", url, stdin=password + "\n")
        assert result.returncode == 0, result.stderr
    return url


@pytest.fixture(scope="session")
def server(web_db: str) -> Iterator[Server]:
    runner = start_server(web_db)
    yield Server(next(runner), web_db)
    runner.close()


@pytest.fixture(scope="session")
def docs_dir() -> Path:
    """Where browser tests leave their screenshots for the README."""
    return Path(__file__).resolve().parents[2] / "docs" / "web"
