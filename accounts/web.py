"""Small helpers that views of every app share: service errors onto forms, public-form rate limits, pages of a list,
exports."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from .audit import audit_filters, audit_record
from .exports import EXPORTERS, csv_chunks, export_start


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


def export_response(request, kind: str):
    """A list's export, with the list's filters: the file at once when it is small (streamed, so its first bytes
    leave at once), else a job for a worker and the page where its file will be ready."""
    exporter = EXPORTERS[kind]
    query = request.GET.copy()
    query.pop("page", None)
    rows = exporter.count(query)
    audit_record(actor=request.user, action=f"{kind}.exported", request=request,
                 details={"rows": rows, "filters": audit_filters(query)})
    if rows <= settings.EXPORT_INLINE_ROWS:
        response = StreamingHttpResponse(csv_chunks(*exporter.rows(query)), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{exporter.filename}"'
        return response
    export_start(owner=request.user, kind=kind, query=query.urlencode())
    messages.info(request, _("The export holds %(rows)s rows, so it is being made for you. It appears on this page "
                             "when it is ready, for %(hours)s hours.") % {"rows": rows, "hours": settings.EXPORT_KEEP_HOURS})
    return redirect("accounts:export_list")
