"""The site's own error pages: inside the layout, in Dutch by default and in English on request."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def in_layout(body):
    return "Direct naar de inhoud" in body or "Skip to main content" in body


def test_a_missing_page_answers_404_in_dutch_inside_the_site(client):
    response = client.get("/bestaat-niet/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in body and "Foutcode 404" in body and in_layout(body)
    assert 'href="/"' in body


def test_the_404_page_in_english(client):
    client.cookies["django_language"] = "en"
    body = client.get("/no-such-page/").content.decode()
    assert "This page does not exist" in body and '<html lang="en">' in body


def test_a_page_of_another_role_answers_403_with_the_way_back(client, ambassador_user):
    client.force_login(ambassador_user)
    response = client.get("/staff/")
    body = response.content.decode()
    assert response.status_code == 403
    assert "Deze pagina is niet voor jou" in body and in_layout(body)
    assert 'href="/dashboard/"' in body


@pytest.mark.urls("config.tests.urls_failing")
def test_a_failure_answers_500_in_the_site_layout_in_dutch_and_english(client):
    client.raise_request_exception = False
    response = client.get("/failing/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Er ging bij ons iets mis" in body and in_layout(body)
    client.cookies["django_language"] = "en"
    body = client.get("/failing/").content.decode()
    assert "Something went wrong on our side" in body and '<html lang="en">' in body


def test_an_expired_form_answers_403_with_what_to_do():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/language/", {"language": "en", "next": "/"})
    body = response.content.decode()
    assert response.status_code == 403
    assert "Dit formulier is verlopen" in body and in_layout(body)


def test_an_unknown_host_answers_400_in_the_site_layout(client):
    client.raise_request_exception = False
    response = client.get("/", HTTP_HOST="evil.example")
    body = response.content.decode()
    assert response.status_code == 400
    assert "We konden dit verzoek niet verwerken" in body and in_layout(body)
