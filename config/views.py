import functools
import logging
import tempfile
import time

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from accounts.permissions import public

logger = logging.getLogger(__name__)


@public
def home(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "home.html")


@public
def privacy(request):
    return render(request, "privacy.html")


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
    folder = settings.BROKER_DIR / "queue"
    folder.mkdir(parents=True, exist_ok=True)
    # A file of its own per probe: concurrent health checks must not trip over each other.
    with tempfile.NamedTemporaryFile(dir=folder, prefix=".healthz-") as probe:
        probe.write(b"ok")


@public
@never_cache
def healthz(request):
    """Is the platform able to serve? Database always; the Redis cache when configured; the Celery broker it uses."""
    checks = {"database": _check_database}
    broker = settings.CELERY_BROKER_URL
    if settings.REDIS_URL:
        checks["cache"] = functools.partial(_check_redis, settings.REDIS_URL)
    shared = bool(settings.REDIS_URL) and broker == settings.REDIS_URL  # one server: probed once, reported for both
    if broker.startswith("redis") and not shared:
        checks["broker"] = functools.partial(_check_redis, broker)
    elif broker.startswith("filesystem"):
        checks["broker"] = _check_filesystem_broker
    results = {}
    healthy = True
    for name, check in checks.items():
        started = time.monotonic()
        try:
            check()
        except Exception as exc:  # noqa: BLE001 - any failure means unhealthy, and is reported
            logger.warning("healthz: %s failed: %s", name, exc)
            results[name] = {"status": "error", "error": exc.__class__.__name__}
            healthy = False
        else:
            results[name] = {"status": "ok", "ms": round((time.monotonic() - started) * 1000, 1)}
    if shared:
        results["broker"] = results["cache"]
    return JsonResponse({"status": "ok" if healthy else "error", "checks": results}, status=200 if healthy else 503)
