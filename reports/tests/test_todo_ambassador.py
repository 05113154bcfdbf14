"""The to-do list on the ambassador's own page: proposals and check-ins to answer, what keeps the screening going,
and what is coming (the intake talk, the next school day and whom to ask for)."""

import datetime as dt

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ambassadors.models import Absence, AvailabilitySlot, Status
from ambassadors.tests.factories import ActiveAmbassadorFactory, AmbassadorProfileFactory
from matching.models import CheckIn, MatchingRun, Placement, Proposal
from matching.tests.factories import make_placement
from reports.todo import for_ambassador
from schools.models import SchoolHoliday
from schools.tests.factories import SchoolFactory, TeacherNeedFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()
TODAY = timezone.localdate(NOW)


@pytest.fixture
def profile(db):
    profile = ActiveAmbassadorFactory()
    AvailabilitySlot.objects.create(profile=profile, weekday=2, part="morning")
    return profile


def offered(profile, *, respond_by, status=Proposal.Status.APPROVED, **fields):
    return Proposal.objects.create(run=MatchingRun.objects.create(), need=TeacherNeedFactory(), ambassador=profile,
                                   score=70, distance_km=2, weekday=2, day_part="morning", status=status,
                                   respond_by=respond_by, **fields)


def todo(profile):
    return for_ambassador(profile, now=NOW)


def kinds(items):
    return [item.kind for item in items]


def next_tuesday(day):
    return day + dt.timedelta(days=(2 - day.isoweekday()) % 7)


def test_an_active_ambassador_with_nothing_waiting_has_an_empty_list(profile):
    assert not todo(profile)


def test_proposals_to_answer_until_their_last_day(profile):
    last_day = offered(profile, respond_by=TODAY)
    later = offered(profile, respond_by=TODAY + dt.timedelta(days=4), school_response="accepted")
    offered(profile, respond_by=TODAY - dt.timedelta(days=1))  # too late: it lapses
    offered(profile, respond_by=TODAY + dt.timedelta(days=4), ambassador_response="accepted")  # answered
    offered(profile, respond_by=None, status=Proposal.Status.PROPOSED)  # staff still decide
    offered(ActiveAmbassadorFactory(), respond_by=TODAY)  # someone else's
    items = todo(profile).items
    assert [item.url for item in items] == [f"/matching/proposals/{last_day.pk}/answer/",
                                            f"/matching/proposals/{later.pk}/answer/"]
    assert [(item.days, item.urgent) for item in items] == [(0, True), (4, False)]
    assert last_day.need.school.name in items[0].text and last_day.need.title in items[0].text


def test_check_ins_of_the_ambassador_once_due(profile):
    placement = make_placement(ambassador=profile)
    due = CheckIn.objects.create(placement=placement, side=CheckIn.Side.AMBASSADOR, due_on=TODAY)
    CheckIn.objects.create(placement=placement, side=CheckIn.Side.AMBASSADOR, due_on=TODAY + dt.timedelta(days=1))
    CheckIn.objects.create(placement=placement, side=CheckIn.Side.SCHOOL, due_on=TODAY - dt.timedelta(days=2))
    CheckIn.objects.create(placement=make_placement(ambassador=profile, status="ended"),
                           side=CheckIn.Side.AMBASSADOR, due_on=TODAY)
    CheckIn.objects.create(placement=make_placement(), side=CheckIn.Side.AMBASSADOR, due_on=TODAY)  # someone else's
    items = [item for item in todo(profile).items if item.kind == "checkin"]
    assert [(item.url, item.days) for item in items] == [(f"/matching/checkins/{due.pk}/", 0)]
    assert placement.need.school.name in items[0].text


def test_what_keeps_the_screening_going():
    waiting = AmbassadorProfileFactory(status=Status.VOG_REQUESTED, vog_status="requested",
                                       vog_requested_on=TODAY - dt.timedelta(days=9))
    items = todo(waiting).items
    assert kinds(items) == ["vog", "availability", "postcode"]
    assert (items[0].url, items[0].days) == ("", 9)
    assert (items[1].url, items[2].url) == ("/ambassadors/availability/", "/ambassadors/profile/")
    AvailabilitySlot.objects.create(profile=waiting, weekday=3, part="afternoon")
    assert kinds(todo(waiting).items) == ["vog", "postcode"]
    gone = AmbassadorProfileFactory(status=Status.DECLINED)
    assert todo(gone).items == []


def test_the_intake_talk_is_coming_up_until_it_has_been_held():
    profile = AmbassadorProfileFactory(status=Status.INTAKE_PLANNED, intake_at=NOW + dt.timedelta(days=2),
                                       intake_place="Online, via Teams")
    [talk, ahead] = todo(profile).upcoming
    assert (talk.kind, talk.detail, talk.date.date()) == ("intake_talk", "Online, via Teams",
                                                          timezone.localdate(NOW + dt.timedelta(days=2)))
    assert ahead.kind == "screening"
    profile.intake_at = NOW - dt.timedelta(minutes=1)
    assert kinds(todo(profile).upcoming) == ["screening"]


@pytest.mark.parametrize(("status", "ahead"), [
    (Status.APPLIED, ["het intakegesprek", "je verklaring omtrent het gedrag (VOG)", "de stichting maakt je actief"]),
    (Status.INTAKE_DONE, ["je verklaring omtrent het gedrag (VOG)", "de stichting maakt je actief"]),
    (Status.VOG_RECEIVED, ["de stichting maakt je actief"]),
    (Status.ACTIVE, None), (Status.PAUSED, None), (Status.DECLINED, None),
])
def test_the_screening_steps_still_ahead(status, ahead):
    items = [item for item in todo(AmbassadorProfileFactory(status=status)).upcoming if item.kind == "screening"]
    if ahead is None:
        assert items == []
    else:
        assert items[0].text.endswith(": " + ", ".join(ahead))


