"""Every e-mail links to the page where its reader acts: a real link in the HTML part, the same address in the
plain text, starting with SITE_URL (which `make run` sets to the port it serves)."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from accounts import outbox
from accounts.models import Role
from accounts.services import user_invite
from ambassadors import services as ambassador_services
from ambassadors.tests.factories import AmbassadorProfileFactory
from matching import reminders as matching_reminders
from matching import services as matching_services
from matching.models import CheckIn, MatchingRun, Placement, Proposal
from schools import services as school_services
from schools.tests.factories import IntakeFactory, SchoolMembershipFactory, TeacherNeedFactory

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8101"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Run a service and return the e-mails it sent, by recipient."""
    def run(action):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            result = action()
        return result, {message.to[0]: message for message in mail.outbox}
    return run


def link_in(message, path_pattern):
    """The link to `path_pattern` (a regex) in the HTML part as an <a href>, and the same address in the text."""
    html = {mimetype: content for content, mimetype in message.alternatives}["text/html"]
    found = re.search(r'<a href="(' + re.escape(SITE) + path_pattern + r')"', html)
    assert found, f"no link to {path_pattern} in the HTML of {message.subject!r}:\n{html}"
    assert found.group(1) in message.body, f"the text part of {message.subject!r} lacks {found.group(1)}"
    return found.group(1)


@pytest.fixture
def proposal(school, leader_user, ambassador_user):
    need = TeacherNeedFactory(school=school, start_date=timezone.localdate() + datetime.timedelta(days=7),
                              end_date=timezone.localdate() + datetime.timedelta(days=200))
    return Proposal.objects.create(run=MatchingRun.objects.create(), need=need, ambassador=ambassador_user.ambassador_profile,
                                   score=70, distance_km=3, weekday=2, day_part="morning")


def test_an_approved_proposal_links_both_sides_to_its_answer_page(send, proposal, leader_user, ambassador_user):
    _, sent = send(lambda: matching_services.proposal_decide(proposal_id=proposal.pk, actor=None, approve=True))
    for person in (leader_user, ambassador_user):
        assert link_in(sent[person.email], r"/matching/proposals/(\d+)/answer/") == \
            f"{SITE}/matching/proposals/{proposal.pk}/answer/"


def test_a_placement_links_the_school_to_the_welcome_page_and_the_ambassador_to_the_first_day(
        send, proposal, leader_user, ambassador_user):
    matching_services.proposal_decide(proposal_id=proposal.pk, actor=None, approve=True)
    matching_services.proposal_respond(proposal_id=proposal.pk, actor=leader_user, side="school", accept=True)
    _, sent = send(lambda: matching_services.proposal_respond(proposal_id=proposal.pk, actor=ambassador_user,
                                                              side="ambassador", accept=True))
    placement = Placement.objects.get()
    assert link_in(sent[leader_user.email], r"/matching/placements/\d+/welcome/") == \
        f"{SITE}/matching/placements/{placement.pk}/welcome/"
    assert link_in(sent[ambassador_user.email], r"/matching/placements/\d+/first-day/") == \
        f"{SITE}/matching/placements/{placement.pk}/first-day/"


def test_a_checkin_reminder_links_to_the_checkin_form(send, proposal, leader_user, ambassador_user):
    matching_services.proposal_decide(proposal_id=proposal.pk, actor=None, approve=True)
    matching_services.proposal_respond(proposal_id=proposal.pk, actor=leader_user, side="school", accept=True)
    matching_services.proposal_respond(proposal_id=proposal.pk, actor=ambassador_user, side="ambassador", accept=True)
    first = CheckIn.objects.filter(side="ambassador").order_by("due_on").first()
    _, sent = send(lambda: outbox.queue(matching_reminders.checkin_due(today=first.due_on)))
    assert link_in(sent[ambassador_user.email], r"/matching/checkins/\d+/") == f"{SITE}/matching/checkins/{first.pk}/"
    school_side = CheckIn.objects.get(side="school", due_on=first.due_on)
    # The contact person has no account: a signed link opens the form without logging in.
    token_link = link_in(sent[proposal.need.school.contact_email], rf"/matching/checkins/{school_side.pk}/[^/\"]+/")
    assert token_link.startswith(f"{SITE}/matching/checkins/{school_side.pk}/")


def test_screening_steps_link_to_the_ambassadors_own_pages(send, staff_user):
    profile = AmbassadorProfileFactory(status="vog_received", vog_status="received",
                                       vog_issued_on=timezone.localdate() - datetime.timedelta(days=10))
    _, sent = send(lambda: ambassador_services.status_transition(profile_id=profile.pk, actor=staff_user,
                                                                 to_status="active"))
    assert link_in(sent[profile.user.email], r"/ambassadors/availability/")
    applicant = AmbassadorProfileFactory(status="applied")
    _, sent = send(lambda: ambassador_services.intake_plan(profile_id=applicant.pk, actor=staff_user,
                                                           at=timezone.now() + datetime.timedelta(days=3), by=staff_user))
    assert link_in(sent[applicant.user.email], r"/ambassadors/")


def test_a_friend_invitation_links_to_the_application_with_the_referral(send, ambassador_user):
    profile = ambassador_user.ambassador_profile
    _, sent = send(lambda: ambassador_services.friend_invite(profile=profile, name="Kees", email="kees@example.nl",
                                                             message="Doe je mee?"))
    assert link_in(sent["kees@example.nl"], r"/ambassadors/apply/\?ref=[\w-]+") == \
        f"{SITE}/ambassadors/apply/?ref={profile.referral_code}"


def test_an_invitation_links_to_choosing_a_password(send, staff_user):
    invitation, sent = send(lambda: user_invite(invited_by=staff_user, email="onderzoeker@hogeschool.example",
                                                first_name="Mirjam", last_name="Stroetinga", role=Role.RESEARCHER))
    assert link_in(sent["onderzoeker@hogeschool.example"], r"/accounts/invite/[\w-]+/[\w-]+/")


def test_an_approved_intake_links_a_known_leader_to_accepting_the_school(send, staff_user):
    leader = SchoolMembershipFactory().user
    intake = IntakeFactory(leader_email=leader.email)
    mail.outbox.clear()
    send(lambda: school_services.intake_approve(intake_id=intake.pk, actor=staff_user))
    approved, asked = sorted(mail.outbox, key=lambda m: "goedgekeurd" not in m.subject)
    assert approved.to == asked.to == [leader.email]
    invitation = leader.membership_invitations.get()
    assert link_in(asked, r"/schools/invitations/\d+/") == f"{SITE}/schools/invitations/{invitation.pk}/"
    assert link_in(approved, r"/schools/") == f"{SITE}/schools/"
