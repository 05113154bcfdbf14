from django import template
from django.utils.formats import number_format

register = template.Library()

PLACES = {"fte": 1, "decimal": 1, "percent": 1}


@register.filter
def cell(value, kind):
    """A table cell as people read it: grouped thousands, one decimal for FTE, hours and shares, a dash for none."""
    if value is None or value == "":
        return "–"
    if kind == "text":
        return value
    text = number_format(value, decimal_pos=PLACES.get(kind, 0), use_l10n=True, force_grouping=True)
    return f"{text} %" if kind == "percent" else text
