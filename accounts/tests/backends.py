"""E-mail backends for tests: one that fails the way a mail server fails."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend


class FailingBackend(EmailBackend):
    """Raises `error` for the next `times` sends, then sends as the locmem backend does (into mail.outbox)."""

    error: Exception = ConnectionRefusedError(111, "Connection refused")
    times = 10**6

    def send_messages(self, messages):
        if FailingBackend.times > 0:
            FailingBackend.times -= 1
            raise FailingBackend.error
        return super().send_messages(messages)


REFUSED = smtplib.SMTPRecipientsRefused({"weg@example.nl": (550, b"5.1.1 User unknown")})
