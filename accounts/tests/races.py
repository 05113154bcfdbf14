"""Races, made to happen every time: a test that fails when the lock it covers is removed.

`race(first, second, pause_after=(owner, name))` runs `first` in a thread until it has just called `owner.name`
inside its transaction (after the write the lock protects), holds it there, runs `second` in another thread for a
moment (where the code takes a row lock, `second` waits for `first`; where it does not, it reads the old row and
carries on), then lets `first` commit. Both outcomes come back: what each returned, or the exception it raised.

PostgreSQL only: SQLite lets one writer in at a time, so there is no race to lose there. With
RACE_TESTS_WITHOUT_LOCKS=1 in the environment every `select_for_update()` does nothing: each race test must then fail,
which shows it tests its lock (`RACE_TESTS_WITHOUT_LOCKS=1 pytest -m race`).
"""

import os
import threading
from unittest import mock

import pytest
from django.db import connection
from django.db.models import QuerySet

WITHOUT_LOCKS = os.environ.get("RACE_TESTS_WITHOUT_LOCKS") == "1"


@pytest.fixture
def racing(transactional_db):
    """For a race test: PostgreSQL, and every lock removed when RACE_TESTS_WITHOUT_LOCKS=1."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers itself; races are exercised on PostgreSQL in CI")
    if WITHOUT_LOCKS:
        with mock.patch.object(QuerySet, "select_for_update", lambda self, *args, **kwargs: self):
            yield
    else:
        yield


def race(first, second, *, pause_after, hold=1.0):
    owner, name = pause_after
    original = getattr(owner, name)
    paused, resume = threading.Event(), threading.Event()
    first_thread = {}
    outcomes = {}

    def pausing(*args, **kwargs):
        result = original(*args, **kwargs)
        if threading.get_ident() == first_thread.get("id") and not paused.is_set():
            paused.set()
            resume.wait(15)
        return result

    def run(key, function):
        if key == "first":
            first_thread["id"] = threading.get_ident()
        try:
            outcomes[key] = function()
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test looks at
            outcomes[key] = exc
        finally:
            connection.close()

    with mock.patch.object(owner, name, pausing):
        threads = {key: threading.Thread(target=run, args=(key, function))
                   for key, function in (("first", first), ("second", second))}
        threads["first"].start()
        if not paused.wait(15):
            resume.set()
            threads["first"].join(15)
            raise AssertionError(f"the first call never reached {name}: {outcomes.get('first')!r}")
        threads["second"].start()
        threads["second"].join(hold)
        resume.set()
        for thread in threads.values():
            thread.join(30)
    return outcomes["first"], outcomes["second"]


def failed(outcome) -> bool:
    return isinstance(outcome, Exception)


def refused(outcome) -> bool:
    """The service said no (a ValidationError), as it must to the loser of a race: not a crash, not a deadlock."""
    from django.core.exceptions import ValidationError

    return isinstance(outcome, ValidationError)
