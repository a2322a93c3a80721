"""Logins: password hashing, session cookies, roles and CSRF tokens.

A session cookie carries a random token; the database keeps only its SHA-256, with the
session's CSRF token. Every state-changing request must present that CSRF token (a form field
or the X-CSRF-Token header), unless it authenticates with `Authorization: Bearer`, which a
browser never sends on its own.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import Request

from casetrail.store import Store
from casetrail.store.accounts import (
    USER_ROLES,
    LoginSession,
    User,
    credentials,
    open_session,
    session_of,
)

SESSION_COOKIE = "casetrail_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
MIN_PASSWORD_LENGTH = 10

_hasher = PasswordHasher()  # argon2id with the library's current parameters
# Verified when the user is unknown, so that a wrong name costs as much time as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


class AuthError(Exception):
    """Not logged in (status 401), not allowed (403) or throttled (429, with Retry-After in
    `headers`); the message says which."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    return _hasher.hash(password)


def check_password(store: Store, name: str, password: str) -> User | None:
    """The user, when the name and password match a registered user."""
    found = credentials(store, name)
    try:
        _hasher.verify(found[1] if found else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    return found[0] if found else None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class NewSession:
    token: str
    csrf_token: str
    max_age: int  # seconds


def start_session(store: Store, user: User, hours: float) -> NewSession:
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    expires = datetime.now(UTC) + timedelta(hours=hours)
    open_session(store, user, token_hash(token), csrf, expires)
    return NewSession(token, csrf, int(hours * 3600))


@dataclass(frozen=True, slots=True)
class Credentials:
    """How a request proved who it is."""

    session: LoginSession
    token_hash: str
    bearer: bool  # by an Authorization header: no CSRF token needed

    @property
    def user(self) -> User:
        return self.session.user


def request_credentials(store: Store, request: Request) -> Credentials | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    bearer = scheme.lower() == "bearer" and bool(value.strip())
    token = value.strip() if bearer else request.cookies.get(SESSION_COOKIE)
    if not token or len(token) > 200:
        return None
    hashed = token_hash(token)
    session = session_of(store, hashed)
    return None if session is None else Credentials(session, hashed, bearer)


def check_csrf(credentials: Credentials, presented: str | None) -> None:
    if credentials.bearer:
        return
    if not presented or not hmac.compare_digest(presented, credentials.session.csrf_token):
        raise AuthError(403, "missing or wrong CSRF token: reload the page and try again")


def check_origin(request: Request) -> None:
    """Refuse a state-changing request that another site's page sent (Origin/Referer)."""
    origin = request.headers.get("origin") or request.headers.get("referer")
    if not origin or origin == "null":
        return  # not a browser, or a privacy setting: the CSRF token still protects
    if urlsplit(origin).netloc != request.url.netloc:
        raise AuthError(403, "cross-site request refused")


ROLE_RANK = {role: rank for rank, role in enumerate(USER_ROLES)}


def require_role(user: User, role: str) -> None:
    if ROLE_RANK[user.role] < ROLE_RANK[role]:
        raise AuthError(403, f"this needs the {role} role; you are a {user.role}")


def safe_next(target: str | None) -> str:
    """A local path to go to after login; anything else (another site) becomes the home page."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
