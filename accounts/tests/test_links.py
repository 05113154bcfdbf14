"""Links that let someone choose a password: a reset link lasts 24 hours, an invitation INVITATION_VALID_DAYS, both
work once, and neither logs anyone in."""

import datetime
from unittest import mock

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import reverse

from accounts.models import Role
from accounts.services import user_invite
from accounts.tokens import invitation_token_generator

pytestmark = pytest.mark.django_db


def later(generator, hours):
    now = generator._now()
    return mock.patch.object(type(generator), "_now", lambda self: now + datetime.timedelta(hours=hours))


def test_a_reset_link_lasts_24_hours(researcher_user):
    token = default_token_generator.make_token(researcher_user)
    with later(default_token_generator, 23.9):
        assert default_token_generator.check_token(researcher_user, token)
    with later(default_token_generator, 24.1):
        assert not default_token_generator.check_token(researcher_user, token)


def test_an_invitation_lasts_the_days_set_and_a_reset_token_is_no_invitation(researcher_user, settings):
    settings.INVITATION_VALID_DAYS = 3
    token = invitation_token_generator.make_token(researcher_user)
    with later(invitation_token_generator, 3 * 24 - 0.1):
        assert invitation_token_generator.check_token(researcher_user, token)
    with later(invitation_token_generator, 3 * 24 + 0.1):
        assert not invitation_token_generator.check_token(researcher_user, token)
    assert not invitation_token_generator.check_token(researcher_user, default_token_generator.make_token(researcher_user))
    assert not default_token_generator.check_token(researcher_user, token)


def test_an_expired_invitation_link_shows_a_clear_page(client, staff_user, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user_invite(invited_by=staff_user, email="nieuw@example.nl", first_name="N", last_name="V", role=Role.TEACHER)
    link = next(word for word in mail.outbox[0].body.split() if "/accounts/invite/" in word)
    with later(invitation_token_generator, settings.INVITATION_VALID_DAYS * 24 + 1):
        response = client.get(link)
    assert response.status_code == 400 and "Deze link is niet meer geldig" in response.content.decode()


def test_a_password_reset_logs_nobody_in(client, ambassador_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": ambassador_user.email})
    link = next(word for word in mail.outbox[-1].body.split() if "/accounts/password/reset/key/" in word)
    page = client.get(link, follow=True)
    response = client.post(page.redirect_chain[-1][0], {"password1": "Nieuw-wachtwoord-2026",
                                                        "password2": "Nieuw-wachtwoord-2026"})
    assert response.status_code == 302 and "_auth_user_id" not in client.session
    ambassador_user.refresh_from_db()
    assert ambassador_user.check_password("Nieuw-wachtwoord-2026")
