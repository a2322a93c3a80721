"""Users, login sessions and the audit log of the web application.

Only hashes are stored: the password hash (made by the web layer) and the SHA-256 of each
session token, so that a copy of the database opens no session. The audit log is append-only.
Wrong passwords are counted per key (an account or a client address) for login throttling.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from casetrail.store.schema import (
    USER_ROLES,
    ApiAnswerRow,
    AuditRow,
    LoginFailureRow,
    LoginSessionRow,
    UserRow,
)
from casetrail.store.store import Store, StoreError, _aware

__all__ = [
    "USER_ROLES",
    "ApiAnswer",
    "AuditEntry",
    "LoginFailures",
    "LoginSession",
    "User",
    "UserExists",
    "add_user",
    "answer_of",
    "audit",
    "audit_log",
    "clear_login_failures",
    "close_session",
    "count_login_failure",
    "credentials",
    "login_failures",
    "open_session",
    "remember_answer",
    "session_of",
    "set_password",
    "users",
]


class UserExists(StoreError):
    """A user of that name is already registered."""


@dataclass(frozen=True, slots=True)
class User:
    id: int
    name: str
    role: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class LoginSession:
    user: User
    csrf_token: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: datetime
    user: str
    action: str
    target: str
    detail: dict[str, Any]


def _user(row: UserRow) -> User:
    return User(row.id, row.name, row.role, _aware(row.created_at))


def add_user(store: Store, name: str, role: str, password_hash: str) -> User:
    if role not in USER_ROLES:
        raise StoreError(f"unknown role {role!r} (roles: {', '.join(USER_ROLES)})")
    try:
        with store._writing() as session:
            row = UserRow(name=name, role=role, password_hash=password_hash)
            session.add(row)
            session.flush()
            return _user(row)
    except StoreError as error:
        if isinstance(error.__cause__, IntegrityError):
            raise UserExists(f"user {name!r} already exists") from None
        raise


def set_password(store: Store, name: str, password_hash: str, role: str | None = None) -> User:
    """Change a user's password (and role); ends every session of that user."""
    if role is not None and role not in USER_ROLES:
        raise StoreError(f"unknown role {role!r} (roles: {', '.join(USER_ROLES)})")
    with store._writing() as session:
        row = session.scalar(select(UserRow).where(UserRow.name == name))
        if row is None:
            raise StoreError(f"no user {name!r}")
        row.password_hash = password_hash
        if role is not None:
            row.role = role
        session.execute(delete(LoginSessionRow).where(LoginSessionRow.user_id == row.id))
        return _user(row)


def credentials(store: Store, name: str) -> tuple[User, str] | None:
    """A user and their password hash, to check a login against."""
    with store._transaction() as session:
        row = session.scalar(select(UserRow).where(UserRow.name == name))
        return None if row is None else (_user(row), row.password_hash)


def users(store: Store) -> list[User]:
    with store._transaction() as session:
        return [_user(row) for row in session.scalars(select(UserRow).order_by(UserRow.name))]


def open_session(
    store: Store, user: User, token_hash: str, csrf_token: str, expires_at: datetime
) -> None:
    now = datetime.now(UTC)
    with store._writing() as session:
        # Expired sessions go whenever a new one opens: the table stays small.
        session.execute(delete(LoginSessionRow).where(LoginSessionRow.expires_at < now))
        session.add(
            LoginSessionRow(
                token_hash=token_hash,
                user_id=user.id,
                csrf_token=csrf_token,
                expires_at=expires_at,
            )
        )


def session_of(store: Store, token_hash: str) -> LoginSession | None:
    """The live session of a token hash, or None (unknown or expired)."""
    with store._transaction() as session:
        found = session.execute(
            select(LoginSessionRow, UserRow)
            .join(UserRow, UserRow.id == LoginSessionRow.user_id)
            .where(LoginSessionRow.token_hash == token_hash)
        ).first()
        if found is None:
            return None
        login, user = found
        expires_at = _aware(login.expires_at)
        if expires_at <= datetime.now(UTC):
            return None
        return LoginSession(_user(user), login.csrf_token, expires_at)


