import threading

import pytest
from django.core import mail
from django.db import close_old_connections, connection
from django.urls import reverse

from accounts.models import Invitation, Role, User
from accounts.tests.factories import UserFactory
from schools.models import (
    Intake,
    MembershipInvitation,
    School,
    SchoolBoard,
    SchoolMembership,
    SchoolYearParticipation,
)
from schools.services import intake_approve
from schools.tests.factories import IntakeFactory, RegionFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def decide(client, intake, decision, capture, reason=""):
    with capture(execute=True):
        return client.post(reverse("schools:intake_decide", args=[intake.pk, decision]), {"reason": reason})


def test_approve_creates_school_board_participation_and_invites_the_leader(client, staff_user,
                                                                          django_capture_on_commit_callbacks):
    intake = IntakeFactory(leader_name="Jeroen van den Berg", leader_email="j.vdberg@klimop.nl", brin="34CD")
    client.force_login(staff_user)
    response = decide(client, intake, "approve", django_capture_on_commit_callbacks)
    assert response.status_code == 302
    intake.refresh_from_db()
    school = School.objects.get(brin="34CD")
    assert intake.status == Intake.Status.APPROVED and intake.school == school and intake.decided_by == staff_user
    assert school.board == SchoolBoard.objects.get(name="Stichting Openbaar Onderwijs Utrecht")
    assert school.region == intake.region
    assert SchoolYearParticipation.objects.get(school=school).school_year == intake.school_year
    leader = User.objects.get(email="j.vdberg@klimop.nl")
    assert leader.role == Role.SCHOOL_LEADER and leader.first_name == "Jeroen" and leader.last_name == "van den Berg"
    assert SchoolMembership.objects.filter(user=leader, school=school).exists()
    assert Invitation.objects.filter(user=leader).exists()
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == sorted([f"Je aanmelding voor schooljaar {intake.school_year_label} is goedgekeurd",
                               "Je bent uitgenodigd voor het platform van de onderwijsambassadeurs"])


def test_approve_links_an_existing_school_and_board(client, staff_user, django_capture_on_commit_callbacks):
    school = SchoolFactory(brin="56EF")
    intake = IntakeFactory(brin="56EF", board_name=school.board.name.upper())
    client.force_login(staff_user)
    decide(client, intake, "approve", django_capture_on_commit_callbacks)
    assert School.objects.count() == 1
    assert SchoolBoard.objects.count() == 1
    intake.refresh_from_db()
    assert intake.school == school


def test_approve_for_a_leader_who_already_has_an_account(client, staff_user, leader_user,
                                                         django_capture_on_commit_callbacks):
    intake = IntakeFactory(leader_email=leader_user.email.upper())
    client.force_login(staff_user)
    decide(client, intake, "approve", django_capture_on_commit_callbacks)
    # The leader's account is asked, not linked: the new school joins it once the leader accepts.
    intake.refresh_from_db()
    assert leader_user.schools.count() == 1
    invitation = MembershipInvitation.objects.get(user=leader_user, school=intake.school)
    approved, asked = sorted(mail.outbox, key=lambda m: "goedgekeurd" not in m.subject)
    assert "Log in op het platform en neem de uitnodiging" in approved.body
    assert reverse("schools:membership_answer", args=[invitation.pk]) in asked.body
    client.force_login(leader_user)
    client.post(reverse("schools:membership_answer", args=[invitation.pk]), {"answer": "accept"})
    assert leader_user.schools.count() == 2


