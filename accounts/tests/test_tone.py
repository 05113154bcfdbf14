"""One tone everywhere: the site says "je", also on allauth's pages and in Django's password rules."""

import re

import pytest
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

FORMAL = re.compile(r"\b(?:u|uw|Uw|U|alstublieft|gelieve)\b|a\.u\.b\.")


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_password_rules_speak_to_je_in_dutch(staff_user):
    with translation.override("nl"):
        help_texts = password_validation.password_validators_help_texts()
        with pytest.raises(ValidationError) as short:
            password_validation.validate_password("12345", user=staff_user)
        with pytest.raises(ValidationError) as like_name:
            password_validation.validate_password(staff_user.email.upper(), user=staff_user)
    assert help_texts == [
        "Je wachtwoord lijkt niet op je naam of je e-mailadres.",
        "Je wachtwoord heeft minstens 10 tekens.",
        "Je wachtwoord is geen veelgebruikt wachtwoord.",
        "Je wachtwoord bestaat niet alleen uit cijfers.",
    ]
    assert short.value.messages == [
        "Dit wachtwoord is te kort: gebruik minstens 10 tekens.",
        "Dit wachtwoord komt te vaak voor; kies er een dat moeilijker te raden is.",
        "Dit wachtwoord bestaat alleen uit cijfers; voeg letters of andere tekens toe.",
    ]
    assert like_name.value.messages == ["Dit wachtwoord lijkt te veel op je e-mailadres."]


def test_the_rules_still_hold(staff_user):
    password_validation.validate_password("Een-lang-en-eigen-wachtwoord-77", user=staff_user)  # no error
    for weak in ("kort1", "1234567890123", "password123"):
        with pytest.raises(ValidationError):
            password_validation.validate_password(weak, user=staff_user)


@pytest.mark.parametrize("name", ["account_login", "account_reset_password", "account_reset_password_done"])
def test_allauths_public_pages_never_say_u(client, name):
    text = visible_text(client.get(reverse(name)).content.decode())
    assert FORMAL.findall(text) == []


def test_the_password_change_page_and_its_errors_never_say_u(client, ambassador_user):
    client.force_login(ambassador_user)
    page = visible_text(client.get(reverse("account_change_password")).content.decode())
    assert "Je wachtwoord heeft minstens 10 tekens." in page and FORMAL.findall(page) == []
    response = client.post(reverse("account_change_password"),
                           {"oldpassword": PASSWORD, "password1": "12345", "password2": "12345"})
    errors = visible_text(response.content.decode())
    assert "Dit wachtwoord is te kort: gebruik minstens 10 tekens." in errors and FORMAL.findall(errors) == []
