"""Links that let someone choose their password: an invitation (or the application's e-mail) is valid for
INVITATION_VALID_DAYS, a password reset (allauth, Django's generator) for PASSWORD_RESET_TIMEOUT (24 hours). Both
tokens stop working once used, since they hash the password and the last login."""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "accounts.tokens.InvitationTokenGenerator"  # a reset token is no invitation token, nor the reverse

    def check_token(self, user, token):
        if not (user and token):
            return False
        try:
            ts_b36, _hash = token.split("-")
            timestamp = base36_to_int(ts_b36)
        except ValueError:
            return False
        if not any(constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
                   for secret in [self.secret, *self.secret_fallbacks]):
            return False
        return self._num_seconds(self._now()) - timestamp <= settings.INVITATION_VALID_DAYS * 24 * 60 * 60


invitation_token_generator = InvitationTokenGenerator()
