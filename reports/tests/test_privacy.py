"""The AVG rights: each person sees and downloads what the platform keeps about them, and can have it erased; staff
erase (the person anonymised everywhere, the figures whole) or refuse with a reason."""

import datetime
import io
import json

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.audit import audit_record
from accounts.models import AuditEvent, ErasureRequest, Role, User
from accounts.tests.factories import PASSWORD, UserFactory
from ambassadors.models import Absence, AmbassadorProfile, AvailabilitySlot, FriendInvitation, Status, StatusChange
from ambassadors.tests.factories import ActiveAmbassadorFactory, AmbassadorProfileFactory
from matching import services as matching_services
from matching.models import CheckIn, MatchingRun, Placement, Proposal
from reports import privacy
from schools.models import Intake, School, SchoolMembership
from schools.tests.factories import IntakeFactory, SchoolMembershipFactory, TeacherNeedFactory

pytestmark = pytest.mark.django_db

# What only the person in these tests typed or is: none of it may be found anywhere after their erasure.
TRACES = ["Zwaantje", "Oosterbroek", "zwaantje@voorbeeld.nl", "06 98765432", "Bakkerij Oosterbroek",
          "Zuurdesem en deeg", "Kent de wijk als geen ander", "Liever niet op vrijdag", "vriendin@voorbeeld.nl",
          "Zorgzaam en stipt", "Te druk met de bakkerij"]


@pytest.fixture
def zwaantje():
    """An ambassador with a history: a placement that ended, check-ins, notes, absences, a friend she invited, a
    friend who applied through her, a proposal swapped for her."""
    profile = ActiveAmbassadorFactory(user__first_name="Zwaantje", user__last_name="Oosterbroek",
                                      user__email="zwaantje@voorbeeld.nl", user__mfa=True, phone="06 98765432",
                                      employer="Bakkerij Oosterbroek", expertise="Zuurdesem en deeg",
                                      subjects="Kent de wijk als geen ander", intake_notes="Zorgzaam en stipt")
    AvailabilitySlot.objects.create(profile=profile, weekday=2, part="morning")
    Absence.objects.create(profile=profile, start="2030-01-01", end="2030-01-02", reason="other",
                           note="Liever niet op vrijdag")
    FriendInvitation.objects.create(profile=profile, name="Vriendin", email="vriendin@voorbeeld.nl")
    AmbassadorProfileFactory(referred_by=profile, referrer_name="Zwaantje Oosterbroek")
    StatusChange.objects.create(profile=profile, from_status=Status.VOG_RECEIVED, to_status=Status.ACTIVE,
                                note="Zorgzaam en stipt")
    start = timezone.localdate() + datetime.timedelta(days=7)
    need = TeacherNeedFactory(start_date=start, end_date=start + datetime.timedelta(days=200))
    SchoolMembershipFactory(school=need.school)
    run = MatchingRun.objects.create()
    Proposal.objects.create(run=run, need=need, ambassador=AmbassadorProfileFactory(), score=60, distance_km=4,
                            weekday=2, day_part="morning", status="rejected",
                            reject_reason="Gewisseld voor Zwaantje Oosterbroek")
    proposal = Proposal.objects.create(run=run, need=need, ambassador=profile, score=70, distance_km=3, weekday=2,
                                       day_part="morning", status="approved", respond_by=start)
    matching_services.proposal_respond(proposal_id=proposal.pk, actor=None, side="school", accept=True)
    matching_services.proposal_respond(proposal_id=proposal.pk, actor=profile.user, side="ambassador", accept=True,
                                       reason="")
    placement = Placement.objects.get(proposal=proposal)
    for side, remark in (("ambassador", "Te druk met de bakkerij"), ("school", "Zwaantje is vaak te laat")):
        checkin = placement.checkins.filter(side=side).order_by("due_on").first()
        matching_services.checkin_answer(checkin_id=checkin.pk, actor=profile.user if side == "ambassador" else None,
                                         relief=2, hours_freed=1, remarks=remark)
    matching_services.placement_end(placement_id=placement.pk, actor=None, reason="Zwaantje stopt ermee")
    return profile.user


