"""Celery keeps tasks: acknowledged only when done, given back when the worker running one dies, and handed out
again (Redis) sooner than an hour after a whole worker died, yet never while a task still runs or waits."""

import json
import os
import subprocess
import sys
from pathlib import Path

from config.celery import app

ROOT = Path(__file__).resolve().parents[2]
OWN = ("accounts.", "schools.", "ambassadors.", "matching.", "research.", "reports.", "config.")


def test_a_task_is_acknowledged_when_done_and_given_back_when_its_worker_dies():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1  # a worker holds no tasks it is not running


def redis_transport_options(**env):
    base = {k: v for k, v in os.environ.items() if k not in {"TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    code = "import json; from django.conf import settings; print(json.dumps(settings.CELERY_BROKER_TRANSPORT_OPTIONS))"
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, env={**base, "DEBUG": "1", "REDIS_URL": "redis://127.0.0.1:6379/0",
                                                         **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_visibility_timeout_is_minutes_and_longer_than_any_wait_a_task_is_given():
    timeout = redis_transport_options()["visibility_timeout"]
    assert 60 <= timeout <= 600  # a dead worker's task is back within minutes, not after an hour
    app.loader.import_default_modules()  # every app's tasks, as a worker loads them
    waits = []
    for name, task in app.tasks.items():
        if not name.startswith(OWN):
            continue
        if getattr(task, "autoretry_for", ()):
            waits.append(task.retry_backoff_max if task.retry_backoff else task.default_retry_delay)
    assert waits and max(waits) < timeout  # no retried task is held by a worker past the visibility timeout
    assert redis_transport_options(CELERY_VISIBILITY_TIMEOUT="120")["visibility_timeout"] == 120


def test_no_code_of_the_platform_schedules_a_task_for_later_in_the_broker():
    """Retries wait in the database (the outbox's next attempt), never as an ETA that could outlive the visibility
    timeout and run twice."""
    for path in ROOT.glob("*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts:
            continue
        text = path.read_text()
        assert "countdown=" not in text and "eta=" not in text, path
