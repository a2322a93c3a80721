"""Users, login sessions, the audit log and original files, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from casetrail.store import Store, StoreError
from casetrail.store.accounts import (
    UserExists,
    add_user,
    audit,
    audit_log,
    clear_login_failures,
    close_session,
    count_login_failure,
    credentials,
    login_failures,
    open_session,
    session_of,
    set_password,
    users,
)
from tests.store.conftest import LETTER, make_document


def test_users_are_unique_and_roles_checked(store: Store) -> None:
    ada = add_user(store, "ada", "admin", "hash-1")
    assert ada.role == "admin" and ada.created_at.tzinfo is not None
    with pytest.raises(UserExists, match="already exists"):
        add_user(store, "ada", "viewer", "hash-2")
    with pytest.raises(StoreError, match="unknown role"):
        add_user(store, "bob", "owner", "hash-3")
    assert [user.name for user in users(store)] == ["ada"]
    assert credentials(store, "ada") == (ada, "hash-1")
    assert credentials(store, "nobody") is None


def test_sessions_expire_and_close(store: Store) -> None:
    ada = add_user(store, "ada", "editor", "hash")
    later = datetime.now(UTC) + timedelta(hours=1)
    open_session(store, ada, "live", "csrf-1", later)
    open_session(store, ada, "stale", "csrf-2", datetime.now(UTC) - timedelta(seconds=1))
    found = session_of(store, "live")
    assert found is not None and found.user == ada and found.csrf_token == "csrf-1"
    assert session_of(store, "stale") is None
    assert session_of(store, "unknown") is None
    close_session(store, "live")
    assert session_of(store, "live") is None


def test_a_new_password_ends_every_session(store: Store) -> None:
    ada = add_user(store, "ada", "viewer", "old")
    open_session(store, ada, "token", "csrf", datetime.now(UTC) + timedelta(hours=1))
    changed = set_password(store, "ada", "new", role="admin")
    assert changed.role == "admin"
    assert credentials(store, "ada") == (changed, "new")
    assert session_of(store, "token") is None
    with pytest.raises(StoreError, match="no user"):
        set_password(store, "nobody", "x")


def test_audit_log_is_newest_first_and_paged(store: Store) -> None:
    for number in range(5):
        audit(store, "ada", "export", f"format:{number}", rows=number)
    total, page = audit_log(store, limit=2, offset=1)
    assert total == 5
    assert [(entry.target, entry.detail) for entry in page] == [
        ("format:3", {"rows": 3}),
        ("format:2", {"rows": 2}),
    ]


def test_the_original_file_is_kept_byte_for_byte(store: Store) -> None:
    document = make_document(LETTER, "letter")
    content = LETTER.encode("utf-8")
    raw = dataclasses.replace(document.raw, content=content)
    stored = store.add_document(dataclasses.replace(document, raw=raw))
    original = store.original_file(stored.document_id)
    assert original is not None
    assert (original.file_name, original.media_type, original.content) == (
        "letter.txt",
        "text/plain",
        content,
    )
    assert store.original_file(stored.document_id + 1) is None
    # Stored from text alone (an import): no file to give back.
    other = store.add_document(make_document(LETTER + "\nP.S.", "imported"))
    assert store.original_file(other.document_id) is None


def test_login_failures_are_counted_forgotten_and_cleared(store: Store) -> None:
    long_ago = datetime.now(UTC) - timedelta(hours=1)
    counted = count_login_failure(store, ["account:ada", "address:192.0.2.1"], long_ago)
    assert [(count.key, count.failures) for count in counted] == [
        ("account:ada", 1),
        ("address:192.0.2.1", 1),
    ]
    assert counted[0].last_at.tzinfo is not None
    for expected in (2, 3):
        assert count_login_failure(store, ["account:ada"], long_ago)[0].failures == expected
    assert [(count.key, count.failures) for count in login_failures(store, long_ago)] == [
        ("account:ada", 3),
        ("address:192.0.2.1", 1),
    ]
    only = login_failures(store, long_ago, ["address:192.0.2.1", "account:nobody"])
    assert [count.key for count in only] == ["address:192.0.2.1"]
    # Failures older than the window are forgotten: the count starts again.
    now = datetime.now(UTC) + timedelta(seconds=1)
    assert count_login_failure(store, ["account:ada"], now)[0].failures == 1
    assert [count.key for count in login_failures(store, long_ago)] == ["account:ada"]
    assert clear_login_failures(store, ["account:ada", "account:nobody"]) == 1
    assert login_failures(store, long_ago) == []
