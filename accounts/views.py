from django.conf import settings
from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import delivery, notifications, services
from .exports import access_export, export_content, exports_of, may_download
from .forms import MessageFilter, PreferencesForm
from .models import Export, Message, Role, User
from .permissions import login_required, public, role_required
from .tokens import invitation_token_generator
from .web import page_of


@public
@require_POST
def language_set(request):
    language = request.POST.get("language", "")
    next_url = request.POST.get("next", "")
    # Only a path of this site; never redirect(), which would take a bare word for a view name.
    if not next_url.startswith("/") or not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 60 * 60,
            secure=settings.LANGUAGE_COOKIE_SECURE, samesite=settings.LANGUAGE_COOKIE_SAMESITE, httponly=False,
        )
        if request.user.is_authenticated:
            services.user_set_language(user=request.user, language=language)
    return response


def _user_from_uid(uidb64):
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    return User.objects.filter(pk=pk, is_active=True).first()


@public
def invite_accept(request, uidb64, token):
    user = _user_from_uid(uidb64)
    if user is None or not invitation_token_generator.check_token(user, token):
        return render(request, "accounts/invite_invalid.html", status=400)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.invitation_accept(user=user, password=form.cleaned_data["new_password1"])
        messages.success(request, _("Your password has been set. Log in with your e-mail address and new password."))
        return redirect("account_login")
    return render(request, "accounts/invite_accept.html", {"form": form, "invited_user": user},
                  status=400 if form.errors else 200)


@role_required(Role.STAFF, Role.RESEARCHER)
def export_list(request):
    exports = list(exports_of(request.user)[:50])
    busy = any(e.status in (Export.Status.QUEUED, Export.Status.RUNNING) for e in exports)
    template = "accounts/partials/export_rows.html" if request.htmx else "accounts/export_list.html"
    return render(request, template, {"exports": exports, "busy": busy})


@role_required(Role.STAFF, Role.RESEARCHER)
def export_download(request, pk):
    export = access_export(request.user, pk)
    if export is None:
        raise Http404
    if export.status != Export.Status.DONE:
        messages.info(request, _("This export is not ready yet."))
        return redirect("accounts:export_list")
    if not may_download(request.user, export):
        raise Http404
    response = HttpResponse(export_content(Export.objects.get(pk=export.pk)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


# --- Notifications: the person's own messages ------------------------------------------------------


@login_required
def notification_list(request):
    page, query = page_of(request, notifications.inbox(request.user), 20)
    return render(request, "accounts/notification_list.html", {"page": page, "query": query})


@login_required
@require_POST
def notification_open(request, pk):
    """Follow a notification to where the person acts; it counts as read."""
    message = notifications.access_notification_by_id(request.user, pk)
    notifications.notification_read(user=request.user, message=message)
    if not message.link:
        return redirect("accounts:notification_list")
    return HttpResponseRedirect(notifications.local_path(message.link))


@login_required
@require_POST
def notification_read(request, pk):
    message = notifications.access_notification_by_id(request.user, pk)
    notifications.notification_read(user=request.user, message=message)
    return redirect(_back_to_list(request))


@login_required
@require_POST
def notification_read_all(request):
    count = notifications.notifications_read_all(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect(_back_to_list(request))


def _back_to_list(request) -> str:
    page = request.POST.get("page", "")
    url = reverse("accounts:notification_list")
    return f"{url}?page={page}" if page.isdigit() else url


@login_required
def notification_preferences(request):
    choices = notifications.preferences_of(request.user)
    form = PreferencesForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        notifications.preferences_save(user=request.user, by_email=form.cleaned_data)
        messages.success(request, _("Your choices have been saved."))
        return redirect("accounts:notification_preferences")
    return render(request, "accounts/notification_preferences.html", {"form": form, "has_choices": bool(choices)},
                  status=400 if form.errors else 200)


# --- Staff: every message the platform wrote -------------------------------------------------------


@role_required(Role.STAFF)
def message_list(request):
    message_filter = MessageFilter(request.GET, queryset=Message.objects.select_related("recipient")
                                   .defer("body_text", "body_html"))
    page, query = page_of(request, message_filter.qs, 30)
    return render(request, "accounts/message_list.html", {"filter": message_filter, "page": page, "query": query})


@role_required(Role.STAFF)
def message_detail(request, pk):
    message = get_object_or_404(Message.objects.select_related("recipient"), pk=pk)
    return render(request, "accounts/message_detail.html", {"message": message})


@role_required(Role.STAFF)
@require_POST
def message_resend(request, pk):
    message = get_object_or_404(Message, pk=pk)
    try:
        delivery.resend(message_id=message.pk, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The message to %(email)s is being sent again.") % {"email": message.to_email})
    return redirect("accounts:message_detail", pk=message.pk)
