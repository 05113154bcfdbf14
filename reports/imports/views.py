"""The import pages for staff: upload, link the columns, preview (skip rows), confirm, invite; example files."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.permissions import role_required
from accounts.web import add_service_errors, page_of

from . import display, examples, selectors, services
from .forms import KIND_HELP, ConfirmForm, MappingForm, UploadForm
from .models import ImportBatch, ImportRow, Kind


@role_required(Role.STAFF)
def import_list(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.import_upload(actor=request.user, upload=form.cleaned_data["file"],
                                           kind=form.cleaned_data["kind"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("reports:import_mapping", pk=batch.pk)
    page, query = page_of(request, selectors.import_list(), 25)
    return render(request, "reports/imports/list.html", {
        "form": form, "page": page, "query": query,
        "kinds": [{"value": kind, "label": kind.label, "help": KIND_HELP[kind]} for kind in Kind],
        "max_mb": f"{settings.IMPORT_MAX_MB:g}", "max_rows": settings.IMPORT_MAX_ROWS,
    }, status=400 if form.errors else 200)


@role_required(Role.STAFF)
def import_mapping(request, pk):
    batch = selectors.access_import_by_id(request.user, pk)
    if not batch.is_open:
        return redirect("reports:import_detail", pk=batch.pk)
    samples = list(ImportRow.objects.filter(batch_id=batch.pk).order_by("number").values_list("values", flat=True)[:5])
    form = MappingForm(request.POST or None, batch=batch, samples=samples)
    if request.method == "POST" and form.is_valid():
        try:
            services.import_map(batch_id=batch.pk, mapping=form.cleaned_data["mapping"],
                                school_year=form.cleaned_data.get("school_year"))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("reports:import_detail", pk=batch.pk)
    required = {key for group in form.layout.required for key in group}
    return render(request, "reports/imports/mapping.html", {"batch": batch, "form": form, "layout": form.layout,
                                                            "required": required},
                  status=400 if form.errors else 200)


def _preview_context(request, batch: ImportBatch) -> dict:
    show = request.GET.get("show", "all")
    show = show if show in selectors.SHOW else "all"
    counts = selectors.row_counts(batch)
    page, query = page_of(request, selectors.preview_rows(batch, show), services.PAGE_SIZE)
    page.object_list = display.present(list(page.object_list), batch)
    to_import = counts["all"] - counts["skipped"]
    return {"show": show, "counts": counts, "page": page, "query": query, "headings": display.headings(batch.kind),
            "confirm_form": ConfirmForm(), "to_import": to_import, "background": to_import > services.PAGE_SIZE,
            "filters": [("all", _("All rows")), ("errors", _("Errors")), ("new", _("New")),
                        ("update", _("Changes")), ("unchanged", _("Unchanged")), ("skipped", _("Skipped"))]}


@role_required(Role.STAFF)
def import_detail(request, pk):
    batch = selectors.access_import_by_id(request.user, pk)
    if batch.status == ImportBatch.Status.MAPPING:
        return redirect("reports:import_mapping", pk=batch.pk)
    context = {"batch": batch}
    if batch.status == ImportBatch.Status.PREVIEW:
        context.update(_preview_context(request, batch))
    elif batch.status == ImportBatch.Status.DONE:
        context["waiting"] = selectors.waiting_invitations(batch)
    if request.htmx and request.headers.get("HX-Target") == "import-summary" and "counts" in context:
        return render(request, "reports/imports/partials/summary.html", context)
    if request.htmx and request.headers.get("HX-Target") == "import-status":
        if batch.status == ImportBatch.Status.QUEUED:
            return render(request, "reports/imports/partials/status.html", context)
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"  # done (or stopped): the whole page changes
        return response
    return render(request, "reports/imports/detail.html", context)


def _back(batch: ImportBatch, request):
    query = {key: request.POST[key] for key in ("show", "page") if request.POST.get(key)}
    url = reverse("reports:import_detail", args=[batch.pk])
    return redirect(f"{url}?{urlencode(query)}" if query else url)


def _act(request, batch, action, success=None):
    try:
        result = action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return None
    if success:
        messages.success(request, success(result) if callable(success) else success)
    return result


@role_required(Role.STAFF)
@require_POST
def row_skip(request, pk, row_pk):
    batch = selectors.access_import_by_id(request.user, pk)
    try:
        row = services.row_set_skip(batch_id=batch.pk, row_id=row_pk, skip=request.POST.get("skip") == "1")
    except ImportRow.DoesNotExist:
        raise Http404 from None
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back(batch, request)
    if request.htmx:
        response = render(request, "reports/imports/partials/row.html", {
            "row": display.present([row], batch)[0], "show": request.POST.get("show", "all"),
            "page_number": request.POST.get("page", "")})
        response["HX-Trigger"] = "import-changed"  # the summary above the rows asks for its new counts
        return response
    return _back(batch, request)


@role_required(Role.STAFF)
@require_POST
def skip_errors(request, pk):
    batch = selectors.access_import_by_id(request.user, pk)
    _act(request, batch, lambda: services.rows_skip_errors(batch_id=batch.pk),
         lambda n: ngettext("%(count)s row with an error is skipped.", "%(count)s rows with an error are skipped.", n)
         % {"count": n})
    return _back(batch, request)


@role_required(Role.STAFF)
@require_POST
def recheck(request, pk):
    batch = selectors.access_import_by_id(request.user, pk)
    _act(request, batch, lambda: services.import_recheck(batch_id=batch.pk),
         _("Every row has been checked again against the platform as it is now."))
    return _back(batch, request)


@role_required(Role.STAFF)
@require_POST
def confirm(request, pk):
    batch = selectors.access_import_by_id(request.user, pk)
    form = ConfirmForm(request.POST)
    invite = form.cleaned_data["invite"] if form.is_valid() else request.POST.get("invite", "")
    result = _act(request, batch, lambda: services.import_confirm(batch_id=batch.pk, actor=request.user, invite=invite))
    if result is None:
        return _back(batch, request)
    if result.status == ImportBatch.Status.DONE:
        messages.success(request, _("Imported: %(created)s new, %(updated)s changed, %(unchanged)s unchanged, "
                                    "%(skipped)s skipped.") % {"created": result.created, "updated": result.updated,
                                                               "unchanged": result.unchanged, "skipped": result.skipped})
    elif result.status == ImportBatch.Status.QUEUED:
        messages.info(request, _("The import runs in the background. This page shows when it is done, and you get an "
                                 "e-mail."))
    else:
        messages.error(request, result.message)
    return redirect("reports:import_detail", pk=batch.pk)


@role_required(Role.STAFF)
@require_POST
def discard(request, pk):
    batch = selectors.access_import_by_id(request.user, pk)
    if _act(request, batch, lambda: services.import_discard(batch_id=batch.pk),
            _("The import is discarded; the rows of the file have been deleted.")) is None:
        return redirect("reports:import_detail", pk=batch.pk)
    return redirect("reports:import_list")


@role_required(Role.STAFF)
@require_POST
def invitations(request, pk):
    batch = selectors.access_import_by_id(request.user, pk)
    _act(request, batch, lambda: services.invitations_send(batch_id=batch.pk, actor=request.user),
         lambda n: ngettext("%(count)s invitation sent.", "%(count)s invitations sent.", n) % {"count": n})
    return redirect("reports:import_detail", pk=batch.pk)


@role_required(Role.STAFF)
def example(request, kind, file_format):
    if kind not in Kind.values or file_format not in examples.CONTENT_TYPES:
        raise Http404
    response = HttpResponse(examples.example_file(kind, file_format), content_type=examples.CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{examples.example_name(kind, file_format)}"'
    return response
