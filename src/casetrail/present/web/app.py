"""The web application: `create_app(db)` builds it over one store.

Every response carries a strict Content-Security-Policy (scripts and styles only from
/static, nothing inline), is kept out of caches, and forbids framing. Errors never show a
traceback: JSON `{"error": {"status", "message"}}` under /api and to clients that prefer JSON
(Accept), an error page elsewhere.
"""

from __future__ import annotations

import dataclasses
import gc
import json
import logging
import os
import re
import threading
from collections.abc import Awaitable, Callable
from urllib.parse import quote

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from casetrail import __version__, pipeline
from casetrail.derive import profile
from casetrail.derive.status import refresh_stored_statuses
from casetrail.facts import derive_written
from casetrail.present.web import (
    api,
    api_write,
    login,
    pages_advocates,
    pages_cases,
    pages_documents,
    pages_work,
)
from casetrail.present.web.auth import SAFE_METHODS, AuthError, request_credentials
from casetrail.present.web.limits import BodyLimit, SpreadConnections
from casetrail.present.web.pages_common import is_api, wants_json
from casetrail.present.web.templating import HERE, compile_templates, render
from casetrail.present.web.throttle import LoginThrottle
from casetrail.resolve import load_name_symbols
from casetrail.resolve.search_keys import query_keys
from casetrail.store import Store, StoreError
from casetrail.store.search import stem_prefix

log = logging.getLogger("casetrail.web")

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
TITLES = {400: "Bad request", 401: "Log in first", 403: "Not allowed", 404: "Not found"}


def _error(request: Request, status: int, message: str) -> Response:
    if wants_json(request):
        return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)
    title = TITLES.get(status, "Something went wrong")
    return render(request, "error.html", status, status=status, title=title, message=message)


def _warm_up(store: Store) -> None:
    try:
        # All of them, once after the migration that adds them, and those bulk loads left.
        refresh_stored_statuses(store, unmarked=True)
    except StoreError as error:
        log.error("stored statuses not refreshed: %s", error)
    # The start page is the search: its language tables and stemmers first.
    query_keys("Natalia Sokolova")
    stem_prefix("letters")
    pipeline.warm_up()
    profile(["Germany"])  # the territory names load on first use


def _derive_written(store: Store) -> None:
    try:
        derive_written(store)
    except StoreError as error:  # written all the same: the next reader derives it
        log.error("statuses and alerts not derived after a write: %s", error)


def _warm_up_in_background(store: Store) -> None:
    """Stored statuses, models and lookup tables are made ready while the first pages are
    served, not during the first persons table, upload or advocates page."""
    threading.Thread(target=_warm_up, args=(store,), name="casetrail-warm-up", daemon=True).start()


# `casetrail serve --workers N`: each worker process builds its application from this.
SETTINGS_VARIABLE = "CASETRAIL_SERVE_SETTINGS"


def settings_for_workers(
    db: str, max_upload_mb: float, session_hours: float, login_throttle: LoginThrottle
) -> None:
    """Leave `create_app`'s arguments where `app_from_environment` finds them."""
    os.environ[SETTINGS_VARIABLE] = json.dumps(
        {
            "db": db,
            "max_upload_mb": max_upload_mb,
            "session_hours": session_hours,
            "login_throttle": dataclasses.asdict(login_throttle),
        }
    )


def app_from_environment() -> FastAPI:
    """The application of a server worker process, as `settings_for_workers` left it."""
    settings = json.loads(os.environ[SETTINGS_VARIABLE])
    settings["login_throttle"] = LoginThrottle(**settings["login_throttle"])
    return create_app(**settings, one_of_several=True)


