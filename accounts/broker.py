"""Handing work to the broker without ever failing the person who caused it.

Every task the platform sends is also recorded in the database (an outbox row, a queued matching run), and a
periodic task picks up what never reached a worker. So when the broker cannot be reached, sending a task
is skipped with a warning rather than turned into an error page.
"""

import logging

from celery import current_app
from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def publish(task, *args, **kwargs) -> bool:
    """Send a task now; False (and a warning) when the broker cannot be reached. Never retries in the caller."""
    if current_app.conf.task_always_eager:
        task.apply_async(args=args, kwargs=kwargs)  # tests: the task runs here and its errors show
        return True
    try:
        with current_app.pool.acquire(block=True) as connection:
            connection.ensure_connection(max_retries=0)  # one try: the database keeps the work, nobody waits
            task.apply_async(args=args, kwargs=kwargs, retry=False, connection=connection)
    except (OperationalError, OSError) as exc:
        logger.warning("broker unreachable, %s not sent now (a periodic sweep takes it up): %s", task.name, exc)
        return False
    return True


def publish_on_commit(task, *args, **kwargs) -> None:
    """Send a task once the current transaction has committed (so the worker finds the rows it reads)."""
    transaction.on_commit(lambda: publish(task, *args, **kwargs))
