"""The outbox, send side: a worker claims a pending row, sends it, and records sent or failed with the error.

A row is claimed with `select_for_update(skip_locked=True)` and stays locked while its e-mail goes out, so two
workers (a task and beat's sweep, or a task delivered twice) never send it twice: the second one skips it. If
the worker dies mid-send, its database connection closes, the lock and the unfinished transaction go with it,
and the row is pending again for the redelivered task or the next sweep. Each try is counted first, in a
transaction of its own, so a message that keeps killing the worker stops after OUTBOX_MAX_ATTEMPTS.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import audit_record
from .models import Message, erased_email
from .outbox import deliver_soon

logger = logging.getLogger(__name__)

SENT, RETRY, FAILED, SKIPPED = "sent", "retry", "failed", "skipped"


def backoff(attempts: int) -> timedelta:
    """Wait before the next try: 1, 2, 4, 8 … minutes, at most OUTBOX_RETRY_MAX_SECONDS."""
    seconds = settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.OUTBOX_RETRY_MAX_SECONDS))


def _due(message_id):
    return (Message.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, state=Message.State.PENDING, next_attempt_at__lte=timezone.now()))


def _permanent(exc: Exception) -> bool:
    """The receiving server refused for good (5xx, unknown address): trying again changes nothing."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused | smtplib.SMTPSenderRefused):
        return True
    return isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code >= 500


def _domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "onderwijsambassadeurs.nl"


def email_for(message: Message, connection=None) -> EmailMultiAlternatives:
    """The e-mail of a row. Its Message-ID is the row's, so a receiver can tell a retry from a new message."""
    email = EmailMultiAlternatives(
        subject=message.subject, body=message.body_text, from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to_email], connection=connection,
        headers={
            "Message-ID": f"<message-{message.pk}.{int(message.created_at.timestamp())}@{_domain()}>",
            "Auto-Submitted": "auto-generated",
            "Content-Language": message.language,
        },
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    return email


def _fail(message: Message, error: str, *, final: bool) -> str:
    message.last_error = error[:4000]
    if final or message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        message.state, message.next_attempt_at = Message.State.FAILED, None
        outcome = FAILED
    else:
        message.next_attempt_at = timezone.now() + backoff(message.attempts)
        outcome = RETRY
    message.save(update_fields=["state", "next_attempt_at", "last_error"])
    logger.warning("message %s to %s: %s (%s)", message.pk, message.to_email, error, outcome)
    return outcome


def deliver(message_id: int, connection=None) -> str:
    """Send one pending row if it is due and nobody else holds it; returns sent, retry, failed or skipped."""
    with transaction.atomic():
        message = _due(message_id).first()
        if message is None:
            return SKIPPED
        if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            return _fail(message, message.last_error or _("The worker stopped while sending, every time."),
                         final=True)
        message.attempts += 1
        message.save(update_fields=["attempts"])
    with transaction.atomic():
        message = _due(message_id).first()
        if message is None:  # taken by another worker between the two transactions
            return SKIPPED
        connection = connection or get_connection()
        try:
            connection.open()
            email_for(message, connection).send()
        except Exception as exc:  # noqa: BLE001 - every failure is recorded on the row, none is lost
            connection.close()
            return _fail(message, f"{exc.__class__.__name__}: {exc}", final=_permanent(exc))
        message.state, message.sent_at, message.next_attempt_at = Message.State.SENT, timezone.now(), None
        message.last_error = ""
        fields = ["state", "sent_at", "next_attempt_at", "last_error"]
        if message.sensitive:  # a secret link has done its work: keep no copy
            message.body_text, message.body_html, message.link = "", "", ""
            fields += ["body_text", "body_html", "link"]
            if message.recipient_id is None:  # an address with no account behind it (any more): not kept either
                message.to_email = erased_email("message", message.pk)
                fields.append("to_email")
        message.save(update_fields=fields)
    logger.info("message %s sent to %s: %s", message.pk, message.to_email, message.subject)
    return SENT


def deliver_many(message_ids) -> dict[str, int]:
    """Send these rows over one connection; each row is claimed and recorded on its own."""
    outcomes = {SENT: 0, RETRY: 0, FAILED: 0, SKIPPED: 0}
    connection = get_connection()
    try:
        for message_id in message_ids:
            outcomes[deliver(message_id, connection=connection)] += 1
    finally:
        connection.close()
    return outcomes


def sweep(limit: int | None = None) -> dict[str, int]:
    """Send the pending rows that are due: those no task took (broker down, worker died) and retries."""
    ids = list(Message.objects.filter(state=Message.State.PENDING, next_attempt_at__lte=timezone.now())
               .order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit or settings.OUTBOX_SWEEP_LIMIT])
    return deliver_many(ids) if ids else {SENT: 0, RETRY: 0, FAILED: 0, SKIPPED: 0}


def resend(*, message_id: int, actor) -> Message:
    """Staff send a failed (or already sent) message again, as it was written."""
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message_id)
        if message.state == Message.State.PENDING:
            raise ValidationError(_("This message is already waiting to be sent."))
        if message.state == Message.State.IN_APP:
            raise ValidationError(_("The recipient chose to receive this kind of message in the app only."))
        if message.sensitive and not message.body_text:
            raise ValidationError(_("This message held a personal link and its text was erased once sent; "
                                    "send a new invitation or password link instead."))
        previous = message.state
        message.state, message.attempts, message.last_error = Message.State.PENDING, 0, ""
        message.next_attempt_at = timezone.now()
        message.save(update_fields=["state", "attempts", "last_error", "next_attempt_at"])
        audit_record(actor=actor, action="message.resend", target=message, details={"was": previous})
        transaction.on_commit(lambda: deliver_soon([message.pk]))
    return message


def prune(now=None) -> int:
    """Messages are kept OUTBOX_KEEP_DAYS (two school years by default), then deleted: sent, failed or in the app
    only, never one still waiting to be sent."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.OUTBOX_KEEP_DAYS)
    deleted, _by_model = (Message.objects.filter(created_at__lt=cutoff).exclude(state=Message.State.PENDING)
                          .delete())
    return deleted