def test_a_person_sees_everything_the_platform_keeps_about_them(client, zwaantje):
    client.force_login(zwaantje)
    body = client.get(reverse("reports:my_data")).content.decode()
    for text in ("zwaantje@voorbeeld.nl", "06 98765432", "Bakkerij Oosterbroek", "Zuurdesem en deeg",
                 "Liever niet op vrijdag", "vriendin@voorbeeld.nl", "Te druk met de bakkerij", "Je plaatsingen",
                 "Zorgzaam en stipt"):
        assert text in body, text
    assert "Zwaantje is vaak te laat" not in body  # what the school answered is the school's


def test_the_download_is_the_same_data_as_json_and_is_recorded(client, zwaantje):
    client.force_login(zwaantje)
    response = client.get(reverse("reports:my_data_download"))
    assert response["Content-Type"] == "application/json" and "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "zwaantje@voorbeeld.nl"
    assert data["ambassador_profile"]["employer"] == "Bakkerij Oosterbroek"
    assert data["availability"] == [{"weekday": 2, "part": "morning"}]
    assert data["friend_invitations"][0]["email"] == "vriendin@voorbeeld.nl"
    assert [c["remarks"] for c in data["checkins"]] == ["Te druk met de bakkerij"]
    assert data["second_factors"][0]["type"] == "Authenticator-app" and "secret" not in json.dumps(data["second_factors"])
    assert AuditEvent.objects.filter(action="personal_data.downloaded", actor=zwaantje).count() == 1


def test_a_leader_sees_their_schools_and_the_registrations_sent_with_their_address(client, leader_user):
    IntakeFactory(leader_email=leader_user.email, support_request="Hulp bij de kleutergroep")
    School.objects.filter(pk=leader_user.schools.get().pk).update(contact_email=leader_user.email)
    client.force_login(leader_user)
    body = client.get(reverse("reports:my_data")).content.decode()
    assert leader_user.schools.get().name in body and "Hulp bij de kleutergroep" in body
    assert "Scholen waar jij de contactpersoon bent" in body


def test_asking_for_erasure_asks_for_the_password_first(client, zwaantje):
    client.force_login(zwaantje)
    assert client.get(reverse("reports:erasure_ask")).status_code == 200
    response = client.post(reverse("reports:erasure_ask"), {"understood": "on"})
    assert response.status_code == 302 and response.url.startswith(reverse("account_reauthenticate"))
    assert not ErasureRequest.objects.exists()
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.post(reverse("reports:erasure_ask"), {"understood": "on", "note": "Ik verhuis"})
    assert response.status_code == 302
    request = ErasureRequest.objects.get(user=zwaantje)
    assert request.status == "open" and request.note == "Ik verhuis"
    assert client.post(reverse("reports:erasure_ask"), {"understood": "on"}).status_code == 302
    assert ErasureRequest.objects.count() == 1  # asking again changes nothing


def test_the_form_needs_the_box_ticked_and_keeps_the_note(client, zwaantje):
    client.force_login(zwaantje)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.post(reverse("reports:erasure_ask"), {"note": "Ik verhuis"})
    assert response.status_code == 400 and "Ik verhuis" in response.content.decode()
    assert not ErasureRequest.objects.exists()


def dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", "--exclude", "contenttypes", "--exclude", "auth.permission", "--exclude", "sessions",
                 stdout=out)
    return out.getvalue()


