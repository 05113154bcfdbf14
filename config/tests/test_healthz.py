import pytest
from django.urls import reverse

from config import views

pytestmark = pytest.mark.django_db


def test_healthy_platform_answers_200_with_each_check(client, settings):
    response = client.get("/healthz/")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "ok"
    assert data["checks"]["database"]["status"] == "ok"
    assert data["checks"]["broker"]["status"] == "ok"
    if settings.REDIS_URL:
        assert data["checks"]["cache"]["status"] == "ok"
    assert response["Cache-Control"].startswith("max-age=0")


def test_failing_database_answers_503(client, monkeypatch):
    def broken():
        raise ConnectionError("database is down")

    monkeypatch.setattr(views, "_check_database", broken)
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


def test_concurrent_probes_of_the_filesystem_broker_all_pass(settings, tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    settings.REDIS_URL = ""
    settings.CELERY_BROKER_URL = "filesystem://"
    settings.BROKER_DIR = tmp_path
    failures = []

    def probe(_n):
        try:
            views._check_filesystem_broker()
        except OSError as exc:
            failures.append(exc)

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(probe, range(200)))
    assert failures == []
