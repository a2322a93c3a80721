"""Users, login sessions and the audit log of the web application.

Only hashes are stored: the password hash (made by the web layer) and the SHA-256 of each
session token, so that a copy of the database opens no session. The audit log is append-only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from casetrail.store.schema import USER_ROLES, AuditRow, LoginSessionRow, UserRow
from casetrail.store.store import Store, StoreError, _aware

__all__ = [
    "USER_ROLES",
    "AuditEntry",
    "LoginSession",
    "User",
    "UserExists",
    "add_user",
    "audit",
    "audit_log",
    "close_session",
    "credentials",
    "open_session",
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
        with store._transaction() as session:
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
    with store._transaction() as session:
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
    with store._transaction() as session:
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
    with store._transaction() as session:
        session.execute(delete(LoginSessionRow).where(LoginSessionRow.token_hash == token_hash))


def audit(store: Store, user: str, action: str, target: str, **detail: Any) -> None:
    with store._transaction() as session:
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
