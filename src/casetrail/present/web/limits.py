"""Limits for slow, stuck or greedy clients, below the application.

uvicorn closes a connection idle between requests (`timeout_keep_alive`), but waits forever
for the headers of a request and for a body that stops arriving: `DeadlineProtocol` closes
a connection whose headers are not complete within a deadline (from its opening, or from the
end of the previous answer), or whose body stalls for longer than another. `BodyLimit` refuses
a request body larger than the application would ever read (uploads check their own).
`SpreadConnections` lets the processes of `casetrail serve --workers N` share the clients.
"""

from __future__ import annotations

import asyncio
import functools
import socket
from collections.abc import Callable
from typing import Any

import h11
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

MAX_BODY = 1024 * 1024  # of any request but an upload: forms and JSON are far smaller
MAX_HEADERS = 16 * 1024  # the request line and headers; more is answered 400
UPLOAD_PATH = "/upload"


class DeadlineProtocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with deadlines for headers and for body pieces, in
    seconds; give it to uvicorn with `deadlines(...)`."""

    def __init__(
        self, *args: Any, header_timeout: float = 10.0, body_timeout: float = 30.0, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.header_timeout = header_timeout
        self.body_timeout = body_timeout
        self._deadline: asyncio.TimerHandle | None = None
        self._phase: object = None  # h11.IDLE (headers), h11.SEND_BODY or None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        without_delay(transport)
        super().connection_made(transport)
        self._follow()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._follow(progress=True)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._follow()

    def connection_lost(self, exc: Exception | None) -> None:
        self._set(None, None)
        super().connection_lost(exc)

    def _follow(self, progress: bool = False) -> None:
        """Keep the deadline of what the client is sending: headers (a deadline for all of
        them, so trickling bytes gains nothing) or a body (for each piece)."""
        state = self.conn.their_state
        if state is h11.IDLE:
            if self._phase is not h11.IDLE:
                self._set(h11.IDLE, self.header_timeout)
        elif state is h11.SEND_BODY:
            if self._phase is not h11.SEND_BODY or progress:
                self._set(h11.SEND_BODY, self.body_timeout)
        else:  # the request is in: the application's turn, or the connection's end
            self._set(None, None)

    def _set(self, phase: object, seconds: float | None) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        self._phase = phase
        self._deadline = None if seconds is None else self.loop.call_later(seconds, self._expire)

    def _expire(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.transport.close()


def without_delay(transport: asyncio.BaseTransport) -> None:
    """Send each answer at once (TCP_NODELAY). asyncio does so only for sockets made with
    protocol IPPROTO_TCP; uvicorn's `--workers` share one made with protocol 0, on whose
    connections each keep-alive answer waited some 40 ms for the client's delayed ACK."""
    sock = transport.get_extra_info("socket")
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def deadlines(header_timeout: float, body_timeout: float) -> Callable[..., DeadlineProtocol]:
    """The protocol for uvicorn's `http` option, with these deadlines in seconds; a partial,
    not a class made on the fly, so that it pickles into `--workers` processes."""
    return functools.partial(
        DeadlineProtocol, header_timeout=header_timeout, body_timeout=body_timeout
    )


class BodyLimit:
    """Refuse (413) a body over MAX_BODY, whether its Content-Length says so or its chunks
    add up to it; raised when the application reads it, so it answers in its own format."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] == UPLOAD_PATH:
            await self.app(scope, receive, send)
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > MAX_BODY or _declared(scope) > MAX_BODY:
                raise HTTPException(413, f"a request body is limited to {MAX_BODY // 1024} KB")
            return message

        await self.app(scope, limited, send)


def _declared(scope: Scope) -> int:
    for name, value in scope["headers"]:
        if name == b"content-length":
            return int(value) if value.isdigit() else 0
    return 0


class SpreadConnections:
    """For one of several server processes: an answer given while this process is busy with
    another request closes its connection (`Connection: close`), so that the client's next
    request is accepted by whichever process is free.

    uvicorn's processes share one listening socket, and a kept-alive connection stays with the
    process that accepted it: connections opened together were often all accepted by one
    process, which then answered every client one page at a time while the others idled."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.answering = 0  # this process's requests in progress (one event loop: no lock)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def spread(message: Message) -> None:
            if message["type"] == "http.response.start" and self.answering > 1:
                message["headers"] = [*message.get("headers", ()), (b"connection", b"close")]
            await send(message)

        self.answering += 1
        try:
            await self.app(scope, receive, spread)
        finally:
            self.answering -= 1
