"""A session ends after SESSION_IDLE_TIMEOUT without a request, and SESSION_COOKIE_AGE after it began."""

import time

import pytest
from django.urls import reverse

from accounts.middleware import SESSION_SEEN, SESSION_STARTED

pytestmark = pytest.mark.django_db


def shift(client, **seconds_ago):
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


def test_a_session_ends_after_idling(client, ambassador_user, settings):
    client.force_login(ambassador_user)
    assert client.get(reverse("ambassadors:dashboard")).status_code == 200
    shift(client, **{SESSION_SEEN: settings.SESSION_IDLE_TIMEOUT + 5})
    response = client.get(reverse("ambassadors:dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_a_session_used_all_the_time_still_ends_after_its_lifetime(client, ambassador_user, settings):
    client.force_login(ambassador_user)
    client.get(reverse("ambassadors:dashboard"))
    shift(client, **{SESSION_STARTED: settings.SESSION_COOKIE_AGE + 5, SESSION_SEEN: 10})
    response = client.get(reverse("ambassadors:dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_a_session_in_use_within_its_limits_goes_on(client, ambassador_user, settings):
    client.force_login(ambassador_user)
    client.get(reverse("ambassadors:dashboard"))
    shift(client, **{SESSION_STARTED: settings.SESSION_COOKIE_AGE - 60, SESSION_SEEN: settings.SESSION_IDLE_TIMEOUT - 60})
    assert client.get(reverse("ambassadors:dashboard")).status_code == 200
    assert client.session[SESSION_SEEN] >= int(time.time()) - 5  # the request counts as activity


def test_the_limits_are_settings_with_safe_defaults(settings):
    assert settings.SESSION_IDLE_TIMEOUT == 30 * 60 and settings.SESSION_COOKIE_AGE == 12 * 60 * 60
