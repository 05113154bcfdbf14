import logging

from celery import shared_task
from django.conf import settings
from django.core import management
from django.core.mail import EmailMultiAlternatives

from . import exports

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, retry_backoff_max=600, max_retries=8)
def send_email(*, subject, body, to, html=None, from_email=None, reply_to=None):
    """Send one e-mail. Takes plain values (never model instances) so a retry sends the same message."""
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
