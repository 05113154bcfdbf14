"""Figures change slowly and cost aggregates over whole tables (a third of a second at the national ceiling): pages
keep them for FIGURES_CACHE_SECONDS (default 300; 0 computes them on every request), per selection and language, in
the cache every server shares. The pages say when the figures were computed."""

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language


def cached(name: str, compute, *selection):
    seconds = settings.FIGURES_CACHE_SECONDS
    if not seconds:
        return compute()
    key = ":".join(["figures", name, get_language() or "", *("" if part is None else str(part) for part in selection)])
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value
