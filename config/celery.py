import os

from celery import Celery
from celery.signals import worker_ready
from django.conf import settings

from config.health import record_heartbeat

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("onderwijsambassadeurs")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="config.heartbeat", ignore_result=True)
def heartbeat():
    """Record that a worker took a task from the broker just now (read by /healthz/)."""
    record_heartbeat(worker=heartbeat.request.hostname or "worker")


@worker_ready.connect
def _first_heartbeat(sender=None, **kwargs):
    # Through the broker, like beat's: a worker that is up but cannot take tasks stays unhealthy.
    heartbeat.apply_async(expires=settings.WORKER_HEARTBEAT_INTERVAL)
