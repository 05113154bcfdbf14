import logging

from celery import shared_task
from django.conf import settings
from django.core import management
from django.core.mail import EmailMultiAlternatives

from . import exports

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def deliver_messages(message_ids):
    """Send these outbox rows. Safe to run twice or side by side: each row is claimed and sent once."""
    from .delivery import deliver_many

    return deliver_many(message_ids)


@shared_task(ignore_result=True)
def sweep_messages():
    """Beat's sweep: send every pending row that is due (the broker was down, a worker died, a retry is due)."""
    from .delivery import sweep

    return sweep()


@shared_task(ignore_result=True)
def prune_messages():
    """Beat, daily: messages older than OUTBOX_KEEP_DAYS are deleted."""
    from .delivery import prune

    return prune()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, retry_backoff_max=60, max_retries=8)
def send_email(*, subject, body, to, html=None, from_email=None, reply_to=None):
    """Send one e-mail from plain values. Kept for e-mails queued before the outbox; the platform writes
    every new message to the outbox (accounts.outbox) instead."""
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        reply_to=list(reply_to or []),
    )
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
    logger.info("e-mail sent: %s", subject)


@shared_task(acks_late=True)
def run_export(export_id):
    exports.export_run(export_id=export_id)


@shared_task
def sweep_exports():
    return exports.exports_sweep()


@shared_task
def clear_expired_sessions():
    management.call_command("clearsessions")
