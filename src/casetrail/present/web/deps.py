"""What route handlers ask for: the store, and a user with a role (CSRF-checked on writes)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Path, Query, Request

from casetrail.present.web.auth import (
    CSRF_FIELD,
    CSRF_HEADER,
    SAFE_METHODS,
    AuthError,
    Credentials,
    check_csrf,
    check_origin,
    require_role,
)
from casetrail.store import Store


def get_store(request: Request) -> Store:
    return request.app.state.store


async def authenticated(request: Request) -> Credentials:
    credentials: Credentials | None = request.state.credentials
    if credentials is None:
        raise AuthError(401, "log in first")
    if request.method not in SAFE_METHODS:
        check_origin(request)
        presented = request.headers.get(CSRF_HEADER)
        content_type = request.headers.get("content-type", "")
        if presented is None and content_type.startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")
        ):
            value = (await request.form()).get(CSRF_FIELD)
            presented = value if isinstance(value, str) else None
        check_csrf(credentials, presented)
    return credentials


def _role(role: str) -> Callable[[Request], Awaitable[Credentials]]:
    async def dependency(request: Request) -> Credentials:
        credentials = await authenticated(request)
        require_role(credentials.user, role)
        return credentials

    return dependency


# A larger id or page number would overflow on its way to the database (an OverflowError,
# a 500): refused at the door instead, as an invalid parameter.
MAX_ID = 2**31 - 1
DocumentId = Annotated[int, Path(ge=1, le=MAX_ID)]
PageNumber = Annotated[int, Query(ge=1, le=MAX_ID, description="The page, from 1.")]

StoreDep = Annotated[Store, Depends(get_store)]
Viewer = Annotated[Credentials, Depends(authenticated)]
Editor = Annotated[Credentials, Depends(_role("editor"))]
Admin = Annotated[Credentials, Depends(_role("admin"))]
