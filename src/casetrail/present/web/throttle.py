"""Login throttling: wrong passwords in a row, per account and per client address, earn a
growing delay, then a temporary lockout, during which every login of that account or from
that address is answered 429 with Retry-After, its password not even checked.

The counts live in the database (`login_failures`), so every server process sees them. A
right password clears its account's count (not its address's: one valid account must not
clear the way for guessing others); counts are forgotten a lockout's length after their last
failure, or when an admin unlocks them (`casetrail user unlock`, or the audit page).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from casetrail.store import Store
from casetrail.store.accounts import (
    LoginFailures,
    audit,
    clear_login_failures,
    count_login_failure,
    login_failures,
)

ACCOUNT = "account:"
ADDRESS = "address:"
# An address may be an office behind one router: it may fail this many times more.
ADDRESS_FACTOR = 3


@dataclass(frozen=True, slots=True)
class LoginThrottle:
    failures: int = 10  # wrong passwords in a row on one account before a lockout
    lockout: float = 900.0  # seconds; also how long a count is remembered
    delay: float = 1.0  # seconds after the first delayed failure, doubling with each one

    def limit(self, key: str) -> int:
        return self.failures * (ADDRESS_FACTOR if key.startswith(ADDRESS) else 1)

    def wait(self, count: LoginFailures) -> float:
        """Seconds after the last failure during which logins under this key are refused:
        none for the first third of the limit, then doubling delays, then the lockout."""
        limit = self.limit(count.key)
        free = limit // 3
        if count.failures >= limit:
            return self.lockout
        if count.failures < free:
            return 0.0
        return min(self.delay * 2 ** min(count.failures - free, 60), self.lockout)

    def locked_until(self, count: LoginFailures) -> datetime:
        return count.last_at + timedelta(seconds=self.wait(count))

    def forget_before(self, now: datetime) -> datetime:
        return now - timedelta(seconds=self.lockout)


def login_keys(name: str, address: str) -> list[str]:
    return [ACCOUNT + name, ADDRESS + address]


def retry_after(store: Store, throttle: LoginThrottle, name: str, address: str) -> int | None:
    """Whole seconds until a login of `name` from `address` may be tried, or None: now."""
    now = datetime.now(UTC)
    counts = login_failures(store, throttle.forget_before(now), login_keys(name, address))
    until = max((throttle.locked_until(count) for count in counts), default=now)
    return math.ceil((until - now).total_seconds()) if until > now else None


def count_failure(store: Store, throttle: LoginThrottle, name: str, address: str, via: str) -> None:
    """Count and audit a wrong password; a count reaching its limit is audited as a lockout."""
    now = datetime.now(UTC)
    counts = count_login_failure(store, login_keys(name, address), throttle.forget_before(now))
    audit(store, name, "login-failed", via, address=address, failures=counts[0].failures)
    for count in counts:
        if count.failures == throttle.limit(count.key):
            audit(
                store,
                name,
                "login-locked",
                count.key,
                failures=count.failures,
                seconds=throttle.lockout,
            )


def count_success(store: Store, name: str) -> None:
    clear_login_failures(store, [ACCOUNT + name])


def unlock(store: Store, key: str, by: str) -> bool:
    """Forget the count of `key` (audited as done by `by`); whether there was one."""
    cleared = clear_login_failures(store, [key]) > 0
    audit(store, by, "login-unlocked", key, cleared=cleared)
    return cleared