def test_staff_erase_a_person_everywhere_and_the_figures_stay(client, staff_user, zwaantje,
                                                              django_capture_on_commit_callbacks):
    audit_record(actor=staff_user, action="ambassadors.exported", details={"filters": {"q": "…"}})
    before = {"profiles": AmbassadorProfile.objects.count(), "placements": Placement.objects.count(),
              "proposals": Proposal.objects.count(), "checkins": CheckIn.objects.exclude(relief=None).count(),
              "users": User.objects.count()}
    assert all(trace in dump() for trace in TRACES)
    request = ErasureRequest.objects.create(user=zwaantje)
    client.force_login(staff_user)
    page = client.get(reverse("reports:erasure_detail", args=[request.pk])).content.decode()
    assert "Je plaatsingen: 1" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:erasure_detail", args=[request.pk]), {"decision": "complete"})
    assert response.status_code == 302
    everything = dump()
    assert [trace for trace in TRACES if trace in everything] == []
    assert "Zwaantje is vaak te laat" not in everything and "Zwaantje stopt ermee" not in everything
    after = {"profiles": AmbassadorProfile.objects.count(), "placements": Placement.objects.count(),
             "proposals": Proposal.objects.count(), "checkins": CheckIn.objects.exclude(relief=None).count(),
             "users": User.objects.count()}
    assert after == before
    zwaantje.refresh_from_db()
    assert zwaantje.erased_at and not zwaantje.is_active and not zwaantje.has_usable_password()
    assert not Authenticator.objects.filter(user=zwaantje).exists()
    assert AmbassadorProfile.objects.get(user=zwaantje).status == Status.ENDED
    request.refresh_from_db()
    assert request.status == "completed" and request.decided_by == staff_user
    [message] = [m for m in mail.outbox if m.to == ["zwaantje@voorbeeld.nl"]]
    assert message.subject == "Je gegevens zijn verwijderd"
    assert AuditEvent.objects.filter(action="erasure.completed", actor=staff_user).exists()
    client.logout()
    response = client.post(reverse("account_login"), {"login": "zwaantje@voorbeeld.nl", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_a_running_placement_must_end_before_erasure(client, staff_user):
    profile = ActiveAmbassadorFactory()
    start = timezone.localdate() + datetime.timedelta(days=7)
    need = TeacherNeedFactory(start_date=start, end_date=start + datetime.timedelta(days=100))
    proposal = Proposal.objects.create(run=MatchingRun.objects.create(), need=need, ambassador=profile, score=70,
                                       distance_km=3, weekday=2, day_part="morning", status="approved",
                                       respond_by=start)
    for side in ("school", "ambassador"):
        matching_services.proposal_respond(proposal_id=proposal.pk, actor=None, side=side, accept=True)
    request = ErasureRequest.objects.create(user=profile.user)
    client.force_login(staff_user)
    assert "lopende plaatsing" in client.get(reverse("reports:erasure_detail", args=[request.pk])).content.decode()
    response = client.post(reverse("reports:erasure_detail", args=[request.pk]), {"decision": "complete"})
    assert response.status_code == 400 and "lopende plaatsing" in response.content.decode()
    request.refresh_from_db()
    profile.user.refresh_from_db()
    assert request.status == "open" and profile.user.erased_at is None


def test_a_refusal_needs_a_reason_which_the_person_receives(client, staff_user, zwaantje,
                                                           django_capture_on_commit_callbacks):
    request = ErasureRequest.objects.create(user=zwaantje)
    client.force_login(staff_user)
    response = client.post(reverse("reports:erasure_detail", args=[request.pk]), {"decision": "refuse"})
    assert response.status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:erasure_detail", args=[request.pk]),
                    {"decision": "refuse", "reason": "De VOG-administratie moeten we vijf jaar bewaren."})
    request.refresh_from_db()
    assert request.status == "refused" and request.refusal_reason.startswith("De VOG")
    [message] = mail.outbox
    assert message.to == [zwaantje.email] and "vijf jaar bewaren" in message.body
    zwaantje.refresh_from_db()
    assert zwaantje.erased_at is None


def test_staff_record_a_request_that_came_by_mail(client, staff_user, zwaantje):
    client.force_login(staff_user)
    response = client.post(reverse("reports:erasure_list"), {"email": "ZWAANTJE@voorbeeld.nl",
                                                             "note": "Brief van 3 maart"})
    request = ErasureRequest.objects.get(user=zwaantje)
    assert response.url == reverse("reports:erasure_detail", args=[request.pk])
    assert request.recorded_by == staff_user and request.note == "Brief van 3 maart"
    response = client.post(reverse("reports:erasure_list"), {"email": "onbekend@voorbeeld.nl", "note": "x"})
    assert response.status_code == 400 and "onbekend@voorbeeld.nl" in response.content.decode()


def test_a_school_leader_is_erased_from_schools_and_registrations(staff_user, leader_user):
    school = leader_user.schools.get()
    School.objects.filter(pk=school.pk).update(contact_name="Leider Zelf", contact_email=leader_user.email)
    intake = IntakeFactory(leader_email=leader_user.email, leader_name="Leider Zelf", support_request="Graag snel")
    privacy.erase_person(user=leader_user, actor=staff_user, reason="test")
    assert not SchoolMembership.objects.filter(user=leader_user).exists()
    school.refresh_from_db()
    intake.refresh_from_db()
    assert school.contact_name == "" and school.contact_email == ""
    assert intake.leader_name == "" and intake.support_request == "" and intake.leader_email.endswith(".invalid")
    assert Intake.objects.filter(pk=intake.pk).exists() and School.objects.filter(pk=school.pk).exists()


@pytest.mark.parametrize("url_name", ["reports:my_data", "reports:my_data_download"])
def test_my_data_query_count_is_flat(client, zwaantje, django_assert_max_num_queries, url_name):
    client.force_login(zwaantje)
    client.get(reverse(url_name))  # the session's first request writes when it began
    with django_assert_max_num_queries(40) as small:
        client.get(reverse(url_name))
    profile = zwaantje.ambassador_profile
    for n in range(20):
        Absence.objects.create(profile=profile, start="2031-01-01", end="2031-01-02", reason="other", note=f"{n}")
        FriendInvitation.objects.create(profile=profile, name=f"Vriend {n}", email=f"vriend{n}@example.nl")
        StatusChange.objects.create(profile=profile, from_status="active", to_status="paused", note=f"{n}")
        audit_record(actor=zwaantje, action="personal_data.downloaded", target=zwaantje)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse(url_name)).status_code == 200


