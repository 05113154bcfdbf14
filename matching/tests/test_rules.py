"""The rules of matching at their edges: the answer deadline, what counts as a low check-in answer, "two low answers
in a row", and who ever sees a proposal. The numbers are written here, not read from the code."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ambassadors.tests.factories import ActiveAmbassadorFactory
from matching import services
from matching.models import CheckIn, MatchingRun, Placement, Proposal
from schools.tests.factories import SchoolMembershipFactory, TeacherNeedFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def proposal(status=Proposal.Status.APPROVED, respond_by=None, employer="Rabobank"):
    start = TODAY() + datetime.timedelta(days=7)
    need = TeacherNeedFactory(start_date=start, end_date=start + datetime.timedelta(days=200))
    leader = SchoolMembershipFactory(school=need.school).user
    ambassador = ActiveAmbassadorFactory(employer=employer)
    made = Proposal.objects.create(run=MatchingRun.objects.create(), need=need, ambassador=ambassador, score=70,
                                   distance_km=3, weekday=2, day_part="morning", status=status,
                                   respond_by=respond_by or TODAY() + datetime.timedelta(days=7))
    return made, leader, ambassador.user


# --- The answer deadline ------------------------------------------------------------------------


def answer(item, side):
    return services.proposal_respond(proposal_id=item.pk, actor=None, side=side, accept=True)


def test_an_answer_on_the_last_day_counts():
    item, _leader, _ambassador = proposal(respond_by=TODAY())
    answer(item, "school")
    answer(item, "ambassador")
    item.refresh_from_db()
    assert item.status == Proposal.Status.PLACED


@pytest.mark.parametrize("side", ["school", "ambassador"])
def test_an_answer_the_day_after_the_deadline_is_refused(side):
    item, _leader, _ambassador = proposal(respond_by=TODAY() - datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="voorbij|passed"):
        answer(item, side)
    item.refresh_from_db()
    assert (item.school_response, item.ambassador_response, item.status) == ("", "", Proposal.Status.APPROVED)


def test_a_late_answer_through_the_page_keeps_the_form_and_saves_nothing(client):
    item, leader, _ambassador = proposal(respond_by=TODAY() - datetime.timedelta(days=1))
    client.force_login(leader)
    response = client.post(reverse("matching:proposal_answer", args=[item.pk]), {"accept": "yes"})
    assert response.status_code == 400 and "De tijd om dit voorstel te beantwoorden is voorbij." in response.content.decode()
    item.refresh_from_db()
    assert item.school_response == ""


def test_unanswered_proposals_lapse_the_day_after_their_deadline():
    item, _leader, _ambassador = proposal(respond_by=TODAY())
    assert services.proposals_lapse(TODAY()) == 0
    assert services.proposals_lapse(TODAY() + datetime.timedelta(days=1)) == 1
    item.refresh_from_db()
    assert item.status == Proposal.Status.LAPSED


# --- Who sees a proposal ----------------------------------------------------------------------


@pytest.mark.parametrize("status", [Proposal.Status.PROPOSED, Proposal.Status.REJECTED])
def test_a_proposal_staff_did_not_approve_stays_between_staff(client, status):
    item, leader, ambassador = proposal(status=status, respond_by=None, employer="Geheime Werkgever BV")
    for person in (leader, ambassador):
        client.force_login(person)
        response = client.get(reverse("matching:proposal_answer", args=[item.pk]))
        assert response.status_code == 404
        assert "Geheime Werkgever BV" not in response.content.decode()
        assert client.post(reverse("matching:proposal_answer", args=[item.pk]), {"accept": "yes"}).status_code == 404
    item.refresh_from_db()
    assert item.school_response == item.ambassador_response == ""


@pytest.mark.parametrize("status", [Proposal.Status.APPROVED, Proposal.Status.PLACED, Proposal.Status.DECLINED,
                                    Proposal.Status.LAPSED])
def test_an_approved_proposal_and_what_became_of_it_is_shown_to_both_sides(client, status):
    item, leader, ambassador = proposal(status=status)
    for person in (leader, ambassador):
        client.force_login(person)
        assert client.get(reverse("matching:proposal_answer", args=[item.pk])).status_code == 200


# --- Check-ins: what is low, and "two in a row" -------------------------------------------------


def placement():
    item, _leader, _ambassador = proposal()
    answer(item, "school")
    answer(item, "ambassador")
    return Placement.objects.get(proposal=item)


def answer_checkins(item, side, reliefs):
    for checkin, relief in zip(item.checkins.filter(side=side).order_by("due_on"), reliefs, strict=False):
        services.checkin_answer(checkin_id=checkin.pk, actor=None, relief=relief, hours_freed=1)
    item.refresh_from_db()
    return item.flagged


@pytest.mark.parametrize("reliefs,flagged", [
    ((2, 2), True),  # 2 is low
    ((1, 2), True),
    ((3, 3), False),  # 3 is not
    ((3, 1), False),  # one low answer is not two in a row
    ((1, 3), False),
    ((1,), False),
    ((1, 3, 1), False),  # low, fine, low: not in a row
    ((3, 1, 2), True),  # the last two are low
])
def test_two_low_answers_in_a_row_flag_the_placement(reliefs, flagged):
    assert answer_checkins(placement(), CheckIn.Side.SCHOOL, reliefs) is flagged


def test_a_low_answer_from_each_side_is_not_two_in_a_row():
    item = placement()
    answer_checkins(item, CheckIn.Side.SCHOOL, (1,))
    assert answer_checkins(item, CheckIn.Side.AMBASSADOR, (1,)) is False