def test_the_next_school_day_with_the_contact_person(profile):
    school = SchoolFactory(contact_name="Ilse Hoekstra", contact_phone="030 123 4567")
    placement = make_placement(ambassador=profile, school=school, start_date=TODAY - dt.timedelta(days=30),
                               end_date=TODAY + dt.timedelta(days=90))
    [day] = todo(profile).upcoming
    assert (day.kind, day.date, day.url) == ("school_day", next_tuesday(TODAY), f"/matching/placements/{placement.pk}/first-day/")
    assert school.name in day.text and "vraag naar Ilse Hoekstra, 030 123 4567" in day.detail


def test_the_next_school_day_skips_holidays_and_absences(profile):
    placement = make_placement(ambassador=profile, start_date=TODAY - dt.timedelta(days=30),
                               end_date=TODAY + dt.timedelta(days=90))
    first = next_tuesday(TODAY)
    SchoolHoliday.objects.create(holiday_region="midden", name="Herfstvakantie", start=first - dt.timedelta(days=1),
                                 end=first + dt.timedelta(days=3))
    SchoolHoliday.objects.create(holiday_region="noord", name="Elders", start=first + dt.timedelta(days=7),
                                 end=first + dt.timedelta(days=7))
    assert placement.need.school.region.holiday_region == "midden"
    assert todo(profile).upcoming[0].date == first + dt.timedelta(days=7)
    Absence.objects.create(profile=profile, start=first + dt.timedelta(days=7), end=first + dt.timedelta(days=7),
                           reason="work")
    assert todo(profile).upcoming[0].date == first + dt.timedelta(days=14)


def test_today_is_the_next_school_day_on_the_placements_weekday(profile):
    tuesday = next_tuesday(TODAY)
    morning = timezone.make_aware(dt.datetime.combine(tuesday, dt.time(7, 30)))
    make_placement(ambassador=profile, start_date=tuesday - dt.timedelta(days=30), end_date=tuesday + dt.timedelta(days=90))
    [day] = for_ambassador(profile, now=morning).upcoming
    assert (day.date, day.days) == (tuesday, 0)


def test_a_placement_over_before_its_next_school_day_has_none(profile):
    weekday = next(TODAY + dt.timedelta(days=k) for k in range(2, 7) if (TODAY + dt.timedelta(days=k)).isoweekday() <= 5)
    over = make_placement(ambassador=profile, start_date=TODAY - dt.timedelta(days=30),
                          end_date=weekday - dt.timedelta(days=1))
    Placement.objects.filter(pk=over.pk).update(weekday=weekday.isoweekday())
    later = next_tuesday(TODAY) + dt.timedelta(days=14)
    make_placement(ambassador=profile, start_date=later, end_date=later, day_part="afternoon")
    assert [item.date for item in todo(profile).upcoming] == [later]


def test_the_page_shows_the_list_and_an_answered_check_in_leaves_it(client, profile):
    placement = make_placement(ambassador=profile)
    due = CheckIn.objects.create(placement=placement, side=CheckIn.Side.AMBASSADOR, due_on=TODAY)
    client.force_login(profile.user)
    body = client.get(reverse("ambassadors:dashboard")).content.decode()
    assert "Te doen" in body and f'href="/matching/checkins/{due.pk}/"' in body and "vandaag aan de beurt" in body
    response = client.post(reverse("matching:checkin", args=[due.pk]), {"relief": "4", "hours_freed": "2,5"})
    assert response.status_code == 302
    body = client.get(reverse("ambassadors:dashboard")).content.decode()
    assert f'href="/matching/checkins/{due.pk}/"' not in body and "Niets te doen op dit moment" in body


def _work(profile, n):
    for i in range(n):
        offered(profile, respond_by=TODAY + dt.timedelta(days=i))
        placement = make_placement(ambassador=profile, start_date=TODAY - dt.timedelta(days=10),
                                   end_date=TODAY + dt.timedelta(days=60), day_part="afternoon" if i % 2 else "morning")
        CheckIn.objects.create(placement=placement, side=CheckIn.Side.AMBASSADOR, due_on=TODAY - dt.timedelta(days=i))


def _measure(client, profile):
    client.get(reverse("ambassadors:dashboard"))
    reset_queries()  # a full log of earlier queries would hide the new ones
    with CaptureQueriesContext(connection) as page:
        body = client.get(reverse("ambassadors:dashboard")).content.decode()
    reset_queries()
    with CaptureQueriesContext(connection) as todo_queries:
        for_ambassador(profile)
    return len(page), len(todo_queries), body


def test_the_list_and_the_page_read_as_many_queries_for_ten_rows_as_for_one(client, profile):
    client.force_login(profile.user)
    _work(profile, 1)
    page_one, todo_one, body = _measure(client, profile)
    assert body.count('data-todo-item="proposal_answer"') == 1
    _work(profile, 9)
    page_ten, todo_ten, body = _measure(client, profile)
    assert body.count('data-todo-item="proposal_answer"') == 10 and body.count('data-todo-item="school_day"') == 10
    assert (page_ten, todo_ten) == (page_one, todo_one)
