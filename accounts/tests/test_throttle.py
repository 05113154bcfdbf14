"""Wrong passwords slow down whoever types them; the owner, elsewhere, logs in as usual (accounts.throttle)."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from accounts import throttle
from accounts.models import AuditEvent
from accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()


def attempt(client, user, password, ip):
    return client.post(reverse("account_login"), {"login": user.email, "password": password}, REMOTE_ADDR=ip)


def logged_in(response) -> bool:
    return response.status_code == 302 and response.url != reverse("account_login")


def slowed(response) -> bool:
    return response.status_code == 200 and "Te vaak een verkeerd wachtwoord vanaf hier" in response.content.decode()


def test_an_attackers_wrong_passwords_do_not_lock_the_owner_out(client, ambassador_user):
    for _ in range(10):
        attempt(client, ambassador_user, "geraden", "203.0.113.9")
    assert logged_in(attempt(client, ambassador_user, PASSWORD, "198.51.100.20"))


def test_the_guesser_waits_longer_after_every_failure_and_even_the_right_password_waits(client, ambassador_user):
    guesser = "203.0.113.9"
    for _ in range(throttle.ACCOUNT_AND_ADDRESS.free):
        assert not slowed(attempt(client, ambassador_user, "geraden", guesser))
    assert not slowed(attempt(client, ambassador_user, "geraden", guesser))  # the first slowed attempt goes through
    assert slowed(attempt(client, ambassador_user, "geraden", guesser))  # the next one must wait
    assert slowed(attempt(client, ambassador_user, PASSWORD, guesser))  # a waiting attempt is not even checked
    assert "_auth_user_id" not in client.session


def test_delays_double_up_to_a_cap():
    scope = throttle.ACCOUNT_AND_ADDRESS
    delays = [throttle.delay_for(scope, failures) for failures in range(scope.free + 12)]
    assert delays[:scope.free] == [0] * scope.free
    assert delays[scope.free:scope.free + 4] == [1, 2, 4, 8]
    assert max(delays) == scope.cap == 15 * 60


def test_a_waiting_attempt_does_not_count_so_nobody_pushes_the_wait_up(client, ambassador_user):
    guesser = "203.0.113.9"
    for _ in range(throttle.ACCOUNT_AND_ADDRESS.free + 1):
        attempt(client, ambassador_user, "geraden", guesser)
    counter = f"login-throttle:account-ip:{ambassador_user.email}|{guesser}:failures"
    before = cache.get(counter)
    for _ in range(5):
        attempt(client, ambassador_user, "geraden", guesser)
    assert cache.get(counter) == before


def test_guessing_from_many_addresses_slows_the_account_until_the_owner_resets_the_password(
        client, ambassador_user, django_capture_on_commit_callbacks):
    for n in range(throttle.ACCOUNT.free + 1):
        attempt(client, ambassador_user, "geraden", f"203.0.113.{n + 1}")
    owner = "198.51.100.20"
    response = attempt(client, ambassador_user, PASSWORD, owner)
    assert slowed(response) and "stel een nieuw wachtwoord in" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": ambassador_user.email}, REMOTE_ADDR=owner)
    link = next(word for word in mail.outbox[-1].body.split() if "/accounts/password/reset/key/" in word)
    page = client.get(link, follow=True, REMOTE_ADDR=owner)
    client.post(page.redirect_chain[-1][0], {"password1": "Nieuw-wachtwoord-2026", "password2": "Nieuw-wachtwoord-2026"},
                REMOTE_ADDR=owner)
    assert logged_in(attempt(client, ambassador_user, "Nieuw-wachtwoord-2026", owner))


def test_logins_and_failed_logins_are_recorded(client, ambassador_user):
    attempt(client, ambassador_user, "geraden", "203.0.113.9")
    attempt(client, ambassador_user, PASSWORD, "198.51.100.20")
    failed = AuditEvent.objects.get(action="user.login_failed")
    assert failed.subject == ambassador_user and failed.actor is None and failed.ip_address == "203.0.113.9"
    success = AuditEvent.objects.get(action="user.logged_in")
    assert success.actor == ambassador_user and success.ip_address == "198.51.100.20"


def test_an_unknown_address_is_slowed_just_the_same(client):
    """The throttle says nothing about whether an address has an account."""
    class Nobody:
        email = "niemand@example.nl"

    for _ in range(throttle.ACCOUNT_AND_ADDRESS.free + 1):
        attempt(client, Nobody, "geraden", "203.0.113.9")
    assert slowed(attempt(client, Nobody, "geraden", "203.0.113.9"))


def test_the_administration_logs_in_through_the_sites_login(client, staff_user):
    """Its own login would skip the throttle and the second factor."""
    response = client.get("/admin/login/")
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    response = client.post("/admin/login/", {"username": staff_user.email, "password": PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" not in client.session
