import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_dutch_is_the_default_whatever_the_browser_asks(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    body = response.content.decode()
    assert '<html lang="nl">' in body
    assert "Direct naar de inhoud" in body
    assert response["Content-Language"] == "nl"


def test_switching_to_english_sticks_and_is_remembered_on_the_account(client, staff_user):
    client.force_login(staff_user)
    response = client.post(reverse("language_set"), {"language": "en", "next": "/staff/"})
    assert response.status_code == 302 and response.url == "/staff/"
    body = client.get("/staff/").content.decode()
    assert '<html lang="en">' in body and "Skip to main content" in body
    staff_user.refresh_from_db()
    assert staff_user.language == "en"
    # On another device (no cookie) the account's choice applies.
    client.cookies.clear()
    client.force_login(staff_user)
    assert '<html lang="en">' in client.get("/staff/").content.decode()


def test_unknown_language_and_foreign_redirect_are_ignored(client):
    response = client.post(reverse("language_set"), {"language": "fr", "next": "https://evil.example/"})
    assert response.status_code == 302 and response.url == "/"
    assert "django_language" not in response.cookies


@pytest.mark.parametrize("next_url", [
    "0", "dashboard", "home", "schools:intake",  # words Django's redirect() would take for view names
    "http://[", "//evil.example/x", "///evil.example", "\\\\evil.example", "javascript:alert(1)",
    "http://[::1]:x/", "", " ",
])
def test_any_bad_next_answers_a_redirect_home_never_a_500(client, next_url):
    response = client.post(reverse("language_set"), {"language": "en", "next": next_url})
    assert response.status_code == 302 and response.url == "/"
    assert response.cookies["django_language"].value == "en"


@pytest.mark.parametrize("next_url", ["/schools/intake/", "/ambassadors/apply/?ref=abc", "/no/such/page/"])
def test_a_local_next_is_followed(client, next_url):
    response = client.post(reverse("language_set"), {"language": "en", "next": next_url})
    assert response.status_code == 302 and response.url == next_url


def test_dates_and_numbers_in_dutch_format():
    from datetime import date

    from django.template import Context, Template
    from django.utils import translation

    with translation.override("nl"):
        rendered = Template('{% load humanize %}{{ d|date:"j F Y" }} {{ n|intcomma }}').render(
            Context({"d": date(2026, 9, 1), "n": 1350000})
        )
    assert rendered == "1 september 2026 1.350.000"
