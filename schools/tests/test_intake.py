import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from schools import school_year
from schools.models import Intake
from schools.tests.factories import IntakeFactory, RegionFactory

pytestmark = pytest.mark.django_db

URL = "/schools/intake/"


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def valid(**overrides):
    data = {
        "leader_name": "Annemieke de Groot",
        "leader_phone": "06-12345678",
        "leader_email": "A.deGroot@DeRegenboog.nl",
        "school_name": "Basisschool De Regenboog",
        "school_type": "po",
        "brin": "12ab",
        "board_name": "Stichting Katholiek Onderwijs Utrecht",
        "postcode": "3511ab",
        "city": "Utrecht",
        "school_profile": "Wijkschool met 320 leerlingen.",
        "support_request": "Hulp bij lezen in groep 4.",
        "school_year": str(school_year.next_school_year()),
        "ambassadors_wanted": "2",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def submit(client, capture, **overrides):
    with capture(execute=True):
        return client.post(URL, valid(**overrides))


def test_form_shows_next_school_year_by_default(client):
    body = client.get(URL).content.decode()
    nxt = school_year.next_school_year()
    assert f'<option value="{nxt}" selected>{school_year.label(nxt)}</option>' in body
    assert "Meld je school aan" in body


def test_valid_intake_is_saved_normalised_and_confirmed_in_dutch(client, django_capture_on_commit_callbacks):
    region = RegionFactory(name="Utrecht", slug="utrecht")
    region.postcode_ranges.create(start=3500, end=3585)
    response = submit(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response.url == reverse("schools:intake_done")
    intake = Intake.objects.get()
    assert intake.leader_phone == "06 12345678"
    assert intake.postcode == "3511 AB"
    assert intake.brin == "12AB"
    assert intake.leader_email == "a.degroot@deregenboog.nl"
    assert intake.region == region
    assert intake.latitude and 51.9 < intake.latitude < 52.2
    assert intake.status == Intake.Status.SUBMITTED and intake.consent_at
    [message] = mail.outbox
    assert message.to == ["a.degroot@deregenboog.nl"]
    assert message.subject == f"We hebben je aanmelding voor schooljaar {intake.school_year_label} ontvangen"
    assert f"nummer {intake.pk}" in message.body
    done = client.get(reverse("schools:intake_done")).content.decode()
    assert "a.degroot@deregenboog.nl" in done


def test_confirmation_in_english_for_an_english_visitor(client, django_capture_on_commit_callbacks):
    client.cookies["django_language"] = "en"
    submit(client, django_capture_on_commit_callbacks)
    [message] = mail.outbox
    intake = Intake.objects.get()
    assert message.subject == f"We received your registration for school year {intake.school_year_label}"
    assert intake.language == "en"


def test_the_confirmation_carries_nothing_the_sender_typed(client, django_capture_on_commit_callbacks):
    """Anyone can type any address into the public form: the e-mail it sends repeats none of the typed text."""
    typed = {"school_name": "Win een iPhone op http://spam.example", "leader_name": "Gratis geld",
             "board_name": "Klik hier nu", "support_request": "Bezoek http://spam.example/nu"}
    submit(client, django_capture_on_commit_callbacks, **typed)
    [message] = mail.outbox
    html = message.alternatives[0][0]
    for text in ("iPhone", "spam.example", "Gratis geld", "Klik hier"):
        assert text not in message.subject and text not in message.body and text not in html


@pytest.mark.parametrize("field,value,error", [
    ("leader_phone", "12345", "Vul een Nederlands telefoonnummer in"),
    ("leader_phone", "+44 20 7946 0958", "Vul een Nederlands telefoonnummer in"),
    ("postcode", "0123 AB", "Vul een Nederlandse postcode in"),
    ("postcode", "3511 SS", "Vul een Nederlandse postcode in"),
    ("brin", "ABCD", "BRIN-nummer"),
    ("leader_email", "geen-adres", "Voer een geldig e-mailadres in."),
    ("ambassadors_wanted", "0", "Zorg ervoor dat deze waarde minstens 1 is."),
    ("ambassadors_wanted", "veel", "Voer een geheel getal in."),
    ("school_year", "1999", "Selecteer een geldige keuze."),
    ("consent", "", "Dit veld is verplicht."),
    ("school_name", "", "Dit veld is verplicht."),
])
def test_bad_input_shows_a_clear_error_keeps_input_and_saves_nothing(client, django_capture_on_commit_callbacks,
                                                                     field, value, error):
    response = submit(client, django_capture_on_commit_callbacks, **{field: value})
    body = response.content.decode()
    assert response.status_code == 400
    assert error in body
    assert "Nog niet alles is goed ingevuld." in body
    assert 'value="Annemieke de Groot"' in body
    assert "Wijkschool met 320 leerlingen." in body
    assert Intake.objects.count() == 0
    assert mail.outbox == []


def test_honeypot_looks_like_success_but_saves_nothing(client, django_capture_on_commit_callbacks):
    response = submit(client, django_capture_on_commit_callbacks, website="http://spam.example")
    assert response.status_code == 302
    assert Intake.objects.count() == 0
    assert mail.outbox == []


def test_rate_limit_per_email_address(client, django_capture_on_commit_callbacks, settings):
    settings.INTAKE_RATE = "2/h"
    for n in range(2):
        assert submit(client, django_capture_on_commit_callbacks, school_name=f"School {n}", brin="").status_code == 302
    response = submit(client, django_capture_on_commit_callbacks, school_name="School 3", brin="",
                      REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 429
    body = response.content.decode()
    assert "Probeer het over een uur opnieuw." in body
    assert 'value="School 3"' in body
    assert Intake.objects.count() == 2


def test_rate_limit_per_client_address(client, django_capture_on_commit_callbacks, settings):
    settings.INTAKE_RATE = "2/h"
    for n in range(2):
        submit(client, django_capture_on_commit_callbacks, leader_email=f"l{n}@school.nl", school_name=f"S{n}", brin="")
    response = submit(client, django_capture_on_commit_callbacks, leader_email="ander@school.nl", school_name="S3", brin="")
    assert response.status_code == 429
    assert Intake.objects.count() == 2


def test_second_intake_for_same_school_and_year_is_flagged_not_doubled(client, django_capture_on_commit_callbacks):
    submit(client, django_capture_on_commit_callbacks)
    submit(client, django_capture_on_commit_callbacks, leader_email="conrector@deregenboog.nl", brin="",
           school_name="basisschool  de regenboog")
    first, second = Intake.objects.order_by("created_at")
    assert second.duplicate_of == first
    # A name typed with a double space is stored with one, so a third intake typed the same way is found too.
    submit(client, django_capture_on_commit_callbacks, leader_email="ib@deregenboog.nl", brin="",
           school_name="basisschool  de regenboog")
    assert second.school_name == "basisschool de regenboog"
    assert Intake.objects.order_by("-created_at").first().duplicate_of == first
    # Same school for another school year is not a duplicate.
    submit(client, django_capture_on_commit_callbacks, school_year=str(school_year.next_school_year() + 1))
    assert Intake.objects.order_by("-created_at").first().duplicate_of is None


def test_duplicate_by_brin_even_with_another_name(client, django_capture_on_commit_callbacks):
    original = IntakeFactory(brin="12AB", school_year=school_year.next_school_year())
    submit(client, django_capture_on_commit_callbacks, school_name="Regenboogschool", brin="12 ab")
    assert Intake.objects.exclude(pk=original.pk).get().duplicate_of == original
