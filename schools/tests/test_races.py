"""Every lock of schools, with the race it prevents made to happen (see accounts/tests/races.py)."""

import pytest
from django.core import mail

from accounts.models import Role
from accounts.tests.factories import UserFactory
from accounts.tests.races import failed, race, racing, refused  # noqa: F401 - racing is a fixture
from schools import memberships, services
from schools.models import Intake, MembershipInvitation, NeedEvent, SchoolMembership, TeacherNeed
from schools.tests.factories import IntakeFactory, SchoolFactory, SchoolMembershipFactory, TeacherNeedFactory

pytestmark = [pytest.mark.race, pytest.mark.usefixtures("racing")]


def test_two_staff_approving_one_intake_approve_it_once():
    intake = IntakeFactory()
    staff = [UserFactory(role=Role.STAFF), UserFactory(role=Role.STAFF)]
    first, second = race(lambda: services.intake_approve(intake_id=intake.pk, actor=staff[0]),
                         lambda: services.intake_approve(intake_id=intake.pk, actor=staff[1]),
                         pause_after=(Intake, "save"))
    assert not failed(first) and refused(second)
    intake.refresh_from_db()
    assert intake.decided_by == staff[0]
    assert len([m for m in mail.outbox if m.to == [intake.leader_email]]) == 2  # approved, and the account invitation


def test_a_need_closed_while_being_edited_keeps_its_text():
    need = TeacherNeedFactory()
    leader = SchoolMembershipFactory(school=need.school).user
    data = {field: getattr(need, field) for field in services.NEED_FIELDS}
    first, second = race(lambda: services.need_close(need=need, actor=leader, note="Niet meer nodig"),
                         lambda: services.need_update(need=need, actor=leader, data={**data, "title": "Nieuw"}),
                         pause_after=(TeacherNeed, "save"))
    assert not failed(first) and refused(second)
    need.refresh_from_db()
    assert need.status == TeacherNeed.Status.CLOSED and need.title != "Nieuw"
    assert not NeedEvent.objects.filter(need=need, action=NeedEvent.Action.UPDATED).exists()


def test_closing_one_need_twice_at_once_records_it_once():
    need = TeacherNeedFactory()
    leader = SchoolMembershipFactory(school=need.school).user
    close = lambda: services.need_close(need=need, actor=leader)  # noqa: E731
    first, second = race(close, close, pause_after=(TeacherNeed, "save"))
    assert not failed(first) and not failed(second)
    assert NeedEvent.objects.filter(need=need, action=NeedEvent.Action.CLOSED).count() == 1


def _invitation():
    school = SchoolFactory()
    teacher = SchoolMembershipFactory(user__role=Role.TEACHER).user
    return MembershipInvitation.objects.create(school=school, user=teacher, email=teacher.email), teacher


def test_accepting_and_declining_at_once_gives_one_answer():
    invitation, teacher = _invitation()
    first, second = race(
        lambda: memberships.membership_answer(invitation_id=invitation.pk, user=teacher, accept=False),
        lambda: memberships.membership_answer(invitation_id=invitation.pk, user=teacher, accept=True),
        pause_after=(MembershipInvitation, "save"))
    assert not failed(first) and refused(second)
    invitation.refresh_from_db()
    assert invitation.accepted is False
    assert not SchoolMembership.objects.filter(user=teacher, school=invitation.school).exists()


def test_two_leaders_asking_one_person_at_once_make_one_invitation():
    """The database's constraint (one open invitation per person and school) decides."""
    school = SchoolFactory()
    leaders = [SchoolMembershipFactory(school=school).user for _ in range(2)]
    teacher = SchoolMembershipFactory(user__role=Role.TEACHER).user

    def ask(leader):
        return lambda: memberships.teacher_add(school=school, actor=leader, email=teacher.email, first_name="A",
                                            last_name="B")

    first, second = race(ask(leaders[0]), ask(leaders[1]), pause_after=(MembershipInvitation, "save"))
    assert first == second == memberships.SchoolInvite.ASKED
    assert MembershipInvitation.objects.filter(user=teacher, school=school, answered_at__isnull=True).count() == 1
