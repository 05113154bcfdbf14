import datetime
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from ambassadors.models import AmbassadorProfile, Status
from ambassadors.tests.factories import AmbassadorProfileFactory
from schools.tests.factories import RegionFactory

pytestmark = pytest.mark.django_db

URL = "/ambassadors/apply/"


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()


def valid(**overrides):
    data = {
        "first_name": "Pieter", "last_name": "van Dijk", "email": "Pieter.vanDijk@Rabobank.nl", "phone": "0612345678",
        "postcode": "3511ab", "sector": "finance", "employer": "Rabobank", "employer_release": "yes",
        "motivations": ["social", "explore"], "expertise": "Financieel advies", "subjects": "rekenen",
        "preferred_tasks": ["classroom", "invigilation"], "school_types": ["vo"],
        "start_date": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(), "commitment": "school_year",
        "day_amount": "half", "weekdays": ["2", "4"], "part_preference": "morning", "max_distance_km": "12",
        "heard_via": "employer", "referrer_name": "", "referral_code": "", "consent": "on", "website": "",
    }
    data.update(overrides)
    return data


def submit(client, capture, **overrides):
    with capture(execute=True):
        return client.post(URL, valid(**overrides))


def test_application_creates_account_profile_week_and_sends_a_dutch_confirmation(client, django_capture_on_commit_callbacks):
    region = RegionFactory(name="Utrecht", slug="utrecht")
    region.postcode_ranges.create(start=3500, end=3585)
    response = submit(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response.url == reverse("ambassadors:apply_done")
    user = User.objects.get(email="pieter.vandijk@rabobank.nl")
    assert user.role == Role.AMBASSADOR and not user.has_usable_password()
    profile = user.ambassador_profile
    assert profile.status == Status.APPLIED
    assert profile.phone == "06 12345678" and profile.postcode == "3511 AB" and profile.region == region
    assert profile.city == "Utrecht" and profile.latitude
    assert profile.motivations == ["social", "explore"] and profile.school_types == ["vo"]
    assert sorted(profile.slots.values_list("weekday", "part")) == [(2, "morning"), (4, "morning")]
    assert profile.status_changes.get().to_status == Status.APPLIED
    [message] = mail.outbox
    assert message.subject == "Bedankt voor je aanmelding als onderwijsambassadeur"
    assert "/accounts/invite/" in message.body


def test_english_application_gets_an_english_confirmation(client, django_capture_on_commit_callbacks):
    client.cookies["django_language"] = "en"
    submit(client, django_capture_on_commit_callbacks)
    [message] = mail.outbox
    assert message.subject == "Thank you for applying as an education ambassador"
    assert User.objects.get().language == "en"


def test_full_day_gives_both_day_parts(client, django_capture_on_commit_callbacks):
    submit(client, django_capture_on_commit_callbacks, day_amount="full", weekdays=["1"], part_preference="")
    assert sorted(AmbassadorProfile.objects.get().slots.values_list("weekday", "part")) == [(1, "afternoon"), (1, "morning")]


@pytest.mark.parametrize("field,value,error", [
    ("email", "geen-adres", "Voer een geldig e-mailadres in."),
    ("phone", "0201", "Vul een Nederlands telefoonnummer in"),
    ("postcode", "ABCD 12", "Vul een Nederlandse postcode in"),
    ("motivations", [], "Dit veld is verplicht."),
    ("weekdays", ["6"], "Selecteer een geldige keuze."),
    ("max_distance_km", "500", "Zorg ervoor dat deze waarde hoogstens 100 is."),
    ("start_date", "2020-01-01", "Kies een startdatum vanaf vandaag."),
    ("heard_via", "friend", "Wie vertelde je over ons?"),
    ("consent", "", "Dit veld is verplicht."),
])
def test_bad_input_keeps_data_and_creates_nothing(client, django_capture_on_commit_callbacks, field, value, error):
    response = submit(client, django_capture_on_commit_callbacks, **{field: value})
    body = response.content.decode()
    assert response.status_code == 400
    assert error in body
    assert 'value="Rabobank"' in body and "Financieel advies" in body
    assert User.objects.count() == 0 and mail.outbox == []


def main_of(response):
    body = response.content.decode()
    return body[body.index("<main"):body.index("</main>")]


def test_an_address_with_an_account_gets_the_same_answer_and_its_owner_an_e_mail(client,
                                                                                 django_capture_on_commit_callbacks):
    """Nobody learns from the form whether an address has an account; the owner hears what happened."""
    new = submit(client, django_capture_on_commit_callbacks, email="nieuw@example.nl")
    new_page = main_of(client.get(new.url))
    mail.outbox.clear()
    owner = AmbassadorProfileFactory(user__email="pieter.vandijk@rabobank.nl", phone="06 11111111").user
    response = submit(client, django_capture_on_commit_callbacks)
    assert (response.status_code, response.url) == (new.status_code, new.url)
    assert main_of(client.get(response.url)) == new_page.replace("nieuw@example.nl", "pieter.vandijk@rabobank.nl")
    assert User.objects.filter(email__iexact="pieter.vandijk@rabobank.nl").count() == 1
    owner.refresh_from_db()
    assert owner.first_name != "Pieter" and owner.ambassador_profile.phone == "06 11111111"  # nothing overwritten
    [message] = mail.outbox
    assert message.to == ["pieter.vandijk@rabobank.nl"]
    assert message.subject == "Een aanmelding met jouw e-mailadres"
    assert "niets veranderd" in message.body and "/accounts/password/reset/" in message.body
    assert "Rabobank" not in message.body and "Pieter" not in message.body  # nothing the sender typed


def test_the_confirmation_carries_nothing_the_sender_typed(client, django_capture_on_commit_callbacks):
    """The confirmation goes to whatever address was typed: no name, employer or free text of the sender in it."""
    submit(client, django_capture_on_commit_callbacks, first_name="Koop nu", last_name="http://spam.example",
           expertise="Bezoek http://spam.example")
    [message] = mail.outbox
    html = message.alternatives[0][0]
    for typed in ("Koop nu", "spam.example", "Rabobank"):
        assert typed not in message.subject and typed not in message.body and typed not in html


def test_honeypot_and_rate_limit(client, django_capture_on_commit_callbacks, settings):
    assert submit(client, django_capture_on_commit_callbacks, website="x").status_code == 302
    assert User.objects.count() == 0
    settings.APPLICATION_RATE = "1/h"
    cache.clear()
    submit(client, django_capture_on_commit_callbacks, email="een@example.nl")
    response = submit(client, django_capture_on_commit_callbacks, email="twee@example.nl")
    assert response.status_code == 429
    assert "Probeer het over een uur opnieuw." in response.content.decode()
    assert User.objects.count() == 1


def test_referral_link_records_who_told_them(client, ambassador_user, django_capture_on_commit_callbacks):
    referrer = ambassador_user.ambassador_profile
    page = client.get(URL, {"ref": referrer.referral_code}).content.decode()
    assert f'value="{referrer.referral_code}"' in page
    submit(client, django_capture_on_commit_callbacks, heard_via="website", referral_code=referrer.referral_code)
    profile = AmbassadorProfile.objects.get(user__email="pieter.vandijk@rabobank.nl")
    assert profile.referred_by == referrer and profile.heard_via == "friend"
    assert profile.referrer_name == ambassador_user.get_full_name()


def test_the_sector_is_chosen_by_the_applicant_never_preselected(client, django_capture_on_commit_callbacks):
    select = re.search(r'<select name="sector".*?</select>', client.get(URL).content.decode(), re.S).group(0)
    assert re.findall(r"<option[^>]*selected[^>]*>([^<]*)<", select) == ["Kies…"]
    response = submit(client, django_capture_on_commit_callbacks, sector="")
    assert response.status_code == 400 and User.objects.count() == 0
    sector = re.search(r'<select name="sector".*?</select>.*?</div>', response.content.decode(), re.S).group(0)
    assert "Dit veld is verplicht." in sector
