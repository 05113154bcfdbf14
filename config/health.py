"""What `/healthz/` checks: the database, the cache and broker in use, and a worker that is alive.

A worker proves it is alive by running the heartbeat task (`config.celery.heartbeat`): beat sends one
every `WORKER_HEARTBEAT_INTERVAL` seconds and each worker sends itself one as soon as it is ready. The
task stores when it ran in the cache (Redis in production, a shared file cache in the embedded
default), so a heartbeat means the whole path works: broker, a worker taking tasks, and beat.
"""

import functools
import logging
import tempfile
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection

logger = logging.getLogger(__name__)

HEARTBEAT_KEY = "health:worker-heartbeat"


class Unhealthy(Exception):
    """A check that ran but found something wrong; its message is reported as it is."""


def record_heartbeat(worker: str) -> None:
    cache.set(HEARTBEAT_KEY, {"at": time.time(), "worker": worker}, timeout=None)


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_redis(url):
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    finally:
        client.close()


def _check_filesystem_broker():
    # A file of its own per probe: concurrent health checks must not trip over each other. The folder is
    # the broker's own (created where the broker is configured); a missing one is a failure, not repaired.
    with tempfile.NamedTemporaryFile(dir=settings.BROKER_DIR / "queue", prefix=".healthz-") as probe:
        probe.write(b"ok")


def _check_worker():
    beat = cache.get(HEARTBEAT_KEY)
    limit = settings.WORKER_HEARTBEAT_MAX_AGE
    if beat is None:
        raise Unhealthy("no heartbeat from any worker yet")
    age = max(0.0, time.time() - beat["at"])
    if age > limit:
        raise Unhealthy(f"no heartbeat for {age:.0f} s (limit {limit} s): is a worker running, and beat?")
    return {"age_s": round(age, 1), "limit_s": limit, "worker": beat["worker"]}


def _check_outbox():
    """Messages go out: none has waited past OUTBOX_STALE_SECONDS since it was due (failed ones are counted: each is
    one recipient's problem, shown to staff, not the platform's)."""
    from django.db.models import Count, Min, Q
    from django.utils import timezone

    from accounts.models import Message

    pending = Q(state=Message.State.PENDING)
    found = Message.objects.aggregate(pending=Count("pk", filter=pending), oldest=Min("next_attempt_at", filter=pending),
                                      failed=Count("pk", filter=Q(state=Message.State.FAILED)))
    waited = max(0.0, (timezone.now() - found["oldest"]).total_seconds()) if found["oldest"] else 0.0
    limit = settings.OUTBOX_STALE_SECONDS
    if waited > limit:
        raise Unhealthy(f"{found['pending']} message(s) waiting, the oldest {waited:.0f} s past due (limit {limit} s): "
                        "is a worker running, and beat, and can it reach the mail server?")
    return {"pending": found["pending"], "failed": found["failed"], "oldest_due_s": round(waited, 1)}


def checks():
    """The checks that apply to this configuration, by name."""
    found = {"database": _check_database}
    broker = settings.CELERY_BROKER_URL
    if settings.REDIS_URL:
        found["cache"] = functools.partial(_check_redis, settings.REDIS_URL)
    if broker.startswith("redis") and broker != settings.REDIS_URL:
        found["broker"] = functools.partial(_check_redis, broker)
    elif broker.startswith("filesystem"):
        found["broker"] = _check_filesystem_broker
    found["worker"] = _check_worker
    found["outbox"] = _check_outbox
    return found


def report():
    """Run every check; returns (healthy, {name: result})."""
    results = {}
    for name, check in checks().items():
        started = time.monotonic()
        try:
            details = check() or {}
        except Unhealthy as exc:
            results[name] = {"status": "error", "error": str(exc)}
        except Exception as exc:  # noqa: BLE001 - any failure means unhealthy, and is reported
            logger.warning("healthz: %s failed: %s", name, exc)
            results[name] = {"status": "error", "error": exc.__class__.__name__}
        else:
            results[name] = {"status": "ok", "ms": round((time.monotonic() - started) * 1000, 1), **details}
    if "cache" in results and "broker" not in results and settings.CELERY_BROKER_URL == settings.REDIS_URL:
        results["broker"] = results["cache"]  # one server: probed once, reported for both
    return all(result["status"] == "ok" for result in results.values()), results
