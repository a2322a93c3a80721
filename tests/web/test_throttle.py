"""Login throttling against real `casetrail serve` processes: wrong passwords in a row earn
a delay, then a lockout (429 with Retry-After), per account and per client address, shared by
every process over the database; an admin unlocks; the right password works after the wait."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from casetrail.present.web.throttle import LoginThrottle
from casetrail.store import Store
from casetrail.store.accounts import LoginFailures, audit_log
from tests.web.conftest import PASSWORDS, casetrail, start_server
from tests.web.test_auth import csrf_of

# Lockouts after 3 wrong passwords (9 from one address), without delays before: lasting 10 s,
# to wait one out, or 10 minutes, so that a dozen requests on a busy machine all fall within.
LOCKOUT = ("--login-failures", "3", "--login-lockout", "10", "--login-delay", "0")
LONG_LOCKOUT = ("--login-failures", "3", "--login-lockout", "600", "--login-delay", "0")
# Each test's client address, so that one test's wrong passwords do not lock another's out.
TWELVE, LOCKED, UNLOCKED = "192.0.2.12", "192.0.2.13", "192.0.2.14"


@pytest.fixture(scope="module")
def accounts_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('throttle') / 'accounts.db'}"
    for name in ("ada", "vera", "eddie"):
        role, password = PASSWORDS[name]
        result = casetrail("user", "add", name, "--role", role, "--db", url, stdin=password + "\n")
        assert result.returncode == 0, result.stderr
    return url


def serve_twice(accounts_db: str, *options: str) -> Iterator[tuple[str, str]]:
    """Two server processes over one database, with the same options."""
    first, second = start_server(accounts_db, *options), start_server(accounts_db, *options)
    yield next(first), next(second)
    first.close()
    second.close()


@pytest.fixture(scope="module")
def two_servers(accounts_db: str) -> Iterator[tuple[str, str]]:
    """Locking out for 10 s."""
    yield from serve_twice(accounts_db, *LOCKOUT)


@pytest.fixture(scope="module")
def two_patient_servers(accounts_db: str) -> Iterator[tuple[str, str]]:
    """Locking out for 10 minutes."""
    yield from serve_twice(accounts_db, *LONG_LOCKOUT)


def api_login(url: str, name: str, password: str, address: str | None = None) -> httpx.Response:
    # The servers trust X-Forwarded-For from loopback, as behind a local proxy.
    headers = {"X-Forwarded-For": address} if address else {}
    return httpx.post(
        f"{url}/api/v1/session",
        json={"name": name, "password": password},
        headers=headers,
        timeout=30,
    )


def audited(db: str, action: str) -> list[tuple[str, str]]:
    with Store.open(db) as store:
        _, entries = audit_log(store, limit=1000)
    return [(entry.user, entry.target) for entry in entries if entry.action == action]


def test_delays_double_from_a_third_of_the_limit_then_lock() -> None:
    throttle = LoginThrottle(failures=10, lockout=900, delay=1)
    now = datetime.now(UTC)

    def wait(key: str, failures: int) -> float:
        return throttle.wait(LoginFailures(key, failures, now))

    account = [wait("account:vera", failures) for failures in range(1, 12)]
    assert account == [0, 0, 1, 2, 4, 8, 16, 32, 64, 900, 900]
    # An address may fail three times as often: delays from its 10th wrong password.
    assert [wait("address:192.0.2.1", failures) for failures in (9, 10, 19, 29, 30)] == [
        0,
        1,
        512,
        900,
        900,
    ]
    assert throttle.locked_until(LoginFailures("account:vera", 10, now)) == now + timedelta(
        seconds=900
    )


def test_twelve_wrong_logins_get_429_and_then_so_does_the_right_password(
    two_patient_servers: tuple[str, str], accounts_db: str
) -> None:
    first, second = two_patient_servers
    statuses = [
        api_login((first, second)[n % 2], "eddie", f"wrong password {n}", TWELVE).status_code
        for n in range(12)
    ]
    assert statuses == [401] * 3 + [429] * 9, statuses
    refused = api_login(first, "eddie", PASSWORDS["eddie"][1], TWELVE)
    assert refused.status_code == 429, refused.text  # the right password is not even checked
    message = refused.json()["error"]["message"]
    assert 540 < int(refused.headers["Retry-After"]) <= 600
    assert message == "too many wrong passwords: try again in 10 minutes"
    assert api_login(second, "eddie", PASSWORDS["eddie"][1], TWELVE).status_code == 429
    # Unlocked, so that the account's later tests start afresh.
    assert casetrail("user", "unlock", "eddie", "--db", accounts_db).returncode == 0


def test_a_lockout_holds_across_server_processes_and_ends_after_its_window(
    two_servers: tuple[str, str], accounts_db: str
) -> None:
    first, second = two_servers
    for url in (first, second, first):
        assert api_login(url, "vera", "not her password", LOCKED).status_code == 401
    locked = api_login(second, "vera", PASSWORDS["vera"][1], LOCKED)
    assert locked.status_code == 429 and 1 <= int(locked.headers["Retry-After"]) <= 10
    # The web form says so too, on the page.
    form = httpx.post(
        f"{first}/login",
        data={"name": "vera", "password": PASSWORDS["vera"][1]},
        headers={"X-Forwarded-For": LOCKED},
        timeout=30,
    )
    assert form.status_code == 429 and "Retry-After" in form.headers
    assert "Too many wrong passwords: try again in" in form.text
    assert "casetrail_session" not in form.cookies
    assert ("vera", "account:vera") in audited(accounts_db, "login-locked")
    time.sleep(int(locked.headers["Retry-After"]))
    assert api_login(first, "vera", PASSWORDS["vera"][1], LOCKED).status_code == 201


def test_the_cli_unlocks_an_account(two_servers: tuple[str, str], accounts_db: str) -> None:
    first, _ = two_servers
    for _attempt in range(3):
        assert api_login(first, "vera", "still not hers", UNLOCKED).status_code == 401
    assert api_login(first, "vera", PASSWORDS["vera"][1], UNLOCKED).status_code == 429
    result = casetrail("user", "unlock", "vera", "--db", accounts_db)
    assert result.returncode == 0, result.stderr
    assert "unlocked" in result.stdout
    assert api_login(first, "vera", PASSWORDS["vera"][1], UNLOCKED).status_code == 201
    assert ("cli:", "account:vera") in {
        (user[:4], target) for user, target in audited(accounts_db, "login-unlocked")
    }


def test_one_address_guessing_many_names_is_locked_out_and_an_admin_unlocks_it(
    two_servers: tuple[str, str], accounts_db: str
) -> None:
    first, second = two_servers
    guesser = "198.51.100.7"
    # One wrong password for each of 9 names: no account is locked, the address is.
    for n in range(9):
        assert api_login(first, f"guess-{n}", "wrong password", guesser).status_code == 401
    assert api_login(second, "ada", PASSWORDS["ada"][1], guesser).status_code == 429
    # From another address the same account logs in: the lock is the address's.
    admin = httpx.Client(base_url=second, headers={"X-Forwarded-For": "192.0.2.50"}, timeout=30)
    with admin:
        response = admin.post("/login", data={"name": "ada", "password": PASSWORDS["ada"][1]})
        assert response.status_code == 303
        page = admin.get("/audit")
        assert f"address:{guesser}" in page.text and "Unlock" in page.text
        unlocked = admin.post(
            "/audit/unlock", data={"key": f"address:{guesser}", "csrf_token": csrf_of(page.text)}
        )
        assert unlocked.status_code == 303
        forged = admin.post("/audit/unlock", data={"key": f"address:{guesser}"})
        assert forged.status_code == 403  # no CSRF token
    assert api_login(first, "ada", PASSWORDS["ada"][1], guesser).status_code == 201
    assert ("ada", f"address:{guesser}") in audited(accounts_db, "login-unlocked")


def test_only_admins_unlock(two_servers: tuple[str, str]) -> None:
    first, _ = two_servers
    with httpx.Client(base_url=first, timeout=30) as client:
        client.post("/login", data={"name": "eddie", "password": PASSWORDS["eddie"][1]})
        page = client.get("/persons")
        refused = client.post(
            "/audit/unlock", data={"key": "account:vera", "csrf_token": csrf_of(page.text)}
        )
    assert refused.status_code == 403
