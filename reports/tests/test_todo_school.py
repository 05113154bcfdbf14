"""The to-do list on the school's page: what waits for its leader (or a teacher), and only for this school."""

import datetime as dt

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ambassadors.tests.factories import ActiveAmbassadorFactory
from matching.models import CheckIn, MatchingRun, Proposal
from matching.tests.factories import make_placement
from reports.todo import for_school
from schools.models import School, TeacherNeed
from schools.tests.factories import RegionFactory, SchoolFactory, TeacherNeedFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()
TODAY = timezone.localdate(NOW)


def approved(school, *, respond_by, status=Proposal.Status.APPROVED, **fields):
    return Proposal.objects.create(run=MatchingRun.objects.create(), need=TeacherNeedFactory(school=school),
                                   ambassador=ActiveAmbassadorFactory(), score=70, distance_km=2, weekday=2,
                                   day_part="morning", status=status, respond_by=respond_by, **fields)


def need_posted(school, days_ago, **fields):
    need = TeacherNeedFactory(school=school, **fields)
    TeacherNeed.objects.filter(pk=need.pk).update(created_at=NOW - dt.timedelta(days=days_ago))
    return need


def finished_run(days_ago, region=None, solver=MatchingRun.Solver.FLOW):
    return MatchingRun.objects.create(status=MatchingRun.Status.DONE, solver=solver, region=region,
                                      finished_at=NOW - dt.timedelta(days=days_ago))


def items(user, school):
    return for_school(user, school, now=NOW).items


def by_kind(user, school, kind):
    return [item for item in items(user, school) if item.kind == kind]


def test_a_missing_contact_person_comes_first_for_the_leader_only(leader_user, teacher_user, school):
    School.objects.filter(pk=school.pk).update(contact_email="", contact_phone="")  # a name alone reaches nobody
    school.refresh_from_db()
    approved(school, respond_by=TODAY)
    [first, *_rest] = items(leader_user, school)
    assert (first.kind, first.url) == ("contact_missing", f"/schools/{school.pk}/contact/")
    assert by_kind(teacher_user, school, "contact_missing") == []
    School.objects.filter(pk=school.pk).update(contact_phone="030 123 4567")
    school.refresh_from_db()
    assert by_kind(leader_user, school, "contact_missing") == []


def test_proposals_to_answer_until_their_last_day_soonest_first(leader_user, school):
    later = approved(school, respond_by=TODAY + dt.timedelta(days=5))
    last_day = approved(school, respond_by=TODAY)
    approved(school, respond_by=TODAY - dt.timedelta(days=1))  # too late to answer: it lapses
    approved(school, respond_by=TODAY + dt.timedelta(days=2), school_response="accepted")  # answered: the ambassador's turn
    approved(school, respond_by=TODAY + dt.timedelta(days=2), status=Proposal.Status.PROPOSED)  # staff still decide
    approved(SchoolFactory(), respond_by=TODAY)  # another school's
    found = by_kind(leader_user, school, "proposal_answer")
    assert [item.url for item in found] == [f"/matching/proposals/{last_day.pk}/answer/",
                                            f"/matching/proposals/{later.pk}/answer/"]
    assert (found[0].days, found[0].urgent, found[1].days, found[1].urgent) == (0, True, 5, False)
    assert last_day.ambassador.user.get_full_name() in found[0].text and last_day.need.title in found[0].text


def test_a_teacher_has_no_proposals_to_answer(teacher_user, school):
    approved(school, respond_by=TODAY)
    assert by_kind(teacher_user, school, "proposal_answer") == []


def test_check_ins_of_the_school_once_due_and_while_the_placement_runs(leader_user, teacher_user, school):
    placement = make_placement(school=school)
    due = CheckIn.objects.create(placement=placement, side=CheckIn.Side.SCHOOL, due_on=TODAY)
    late = CheckIn.objects.create(placement=placement, side=CheckIn.Side.SCHOOL, due_on=TODAY - dt.timedelta(days=14))
    CheckIn.objects.create(placement=placement, side=CheckIn.Side.SCHOOL, due_on=TODAY + dt.timedelta(days=1))
    CheckIn.objects.create(placement=placement, side=CheckIn.Side.AMBASSADOR, due_on=TODAY)
    CheckIn.objects.create(placement=placement, side=CheckIn.Side.SCHOOL, due_on=TODAY - dt.timedelta(days=3),
                           relief=4, answered_at=NOW)
    ended = make_placement(school=school, status="ended")
    CheckIn.objects.create(placement=ended, side=CheckIn.Side.SCHOOL, due_on=TODAY)
    CheckIn.objects.create(placement=make_placement(), side=CheckIn.Side.SCHOOL, due_on=TODAY)  # another school's
    found = by_kind(leader_user, school, "checkin")
    assert [item.url for item in found] == [f"/matching/checkins/{late.pk}/", f"/matching/checkins/{due.pk}/"]
    assert [(item.days, item.urgent) for item in found] == [(14, True), (0, False)]
    assert [item.url for item in by_kind(teacher_user, school, "checkin")] == [item.url for item in found]


