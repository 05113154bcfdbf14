import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_wrong_password_shows_a_dutch_error_and_keeps_the_address(client, staff_user):
    response = client.post(reverse("account_login"), {"login": staff_user.email, "password": "fout"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Het door jou opgegeven e-mailadres en/of wachtwoord is niet correct." in body
    assert f'value="{staff_user.email}"' in body


def test_self_signup_is_closed(client):
    response = client.get(reverse("account_signup"))
    assert "Registratie gesloten" in response.content.decode()
    client.post(reverse("account_signup"), {"email": "x@example.nl", "password1": "Lang-genoeg-2026", "password2": "Lang-genoeg-2026"})
    from accounts.models import User
    assert not User.objects.filter(email="x@example.nl").exists()
