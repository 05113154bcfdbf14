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
