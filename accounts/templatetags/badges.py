"""Status badges in one look on every page: `{% status_badge obj %}`, `{% value_badge key value label %}` and
`{% badge "problem" label %}`.

The colour comes from accounts.badges (one mapping for every model), never from the template.
"""

from django import template
from django.utils.html import format_html

from accounts.badges import NEUTRAL, TONES, tone_for

register = template.Library()


def render(tone: str, label) -> str:
    return format_html('<span class="badge badge-{}">{}</span>', tone if tone in TONES else NEUTRAL, label)


@register.simple_tag
def status_badge(obj, field="status", label=None):
    """The badge of a model's status (or another field with choices): its label, in the colour of its meaning."""
    value = getattr(obj, field)
    key = f"{obj._meta.label_lower}.{field}"
    if label is None:
        label = getattr(obj, f"get_{field}_display")()
    return render(tone_for(key, value), label)


@register.simple_tag
def value_badge(key, value, label):
    """The badge of a status value held outside its model (key "app_label.model.field"), such as a summary row."""
    return render(tone_for(key, value), label)


@register.simple_tag
def badge(tone, label):
    """A badge for a flag that is no model status ("at risk", "overdue"): the tone names its meaning."""
    if tone not in TONES:
        raise template.TemplateSyntaxError(f"badge: unknown tone {tone!r}; use one of {', '.join(TONES)}")
    return render(tone, label)
