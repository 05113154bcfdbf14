"""Every lock of matching, with the race it prevents made to happen (see accounts/tests/races.py).

Each test holds the first writer inside its transaction, right after its write, while the second arrives: with the
lock the second waits and then sees the first's work; without it, it acts on the old row. The assertions are the
bug reports of the lost race."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import AuditEvent
from accounts.tests.races import failed, race, racing, refused  # noqa: F401 - racing is a fixture
from ambassadors.models import AvailabilitySlot
from ambassadors.tests.factories import ActiveAmbassadorFactory
from matching import notices, services
from matching.models import CheckIn, MatchingRun, MatchingSettings, Placement, Proposal
from schools.models import TeacherNeed
from schools.tests.factories import SchoolFactory, SchoolMembershipFactory, TeacherNeedFactory

pytestmark = [pytest.mark.race, pytest.mark.usefixtures("racing")]


def _need(**extra):
    start = timezone.localdate() + datetime.timedelta(days=14)
    school = SchoolFactory(latitude=52.0907, longitude=5.1214)
    SchoolMembershipFactory(school=school)
    return TeacherNeedFactory(school=school, task_types=["classroom"], weekdays=[2], day_part="morning",
                              start_date=start, end_date=start + datetime.timedelta(days=90),
                              school_year=start.year if start.month >= 8 else start.year - 1, **extra)


def _ambassador(**extra):
    profile = ActiveAmbassadorFactory(latitude=52.10, longitude=5.13, max_distance_km=10, preferred_tasks=["classroom"],
                                      school_types=["po"], **extra)
    AvailabilitySlot.objects.create(profile=profile, weekday=2, part="morning")
    return profile


def _proposal(need=None, ambassador=None, status=Proposal.Status.PROPOSED, **extra):
    return Proposal.objects.create(run=MatchingRun.objects.create(), need=need or _need(),
                                   ambassador=ambassador or _ambassador(), score=70, distance_km=3, weekday=2,
                                   day_part="morning", status=status, **extra)


def _approved(need=None, ambassador=None):
    return _proposal(need, ambassador, status=Proposal.Status.APPROVED,
                     respond_by=timezone.localdate() + datetime.timedelta(days=7))


def test_two_staff_approving_one_proposal_approve_it_once_and_mail_once():
    proposal = _proposal()
    approve = lambda: services.proposal_decide(proposal_id=proposal.pk, actor=None, approve=True)  # noqa: E731
    first, second = race(approve, approve, pause_after=(notices, "proposal_approved"))
    assert not failed(first) and refused(second)
    assert "al besloten" in str(second) or "already been decided" in str(second)
    assert len(mail.outbox) == 2  # the school leader and the ambassador, once each
    assert AuditEvent.objects.filter(action="proposal.approved").count() == 1


def test_approving_while_swapping_refuses_the_swap():
    need = _need()
    fit, other = _ambassador(), _ambassador()
    proposal = _proposal(need, fit)
    first, second = race(lambda: services.proposal_decide(proposal_id=proposal.pk, actor=None, approve=True),
                         lambda: services.proposal_swap(proposal_id=proposal.pk, actor=None, ambassador_id=other.pk),
                         pause_after=(notices, "proposal_approved"))
    assert not failed(first) and refused(second)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.APPROVED
    assert Proposal.objects.count() == 1  # no swapped-in proposal beside the approved one


def test_school_and_ambassador_saying_yes_at_once_start_the_placement():
    proposal = _approved()
    school = lambda: services.proposal_respond(proposal_id=proposal.pk, actor=None, side="school", accept=True)  # noqa: E731
    ambassador = lambda: services.proposal_respond(proposal_id=proposal.pk, actor=None, side="ambassador", accept=True)  # noqa: E731
    first, second = race(school, ambassador, pause_after=(Proposal, "save"))
    assert not failed(first) and not failed(second)
    proposal.refresh_from_db()
    assert (proposal.school_response, proposal.ambassador_response) == ("accepted", "accepted")
    assert proposal.status == Proposal.Status.PLACED and Placement.objects.count() == 1


def test_two_placements_for_a_need_of_two_at_once_fill_it():
    need = _need(ambassadors_needed=2)
    proposals = [_approved(need, _ambassador()) for _ in range(2)]
    for proposal in proposals:
        services.proposal_respond(proposal_id=proposal.pk, actor=None, side="school", accept=True)

    def accept(proposal):
        return lambda: services.proposal_respond(proposal_id=proposal.pk, actor=None, side="ambassador", accept=True)

    # The first holds after counting the need's placements (its e-mails are queued last), before it commits.
    first, second = race(accept(proposals[0]), accept(proposals[1]), pause_after=(notices, "placement_started"))
    assert not failed(first) and not failed(second)
    assert Placement.objects.filter(need=need).count() == 2
    need.refresh_from_db()
    assert need.status == TeacherNeed.Status.FILLED


def _placement():
    proposal = _approved()
    services.proposal_respond(proposal_id=proposal.pk, actor=None, side="school", accept=True)
    services.proposal_respond(proposal_id=proposal.pk, actor=None, side="ambassador", accept=True)
    return Placement.objects.get(proposal=proposal)


def test_two_staff_ending_one_placement_end_it_once():
    placement = _placement()
    end = lambda: services.placement_end(placement_id=placement.pk, actor=None, reason="Past niet")  # noqa: E731
    first, second = race(end, end, pause_after=(Placement, "save"))
    assert not failed(first) and refused(second)
    assert AuditEvent.objects.filter(action="placement.ended").count() == 1


def test_the_nightly_close_keeps_an_early_end_made_at_the_same_moment():
    placement = _placement()
    Placement.objects.filter(pk=placement.pk).update(start_date=timezone.localdate() - datetime.timedelta(days=30),
                                                     end_date=timezone.localdate() - datetime.timedelta(days=1))
    first, second = race(lambda: services.placement_end(placement_id=placement.pk, actor=None, reason="Verhuisd"),
                         lambda: services.placements_close_ended(),
                         pause_after=(Placement, "save"))
    assert not failed(first) and second == 0
    placement.refresh_from_db()
    assert placement.status == Placement.Status.ENDED_EARLY and placement.ended_reason == "Verhuisd"


def test_two_answers_to_one_checkin_store_one():
    placement = _placement()
    checkin = CheckIn.objects.filter(placement=placement, side="school").order_by("due_on").first()

    def answer(relief):
        return lambda: services.checkin_answer(checkin_id=checkin.pk, actor=None, relief=relief, hours_freed=2)

    first, second = race(answer(4), answer(1), pause_after=(CheckIn, "save"))
    assert not failed(first) and refused(second)
    checkin.refresh_from_db()
    assert checkin.relief == 4


def test_a_run_delivered_twice_runs_once():
    _need()
    _ambassador()
    run = MatchingRun.objects.create(weights=MatchingSettings.current().weights())
    execute = lambda: services.run_execute(run_id=run.pk)  # noqa: E731
    first, second = race(execute, execute, pause_after=(MatchingRun, "save"))
    assert not failed(first) and not failed(second)
    run.refresh_from_db()
    assert run.status == MatchingRun.Status.DONE
    assert Proposal.objects.filter(run=run).count() == run.proposals_made == 1


def test_two_staff_changing_the_weights_record_what_each_changed():
    settings = MatchingSettings.current()
    weights = settings.weights()

    def change(task):
        return lambda: services.weights_update(actor=None, data={**weights, "task": task})

    first, second = race(change(30), change(40), pause_after=(MatchingSettings, "save"))
    assert not failed(first) and not failed(second)
    changes = [event.details["changes"]["task"] for event in
               AuditEvent.objects.filter(action="matching.weights_changed").order_by("id")]
    assert changes == [[weights["task"], 30], [30, 40]]
