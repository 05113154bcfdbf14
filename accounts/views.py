from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .context_processors import NAVIGATION
from .forms import InviteForm, UserFilter
from .models import Invitation, Role, User
from .permissions import login_required, public, role_required
from .web import add_service_errors, page_of


@login_required
def dashboard(request):
    """Each role lands on its own dashboard after login."""
    return redirect(NAVIGATION[request.user.role][0][1])  # a role's first menu item is its dashboard


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


@role_required(Role.STAFF)
def staff_dashboard(request):
    return render(request, "accounts/staff_dashboard.html", selectors.staff_overview())


@role_required(Role.STAFF)
def user_list(request):
    user_filter = UserFilter(request.GET, queryset=selectors.user_list())
    page, query = page_of(request, user_filter.qs)
    return render(request, "accounts/user_list.html", {"filter": user_filter, "page": page, "query": query})


@role_required(Role.STAFF)
def user_invite(request):
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.user_invite(invited_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.user.email})
            return redirect("accounts:user_list")
    return render(request, "accounts/user_invite.html", {"form": form}, status=400 if form.errors else 200)


@role_required(Role.STAFF)
@require_POST
def invitation_resend(request, pk):
    invitation = get_object_or_404(Invitation.objects.select_related("user"), pk=pk)
    try:
        services.invitation_resend(invitation=invitation)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("A new invitation was sent to %(email)s.") % {"email": invitation.user.email})
    return redirect("accounts:user_list")


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
