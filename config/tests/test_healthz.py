import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse

from config import health

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def no_heartbeat():
    cache.delete(health.HEARTBEAT_KEY)
    yield
    cache.delete(health.HEARTBEAT_KEY)


@pytest.fixture
def clock(monkeypatch):
    """The health module's clock, set by hand."""
    now = {"t": 1_800_000_000.0}
    monkeypatch.setattr(health.time, "time", lambda: now["t"])
    return now


def test_healthy_platform_answers_200_with_each_check(client, settings, clock):
    health.record_heartbeat("celery@web1")
    clock["t"] += 7
    response = client.get("/healthz/")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "ok"
    assert data["checks"]["database"]["status"] == "ok"
    assert data["checks"]["broker"]["status"] == "ok"
    assert data["checks"]["worker"] == {"status": "ok", "ms": data["checks"]["worker"]["ms"], "age_s": 7.0,
                                        "limit_s": settings.WORKER_HEARTBEAT_MAX_AGE, "worker": "celery@web1"}
    if settings.REDIS_URL:
        assert data["checks"]["cache"]["status"] == "ok"
    assert response["Cache-Control"].startswith("max-age=0")


def test_without_any_worker_heartbeat_health_answers_503(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    data = response.json()
    assert data["status"] == "error"
    assert data["checks"]["worker"] == {"status": "error", "error": "no heartbeat from any worker yet"}
    assert data["checks"]["database"]["status"] == "ok"


def test_a_worker_silent_longer_than_the_limit_is_unhealthy(client, settings, clock):
    settings.WORKER_HEARTBEAT_MAX_AGE = 90
    health.record_heartbeat("celery@web1")
    clock["t"] += 90  # exactly at the limit: still alive
    assert client.get(reverse("healthz")).status_code == 200
    clock["t"] += 1
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"]["worker"]["error"] == \
        "no heartbeat for 91 s (limit 90 s): is a worker running, and beat?"


def test_failing_database_answers_503(client, monkeypatch):
    health.record_heartbeat("celery@web1")

    def broken():
        raise ConnectionError("database is down")

    monkeypatch.setattr(health, "_check_database", broken)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {"status": "error", "error": "ConnectionError"}


def test_unreachable_redis_answers_503(client, settings):
    settings.REDIS_URL = settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["cache"]["status"] == checks["broker"]["status"] == "error"


def test_the_broker_celery_really_uses_is_checked(client, settings):
    settings.REDIS_URL = ""
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # a broker of its own, unreachable
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["status"] == "error" and "cache" not in response.json()["checks"]


def test_a_missing_filesystem_broker_folder_is_reported_not_repaired(client, settings, tmp_path):
    settings.REDIS_URL = ""
    settings.CELERY_BROKER_URL = "filesystem://"
    settings.BROKER_DIR = tmp_path / "gone"
    health.record_heartbeat("celery@web1")
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == {"status": "error", "error": "FileNotFoundError"}
    assert not (tmp_path / "gone").exists()


def test_concurrent_probes_of_the_filesystem_broker_all_pass(settings, tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    settings.REDIS_URL = ""
    settings.CELERY_BROKER_URL = "filesystem://"
    settings.BROKER_DIR = tmp_path
    (tmp_path / "queue").mkdir()
    failures = []

    def probe(_n):
        try:
            health._check_filesystem_broker()
        except OSError as exc:
            failures.append(exc)

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(probe, range(200)))
    assert failures == []


def test_beat_sends_heartbeats_well_within_the_limit(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["worker-heartbeat"]
    assert entry["task"] == "config.heartbeat"
    assert entry["schedule"] * 2 <= settings.WORKER_HEARTBEAT_MAX_AGE  # one lost heartbeat is no alarm
    assert entry["options"]["expires"] <= entry["schedule"]  # a backlog of stale heartbeats is never run


def test_a_fresh_checkout_can_queue_a_task_on_the_embedded_broker(tmp_path):
    """The first task sent on a fresh checkout (seed_demo's e-mails) finds the broker's folders."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL",
                                                            "BROKER_DIR", "TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update({"DEBUG": "1", "VAR_DIR": str(tmp_path / "var")})
    code = ("from accounts.tasks import send_email; "
            "send_email.delay(subject='Welkom', body='Hallo', to=['iemand@example.nl'])")
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    queued = list((tmp_path / "var" / "broker" / "queue").iterdir())
    assert len(queued) == 1 and "send_email" in queued[0].read_text()


def waiting_message(minutes_past_due, state="pending"):
    import datetime as dt

    from django.utils import timezone

    from accounts.models import Message

    return Message.objects.create(kind="other", occasion=f"health-{minutes_past_due}-{state}", to_email="a@b.nl",
                                  language="nl", subject="Onderwerp", body_text="Tekst", state=state,
                                  next_attempt_at=timezone.now() - dt.timedelta(minutes=minutes_past_due)
                                  if state == "pending" else None)


def test_messages_that_go_out_keep_the_platform_healthy(client, settings):
    health.record_heartbeat("celery@web1")
    waiting_message(1)
    waiting_message(0, state="failed")  # one recipient's problem, shown to staff: not the platform's
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    outbox = response.json()["checks"]["outbox"]
    assert (outbox["status"], outbox["pending"], outbox["failed"]) == ("ok", 1, 1)
    assert 60 <= outbox["oldest_due_s"] < settings.OUTBOX_STALE_SECONDS


def test_a_message_waiting_long_past_due_makes_the_platform_unhealthy(client, settings):
    health.record_heartbeat("celery@web1")
    waiting_message(16)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    error = response.json()["checks"]["outbox"]["error"]
    assert error.startswith("1 message(s) waiting, the oldest 96") and "(limit 900 s)" in error
