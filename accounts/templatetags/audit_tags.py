from django import template

from accounts.audit import action_label as label

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    """What an audit action means, in the reader's language."""
    return label(action)
