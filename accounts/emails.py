"""E-mails go out through a Celery task, enqueued only once the surrounding transaction commits."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import translation

from .tasks import send_email


def site_link(viewname: str, *args) -> str:
    """The absolute address of a page, for a link in an e-mail: the page where the reader acts."""
    return settings.SITE_URL + reverse(viewname, args=args)


def enqueue_message(message: EmailMessage) -> None:
    """Queue an already rendered Django e-mail message for sending after commit."""
    html = None
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":
            html = content
    if message.content_subtype == "html":
        html, body = message.body, ""
    else:
        body = message.body
    _send_after_commit(subject=str(message.subject), body=body, to=list(message.to), html=html,
                       from_email=message.from_email, reply_to=list(message.reply_to))


def _send_after_commit(**payload) -> None:
    transaction.on_commit(lambda: send_email.delay(**payload))


def _render_text(name, context) -> str:
    """Plain-text templates are not HTML: render them without escaping ("'s-Hertogenbosch", not "&#x27;s")."""
    return get_template(name).template.render(Context(context, autoescape=False))


def send_templated_email(*, to, template, context, language) -> None:
    """Render `<template>_subject.txt`, `_message.txt` and `_message.html` in `language` and send them."""
    with translation.override(language):
        context = {**context, "LANGUAGE_CODE": language}
        subject = " ".join(_render_text(f"{template}_subject.txt", context).split())
        body = _render_text(f"{template}_message.txt", context)
        html = render_to_string(f"{template}_message.html", context)
    _send_after_commit(subject=subject, body=body, to=[to], html=html)
