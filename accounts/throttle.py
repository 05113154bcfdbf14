"""Logging in: wrong passwords slow down whoever types them, without locking the owner out.

Failures are counted per account and client address, per client address, and per account. Past a few free failures
each scope lets one attempt through per delay, and the delay doubles with every further failure (1, 2, 4 … seconds,
up to a cap): a guesser on one address soon waits minutes per guess, while the owner on another address is not slowed
at all. Only a guesser on very many addresses slows the account itself down; the owner's password reset lifts that at
once. An attempt refused for waiting is not counted, so nobody can push the owner's wait up. Counters live in the
cache (Redis in production) and are forgotten a day after the first failure.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

WINDOW = 24 * 60 * 60


@dataclass(frozen=True)
class Scope:
    name: str
    free: int  # failures before any delay
    cap: int  # longest delay, in seconds


ACCOUNT_AND_ADDRESS = Scope("account-ip", free=3, cap=15 * 60)
ADDRESS = Scope("ip", free=20, cap=15 * 60)
ACCOUNT = Scope("account", free=30, cap=60 * 60)


def _keys(email: str, ip: str | None):
    email = (email or "").strip().lower()
    ip = ip or "unknown"
    return [(ACCOUNT_AND_ADDRESS, f"{email}|{ip}"), (ADDRESS, ip), (ACCOUNT, email)]


def _counter(scope: Scope, key: str) -> str:
    return f"login-throttle:{scope.name}:{key}:failures"


def _gate(scope: Scope, key: str) -> str:
    return f"login-throttle:{scope.name}:{key}:gate"


def delay_for(scope: Scope, failures: int) -> int:
    """Seconds between attempts after this many failures: none while free, then doubling up to the cap."""
    if failures < scope.free:
        return 0
    return min(2 ** (failures - scope.free), scope.cap)


def wait_seconds(email: str, ip: str | None) -> int:
    """0 when this attempt may be checked now; else the seconds to wait. Letting an attempt through closes the gate
    of each slowed scope for its delay, atomically (cache.add), so parallel attempts cannot slip through together."""
    if not settings.LOGIN_THROTTLE_ENABLED:
        return 0
    for scope, key in _keys(email, ip):
        delay = delay_for(scope, cache.get(_counter(scope, key), 0))
        if delay and not cache.add(_gate(scope, key), 1, timeout=delay):
            return delay
    return 0


def record_failure(email: str, ip: str | None) -> None:
    for scope, key in _keys(email, ip):
        counter = _counter(scope, key)
        cache.add(counter, 0, timeout=WINDOW)
        try:
            cache.incr(counter)
        except ValueError:  # expired between add and incr
            cache.set(counter, 1, timeout=WINDOW)


def record_success(email: str, ip: str | None) -> None:
    """The right password from this address: that address starts afresh for this account (the others do not)."""
    scope, key = _keys(email, ip)[0]
    cache.delete_many([_counter(scope, key), _gate(scope, key)])


def lift(email: str, ip: str | None) -> None:
    """The owner reset the password: the account is no longer slowed, nor is the owner's address for it."""
    keys = _keys(email, ip)
    cache.delete_many([name for scope, key in (keys[0], keys[2]) for name in (_counter(scope, key), _gate(scope, key))])
