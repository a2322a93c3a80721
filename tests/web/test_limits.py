"""Hostile requests against a real `casetrail serve` process: numbers past what the database
holds, errors in the format the client accepts, and clients that stall."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
import uvicorn
from starlette.types import Receive, Scope, Send

from casetrail.present.web.app import create_app
from casetrail.present.web.limits import SpreadConnections, deadlines, without_delay
from casetrail.resolve.names import name_symbols
from tests.web.conftest import Server, start_server

HUGE = "99999999999999999999"


@pytest.fixture(scope="module")
def ada(server: Server) -> httpx.Client:
    return server.browser_session("ada")


@pytest.mark.parametrize(
    ("path", "status"),
    [
        (f"/documents/{HUGE}", 404),
        (f"/documents/{HUGE}/original", 404),
        (f"/documents/-{HUGE}", 404),
        (f"/persons?page={HUGE}", 400),
        (f"/documents?page={HUGE}", 400),
        (f"/advocates?page={HUGE}", 400),
        (f"/alerts?page={HUGE}", 400),
        (f"/audit?page={HUGE}", 400),
        (f"/documents/1?start={HUGE}&end={HUGE}1", 200),  # "not within the text"
        (f"/api/v1/documents/{HUGE}", 422),
        (f"/api/v1/documents?page={HUGE}", 422),
        (f"/api/v1/persons?page={HUGE}", 422),
        (f"/api/v1/events?page={HUGE}", 422),
        (f"/api/v1/persons/natalia-sokolova/events?page={HUGE}", 422),
        (f"/api/v1/documents?year={HUGE}", 422),
    ],
)
def test_out_of_range_numbers_are_refused_not_a_server_error(
    ada: httpx.Client, path: str, status: int
) -> None:
    response = ada.get(path)
    assert response.status_code in (status, 308), response.text
    if response.status_code == 308:  # a merged person: the same query under their new id
        response = ada.get(response.headers["location"])
        assert response.status_code == status, response.text
    assert "Traceback" not in response.text


def test_errors_are_json_when_the_client_prefers_json(server: Server, ada: httpx.Client) -> None:
    as_json = {"Accept": "application/json"}
    missing = ada.get("/documents/987654", headers=as_json)
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/json")
    assert missing.json() == {"error": {"status": 404, "message": "no document 987654"}}
    bad = ada.get(f"/persons?page={HUGE}", headers={"Accept": "application/json;q=0.9, */*;q=0.1"})
    assert bad.status_code == 400 and "page" in bad.json()["error"]["message"]
    # A browser's Accept, or none, gets the error page.
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    for accept in (browser, "*/*", ""):
        page = ada.get("/documents/987654", headers={"Accept": accept})
        assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    with httpx.Client(base_url=server.url) as anonymous:
        refused = anonymous.get("/persons", headers=as_json)
        assert refused.status_code == 401
        assert refused.json() == {"error": {"status": 401, "message": "log in first"}}
        assert anonymous.get("/persons", headers={"Accept": browser}).status_code == 303
        unknown = anonymous.get("/no/such/page", headers=as_json)
        assert unknown.status_code == 404 and unknown.json()["error"]["status"] == 404


@pytest.fixture(scope="module")
def impatient(server: Server) -> Iterator[tuple[str, int]]:
    """(host, port) of a server over the same database, with 1-second deadlines."""
    runner = start_server(server.db, "--header-timeout", "1", "--body-timeout", "1")
    url = next(runner)
    host, port = url.removeprefix("http://").split(":")
    yield host, int(port)
    runner.close()


def closed_after(address: tuple[str, int], *pieces: bytes, pause: float = 0.0) -> float:
    """Send `pieces` (`pause` seconds apart), then wait: seconds until the server closes."""
    started = time.monotonic()
    with socket.create_connection(address, timeout=10) as sock:
        try:
            for piece in pieces:
                sock.sendall(piece)
                time.sleep(pause)
        except (BrokenPipeError, ConnectionResetError):
            return time.monotonic() - started  # closed while still sending
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer == b"", answer  # closed without an answer
    return time.monotonic() - started


def test_a_client_that_never_finishes_its_headers_is_closed(impatient: tuple[str, int]) -> None:
    assert closed_after(impatient) < 4  # not a byte
    assert closed_after(impatient, b"GET /login HTTP/1.1\r\nHost: casetrail\r\n") < 4
    # Trickling a byte at a time does not stretch the deadline.
    trickle = [bytes([byte]) for byte in b"GET /login HTTP/1.1\r\nX-Slow: 1234567"]
    assert closed_after(impatient, *trickle, pause=0.1) < 5


def test_a_body_that_stops_arriving_is_closed(impatient: tuple[str, int]) -> None:
    head = (
        b"POST /api/v1/session HTTP/1.1\r\nHost: casetrail\r\n"
        b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n"
    )
    assert closed_after(impatient, head, b'{"name": "vera",') < 4


def test_a_prompt_client_keeps_its_connection(impatient: tuple[str, int]) -> None:
    host, port = impatient
    with httpx.Client(base_url=f"http://{host}:{port}") as client:
        assert client.get("/login").status_code == 200
        time.sleep(0.5)
        assert client.get("/login").status_code == 200  # the same connection, kept alive


def test_bodies_and_headers_are_limited(server: Server) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as client:
        large = {"name": "vera", "password": "x" * (2 * 1024 * 1024)}
        declared = client.post("/api/v1/session", json=large)
        assert declared.status_code == 413
        assert declared.json()["error"]["message"] == "a request body is limited to 1024 KB"

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
            yield b'{"name": "vera", "password": "'
            for _ in range(40):
                yield b"x" * 65536
            yield b'"}'

        chunked = client.post(
            "/api/v1/session", content=chunks(), headers={"Content-Type": "application/json"}
        )
        assert chunked.status_code == 413
        form = client.post("/login", data={"name": "vera", "password": "x" * (2 * 1024 * 1024)})
        assert form.status_code == 413 and "text/html" in form.headers["content-type"]
        # h11 measures what is still incomplete: a megabyte cannot arrive in one read.
        huge_header = client.get("/login", headers={"X-Padding": "x" * 1024 * 1024})
        assert huge_header.status_code == 400


def test_answers_go_without_delay_on_a_socket_made_as_uvicorns_workers_make_it() -> None:
    """uvicorn's `--workers` listen on a socket made with protocol 0, on whose connections
    asyncio leaves Nagle's algorithm on: each keep-alive answer then waited for the client's
    delayed ACK. The protocol turns it off itself."""
    listening = socket.socket(socket.AF_INET)  # as uvicorn.Config.bind_socket makes it
    listening.bind(("127.0.0.1", 0))
    nodelay: dict[str, int] = {}

    class Probe(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:  # type: ignore[override]
            sock = transport.get_extra_info("socket")
            nodelay["before"] = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
            without_delay(transport)
            nodelay["after"] = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
            transport.close()

    async def connect_once() -> None:
        server = await asyncio.get_running_loop().create_server(Probe, sock=listening)
        async with server:
            _, writer = await asyncio.open_connection(*listening.getsockname())
            while not nodelay.get("after"):
                await asyncio.sleep(0.01)
            writer.close()

    asyncio.run(asyncio.wait_for(connect_once(), timeout=30))
    assert nodelay == {"before": 0, "after": 1}


def test_a_busy_process_closes_the_connections_it_answers_so_that_others_take_them() -> None:
    """For `serve --workers N`: an answer given while its process works on another request
    says `Connection: close` and uvicorn closes the connection after it; a lone answer, and
    the other request's once it is alone, keep theirs."""
    slow_started, fast_answered = threading.Event(), threading.Event()

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        body = scope["path"].encode()
        if scope["path"] == "/slow":
            slow_started.set()
            await asyncio.get_running_loop().run_in_executor(None, fast_answered.wait, 30)
        headers = [(b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    config = uvicorn.Config(
        SpreadConnections(app), port=0, lifespan="off", log_level="warning", http=deadlines(10, 30)
    )
    server = uvicorn.Server(config)
    serving = threading.Thread(target=server.run, daemon=True)
    serving.start()
    while not server.started:
        time.sleep(0.01)
    address = server.servers[0].sockets[0].getsockname()

    def answer(path: str) -> tuple[bytes, bool]:
        """The answer's head, and whether the server closed the connection after it."""
        with socket.create_connection(address, timeout=30) as client:
            client.sendall(f"GET {path} HTTP/1.1\r\nHost: casetrail\r\n\r\n".encode())
            received = b""
            while not received.endswith(path.encode()):
                received += client.recv(4096)
            client.settimeout(1)
            try:
                closed = client.recv(1) == b""
            except TimeoutError:
                closed = False
            return received.split(b"\r\n\r\n")[0].lower(), closed

    try:
        lone = answer("/fast")
        assert b"connection: close" not in lone[0] and not lone[1]
        with ThreadPoolExecutor(1) as pool:
            slow = pool.submit(answer, "/slow")
            assert slow_started.wait(30)
            meanwhile = answer("/fast")
            fast_answered.set()
            alone = slow.result(timeout=30)
        assert b"connection: close" in meanwhile[0] and meanwhile[1]
        assert b"connection: close" not in alone[0] and not alone[1]
    finally:
        server.should_exit = True
        serving.join(timeout=30)


def test_a_server_process_loads_the_name_tables_before_it_answers(tmp_path: Path) -> None:
    """rigour's name tables hold the interpreter lock for 6-7 s as they load: loaded on a
    process's first upload, they would stall every request the process has meanwhile."""
    name_symbols.cache_clear()
    app = create_app(f"sqlite:///{tmp_path / 'cases.db'}")
    server = uvicorn.Server(uvicorn.Config(app, port=0, log_level="warning"))
    serving = threading.Thread(target=server.run, daemon=True)
    serving.start()
    try:
        while not server.started:  # uvicorn answers once the startup handlers are done
            assert serving.is_alive()
            time.sleep(0.01)
        assert name_symbols.cache_info().currsize >= 1
    finally:
        server.should_exit = True
        serving.join(timeout=30)
