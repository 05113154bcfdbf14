import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

SUPPORTED = {code for code, _name in settings.LANGUAGES}


class LanguageMiddleware:
    """Dutch first: the language a person chose (cookie, else their account), otherwise Dutch.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language header: the
    platform serves Dutch schools, and English is a choice, not a guess.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in SUPPORTED:
            user = getattr(request, "user", None)
            language = user.language if user is not None and user.is_authenticated else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class AuditContextMiddleware:
    """The audit trail records from where an action came: the address of the request being served."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .audit import reset_request_ip, set_request_ip
        from .network import client_ip

        token = set_request_ip(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            reset_request_ip(token)


SESSION_STARTED = "session_started_at"
SESSION_SEEN = "session_seen_at"


class SessionTimeoutMiddleware:
    """A session ends after SESSION_IDLE_TIMEOUT seconds without a request and SESSION_COOKIE_AGE seconds after it
    began, whatever happens; the last request's time is written at most once a minute."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.setdefault(SESSION_STARTED, now)
            seen = session.get(SESSION_SEEN, now)
            if now - started > settings.SESSION_COOKIE_AGE or now - seen > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                messages.info(request, _("You have been logged out to keep your account safe. Please log in again."))
            elif SESSION_SEEN not in session or now - seen >= 60:
                session[SESSION_SEEN] = now
        return self.get_response(request)


class MFARequiredMiddleware:
    """Foundation staff and researchers see personal data: until they have a second factor (an authenticator app or a
    security key), every page except setting one up sends them to set one up."""

    SESSION_KEY = "mfa_in_place"

    def __init__(self, get_response):
        self.get_response = get_response
        self._open = None

    def is_open(self, path: str) -> bool:
        """Setting up the second factor (all of its pages, and the password asked again first), logging out, the
        address page (a second factor needs a verified address), the language, the health check, the privacy
        statement and static files."""
        if self._open is None:
            self._open = ((reverse("mfa_index"), settings.STATIC_URL),
                          {reverse(name) for name in ("account_reauthenticate", "account_logout", "account_email",
                                                      "language_set", "healthz", "privacy")})
        prefixes, pages = self._open
        return path.startswith(prefixes) or path in pages

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated and user.role in settings.MFA_REQUIRED_ROLES
                and not self.is_open(request.path) and not self._in_place(request, user)):
            url = reverse("mfa_activate_totp")
            if getattr(request, "htmx", False):
                return HttpResponse(status=204, headers={"HX-Redirect": url})
            messages.warning(request, _("Set up two-factor authentication first: your role gives access to personal "
                                        "data, so logging in takes a code from an app on your phone as well."))
            return redirect(url)
        return self.get_response(request)

    def _in_place(self, request, user) -> bool:
        if request.session.get(self.SESSION_KEY) == user.pk:
            return True
        from allauth.mfa.models import Authenticator

        if Authenticator.objects.filter(user=user, type__in=[Authenticator.Type.TOTP,
                                                             Authenticator.Type.WEBAUTHN]).exists():
            request.session[self.SESSION_KEY] = user.pk
            return True
        return False
