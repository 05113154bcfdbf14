"""Small helpers that views of every app share: service errors onto forms, and public-form rate limits."""

from django.core.exceptions import ValidationError
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


def public_form_limited(request, *, group: str, email: str, rate: str) -> bool:
    """A public form is limited per client address and per e-mail address (both counted on every POST)."""
    limited = is_ratelimited(request, group=f"{group}-ip", key="ip", rate=rate, increment=True)
    email = (email or "").strip().lower()
    if email:
        limited |= is_ratelimited(request, group=f"{group}-email", key=lambda _g, _r: email, rate=rate, increment=True)
    return limited