def test_approve_refused_when_the_address_belongs_to_another_role(client, staff_user, ambassador_user,
                                                                  django_capture_on_commit_callbacks):
    intake = IntakeFactory(leader_email=ambassador_user.email)
    client.force_login(staff_user)
    response = decide(client, intake, "approve", django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert "heeft al een account met een andere rol" in response.content.decode()
    intake.refresh_from_db()
    assert intake.status == Intake.Status.SUBMITTED
    assert School.objects.count() == 0 and mail.outbox == []


def test_decline_requires_a_reason_and_emails_it(client, staff_user, django_capture_on_commit_callbacks):
    intake = IntakeFactory()
    client.force_login(staff_user)
    response = decide(client, intake, "decline", django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert "Geef de school een reden" in response.content.decode()
    intake.refresh_from_db()
    assert intake.status == Intake.Status.SUBMITTED and mail.outbox == []
    decide(client, intake, "decline", django_capture_on_commit_callbacks, reason="We werken nog niet in Zeeland.")
    intake.refresh_from_db()
    assert intake.status == Intake.Status.DECLINED
    [message] = mail.outbox
    assert "We werken nog niet in Zeeland." in message.body
    assert message.subject == f"Over je aanmelding voor schooljaar {intake.school_year_label}"


def test_decline_email_in_english_when_the_school_wrote_in_english(client, staff_user, django_capture_on_commit_callbacks):
    intake = IntakeFactory(language="en")
    client.force_login(staff_user)
    decide(client, intake, "decline", django_capture_on_commit_callbacks, reason="Not in our region yet.")
    [message] = mail.outbox
    assert message.subject == f"About your registration for school year {intake.school_year_label}"
    assert "Not in our region yet." in message.body


def test_waitlist_then_approve_and_no_way_back(client, staff_user, django_capture_on_commit_callbacks):
    intake = IntakeFactory()
    client.force_login(staff_user)
    decide(client, intake, "waitlist", django_capture_on_commit_callbacks)
    intake.refresh_from_db()
    assert intake.status == Intake.Status.WAITLISTED
    assert "wachtlijst" in mail.outbox[0].subject
    decide(client, intake, "approve", django_capture_on_commit_callbacks)
    response = decide(client, intake, "waitlist", django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert "kan niet" in response.content.decode()
    intake.refresh_from_db()
    assert intake.status == Intake.Status.APPROVED


def test_unknown_decision_changes_nothing(client, staff_user, django_capture_on_commit_callbacks):
    intake = IntakeFactory()
    client.force_login(staff_user)
    response = decide(client, intake, "promote", django_capture_on_commit_callbacks)
    assert response.status_code == 302
    intake.refresh_from_db()
    assert intake.status == Intake.Status.SUBMITTED


def test_a_stale_second_approval_is_refused(staff_user, django_capture_on_commit_callbacks):
    intake = IntakeFactory(brin="78GH")
    other_staff = UserFactory(role=Role.STAFF)
    with django_capture_on_commit_callbacks(execute=True):
        intake_approve(intake_id=intake.pk, actor=staff_user)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        intake_approve(intake_id=intake.pk, actor=other_staff)
    assert School.objects.count() == 1 and User.objects.filter(email=intake.leader_email).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_staff_approving_at_the_same_moment_create_one_school():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers itself; this race is exercised on PostgreSQL in CI")
    region = RegionFactory()
    intake = IntakeFactory(region=region)
    twin = IntakeFactory(region=region, school_name=intake.school_name, leader_email="tweede@school.example")
    staff = [UserFactory(role=Role.STAFF), UserFactory(role=Role.STAFF)]
    barrier = threading.Barrier(3)
    errors = []

    def approve(intake_id, actor):
        try:
            barrier.wait()
            intake_approve(intake_id=intake_id, actor=actor)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            close_old_connections()

    jobs = [(intake.pk, staff[0]), (intake.pk, staff[1]), (twin.pk, staff[1])]
    threads = [threading.Thread(target=approve, args=job) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert School.objects.filter(name=intake.school_name).count() == 1
    assert Intake.objects.filter(status=Intake.Status.APPROVED).count() == 2
    assert len(errors) == 1  # the second approval of the same intake


@pytest.mark.parametrize("filters,expected", [
    ({"status": "approved"}, ["Goedgekeurd"]),
    ({"status": "submitted"}, ["Nieuw A", "Nieuw B"]),
    ({"q": "nieuw a"}, ["Nieuw A"]),
])
def test_queue_filters(client, staff_user, filters, expected):
    IntakeFactory(school_name="Nieuw A")
    IntakeFactory(school_name="Nieuw B", school_type="vo")
    IntakeFactory(school_name="Goedgekeurd", status=Intake.Status.APPROVED)
    client.force_login(staff_user)
    body = client.get(reverse("schools:intake_list"), filters).content.decode()
    for name in ["Nieuw A", "Nieuw B", "Goedgekeurd"]:
        assert (f">{name}</a>" in body) == (name in expected)


def test_queue_filters_by_region_year_and_type(client, staff_user):
    utrecht, almere = RegionFactory(name="Utrecht", slug="utrecht"), RegionFactory(name="Almere", slug="almere")
    IntakeFactory(school_name="Utrechtse school", region=utrecht, school_type="vo")
    IntakeFactory(school_name="Almeerse school", region=almere)
    client.force_login(staff_user)
    body = client.get(reverse("schools:intake_list"), {"region": almere.pk}).content.decode()
    assert "Almeerse school" in body and "Utrechtse school" not in body
    body = client.get(reverse("schools:intake_list"), {"school_type": "vo"}).content.decode()
    assert "Utrechtse school" in body and "Almeerse school" not in body
    bad = client.get(reverse("schools:intake_list"), {"school_year": "abc", "region": "999"})
    assert bad.status_code == 200


def test_queue_marks_duplicates(client, staff_user):
    first = IntakeFactory(school_name="Dubbel")
    IntakeFactory(school_name="Dubbel", duplicate_of=first)
    client.force_login(staff_user)
    assert client.get(reverse("schools:intake_list")).content.decode().count("mogelijk dubbel") == 2
    detail = client.get(reverse("schools:intake_detail", args=[first.pk])).content.decode()
    assert "Een latere aanmelding gaat mogelijk over dezelfde school" in detail


def test_queue_query_count_is_flat(client, staff_user, django_assert_max_num_queries):
    client.force_login(staff_user)
    for _ in range(10):
        IntakeFactory()
    with django_assert_max_num_queries(15) as small:
        assert client.get(reverse("schools:intake_list")).status_code == 200
    for _ in range(190):
        IntakeFactory()
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("schools:intake_list")).status_code == 200


def test_unknown_intake_is_404(client, staff_user):
    client.force_login(staff_user)
    assert client.get(reverse("schools:intake_detail", args=[99999])).status_code == 404
