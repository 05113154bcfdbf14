"""A real Celery worker process takes an e-mail task from the real broker and sends it.

The broker is Redis when REDIS_URL is set (CI, production) and the filesystem transport otherwise
(the embedded default): the same code path either way, no eager shortcut.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from celery import Celery
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.worker


def broker_config(tmp_path):
    if settings.REDIS_URL:
        return settings.REDIS_URL, {}
    folder = tmp_path / "broker" / "queue"
    folder.mkdir(parents=True)
    return "filesystem://", {"data_folder_in": str(folder), "data_folder_out": str(folder), "store_processed": False,
                             "control_folder": str(tmp_path / "broker" / "control")}


def test_real_worker_sends_queued_email(tmp_path):
    broker_url, options = broker_config(tmp_path)
    outbox = tmp_path / "outbox"
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "TESTING": "1",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "CELERY_BROKER_URL": broker_url,
        "BROKER_DIR": str(tmp_path / "broker"),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(outbox),
        "VAR_DIR": str(tmp_path / "var"),
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=INFO",
         "--without-heartbeat", "--without-gossip", "--without-mingle", "-Q", queue, "-n", f"{queue}@%h"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    client = Celery(broker=broker_url)
    client.conf.broker_transport_options = options
    try:
        client.send_task(
            "accounts.tasks.send_email",
            kwargs={"subject": "Welkom bij de onderwijsambassadeurs", "body": "Fijn dat je er bent.",
                    "to": ["ambassadeur@example.nl"]},
            queue=queue,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (outbox.exists() and any(outbox.iterdir())):
            assert worker.poll() is None, worker.stdout.read()
            time.sleep(0.2)
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0]
        client.close()
    files = list(outbox.iterdir()) if outbox.exists() else []
    assert files, output
    message = files[0].read_text()
    assert "To: ambassadeur@example.nl" in message
    assert "Subject: Welkom bij de onderwijsambassadeurs" in message
    assert "accounts.tasks.send_email" in output and "succeeded" in output


@pytest.mark.django_db
def test_health_follows_a_real_worker_and_turns_503_once_it_dies(tmp_path, client, settings):
    """A live worker makes /healthz/ healthy on its own heartbeat; killed, it is unhealthy within the limit."""
    from django.core.cache import cache

    from config.health import HEARTBEAT_KEY

    broker = tmp_path / "broker"
    env = {k: v for k, v in os.environ.items() if k not in {"TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}}
    # A broker of its own (nobody else takes its heartbeats); the cache the test reads is the worker's: Redis
    # when REDIS_URL is set, else the file cache a development worker uses.
    env.update({"DEBUG": "1", "VAR_DIR": str(tmp_path / "var"), "BROKER_DIR": str(broker),
                "CELERY_BROKER_URL": "filesystem://"})
    if not settings.REDIS_URL:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                                       "LOCATION": str(tmp_path / "var" / "cache")}}
    settings.WORKER_HEARTBEAT_MAX_AGE = 3
    cache.delete(HEARTBEAT_KEY)

    def worker_check():
        response = client.get("/healthz/")
        return response.status_code, response.json()["checks"]["worker"]

    assert worker_check()[0] == 503
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=INFO",
         "--without-heartbeat", "--without-gossip", "--without-mingle", "-n", f"health-{uuid.uuid4().hex[:8]}@%h"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        deadline = time.monotonic() + 60
        status, check = worker_check()
        while status != 200 and time.monotonic() < deadline:
            assert worker.poll() is None, worker.stdout.read()
            time.sleep(0.2)
            status, check = worker_check()
        assert status == 200 and check["status"] == "ok" and check["worker"].startswith("health-"), check
    finally:
        worker.kill()
        output = worker.communicate(timeout=30)[0]
    died = time.monotonic()
    while worker_check()[0] == 200:
        assert time.monotonic() - died < 3 + 1.5, "a dead worker still looks healthy after the limit"
        time.sleep(0.2)
    status, check = worker_check()
    assert status == 503 and check["error"].startswith("no heartbeat for"), check
    assert "config.heartbeat" in output and "succeeded" in output
