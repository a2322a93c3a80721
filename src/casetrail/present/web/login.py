"""Logging in and out, from a browser (form + cookie) or a program (JSON + bearer token)."""

from __future__ import annotations

import math
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field

from casetrail.present.web.api_models import ErrorOut
from casetrail.present.web.auth import (
    SESSION_COOKIE,
    AuthError,
    NewSession,
    check_origin,
    check_password,
    safe_next,
    start_session,
)
from casetrail.present.web.deps import StoreDep, Viewer
from casetrail.present.web.templating import render
from casetrail.present.web.throttle import count_failure, count_success, retry_after
from casetrail.store import Store
from casetrail.store.accounts import User, audit, close_session

router = APIRouter()


def _set_cookie(request: Request, response: Response, session: NewSession) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        session.token,
        max_age=session.max_age,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )


def _in_words(seconds: int) -> str:
    if seconds < 120:
        return "1 second" if seconds == 1 else f"{seconds} seconds"
    return f"{math.ceil(seconds / 60)} minutes"


def _authenticate(request: Request, store: Store, name: str, password: str, via: str) -> User:
    """The user whose password this is; AuthError 401 if it is wrong, or 429 (unchecked)
    while wrong passwords for the name or from the address are throttled."""
    throttle = request.app.state.login_throttle
    # Behind a proxy, uvicorn takes the address from X-Forwarded-For (see docs/web.md).
    address = request.client.host if request.client else "unknown"
    wait = retry_after(store, throttle, name, address)
    if wait is not None:
        raise AuthError(
            429,
            f"too many wrong passwords: try again in {_in_words(wait)}",
            {"Retry-After": str(wait)},
        )
    user = check_password(store, name, password)
    if user is None:
        count_failure(store, throttle, name, address, via)
        raise AuthError(401, "wrong user name or password")
    count_success(store, user.name)
    audit(store, user.name, "login", via)
    return user


@router.get("/login", include_in_schema=False)
def login_page(request: Request, next: str = "/") -> Response:
    if request.state.credentials is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return render(request, "login.html", next=safe_next(next), name="", error=None)


@router.post("/login", include_in_schema=False)
def login(
    request: Request,
    store: StoreDep,
    name: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    check_origin(request)
    try:
        user = _authenticate(request, store, name, password, "web")
    except AuthError as error:
        message = str(error)
        page = render(
            request,
            "login.html",
            status_code=error.status,
            next=safe_next(next),
            name=name,
            error=f"{message[:1].upper()}{message[1:]}.",
        )
        page.headers.update(error.headers)
        return page
    session = start_session(store, user, request.app.state.session_hours)
    response = RedirectResponse(safe_next(next), status_code=303)
    _set_cookie(request, response, session)
    return response


@router.post("/logout", include_in_schema=False)
def logout(store: StoreDep, credentials: Viewer) -> Response:
    close_session(store, credentials.token_hash)
    audit(store, credentials.user.name, "logout", "web")
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


class LoginRequest(BaseModel):
    name: str = Field(max_length=200)
    password: str = Field(max_length=1000)


class SessionOut(BaseModel):
    token: str = Field(description="Send as `Authorization: Bearer TOKEN` (no CSRF token needed).")
    csrf_token: str = Field(description="Send as X-CSRF-Token on writes made with the cookie.")
    user: str
    role: str
    expires_in: int = Field(description="Seconds until the session ends.")


_REFUSED: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "Wrong user name or password, or not logged in."},
    403: {"model": ErrorOut, "description": "A cross-site request."},
}
_THROTTLED: dict[int | str, dict[str, Any]] = {
    429: {
        "model": ErrorOut,
        "description": "Too many wrong passwords for this name or from this address: "
        "wait for Retry-After seconds.",
        "headers": {"Retry-After": {"schema": {"type": "integer"}}},
    },
}


@router.post("/api/v1/session", tags=["session"], status_code=201, responses=_REFUSED | _THROTTLED)
def api_login(
    request: Request, response: Response, store: StoreDep, body: LoginRequest
) -> SessionOut:
    """Log in; the answer's token authenticates later calls (and a session cookie is set)."""
    check_origin(request)
    user = _authenticate(request, store, body.name, body.password, "api")
    session = start_session(store, user, request.app.state.session_hours)
    _set_cookie(request, response, session)
    return SessionOut(
        token=session.token,
        csrf_token=session.csrf_token,
        user=user.name,
        role=user.role,
        expires_in=session.max_age,
    )


@router.delete("/api/v1/session", tags=["session"], status_code=204, responses=_REFUSED)
def api_logout(store: StoreDep, credentials: Viewer) -> Response:
    """Log out: the token stops working at once."""
    close_session(store, credentials.token_hash)
    audit(store, credentials.user.name, "logout", "api")
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
