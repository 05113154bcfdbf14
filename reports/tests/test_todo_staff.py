"""The staff dashboard's to-do list: each kind of pending work with its count and its oldest row, the oldest first,
within the region chosen on the dashboard."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import ErasureRequest, Message, MessageKind
from accounts.tests.factories import UserFactory
from ambassadors.models import Status, StatusChange
from ambassadors.tests.factories import ActiveAmbassadorFactory, AmbassadorProfileFactory
from matching.models import MatchingRun, Placement, Proposal
from matching.tests.factories import make_placement
from reports.todo import for_staff
from schools.models import Intake
from schools.tests.factories import IntakeFactory, RegionFactory, SchoolFactory, TeacherNeedFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def ago(days):
    return NOW - dt.timedelta(days=days)


def intake(days, **fields):
    item = IntakeFactory(**fields)
    Intake.objects.filter(pk=item.pk).update(created_at=ago(days))
    return item


def applicant(status, days, **fields):
    """An ambassador who reached `status` `days` ago."""
    profile = AmbassadorProfileFactory(status=status, **fields)
    change = StatusChange.objects.create(profile=profile, from_status="", to_status=status)
    StatusChange.objects.filter(pk=change.pk).update(at=ago(days))
    return profile


def proposal(days, school=None, status=Proposal.Status.PROPOSED):
    run = MatchingRun.objects.create(status=MatchingRun.Status.DONE)
    MatchingRun.objects.filter(pk=run.pk).update(created_at=ago(days))
    return Proposal.objects.create(run=run, need=TeacherNeedFactory(school=school or SchoolFactory()),
                                   ambassador=ActiveAmbassadorFactory(), score=60, distance_km=3, weekday=2,
                                   day_part="morning", status=status)


def kinds(todo):
    return {item.kind: item for item in todo.items}


def test_nothing_pending_gives_an_empty_list_and_the_page_says_so_kindly(client, staff_user):
    IntakeFactory(status=Intake.Status.APPROVED)
    AmbassadorProfileFactory(status=Status.ACTIVE)
    assert for_staff().items == []
    client.force_login(staff_user)
    body = client.get(reverse("reports:staff_dashboard")).content.decode()
    assert "Te doen" in body and "Niets te doen" in body


def test_new_intakes_are_counted_with_their_oldest_and_decided_ones_are_not():
    utrecht, leiden = RegionFactory(slug="utrecht"), RegionFactory(slug="leiden")
    oldest = intake(10, region=utrecht)
    intake(3, region=utrecht)
    intake(20, region=leiden)
    intake(40, region=utrecht, status=Intake.Status.APPROVED)
    intake(50, region=utrecht, status=Intake.Status.WAITLISTED)
    intake(60, region=utrecht, status=Intake.Status.DECLINED)

    everywhere = kinds(for_staff(now=NOW))["intakes"]
    assert (everywhere.count, everywhere.days) == (3, 20)
    item = kinds(for_staff(region=utrecht, now=NOW))["intakes"]
    assert (item.count, item.days, item.text) == (2, 10, "2 nieuwe aanmeldingen te beoordelen")
    assert item.url == f"/schools/intakes/?status=submitted&region={utrecht.pk}"
    assert item.oldest_url == f"/schools/intakes/{oldest.pk}/"


def test_applications_per_screening_step_count_from_the_day_they_reached_it():
    region = RegionFactory()
    first = applicant(Status.APPLIED, 9, region=region)
    applicant(Status.APPLIED, 2, region=region)
    applicant(Status.APPLIED, 30)  # another region
    done = applicant(Status.INTAKE_DONE, 4, region=region)
    applicant(Status.VOG_REQUESTED, 15, region=region)
    applicant(Status.VOG_RECEIVED, 1, region=region)
    for status in (Status.ACTIVE, Status.PAUSED, Status.DECLINED, Status.ENDED):
        applicant(status, 100, region=region)

    todo = kinds(for_staff(region=region, now=NOW))
    assert set(todo) == {"screening_applied", "screening_intake_done", "screening_vog_requested",
                         "screening_vog_received"}
    applied = todo["screening_applied"]
    assert (applied.count, applied.days) == (2, 9)
    assert applied.url == f"/ambassadors/all/?status=applied&region={region.pk}"
    assert applied.oldest_url == f"/ambassadors/{first.pk}/"
    assert todo["screening_intake_done"].oldest_url == f"/ambassadors/{done.pk}/"
    assert todo["screening_vog_requested"].text == "1 VOG aangevraagd en nog niet binnen"


def test_an_intake_talk_counts_once_its_time_has_come():
    applicant(Status.INTAKE_PLANNED, 20, intake_at=NOW + dt.timedelta(hours=1))
    assert "screening_intake_planned" not in kinds(for_staff(now=NOW))
    held = applicant(Status.INTAKE_PLANNED, 20, intake_at=NOW)
    item = kinds(for_staff(now=NOW))["screening_intake_planned"]
    assert (item.count, item.days, item.oldest_url) == (1, 0, f"/ambassadors/{held.pk}/")


def test_proposals_to_approve_in_the_region_with_the_age_of_their_run():
    region = RegionFactory()
    proposal(6, school=SchoolFactory(region=region))
    proposal(2, school=SchoolFactory(region=region))
    proposal(30)  # another region
    proposal(40, school=SchoolFactory(region=region), status=Proposal.Status.APPROVED)
    proposal(40, school=SchoolFactory(region=region), status=Proposal.Status.REJECTED)
    item = kinds(for_staff(region=region, now=NOW))["proposals"]
    assert (item.count, item.days, item.url) == (2, 6, f"/matching/?region={region.pk}")


def test_flagged_placements_that_still_run_are_counted():
    region = RegionFactory()
    flagged = make_placement(school=SchoolFactory(region=region))
    Placement.objects.filter(pk=flagged.pk).update(flagged=True, created_at=ago(12))
    make_placement(school=SchoolFactory(region=region))  # not flagged
    ended = make_placement(school=SchoolFactory(region=region), status=Placement.Status.ENDED_EARLY)
    Placement.objects.filter(pk=ended.pk).update(flagged=True)
    elsewhere = make_placement()
    Placement.objects.filter(pk=elsewhere.pk).update(flagged=True)

    item = kinds(for_staff(region=region, now=NOW))["flagged"]
    assert (item.count, item.days) == (1, 12)
    assert item.url == f"/matching/placements/?flagged=on&region={region.pk}"
    assert item.oldest_url == f"/matching/placements/{flagged.pk}/"
    assert kinds(for_staff(now=NOW))["flagged"].count == 2


def test_requests_for_erasure_and_failed_messages_show_whatever_the_region():
    request = ErasureRequest.objects.create(user=UserFactory(role="ambassador"), requested_at=ago(20))
    ErasureRequest.objects.create(user=UserFactory(role="ambassador"), requested_at=ago(90),
                                  status=ErasureRequest.Status.REFUSED, refusal_reason="Wettelijke bewaarplicht")
    failed = Message.objects.create(kind=MessageKind.STAFF_DIGEST, occasion="x", to_email="a@example.nl",
                                    language="nl", subject="Overzicht", body_text="…", state=Message.State.FAILED)
    Message.objects.create(kind=MessageKind.STAFF_DIGEST, occasion="y", to_email="b@example.nl", language="nl",
                           subject="Overzicht", body_text="…", state=Message.State.SENT)
    todo = kinds(for_staff(region=RegionFactory(), now=NOW))
    assert (todo["erasure"].count, todo["erasure"].days) == (1, 20)
    assert todo["erasure"].oldest_url == f"/staff/erasure/{request.pk}/"
    assert todo["failed_messages"].count == 1
    assert todo["failed_messages"].url == "/accounts/messages/?state=failed"
    assert todo["failed_messages"].oldest_url == f"/accounts/messages/{failed.pk}/"


def test_a_request_for_erasure_is_urgent_in_the_last_week_of_its_month():
    """The AVG gives a month to answer: from seven days before that month ends, the request is urgent."""
    def asked(days_left):
        last_day = timezone.localdate(NOW) + dt.timedelta(days=days_left)
        return timezone.make_aware(dt.datetime.combine(last_day - relativedelta(months=1), dt.time(12)))

    request = ErasureRequest.objects.create(user=UserFactory(role="ambassador"), requested_at=asked(8))
    assert not kinds(for_staff(now=NOW))["erasure"].urgent
    ErasureRequest.objects.filter(pk=request.pk).update(requested_at=asked(7))
    assert kinds(for_staff(now=NOW))["erasure"].urgent


def test_the_kinds_of_work_come_oldest_first():
    intake(3)
    applicant(Status.VOG_RECEIVED, 30)
    proposal(10)
    assert [item.kind for item in for_staff(now=NOW).items] == ["screening_vog_received", "proposals", "intakes"]


def test_the_dashboard_shows_the_list_within_its_region_filter(client, staff_user):
    utrecht, leiden = RegionFactory(name="Utrecht", slug="utrecht"), RegionFactory(name="Leiden", slug="leiden")
    intake(5, region=utrecht)
    intake(5, region=utrecht)
    intake(5, region=leiden)
    client.force_login(staff_user)
    body = client.get(reverse("reports:staff_dashboard")).content.decode()
    assert "3 nieuwe aanmeldingen te beoordelen" in body
    body = client.get(reverse("reports:staff_dashboard"), {"region": "utrecht"}).content.decode()
    assert "2 nieuwe aanmeldingen te beoordelen" in body and "· Utrecht" in body
    assert f'href="/schools/intakes/?status=submitted&amp;region={utrecht.pk}"' in body
    # A bad filter keeps the list (for all regions) beside the form's error.
    response = client.get(reverse("reports:staff_dashboard"), {"region": "atlantis"})
    assert response.status_code == 400
    assert "3 nieuwe aanmeldingen te beoordelen" in response.content.decode()


def _pending_work(region, n):
    for i in range(n):
        intake(i + 1, region=region)
        applicant(Status.APPLIED, i + 1, region=region)
        applicant(Status.VOG_REQUESTED, i + 1, region=region)
        proposal(i + 1, school=SchoolFactory(region=region))
        placement = make_placement(school=SchoolFactory(region=region))
        Placement.objects.filter(pk=placement.pk).update(flagged=True)
        ErasureRequest.objects.create(user=UserFactory(role="ambassador"))


def _dashboard_queries(client, region) -> tuple[int, str]:
    url = reverse("reports:staff_dashboard")
    client.get(url, {"region": region.slug})  # caches warm
    reset_queries()  # a full log of earlier queries would hide the new ones
    with CaptureQueriesContext(connection) as queries:
        body = client.get(url, {"region": region.slug}).content.decode()
    return len(queries), body


def test_the_dashboard_reads_as_many_queries_for_ten_rows_as_for_one(client, staff_user):
    region = RegionFactory(slug="flat")
    client.force_login(staff_user)
    _pending_work(region, 1)
    one, body = _dashboard_queries(client, region)
    assert "1 nieuwe aanmelding te beoordelen" in body
    _pending_work(region, 9)
    ten, body = _dashboard_queries(client, region)
    assert "10 nieuwe aanmeldingen te beoordelen" in body and "10 verzoeken om verwijdering" in body
    assert ten == one
    reset_queries()  # a full log of earlier queries would hide the new ones
    with CaptureQueriesContext(connection) as queries:
        for_staff(region=region)
    assert len(queries) == 6  # one per kind of work, however many rows


def test_each_item_leads_to_a_list_of_just_that_work_with_its_oldest_row(client, staff_user):
    region = RegionFactory(slug="hier")
    _pending_work(region, 2)
    _pending_work(RegionFactory(slug="elders"), 1)  # never on the lists of this region
    Message.objects.create(kind=MessageKind.STAFF_DIGEST, occasion="x", to_email="a@example.nl", language="nl",
                           subject="Overzicht", body_text="…", state=Message.State.FAILED)
    client.force_login(staff_user)
    items = for_staff(region=region).items
    assert {item.kind for item in items} == {"intakes", "screening_applied", "screening_vog_requested", "proposals",
                                             "flagged", "erasure", "failed_messages"}
    for item in items:
        body = client.get(item.url).content.decode()
        if item.oldest_url:
            assert f'href="{item.oldest_url}"' in body, item.kind
            assert client.get(item.oldest_url).status_code == 200
    board = client.get(next(item.url for item in items if item.kind == "proposals")).content.decode()
    assert board.count('<tr id="proposal-') == 2  # this region's, not the other's
