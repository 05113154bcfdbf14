"""Logging in through the real forms, as a person does: the password, then the authenticator app's code."""

from django.urls import reverse

from accounts.tests.factories import PASSWORD, TOTP_SECRET
from accounts.totp import fresh_codes


def log_in(client, email, password=PASSWORD, secret=TOTP_SECRET):
    """The last response: a redirect to where the person lands, or the page that refused them."""
    response = client.post(reverse("account_login"), {"login": email, "password": password})
    if response.status_code == 302 and response.url == reverse("mfa_authenticate"):
        for code in fresh_codes(secret):  # a code is accepted once; a second login within 30 s takes the next one
            response = client.post(reverse("mfa_authenticate"), {"code": code})
            if response.status_code == 302:
                break
    return response
