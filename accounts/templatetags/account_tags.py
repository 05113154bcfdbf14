from django import template
from django.conf import settings

register = template.Library()


@register.filter
def must_use_mfa(user) -> bool:
    """Whether this person's role requires a second factor (settings.MFA_REQUIRED_ROLES)."""
    return getattr(user, "role", None) in settings.MFA_REQUIRED_ROLES
