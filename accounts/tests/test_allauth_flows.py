"""allauth's own flows: their e-mails go through the Celery task, in Dutch."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_password_reset_mail_is_dutch_and_the_link_works(client, researcher_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": researcher_user.email})
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == [researcher_user.email]
    assert "wachtwoord" in message.subject.lower()
    link = next(word for word in message.body.split() if "/accounts/password/reset/key/" in word)
    page = client.get(link, follow=True)
    assert page.status_code == 200
    response = client.post(page.redirect_chain[-1][0] if page.redirect_chain else link,
                           {"password1": "Nieuw-wachtwoord-2026", "password2": "Nieuw-wachtwoord-2026"})
    assert response.status_code == 302
    researcher_user.refresh_from_db()
    assert researcher_user.check_password("Nieuw-wachtwoord-2026")


def test_unknown_address_gets_no_reset_link_and_the_page_gives_no_hint(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": "onbekend@example.nl"})
    assert response.status_code == 302  # same answer as for a known address
    # The owner of the address only hears that no account exists for it; nothing to reset with.
    [message] = mail.outbox
    assert message.to == ["onbekend@example.nl"] and "/password/reset/key/" not in message.body
    assert message.subject.endswith("Onbekend account")


def test_unverified_address_must_be_confirmed_before_login(client, researcher_user, django_capture_on_commit_callbacks):
    EmailAddress.objects.filter(user=researcher_user).update(verified=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_login"), {"login": researcher_user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    [message] = mail.outbox
    assert message.to == [researcher_user.email]
    assert "bevestig" in (message.subject + message.body).lower()


def test_change_password_requires_the_old_one(client, staff_user):
    client.force_login(staff_user)
    response = client.post(reverse("account_change_password"),
                           {"oldpassword": "fout", "password1": "Nieuw-wachtwoord-2026", "password2": "Nieuw-wachtwoord-2026"})
    assert response.status_code == 200
    assert "Geef je huidige wachtwoord op." in response.content.decode()
    staff_user.refresh_from_db()
    assert staff_user.check_password(PASSWORD)


def test_the_owner_is_told_of_a_changed_password_and_where_it_came_from(client, ambassador_user,
                                                                        django_capture_on_commit_callbacks):
    client.force_login(ambassador_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_change_password"), {"oldpassword": PASSWORD, "password1": "Nieuw-wachtwoord-2026",
                                                         "password2": "Nieuw-wachtwoord-2026"},
                    REMOTE_ADDR="198.51.100.20")
    [message] = mail.outbox
    assert message.to == [ambassador_user.email] and "Je wachtwoord is gewijzigd." in message.body
    assert "198.51.100.20" in message.body