def create_app(
    db: str,
    *,
    max_upload_mb: float = 20.0,
    session_hours: float = 12.0,
    login_throttle: LoginThrottle | None = None,
    one_of_several: bool = False,
) -> FastAPI:
    """The application over the database at `db` (opened, and migrated, at once);
    `one_of_several` when other server processes share its clients."""
    # A page derives some hundred thousand short-lived objects for a person named in
    # thousands of documents: at the default threshold (700) the collector runs hundreds of
    # times in one request, each time also over the long-lived ones; the derivations make
    # few cycles, so it runs less often (the alerts refresh after a write: about twice as fast).
    gc.set_threshold(50_000, 50, 100)
    store = Store.open(db, writer_derives=True)
    app = FastAPI(
        title="casetrail API",
        version=__version__,
        description=(
            "The sourced case database: documents, persons of concern, their events, "
            "search, alerts and exports; editors also upload documents, review facts, add "
            "facts and persons by hand, and judge, merge and split persons (every write is "
            "audited). Log in with POST /api/v1/session and send the token "
            "as `Authorization: Bearer TOKEN`."
        ),
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # the interactive docs load scripts from a CDN: not here
        redoc_url=None,
    )
    app.state.store = store
    app.state.max_upload_bytes = int(max_upload_mb * 1024 * 1024)
    app.state.session_hours = session_hours
    app.state.login_throttle = login_throttle or LoginThrottle()
    app.router.add_event_handler("startup", compile_templates)
    # Before the process answers: rigour's name tables (for the first upload's persons) hold
    # its interpreter lock for 6-7 s as they load, stalling every request the process has.
    app.router.add_event_handler("startup", load_name_symbols)
    app.router.add_event_handler("startup", lambda: _warm_up_in_background(store))
    app.router.add_event_handler("shutdown", store.close)

    # Added first, so it runs inside the middleware below: its 413, raised where a route reads
    # the body, reaches the error handlers rather than that middleware's task group.
    app.add_middleware(BodyLimit)

    @app.middleware("http")
    async def identify_and_protect(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        static = request.url.path.startswith("/static/")
        request.state.credentials = None if static else request_credentials(store, request)
        response = await call_next(request)
        if request.method not in SAFE_METHODS and not static:
            # The writer derives what its write made stale before it answers: the pages
            # after it read them kept, and readers meanwhile show them as they were.
            await run_in_threadpool(_derive_written, store)
        response.headers.update(SECURITY_HEADERS)
        if request.url.scheme == "https":
            response.headers["Strict-Transport-Security"] = "max-age=31536000"
        if not static:
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.exception_handler(AuthError)
    async def auth_error(request: Request, error: AuthError) -> Response:
        if error.status == 401 and not wants_json(request):
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(target, safe='/')}", status_code=303)
        response = _error(request, error.status, str(error))
        response.headers.update(error.headers)
        return response

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        response = _error(request, error.status_code, str(error.detail))
        response.headers.update(error.headers or {})
        if error.status_code == 405 and is_api(request):
            # Starlette names the methods of the first route at the address only; an API
            # path can have one route for reading and one for writing.
            for template, operations in app.openapi()["paths"].items():
                if re.fullmatch(re.sub(r"\{[^/}]+\}", "[^/]+", template), request.url.path):
                    response.headers["Allow"] = ", ".join(sorted(m.upper() for m in operations))
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in problem['loc'][1:]) or 'request'}: {problem['msg']}"
            for problem in error.errors()
        )
        if not is_api(request) and all(problem["loc"][0] == "path" for problem in error.errors()):
            return _error(request, 404, f"nothing at this address ({problems})")
        status = 422 if is_api(request) else 400
        return _error(request, status, problems or "invalid request")

    @app.exception_handler(OverflowError)
    async def too_large(request: Request, error: OverflowError) -> Response:
        # A number too large for the database that no parameter type bounded: still the
        # request's fault, not a server error.
        log.warning("number out of range on %s: %s", request.url.path, error)
        return _error(request, 422 if is_api(request) else 400, "a number is out of range")

    @app.exception_handler(StoreError)
    async def store_error(request: Request, error: StoreError) -> Response:
        log.error("store error on %s: %s", request.url.path, error)
        return _error(request, 503, "the database could not answer; try again")

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> Response:
        # The server logs the traceback; the user gets a line.
        return _error(request, 500, "an unexpected error; it was logged")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        # Browsers ask for it without being told, before any login: no login needed.
        return FileResponse(HERE / "static" / "favicon.svg", media_type="image/svg+xml")

    if one_of_several:  # added last, so that it counts every request from the outside
        app.add_middleware(SpreadConnections)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for module in (
        login,
        api,
        api_write,
        pages_cases,
        pages_documents,
        pages_advocates,
        pages_work,
    ):
        app.include_router(module.router)
    return app
