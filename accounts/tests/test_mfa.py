"""Two-factor login (allauth's mfa): required for staff and researchers, offered to everyone, changed only after the
password (or a code) is asked again."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core import mail
from django.urls import reverse

from accounts.models import AuditEvent, Role
from accounts.tests.factories import PASSWORD, TOTP_SECRET, UserFactory
from accounts.totp import fresh_codes, totp

pytestmark = pytest.mark.django_db


def test_the_password_alone_does_not_log_in_an_account_with_an_authenticator(client, staff_user):
    response = client.post(reverse("account_login"), {"login": staff_user.email, "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000" if totp(TOTP_SECRET) != "000000" else "111111"})
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session
    for code in fresh_codes(TOTP_SECRET):
        response = client.post(reverse("mfa_authenticate"), {"code": code})
        if response.status_code == 302:
            break
    assert client.session["_auth_user_id"] == str(staff_user.pk)


def test_a_recovery_code_logs_in_once(client, staff_user):
    codes = RecoveryCodes.activate(staff_user).get_unused_codes()
    client.post(reverse("account_login"), {"login": staff_user.email, "password": PASSWORD})
    assert client.post(reverse("mfa_authenticate"), {"code": codes[0]}).status_code == 302
    client.logout()
    client.post(reverse("account_login"), {"login": staff_user.email, "password": PASSWORD})
    assert client.post(reverse("mfa_authenticate"), {"code": codes[0]}).status_code == 200
    assert "_auth_user_id" not in client.session


def test_secrets_are_stored_encrypted(staff_user):
    stored = Authenticator.objects.get(user=staff_user, type=Authenticator.Type.TOTP).data["secret"]
    assert stored.startswith("fernet:") and TOTP_SECRET not in stored


def test_staff_keep_their_last_second_factor_others_may_remove_theirs(client, staff_user,
                                                                    django_capture_on_commit_callbacks):
    client.force_login(staff_user)
    reauthenticate(client, PASSWORD)
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 200 and "houden altijd een tweede stap" in response.content.decode()
    assert Authenticator.objects.filter(user=staff_user, type="totp").exists()
    ambassador = UserFactory(role=Role.AMBASSADOR, mfa=True)
    client.force_login(ambassador)
    reauthenticate(client, PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("mfa_deactivate_totp")).status_code == 302
    assert not Authenticator.objects.filter(user=ambassador, type="totp").exists()
    assert AuditEvent.objects.get(action="mfa.removed").actor == ambassador


def reauthenticate(client, password):
    response = client.post(reverse("account_reauthenticate"), {"password": password})
    assert response.status_code == 302


def test_changing_the_address_or_second_factor_asks_for_the_password_again(client, ambassador_user):
    """(Changing the password asks for the current one in its own form: see test_allauth_flows.)"""
    client.force_login(ambassador_user)
    attempts = [
        ("post", reverse("account_email"), {"action_add": "", "email": "nieuw@example.nl"}),
        ("get", reverse("mfa_activate_totp"), {}),
        ("get", reverse("mfa_generate_recovery_codes"), {}),
    ]
    for method, url, data in attempts:
        response = getattr(client, method)(url, data)
        assert response.status_code == 302 and response.url.startswith(reverse("account_reauthenticate")), url
    ambassador_user.refresh_from_db()
    assert ambassador_user.email != "nieuw@example.nl"
    reauthenticate(client, PASSWORD)
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


def test_everyone_may_set_up_an_authenticator_app_and_it_is_recorded(client, ambassador_user,
                                                                     django_capture_on_commit_callbacks):
    client.force_login(ambassador_user)
    reauthenticate(client, PASSWORD)
    page = client.get(reverse("mfa_activate_totp")).content.decode()
    secret = page.split('id="authenticator_secret"')[1].split('value="')[1].split('"')[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_activate_totp"), {"code": totp(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=ambassador_user, type="totp").exists()
    assert AuditEvent.objects.filter(action="mfa.added", actor=ambassador_user).exists()


def test_staff_change_their_address_with_a_code_sent_to_the_new_one(client, staff_user,
                                                                     django_capture_on_commit_callbacks):
    client.force_login(staff_user)
    reauthenticate(client, PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_email"), {"action_add": "", "email": "nieuw.adres@example.nl"})
    assert response.status_code == 302
    [message] = [m for m in mail.outbox if m.to == ["nieuw.adres@example.nl"]]
    code = next(line.strip() for line in message.body.splitlines() if line.strip() and line.strip().isupper()
                and " " not in line.strip())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(response.url, {"code": code})
    staff_user.refresh_from_db()
    assert staff_user.email == "nieuw.adres@example.nl"
    assert AuditEvent.objects.filter(action="email.changed", actor=staff_user).exists()


def test_a_rotated_secret_key_keeps_second_factors_working_through_its_fallbacks(settings):
    from accounts.adapters import MFAAdapter

    adapter = MFAAdapter()
    stored = adapter.encrypt(TOTP_SECRET)
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "een-nieuwe-sleutel-" + "x" * 40, [settings.SECRET_KEY]
    assert adapter.decrypt(stored) == TOTP_SECRET
    settings.SECRET_KEY_FALLBACKS = []
    assert adapter.decrypt(stored) == ""  # no code matches: the person sets up the app again
