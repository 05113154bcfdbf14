from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .exports import access_export, export_content, exports_of, may_download
from .models import Export, Role, User
from .permissions import public, role_required


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
    if user is None or not default_token_generator.check_token(user, token):
        return render(request, "accounts/invite_invalid.html", status=400)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.invitation_accept(user=user, password=form.cleaned_data["new_password1"])
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! Your password has been set."))
        return redirect("dashboard")
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
