"""With the broker unreachable, every form answers as it always does: the change is saved, its messages wait in
the outbox, and beat's sweep sends them once the broker is back (config/tests/test_outbox_worker.py does that with
a real worker). Work that is not a message (a matching run, a re-match) waits in the database the same way."""

import datetime as dt

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation, Message, MessageKind, Role
from accounts.tasks import sweep_messages
from accounts.tests.factories import UserFactory
from ambassadors.tests.factories import ActiveAmbassadorFactory, AmbassadorProfileFactory
from ambassadors.tests.test_application import valid as valid_application
from matching import recovery
from matching.models import CheckIn, MatchingRun, Placement, Proposal
from schools.models import Intake
from schools.tests.factories import IntakeFactory, TeacherNeedFactory
from schools.tests.test_intake import valid as valid_intake

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(staff_user, leader_user, ambassador_user):
    """One of everything a form acts on."""
    school = leader_user.schools.get()
    start = timezone.localdate() + dt.timedelta(days=7)
    need = TeacherNeedFactory(school=school, start_date=start, end_date=start + dt.timedelta(days=150))
    profile = ambassador_user.ambassador_profile
    run = MatchingRun.objects.create()
    proposed = Proposal.objects.create(run=run, need=need, ambassador=ActiveAmbassadorFactory(), score=60,
                                       distance_km=3, weekday=2, day_part="morning")
    approved = Proposal.objects.create(run=run, need=need, ambassador=profile, score=70, distance_km=3, weekday=2,
                                       day_part="morning", status="approved", respond_by=start)
    placed_by = ActiveAmbassadorFactory()
    placement = Placement.objects.create(
        proposal=Proposal.objects.create(run=run, need=need, ambassador=placed_by, score=70, distance_km=3, weekday=4,
                                         day_part="morning", status="placed"),
        need=need, ambassador=placed_by, weekday=4, day_part="morning", start_date=start, end_date=need.end_date)
    checkins = {side: CheckIn.objects.create(placement=placement, side=side, due_on=timezone.localdate())
                for side in ("school", "ambassador")}
    return {"school": school, "need": need, "proposed": proposed, "approved": approved, "placement": placement,
            "checkins": checkins, "intake": IntakeFactory(), "applicant": AmbassadorProfileFactory(status="applied"),
            "invitation": Invitation.objects.create(user=UserFactory(role=Role.RESEARCHER), role=Role.RESEARCHER),
            "failed_run": MatchingRun.objects.create(status=MatchingRun.Status.FAILED, error="gestopt"),
            "failed_message": Message.objects.create(kind=MessageKind.OTHER, occasion="x", to_email="a@b.nl",
                                                     language="nl", subject="Mislukt", body_text=".",
                                                     state=Message.State.FAILED)}


def checkin_token_url(world):
    from matching.services import checkin_token

    item = world["checkins"]["school"]
    return reverse("matching:checkin_token", args=[item.pk, checkin_token(item, world["school"].contact_email)])


# (who posts, url, data, the answer it gives, the kind of message it leaves waiting)
FORMS = {
    "public intake": (None, lambda w: reverse("schools:intake"), lambda w: valid_intake(), "/schools/intake/thanks/",
                      MessageKind.INTAKE_RECEIVED),
    "public application": (None, lambda w: reverse("ambassadors:apply"), lambda w: valid_application(),
                           "/ambassadors/apply/thanks/", MessageKind.APPLICATION_RECEIVED),
    "password reset": (None, lambda w: reverse("account_reset_password"), lambda w: {"email": w["leader"].email},
                       "/accounts/password/reset/done/", MessageKind.ACCOUNT),
    "contact person's check-in": (None, checkin_token_url, lambda w: {"relief": "4", "hours_freed": "2"}, 200, None),
    "approve an intake": (Role.STAFF, lambda w: reverse("schools:intake_decide", args=[w["intake"].pk, "approve"]),
                          lambda w: {"reason": ""}, "/schools/intakes/", MessageKind.INTAKE_DECISION),
    "decline an intake": (Role.STAFF, lambda w: reverse("schools:intake_decide", args=[w["intake"].pk, "decline"]),
                          lambda w: {"reason": "Nog niet in jullie regio."}, "/schools/intakes/",
                          MessageKind.INTAKE_DECISION),
    "plan an intake talk": (Role.STAFF, lambda w: reverse("ambassadors:staff_intake", args=[w["applicant"].pk]),
                            lambda w: {"at": "2030-03-03T10:00", "place": "Online (Teams)"}, "/ambassadors/",
                            MessageKind.SCREENING_STEP),
    "screening step": (Role.STAFF, lambda w: reverse("ambassadors:staff_transition", args=[w["applicant"].pk]),
                       lambda w: {"to_status": "declined", "note": "Geen beschikbaarheid."}, "/ambassadors/",
                       MessageKind.SCREENING_STEP),
    "invite a user": (Role.STAFF, lambda w: reverse("reports:user_invite"),
                      lambda w: {"email": "nieuw@example.nl", "first_name": "Nora", "last_name": "Bos",
                                 "role": "researcher", "language": "nl"}, "/staff/users/", MessageKind.INVITATION),
    "resend an invitation": (Role.STAFF, lambda w: reverse("reports:invitation_resend", args=[w["invitation"].pk]),
                             lambda w: {}, "/staff/users/", MessageKind.INVITATION),
    "approve a proposal": (Role.STAFF, lambda w: reverse("matching:proposal_decide", args=[w["proposed"].pk, "approve"]),
                           lambda w: {}, "/matching/", MessageKind.PROPOSAL),
    "start a matching run": (Role.STAFF, lambda w: reverse("matching:run_start"), lambda w: {"objective": "fill_first"},
                             "/matching/runs/", None),
    "start a failed run again": (Role.STAFF, lambda w: reverse("matching:run_restart", args=[w["failed_run"].pk]),
                                 lambda w: {}, "/matching/runs/", None),
    "send a message again": (Role.STAFF, lambda w: reverse("accounts:message_resend", args=[w["failed_message"].pk]),
                             lambda w: {}, "/accounts/messages/", MessageKind.OTHER),
    "leader declines a proposal": (Role.SCHOOL_LEADER,
                                   lambda w: reverse("matching:proposal_answer", args=[w["approved"].pk]),
                                   lambda w: {"accept": "no", "reason": "Past niet."}, "/schools/",
                                   MessageKind.PROPOSAL_DECLINED),
    "leader adds a teacher": (Role.SCHOOL_LEADER, lambda w: reverse("schools:teacher_add", args=[w["school"].pk]),
                              lambda w: {"email": "docent@school.example", "first_name": "Tim", "last_name": "Vos"},
                              "/schools/", MessageKind.INVITATION),
    "leader answers a check-in": (Role.SCHOOL_LEADER,
                                  lambda w: reverse("matching:checkin", args=[w["checkins"]["school"].pk]),
                                  lambda w: {"relief": "1", "hours_freed": "0"}, "/schools/", None),
    "ambassador accepts a proposal": (Role.AMBASSADOR,
                                      lambda w: reverse("matching:proposal_answer", args=[w["approved"].pk]),
                                      lambda w: {"accept": "yes"}, "/ambassadors/", None),
    "ambassador tells a friend": (Role.AMBASSADOR, lambda w: reverse("ambassadors:friend_invite"),
                                  lambda w: {"name": "Kees", "email": "kees@example.nl", "message": "Doe mee!"},
                                  "/ambassadors/", MessageKind.FRIEND_INVITATION),
}


