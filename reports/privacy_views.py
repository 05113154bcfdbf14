"""Pages for the AVG rights and accountability: each person's own data (page and JSON), asking for erasure; for staff
the requests for erasure and the audit trail."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts import privacy as accounts_privacy
from accounts.audit import audit_events, audit_filters, audit_record
from accounts.models import ErasureRequest, Role
from accounts.permissions import login_required, role_required
from accounts.web import add_service_errors, page_of

from . import privacy
from .forms import AuditFilterForm, ErasureAskForm, ErasureDecisionForm, ErasureRecordForm

# --- A person's own data ------------------------------------------------------------------------


@login_required
@never_cache
def my_data(request):
    return render(request, "reports/my_data.html", {
        "sections": privacy.personal_data(request.user),
        "open_request": ErasureRequest.objects.filter(user=request.user, status=ErasureRequest.Status.OPEN).first(),
    })


@login_required
@never_cache
def my_data_download(request):
    audit_record(actor=request.user, action="personal_data.downloaded", target=request.user, request=request)
    response = JsonResponse(privacy.personal_data_json(request.user), json_dumps_params={"ensure_ascii": False,
                                                                                          "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="mijn-gegevens-onderwijsambassadeurs.json"'
    return response


@login_required
@reauthentication_required(allow_get=True)
def erasure_ask(request):
    """Asking for erasure first asks for the password (or a code) again; staff then carry it out."""
    form = ErasureAskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            accounts_privacy.erasure_request(user=request.user, note=form.cleaned_data["note"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your request has been received. The foundation erases your data within a "
                                        "month and e-mails you when it is done."))
            return redirect("reports:my_data")
    return render(request, "reports/erasure_ask.html", {"form": form}, status=400 if form.errors else 200)


# --- Staff: requests for erasure ------------------------------------------------------------


@role_required(Role.STAFF)
def erasure_list(request):
    form = ErasureRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            erasure = accounts_privacy.erasure_request(user=form.user, recorded_by=request.user,
                                                       note=form.cleaned_data["note"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("reports:erasure_detail", pk=erasure.pk)
    requests = ErasureRequest.objects.select_related("user", "recorded_by", "decided_by").order_by("status",
                                                                                                 "-requested_at")
    page, query = page_of(request, requests)
    return render(request, "reports/erasure_list.html", {"page": page, "query": query, "form": form},
                  status=400 if form.errors else 200)


@role_required(Role.STAFF)
def erasure_detail(request, pk):
    erasure = get_object_or_404(ErasureRequest.objects.select_related("user", "recorded_by", "decided_by"), pk=pk)
    form = ErasureDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision = request.POST.get("decision")
        try:
            if decision == "complete":
                privacy.erasure_complete(request_id=erasure.pk, actor=request.user)
                messages.success(request, _("The person's data has been erased; they have been e-mailed."))
            elif decision == "refuse":
                accounts_privacy.erasure_refuse(request_id=erasure.pk, actor=request.user,
                                                reason=form.cleaned_data["reason"])
                messages.success(request, _("The request has been refused; the person has been e-mailed the reason."))
            else:
                raise ValidationError(_("Unknown decision."))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("reports:erasure_detail", pk=erasure.pk)
    if request.method == "GET":
        audit_record(actor=request.user, action="erasure.viewed", target=erasure, subject=erasure.user,
                     request=request)
    is_open = erasure.status == ErasureRequest.Status.OPEN
    return render(request, "reports/erasure_detail.html", {
        "erasure": erasure, "form": form,
        "sections": privacy.personal_data(erasure.user) if is_open else [],
        "blockers": privacy.blockers(erasure.user) if is_open else [],
    }, status=400 if form.errors else 200)


# --- Staff: the audit trail -----------------------------------------------------------------


@role_required(Role.STAFF)
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    page, query = page_of(request, audit_events(**filters), 50)
    audit_record(actor=request.user, action="audit.viewed", request=request, details=audit_filters(request.GET))
    return render(request, "reports/audit_log.html", {"form": form, "page": page, "query": query})
