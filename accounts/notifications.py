"""In-app notifications: the same outbox rows as the e-mails, shown to the person they were written for."""

from urllib.parse import urlsplit

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from .models import OPTIONAL_KINDS, Message, MessagePreference, User

# -- reads ---------------------------------------------------------------------------------------


def unread_count(user: User) -> int:
    return Message.objects.filter(recipient=user, read_at__isnull=True).count()


def inbox(user: User):
    """A person's notifications, newest first (what the list shows only)."""
    return (Message.objects.filter(recipient=user)
            .only("id", "kind", "subject", "body_text", "link", "sensitive", "state", "created_at", "read_at",
                  "recipient_id")
            .order_by("-created_at", "-id"))


def access_notification_by_id(user: User, pk) -> Message:
    """One of the person's own notifications; anyone else's answers 404."""
    message = Message.objects.filter(pk=pk, recipient=user).first()
    if message is None:
        raise Http404
    return message


def local_path(link: str) -> str:
    """The path of a link in a message, on this site whatever host it was written with ("/" when it has none)."""
    parts = urlsplit(link or "")
    path = "/" + parts.path.lstrip("/")  # never "//host": that would leave the site
    return path + (f"?{parts.query}" if parts.query else "")


def preferences_of(user: User) -> dict[str, bool]:
    """For each optional kind that concerns the person's role: does it come by e-mail?"""
    kinds = [kind for kind, roles in OPTIONAL_KINDS.items() if user.role in roles]
    off = set(MessagePreference.objects.filter(user=user, by_email=False).values_list("kind", flat=True))
    return {kind: kind not in off for kind in kinds}


# -- writes --------------------------------------------------------------------------------------


def notification_read(*, user: User, message: Message) -> None:
    Message.objects.filter(pk=message.pk, recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def notifications_read_all(*, user: User) -> int:
    return Message.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def preferences_save(*, user: User, by_email: dict[str, bool]) -> None:
    """Store the person's choice per optional kind of their role; other kinds are ignored."""
    allowed = {kind for kind, roles in OPTIONAL_KINDS.items() if user.role in roles}
    with transaction.atomic():
        for kind in allowed & set(by_email):
            MessagePreference.objects.update_or_create(user=user, kind=kind, defaults={"by_email": by_email[kind]})
