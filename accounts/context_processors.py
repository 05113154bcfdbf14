from django.utils.functional import cached_property

from .notifications import unread_count


class UnreadNotifications:
    """The unread count for the bell in the header, counted only when a page shows it (one query)."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def count(self) -> int:
        return unread_count(self.user)


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notification_bell": UnreadNotifications(user)}
