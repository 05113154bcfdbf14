from django.conf import settings
from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .models import User
from .permissions import public
from .tokens import invitation_token_generator


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
