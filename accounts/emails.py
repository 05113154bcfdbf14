"""E-mails: every one is written to the outbox (accounts.outbox) in the transaction of its cause and sent after commit."""

import uuid

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation

from . import outbox
from .models import Message, MessageKind


def site_link(viewname: str, *args) -> str:
    """The absolute address of a page, for a link in an e-mail: the page where the reader acts."""
    return settings.SITE_URL + reverse(viewname, args=args)


def enqueue_message(message: EmailMessage, *, kind=MessageKind.ACCOUNT, sensitive: bool = True) -> Message:
    """Queue an e-mail another library rendered (allauth's password and address mails) through the outbox.

    They carry secret links: the text is never shown to staff and is erased once the e-mail has gone out."""
    html = None
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":
            html = content
    if message.content_subtype == "html":
        html, body = message.body, ""
    else:
        body = message.body
    return outbox.queue_rendered(kind=kind, to=message.to[0], subject=str(message.subject), body_text=body,
                                 body_html=html or "", language=translation.get_language() or settings.LANGUAGE_CODE,
                                 occasion=uuid.uuid4().hex, sensitive=sensitive)


def send_templated_email(*, to, template, context, language=None, kind=MessageKind.OTHER, about="", occasion=None,
                         link="", sensitive=False, not_before=None) -> Message | None:
    """Render `<template>_subject.txt`, `_message.txt` and `_message.html` in the recipient's language and queue them.

    `to` is an address or a User (then the message also shows in their notifications, in their language).
    `(kind, about, occasion, to)` is the message's key: a key already written is not written again (returns None).
    Without an occasion the message is an event of its own.
    """
    return outbox.one(to=to, template=template, context=context, language=language, kind=kind, about=about,
                      occasion=occasion, link=link, sensitive=sensitive, not_before=not_before)
