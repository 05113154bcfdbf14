import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_front_door_leads_to_the_two_public_forms_and_log_in_comes_second(client):
    body = client.get("/").content.decode()
    hero = re.search(r'<section class="hero.*?</section>', body, re.S).group(0)
    buttons = re.findall(r'<a class="btn btn-primary btn-lg" href="([^"]+)">([^<]+)</a>', hero)
    assert buttons == [("/schools/intake/", "Meld je school aan"), ("/ambassadors/apply/", "Word onderwijsambassadeur")]
    login = re.search(r'<a href="/accounts/login/">Inloggen</a>', hero)
    assert login and "btn" not in login.group(0)


def test_a_logged_in_visitor_goes_to_their_own_page(client, leader_user):
    client.force_login(leader_user)
    response = client.get("/")
    assert response.status_code == 302 and response.url == "/dashboard/"