@pytest.mark.parametrize("form", FORMS)
def test_every_form_answers_as_always_with_the_broker_down(client, world, users_by_role, form, broker_down,
                                                           django_capture_on_commit_callbacks):
    role, url, data, answer, kind = FORMS[form]
    world["leader"] = users_by_role[Role.SCHOOL_LEADER]
    if role is not None:
        client.force_login(users_by_role[role])
    before = set(Message.objects.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):  # publishing after commit meets the dead broker
        response = client.post(url(world), data(world))
    if isinstance(answer, int):
        assert response.status_code == answer
    else:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert answer in response.url
    waiting = Message.objects.filter(state=Message.State.PENDING)
    if form != "send a message again":
        waiting = waiting.exclude(pk__in=before)
    waiting = {m.pk: m.kind for m in waiting}
    if kind is not None:
        assert kind in waiting.values()
    assert mail.outbox == []
    sweep_messages.apply()  # the broker is back: beat's sweep hands the waiting messages to a worker
    assert set(Message.objects.filter(pk__in=waiting).values_list("state", flat=True)) <= {Message.State.SENT}
    assert len(mail.outbox) == len(waiting)


def test_the_intake_and_its_confirmation_are_both_kept(client, broker_down, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("schools:intake"), valid_intake())
    assert response.status_code == 302
    intake = Intake.objects.get()
    message = Message.objects.get(about=f"schools.intake:{intake.pk}")
    assert message.state == Message.State.PENDING and message.to_email == "a.degroot@deregenboog.nl"
    sweep_messages.apply()
    [email] = mail.outbox
    assert email.to == ["a.degroot@deregenboog.nl"]
    assert email.subject.startswith("We hebben je aanmelding voor schooljaar ") and "Regenboog" not in email.subject


def test_a_run_started_while_the_broker_was_down_is_carried_out_later(client, staff_user, broker_down,
                                                                      django_capture_on_commit_callbacks):
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("matching:run_start"), {"objective": "fill_first"})
    run = MatchingRun.objects.get()
    assert response.status_code == 302 and run.status == MatchingRun.Status.QUEUED
    MatchingRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - dt.timedelta(minutes=3))
    from config.celery import app

    app.conf.task_always_eager = True  # the broker is back: the worker runs what recover_runs sends
    assert recovery.recover()["queued"] == 1
    run.refresh_from_db()
    assert run.status == MatchingRun.Status.DONE


def test_a_rematch_asked_while_the_broker_was_down_is_made_later(client, world, leader_user, broker_down,
                                                                 django_capture_on_commit_callbacks):
    placement = world["placement"]
    earlier = CheckIn.objects.create(placement=placement, side="school",
                                     due_on=timezone.localdate() - dt.timedelta(days=14), relief=1,
                                     answered_at=timezone.now())
    client.force_login(leader_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("matching:checkin", args=[world["checkins"]["school"].pk]), {"relief": "2", "hours_freed": "0"})
    placement.refresh_from_db()
    assert placement.flagged and placement.rematched_at is None and earlier.pk
    from config.celery import app

    app.conf.task_always_eager = True
    assert recovery.recover()["rematch"] == 1
    placement.refresh_from_db()
    assert placement.rematched_at is not None
    assert recovery.recover()["rematch"] == 0