def test_a_need_is_without_a_match_once_a_run_looked_for_one_in_vain(leader_user, school):
    looked = need_posted(school, 3)
    declined = need_posted(school, 3)
    Proposal.objects.create(run=finished_run(2), need=declined, ambassador=ActiveAmbassadorFactory(), score=50,
                            distance_km=4, weekday=2, day_part="morning", status=Proposal.Status.DECLINED)
    proposed = need_posted(school, 3)
    Proposal.objects.create(run=finished_run(2), need=proposed, ambassador=ActiveAmbassadorFactory(), score=50,
                            distance_km=4, weekday=2, day_part="morning", status=Proposal.Status.PROPOSED)
    need_posted(school, 3, status=TeacherNeed.Status.CLOSED)
    need_posted(school, 3, start_date=TODAY - dt.timedelta(days=60), end_date=TODAY - dt.timedelta(days=1))  # over
    need_posted(school, 0)  # posted after the last run
    need_posted(SchoolFactory(), 3)  # another school's
    finished_run(1)
    found = by_kind(leader_user, school, "need_unmatched")
    assert sorted(item.url for item in found) == sorted([f"/schools/needs/{looked.pk}/", f"/schools/needs/{declined.pk}/"])
    assert looked.title in found[0].text or looked.title in found[1].text


def test_only_a_run_over_the_schools_region_counts(leader_user, school):
    need_posted(school, 3)
    finished_run(1, region=RegionFactory())
    finished_run(1, solver=MatchingRun.Solver.REMATCH)
    MatchingRun.objects.create(status=MatchingRun.Status.FAILED, finished_at=NOW)
    assert by_kind(leader_user, school, "need_unmatched") == []
    finished_run(1, region=school.region)
    assert len(by_kind(leader_user, school, "need_unmatched")) == 1


def test_a_need_waiting_six_weeks_without_a_run_is_without_a_match(leader_user, school):
    need_posted(school, 41)
    assert by_kind(leader_user, school, "need_unmatched") == []
    need_posted(school, 42)
    assert len(by_kind(leader_user, school, "need_unmatched")) == 1


def test_the_school_page_shows_the_list_to_its_leader_and_not_to_staff(client, leader_user, staff_user, school):
    proposal = approved(school, respond_by=TODAY + dt.timedelta(days=3))
    client.force_login(leader_user)
    body = client.get(reverse("schools:school_detail", args=[school.pk])).content.decode()
    assert "Te doen" in body and f'href="/matching/proposals/{proposal.pk}/answer/"' in body
    assert "Beantwoord het voorstel" in body and "laatste dag:" in body
    client.force_login(staff_user)
    body = client.get(reverse("schools:school_detail", args=[school.pk])).content.decode()
    assert "data-todo-list" not in body


def test_an_empty_list_says_so_kindly(client, leader_user, school):
    client.force_login(leader_user)
    body = client.get(reverse("schools:school_detail", args=[school.pk])).content.decode()
    assert "Niets te doen op dit moment" in body


def test_an_answered_proposal_leaves_the_list(client, leader_user, school):
    proposal = approved(school, respond_by=TODAY + dt.timedelta(days=3))
    client.force_login(leader_user)
    response = client.post(reverse("matching:proposal_answer", args=[proposal.pk]), {"accept": "yes"})
    assert response.status_code == 302
    assert by_kind(leader_user, school, "proposal_answer") == []
    body = client.get(reverse("schools:school_detail", args=[school.pk])).content.decode()
    assert f'href="/matching/proposals/{proposal.pk}/answer/"' not in body


def _work(school, n):
    for i in range(n):
        approved(school, respond_by=TODAY + dt.timedelta(days=i))
        placement = make_placement(school=school)
        CheckIn.objects.create(placement=placement, side=CheckIn.Side.SCHOOL, due_on=TODAY - dt.timedelta(days=i))
        need_posted(school, 50)


def _page_queries(client, school):
    url = reverse("schools:school_detail", args=[school.pk])
    client.get(url)
    reset_queries()  # a full log of earlier queries would hide the new ones
    with CaptureQueriesContext(connection) as queries:
        body = client.get(url).content.decode()
    return len(queries), body


def test_the_list_and_the_page_read_as_many_queries_for_ten_rows_as_for_one(client, leader_user, school):
    client.force_login(leader_user)
    _work(school, 1)
    reset_queries()  # a full log of earlier queries would hide the new ones
    with CaptureQueriesContext(connection) as one:
        for_school(leader_user, school)
    page_one, body = _page_queries(client, school)
    assert body.count("data-todo-item=") == 3
    _work(school, 9)
    reset_queries()  # a full log of earlier queries would hide the new ones
    with CaptureQueriesContext(connection) as ten:
        todo = for_school(leader_user, school)
    page_ten, body = _page_queries(client, school)
    assert body.count("data-todo-item=") == 30
    assert len(ten) == len(one) == 3  # proposals, check-ins, needs
    assert [item.kind for item in todo.items] == ["proposal_answer"] * 10 + ["checkin"] * 10 + ["need_unmatched"] * 10
    assert page_ten == page_one
