"""allauth, fitted to the platform: closed sign-up, e-mail through the task queue, a login throttle that slows
guessers without locking out the owner, the audit trail, and second-factor secrets encrypted at rest."""

import base64
import hashlib

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import throttle
from .audit import audit_record
from .emails import enqueue_message
from .models import User
from .network import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # People join through the public application and intake flows or a staff invitation.
        return settings.ACCOUNT_ALLOW_SIGNUP

    def send_mail(self, template_prefix, email, context):
        message = self.render_mail(template_prefix, email, context)
        enqueue_message(message)

    # --- Logging in: the throttle (accounts.throttle) instead of allauth's lock per account ---------------------

    def pre_authenticate(self, request, **credentials):
        email = credentials.get("email", "")
        wait = throttle.wait_seconds(email, client_ip(request))
        if wait:
            user = User.objects.filter(email__iexact=email).first()
            if user is not None:
                audit_record(actor=None, action="user.login_throttled", target=user, request=request)
            raise forms.ValidationError(
                _("Too many failed attempts to log in from here. Wait %(seconds)s seconds and try again, or reset "
                  "your password.") % {"seconds": wait}, code="throttled")

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is not None:
            throttle.record_success(credentials.get("email", ""), client_ip(request))
        return user

    def authentication_failed(self, request, **credentials):
        email = credentials.get("email", "")
        throttle.record_failure(email, client_ip(request))
        user = User.objects.filter(email__iexact=email).first()
        if user is not None:
            audit_record(actor=None, action="user.login_failed", target=user, request=request)

    def _delete_login_attempts_cached_email(self, request, **credentials):
        """A successful password reset: the owner is no longer slowed down."""
        super()._delete_login_attempts_cached_email(request, **credentials)
        throttle.lift(credentials.get("email", ""), client_ip(request))

    def login(self, request, user):
        super().login(request, user)
        audit_record(actor=user, action="user.logged_in", target=user, request=request)


def _fernet() -> MultiFernet:
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([Fernet(base64.urlsafe_b64encode(hashlib.sha256(b"mfa-secrets:" + key.encode()).digest()))
                        for key in keys])


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": gettext_lazy(
            "Foundation staff and researchers always keep a second factor: add another one before you remove this one."),
    }
    PREFIX = "fernet:"

    def encrypt(self, text: str) -> str:
        """A second factor's secret is stored encrypted with a key derived from SECRET_KEY (its fallbacks still read)."""
        return self.PREFIX + _fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        if not encrypted_text.startswith(self.PREFIX):
            return encrypted_text
        try:
            return _fernet().decrypt(encrypted_text[len(self.PREFIX):].encode()).decode()
        except InvalidToken:
            return ""  # no code will match: the person sets up their second factor again

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Whoever must use a second factor keeps at least one app or security key."""
        user = authenticator.user
        if user.role not in settings.MFA_REQUIRED_ROLES or authenticator.type == Authenticator.Type.RECOVERY_CODES:
            return True
        return (Authenticator.objects.filter(user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN])
                .exclude(pk=authenticator.pk).exists())