def close_session(store: Store, token_hash: str) -> None:
    with store._writing() as session:
        session.execute(delete(LoginSessionRow).where(LoginSessionRow.token_hash == token_hash))


def audit(store: Store, user: str, action: str, target: str, **detail: Any) -> None:
    with store._writing() as session:
        session.add(AuditRow(user=user, action=action, target=target, detail=detail))


def audit_log(store: Store, limit: int = 100, offset: int = 0) -> tuple[int, list[AuditEntry]]:
    """The total number of entries, and a page of them, newest first."""
    with store._transaction() as session:
        total = session.scalar(select(func.count()).select_from(AuditRow)) or 0
        rows = session.scalars(
            select(AuditRow).order_by(AuditRow.id.desc()).limit(limit).offset(offset)
        )
        return total, [
            AuditEntry(row.id, _aware(row.at), row.user, row.action, row.target, row.detail)
            for row in rows
        ]


@dataclass(frozen=True, slots=True)
class LoginFailures:
    """Wrong passwords in a row for one key (`account:NAME` or `address:IP`)."""

    key: str
    failures: int
    last_at: datetime


def count_login_failure(
    store: Store, keys: Sequence[str], forget_before: datetime
) -> list[LoginFailures]:
    """Count one more wrong password for each key, in one statement per key so that server
    processes counting at once lose none. Counts whose last failure is older than
    `forget_before` are forgotten first: their key starts again from 1."""
    now = datetime.now(UTC)
    insert = postgresql.insert if store._engine.dialect.name == "postgresql" else sqlite.insert
    counted = []
    with store._writing() as session:
        session.execute(delete(LoginFailureRow).where(LoginFailureRow.last_at < forget_before))
        for key in keys:
            statement = (
                insert(LoginFailureRow)
                .values(key=key, failures=1, last_at=now)
                .on_conflict_do_update(
                    index_elements=[LoginFailureRow.key],
                    set_={"failures": LoginFailureRow.failures + 1, "last_at": now},
                )
                .returning(LoginFailureRow.failures)
            )
            counted.append(LoginFailures(key, session.execute(statement).scalar_one(), now))
    return counted


def login_failures(
    store: Store, since: datetime, keys: Sequence[str] | None = None
) -> list[LoginFailures]:
    """The counts whose last failure is at `since` or later (of `keys`, or all), the most
    failures first."""
    query = select(LoginFailureRow).where(LoginFailureRow.last_at >= since)
    if keys is not None:
        query = query.where(LoginFailureRow.key.in_(keys))
    with store._transaction() as session:
        rows = session.scalars(query.order_by(LoginFailureRow.failures.desc(), LoginFailureRow.key))
        return [LoginFailures(row.key, row.failures, _aware(row.last_at)) for row in rows]


def clear_login_failures(store: Store, keys: Sequence[str]) -> int:
    """Forget the counts of `keys` (a right password, or an admin's unlock); how many were
    kept."""
    with store._writing() as session:
        cleared = session.scalars(
            delete(LoginFailureRow)
            .where(LoginFailureRow.key.in_(keys))
            .returning(LoginFailureRow.key)
        )
        return len(cleared.all())


@dataclass(frozen=True, slots=True)
class ApiAnswer:
    """An API write's answer, kept under its Idempotency-Key."""

    fingerprint: str
    status: int
    body: dict[str, Any]


def answer_of(store: Store, user: str, key: str) -> ApiAnswer | None:
    with store._transaction() as session:
        row = session.get(ApiAnswerRow, (user, key))
        return None if row is None else ApiAnswer(row.fingerprint, row.status, row.body)


def remember_answer(store: Store, user: str, key: str, answer: ApiAnswer) -> ApiAnswer:
    """Keep an answer under its key; the one kept first when two requests raced."""
    try:
        with store._transaction() as session:
            session.add(
                ApiAnswerRow(
                    user=user,
                    key=key,
                    fingerprint=answer.fingerprint,
                    status=answer.status,
                    body=answer.body,
                )
            )
    except StoreError:
        kept = answer_of(store, user, key)
        if kept is None:
            raise
        return kept
    return answer
