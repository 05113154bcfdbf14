import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ambassadors import services
from ambassadors.forms import ProfileFieldsMixin
from ambassadors.models import Absence, AvailabilitySlot, FriendInvitation, Status
from ambassadors.tests.factories import ActiveAmbassadorFactory, AmbassadorProfileFactory
from schools.models import SchoolHoliday
from schools.tests.factories import RegionFactory

pytestmark = pytest.mark.django_db


def test_grid_toggle_saves_per_click_and_answers_htmx_with_the_cell(client, ambassador_user):
    client.force_login(ambassador_user)
    url = reverse("ambassadors:availability_toggle")
    response = client.post(url, {"weekday": "2", "part": "morning"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'aria-pressed="true"' in response.content.decode() and "<html" not in response.content.decode()
    assert AvailabilitySlot.objects.filter(profile__user=ambassador_user, weekday=2, part="morning").exists()
    client.post(url, {"weekday": "2", "part": "morning"}, HTTP_HX_REQUEST="true")
    assert not AvailabilitySlot.objects.filter(profile__user=ambassador_user).exists()


def test_grid_works_without_javascript(client, ambassador_user):
    client.force_login(ambassador_user)
    response = client.post(reverse("ambassadors:availability_toggle"), {"weekday": "5", "part": "afternoon"}, follow=True)
    assert "Je beschikbaarheid is opgeslagen." in response.content.decode()


@pytest.mark.parametrize("data", [{"weekday": "6", "part": "morning"}, {"weekday": "x", "part": "morning"},
                                  {"weekday": "1", "part": "avond"}, {}])
def test_grid_refuses_nonexistent_day_parts(client, ambassador_user, data):
    client.force_login(ambassador_user)
    assert client.post(reverse("ambassadors:availability_toggle"), data).status_code == 400
    assert not AvailabilitySlot.objects.exists()


def test_absences_add_and_remove(client, ambassador_user):
    client.force_login(ambassador_user)
    start = timezone.localdate() + datetime.timedelta(days=10)
    response = client.post(reverse("ambassadors:absence_add"), {"start": start.isoformat(),
                                                                "end": (start + datetime.timedelta(days=7)).isoformat(),
                                                                "reason": "holiday", "note": "Zomerreis"})
    assert response.status_code == 302
    absence = Absence.objects.get(profile__user=ambassador_user)
    assert "Zomerreis" in client.get(reverse("ambassadors:availability")).content.decode()
    client.post(reverse("ambassadors:absence_delete", args=[absence.pk]))
    assert not Absence.objects.exists()


def test_absence_with_end_before_start_is_refused(client, ambassador_user):
    client.force_login(ambassador_user)
    response = client.post(reverse("ambassadors:absence_add"), {"start": "2026-12-10", "end": "2026-12-01",
                                                                "reason": "illness", "note": "Griep"})
    assert response.status_code == 400
    assert "De einddatum ligt voor de startdatum." in response.content.decode()
    assert 'value="Griep"' in response.content.decode()
    assert not Absence.objects.exists()


def test_an_ambassador_cannot_remove_anothers_absence(client, ambassador_user):
    other = AmbassadorProfileFactory()
    absence = Absence.objects.create(profile=other, start="2027-01-01", end="2027-01-02", reason="holiday")
    client.force_login(ambassador_user)
    client.post(reverse("ambassadors:absence_delete", args=[absence.pk]))
    assert Absence.objects.filter(pk=absence.pk).exists()


def test_an_ambassador_never_sees_another_profile(client, ambassador_user):
    other = AmbassadorProfileFactory()
    client.force_login(ambassador_user)
    for name in ["ambassadors:staff_detail", "ambassadors:staff_outcome"]:
        assert client.get(reverse(name, args=[other.pk])).status_code == 403
    body = client.get(reverse("ambassadors:dashboard")).content.decode()
    assert other.user.email not in body


def test_pause_and_resume(client):
    profile = ActiveAmbassadorFactory()
    client.force_login(profile.user)
    client.post(reverse("ambassadors:pause_toggle"))
    profile.refresh_from_db()
    assert profile.status == Status.PAUSED
    client.post(reverse("ambassadors:pause_toggle"))
    profile.refresh_from_db()
    assert profile.status == Status.ACTIVE


def test_an_applicant_cannot_pause(client, ambassador_user):
    client.force_login(ambassador_user)
    response = client.post(reverse("ambassadors:pause_toggle"), follow=True)
    assert "Je kunt pauzeren of hervatten zodra je actief bent." in response.content.decode()


def test_dashboard_says_what_is_missing_for_matching(client, ambassador_user):
    client.force_login(ambassador_user)
    body = client.get(reverse("ambassadors:dashboard")).content.decode()
    assert "Nog geen VOG ontvangen." in body


def test_holidays_of_the_region_are_shown(client):
    region = RegionFactory(holiday_region="zuid")
    profile = ActiveAmbassadorFactory(region=region)
    SchoolHoliday.objects.create(holiday_region="zuid", name="Kerstvakantie", start=timezone.localdate(),
                                 end=timezone.localdate() + datetime.timedelta(days=14))
    SchoolHoliday.objects.create(holiday_region="noord", name="Noordvakantie", start=timezone.localdate(),
                                 end=timezone.localdate() + datetime.timedelta(days=14))
    client.force_login(profile.user)
    body = client.get(reverse("ambassadors:availability")).content.decode()
    assert "Kerstvakantie" in body and "Noordvakantie" not in body


def test_profile_edit_with_bad_input_keeps_data(client, ambassador_user):
    client.force_login(ambassador_user)
    response = client.post(reverse("ambassadors:profile_edit"), {"phone": "nee", "postcode": "3511AB", "employer": "ING"})
    assert response.status_code == 400
    assert 'value="ING"' in response.content.decode()
    ambassador_user.ambassador_profile.refresh_from_db()
    assert ambassador_user.ambassador_profile.employer == "Rabobank"


def test_outcome_answers(client, ambassador_user):
    client.force_login(ambassador_user)
    url = reverse("ambassadors:outcome")
    response = client.post(url, {"continue_next_year": "no", "education_job": "planned"})
    assert response.status_code == 400 and "Vertel ons welke baan" in response.content.decode()
    client.post(url, {"continue_next_year": "no", "education_job": "planned",
                      "education_job_description": "Docent economie"})
    profile = ambassador_user.ambassador_profile
    profile.refresh_from_db()
    assert profile.continue_next_year is False and profile.education_job == "planned"
    assert profile.education_job_description == "Docent economie" and profile.outcome_recorded_at


def test_tell_a_friend_sends_a_personal_invitation_with_the_referral_link(client, ambassador_user,
                                                                          django_capture_on_commit_callbacks):
    client.force_login(ambassador_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("ambassadors:friend_invite"), {
            "name": "Kees", "email": "kees@example.nl", "message": "Iets voor jou, Kees!"})
    assert response.status_code == 302
    assert FriendInvitation.objects.get().email == "kees@example.nl"
    [message] = mail.outbox
    assert message.to == ["kees@example.nl"]
    assert "Iets voor jou, Kees!" in message.body
    assert f"?ref={ambassador_user.ambassador_profile.referral_code}" in message.body
    assert ambassador_user.get_full_name() in message.subject


def test_every_profile_field_the_forms_show_is_saved():
    # The application and profile forms share these fields; the service saves exactly these.
    assert list(ProfileFieldsMixin.base_fields) == services.PROFILE_FIELDS


def test_the_ambassadors_page_shows_the_planned_intake_talk(client, staff_user):
    profile = AmbassadorProfileFactory(status=Status.INTAKE_PLANNED, intake_by=staff_user,
                                       intake_at=timezone.make_aware(datetime.datetime(2030, 3, 14, 10, 30)),
                                       intake_place="Oudegracht 12, Utrecht")
    client.force_login(profile.user)
    body = client.get(reverse("ambassadors:dashboard")).content.decode()
    assert "Je intakegesprek" in body and "donderdag 14 maart 2030, 10:30" in body
    assert "Oudegracht 12, Utrecht" in body and f"Je spreekt met {staff_user.get_full_name()}." in body
