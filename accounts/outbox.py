"""The outbox, write side: messages become rows in the transaction of the change that causes them.

A `Draft` names what to send and its key: `(kind, about, occasion, to)`. `queue()` renders the drafts that are
new, in each recipient's language, writes them as `Message` rows and hands their ids to the broker once the
transaction commits. When the broker cannot be reached the rows simply wait: beat's sweep sends them later
(`accounts.delivery`). Nothing here ever fails a request because the broker is down.
"""

from __future__ import annotations

import logging
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .broker import publish
from .models import OPTIONAL_KINDS, Message, MessageKind, MessagePreference, User

logger = logging.getLogger(__name__)

CHUNK = 50  # message ids per delivery task


def ref(obj) -> str:
    """How a message names the object it is about: `matching.proposal:12`."""
    return f"{obj._meta.label_lower}:{obj.pk}"


@dataclass
class Draft:
    """One message to one person, before it is rendered and written."""

    kind: str
    about: str
    occasion: str
    to: str | User
    template: str
    context: dict = field(default_factory=dict)
    language: str | None = None
    link: str = ""
    sensitive: bool = False
    not_before: datetime | None = None

    def __post_init__(self):
        if isinstance(self.occasion, date):
            self.occasion = self.occasion.isoformat()
        if isinstance(self.to, User):
            self.recipient, self.address = self.to, self.to.email
            self.language = self.language or self.to.language
        else:
            self.recipient, self.address = None, self.to or ""
            self.language = self.language or settings.LANGUAGE_CODE
        self.address = self.address.strip().lower()
        if not self.link and not self.sensitive:  # the page the e-mail's button leads to is the notification's too
            self.link = self.context.get("link", "")

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (str(self.kind), self.about, self.occasion, self.address)


def _render_text(name, context) -> str:
    """Plain-text templates are not HTML: render them without escaping ("'s-Hertogenbosch", not "&#x27;s")."""
    return get_template(name).template.render(Context(context, autoescape=False))


def render(draft: Draft) -> dict:
    """Subject, text and HTML of a draft in its recipient's language, each with the link to where they act."""
    with translation.override(draft.language):
        context = {**draft.context, "LANGUAGE_CODE": draft.language}
        context.setdefault("link", draft.link)
        if draft.kind in OPTIONAL_KINDS and draft.recipient is not None:
            context["preferences_link"] = settings.SITE_URL + reverse("accounts:notification_preferences")
        subject = " ".join(_render_text(f"{draft.template}_subject.txt", context).split())
        text = _render_text(f"{draft.template}_message.txt", context)
        if "preferences_link" in context:
            text = text.rstrip("\n") + "\n\n" + _render_text("email/preferences_footer.txt", context)
        html = render_to_string(f"{draft.template}_message.html", context)
    return {"subject": subject[:300], "body_text": text, "body_html": html}


def _existing(keys) -> set[tuple]:
    """The keys among these that already have a row: one query per thousand objects."""
    keys = set(keys)
    kinds = {key[0] for key in keys}
    abouts = sorted({key[1] for key in keys})
    found = set()
    for start in range(0, len(abouts), 1000):
        rows = Message.objects.filter(kind__in=kinds, about__in=abouts[start:start + 1000])
        found |= set(rows.values_list("kind", "about", "occasion", "to_email")) & keys
    return found


def _email_off(drafts) -> set[tuple[int, str]]:
    """(user id, kind) pairs whose e-mail the person switched off."""
    wanted = {(d.recipient.pk, str(d.kind)) for d in drafts if d.recipient is not None and d.kind in OPTIONAL_KINDS}
    if not wanted:
        return set()
    rows = MessagePreference.objects.filter(user_id__in={u for u, _k in wanted}, kind__in={k for _u, k in wanted},
                                            by_email=False).values_list("user_id", "kind")
    return set(rows) & wanted


def new_drafts(drafts) -> list[Draft]:
    """The drafts whose key has no row yet (one of each key), in order."""
    drafts = [d for d in drafts if d.address]
    existing = _existing({d.key for d in drafts})
    seen, fresh = set(existing), []
    for draft in drafts:
        if draft.key not in seen:
            seen.add(draft.key)
            fresh.append(draft)
    return fresh


def queue(drafts, *, deliver: bool = True) -> list[Message]:
    """Write the new drafts as rows in the current transaction and deliver them after commit; returns the new rows.

    A key that already has a row is skipped, also when a concurrent transaction wrote it a moment ago (the
    unique constraint decides), so running a rule twice, clicking twice or retrying a task writes nothing twice.
    """
    fresh = new_drafts(list(drafts))
    if not fresh:
        return []
    off = _email_off(fresh)
    now = timezone.now()
    rows = []
    for draft in fresh:
        in_app_only = draft.recipient is not None and (draft.recipient.pk, str(draft.kind)) in off
        rows.append(Message(
            kind=draft.kind, about=draft.about, occasion=draft.occasion, recipient=draft.recipient,
            to_email=draft.address, language=draft.language, link=draft.link, sensitive=draft.sensitive,
            state=Message.State.IN_APP if in_app_only else Message.State.PENDING,
            next_attempt_at=None if in_app_only else max(draft.not_before or now, now), created_at=now,
            **render(draft),
        ))
    try:
        with transaction.atomic():
            created = Message.objects.bulk_create(rows)
    except IntegrityError:  # a concurrent writer took one of the keys: write the others one by one
        created = []
        for row in rows:
            try:
                with transaction.atomic():
                    row.save(force_insert=True)
            except IntegrityError:
                continue
            created.append(row)
    due = [row.pk for row in created if row.state == Message.State.PENDING and row.next_attempt_at <= now]
    if deliver and due:
        transaction.on_commit(lambda: deliver_soon(due))
    return created


def deliver_soon(ids) -> None:
    """Hand message ids to the broker in chunks; if it cannot be reached, the rows wait for beat's sweep."""
    from .tasks import deliver_messages

    for start in range(0, len(ids), CHUNK):
        if not publish(deliver_messages, list(ids[start:start + CHUNK])):
            logger.warning("broker unreachable: %s message(s) wait for the sweep", len(ids) - start)
            return


def count_by_kind(messages) -> dict[str, int]:
    return dict(Counter(str(m.kind) for m in messages))


def one(*, to, template, context, kind=MessageKind.OTHER, about="", occasion=None, language=None, link="",
        sensitive=False, not_before=None) -> Message | None:
    """Queue a single message; without an occasion it is an event of its own (never taken for another)."""
    draft = Draft(kind=kind, about=about, occasion=occasion or uuid.uuid4().hex, to=to, template=template,
                  context=context, language=language, link=link, sensitive=sensitive, not_before=not_before)
    created = queue([draft])
    return created[0] if created else None


def queue_rendered(*, kind, to: str, subject: str, body_text: str, body_html: str, language: str, occasion: str,
                   about: str = "", sensitive: bool = False) -> Message | None:
    """Queue an e-mail that is already rendered (by another library), under the same key rules."""
    address = to.strip().lower()
    if (kind, about, occasion, address) in _existing({(kind, about, occasion, address)}):
        return None
    row = Message(kind=kind, about=about, occasion=occasion, to_email=address, language=language,
                  subject=" ".join(subject.split())[:300], body_text=body_text, body_html=body_html,
                  sensitive=sensitive, next_attempt_at=timezone.now())
    try:
        with transaction.atomic():
            row.save(force_insert=True)
    except IntegrityError:
        return None
    transaction.on_commit(lambda: deliver_soon([row.pk]))
    return row