def test_the_erasure_page_query_count_is_flat(client, staff_user, zwaantje, django_assert_max_num_queries):
    request = ErasureRequest.objects.create(user=zwaantje)
    client.force_login(staff_user)
    client.get(reverse("reports:erasure_detail", args=[request.pk]))
    with django_assert_max_num_queries(40) as small:
        client.get(reverse("reports:erasure_detail", args=[request.pk]))
    profile = zwaantje.ambassador_profile
    for n in range(20):
        Absence.objects.create(profile=profile, start="2031-01-01", end="2031-01-02", reason="other", note=f"{n}")
        audit_record(actor=zwaantje, action="personal_data.downloaded", target=zwaantje)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("reports:erasure_detail", args=[request.pk])).status_code == 200


def test_erasure_pages_query_count_is_flat(client, staff_user, django_assert_max_num_queries):
    for _ in range(3):
        ErasureRequest.objects.create(user=UserFactory(role=Role.AMBASSADOR))
    client.force_login(staff_user)
    with django_assert_max_num_queries(15) as small:
        client.get(reverse("reports:erasure_list"))
    for _ in range(20):
        ErasureRequest.objects.create(user=UserFactory(role=Role.AMBASSADOR))
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("reports:erasure_list")).status_code == 200


def test_erasure_cuts_every_research_link_to_the_person_and_keeps_the_pseudonymised_participant(staff_user, zwaantje):
    from research.models import Participant, ParticipantLink
    from research.tests import factories as research

    study = research.study()
    placement = Placement.objects.get(ambassador__user=zwaantje)
    as_ambassador = research.participant(study, role="ambassador")
    ParticipantLink.objects.create(participant=as_ambassador, user=zwaantje, ambassador=zwaantje.ambassador_profile,
                                   placement=placement, school=placement.need.school)
    someone_else = research.participant(study, role="teacher")
    ParticipantLink.objects.create(participant=someone_else, school=placement.need.school)
    privacy.erase_person(user=zwaantje, actor=staff_user, reason="request")
    link = ParticipantLink.objects.get(participant=as_ambassador)
    assert (link.user, link.ambassador, link.placement) == (None, None, None)
    assert link.school == placement.need.school  # a school is no person
    assert Participant.objects.filter(pk=as_ambassador.pk).exists()
    assert ParticipantLink.objects.get(participant=someone_else).school == placement.need.school
