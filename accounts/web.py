"""Small helpers that views of every app share: service errors onto forms, public-form rate limits, pages of a list,\nthe client's address."""

import ipaddress

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.utils.module_loading import import_string
from django_ratelimit.core import is_ratelimited


def add_service_errors(form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: per field where it names one, else above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)


def page_of(request, queryset, per_page: int = 25):
    """The requested page of a list, and the query string without the page (for the page links)."""
    query = request.GET.copy()
    query.pop("page", None)
    return Paginator(queryset, per_page).get_page(request.GET.get("page")), query.urlencode()


def public_form_limited(request, *, group: str, email: str, rate: str) -> bool:
    """A public form is limited per client address and per e-mail address (both counted on every POST)."""
    limited = is_ratelimited(request, group=f"{group}-ip", key="ip", rate=rate, increment=True)
    email = (email or "").strip().lower()
    if email:
        limited |= is_ratelimited(request, group=f"{group}-email", key=lambda _g, _r: email, rate=rate, increment=True)
    return limited


def client_ip(request) -> str | None:
    """The client's address as the rate limits see it (RATELIMIT_IP_META_KEY behind a proxy), or None if unusable."""
    key = settings.RATELIMIT_IP_META_KEY
    value = import_string(key)(request) if key and "." in key else request.META.get(key or "REMOTE_ADDR", "")
    value = (value or "").split(",")[0].strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None
