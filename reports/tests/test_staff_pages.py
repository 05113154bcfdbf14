"""Pages that show screening or a school beside matching: staff's page of an ambassador tells their whole story
(intake talk, proposals, placements, every reason anyone gave), a school's page reads as written for staff when staff
open it, and a placed ambassador is told they are placed instead of "ready to be matched"."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.tests.factories import UserFactory
from ambassadors.models import AvailabilitySlot, Status
from ambassadors.tests.factories import ActiveAmbassadorFactory, AmbassadorProfileFactory
from matching.models import CheckIn, MatchingRun, Placement, Proposal
from matching.tests.factories import make_placement
from schools.tests.factories import SchoolFactory, TeacherNeedFactory

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def propose(ambassador, *, need=None, status=Proposal.Status.PROPOSED, **fields):
    need = need or TeacherNeedFactory()
    return Proposal.objects.create(run=MatchingRun.objects.create(status=MatchingRun.Status.DONE), need=need,
                                   ambassador=ambassador, score=60, distance_km=3, weekday=2, day_part="morning",
                                   status=status, **fields)


def staff_page(client, staff_user, profile):
    client.force_login(staff_user)
    response = client.get(reverse("ambassadors:staff_detail", args=[profile.pk]))
    assert response.status_code == 200
    return response.content.decode()


# --- Staff's page of one ambassador ------------------------------------------------------------------------------


def test_the_staff_page_shows_the_planned_intake_talk(client, staff_user):
    interviewer = UserFactory(role="staff", first_name="Joost", last_name="Vermeer")
    profile = AmbassadorProfileFactory(status=Status.INTAKE_PLANNED, intake_by=interviewer, intake_place="Online (Teams)",
                                       intake_at=datetime.datetime(2026, 12, 3, 14, 30, tzinfo=AMSTERDAM))
    body = staff_page(client, staff_user, profile)
    assert "donderdag 3 december 2026, 14:30 · Online (Teams) · met Joost Vermeer" in body


def test_the_staff_page_says_when_no_intake_talk_is_planned(client, staff_user):
    body = staff_page(client, staff_user, AmbassadorProfileFactory(status=Status.APPLIED))
    assert "<dt class=\"col-sm-4\">Intakegesprek</dt><dd class=\"col-sm-8\">niet gepland</dd>" in body


def test_the_staff_page_lists_proposals_with_their_state_and_every_reason(client, staff_user):
    profile = ActiveAmbassadorFactory()
    open_one = propose(profile, need=TeacherNeedFactory(title="Rekenen groep 5"))
    school_no = propose(profile, need=TeacherNeedFactory(title="Leesclub"), status=Proposal.Status.DECLINED,
                        school_response="declined", school_reason="We zoeken iemand met ervaring in groep 8",
                        ambassador_response="accepted")
    own_no = propose(profile, need=TeacherNeedFactory(title="Surveilleren"), status=Proposal.Status.DECLINED,
                     ambassador_response="declined", ambassador_reason="Woensdag kan ik toch niet")
    staff_no = propose(profile, need=TeacherNeedFactory(title="Administratie"), status=Proposal.Status.REJECTED,
                       reject_reason="School ligt buiten de regio")
    lapsed = propose(profile, need=TeacherNeedFactory(title="Techniekles"), status=Proposal.Status.LAPSED)
    body = staff_page(client, staff_user, profile)
    for proposal in (open_one, school_no, own_no, staff_no, lapsed):
        assert escape(proposal.need.title) in body and escape(proposal.need.school.name) in body
    assert "De school wees af: We zoeken iemand met ervaring in groep 8" in body
    assert "De ambassadeur nam aan" in body
    assert "De ambassadeur wees af: Woensdag kan ik toch niet" in body
    assert "Medewerkers: School ligt buiten de regio" in body
    for label in ("Voorgesteld", "Afgewezen door school of ambassadeur", "Afgewezen door medewerkers",
                  "Vervallen: niet op tijd beantwoord"):
        assert label in body
    # Only the open one links to where staff act on it.
    assert body.count(f'{reverse("matching:board")}?need=') == 1
    assert f'?need={open_one.need_id}#proposal-{open_one.pk}' in body


def test_the_staff_page_lists_placements_and_shows_where_the_ambassador_is_placed(client, staff_user):
    profile = ActiveAmbassadorFactory()
    running = make_placement(ambassador=profile, school=SchoolFactory(name="OBS De Klimop"), title="Rekenen groep 5")
    ended = make_placement(ambassador=profile, school=SchoolFactory(name="CBS Het Anker"),
                           status=Placement.Status.ENDED_EARLY, title="Leesclub")
    Placement.objects.filter(pk=ended.pk).update(ended_reason="De leerkracht ging met verlof")
    body = staff_page(client, staff_user, profile)
    start = running.start_date
    assert f"Geplaatst bij OBS De Klimop: dinsdag (ochtend), vanaf {start.day} " in body
    assert "Geplaatst bij CBS Het Anker" not in body  # an ended placement is history, not where they are
    assert "CBS Het Anker" in body and "Eerder gestopt: De leerkracht ging met verlof" in body
    assert reverse("matching:placement_detail", args=[running.pk]) in body
    assert reverse("matching:placement_detail", args=[ended.pk]) in body
    assert "Nog niet op een school geplaatst." not in body


def test_the_staff_page_of_someone_never_proposed_says_so(client, staff_user):
    body = staff_page(client, staff_user, ActiveAmbassadorFactory())
    assert "Voor deze ambassadeur is nog geen voorstel gedaan." in body
    assert "Nog niet op een school geplaatst." in body and "Geplaatst bij" not in body


def test_the_staff_page_shows_why_screening_declined_someone(client, staff_user):
    profile = AmbassadorProfileFactory(status=Status.DECLINED, decline_reason="Geen vrijstelling van de werkgever")
    assert "Reden van afwijzing:</strong> Geen vrijstelling van de werkgever" in staff_page(client, staff_user, profile)


def test_a_refused_status_change_keeps_the_whole_page(client, staff_user):
    profile = ActiveAmbassadorFactory()
    propose(profile, need=TeacherNeedFactory(title="Rekenen groep 5"))
    client.force_login(staff_user)
    response = client.post(reverse("ambassadors:staff_transition", args=[profile.pk]), {"to_status": "applied"})
    assert response.status_code == 400 and "Rekenen groep 5" in response.content.decode()
    profile.refresh_from_db()
    assert profile.status == Status.ACTIVE


def test_the_staff_page_query_count_is_flat(client, staff_user, django_assert_max_num_queries):
    profile = ActiveAmbassadorFactory()
    client.force_login(staff_user)
    url = reverse("ambassadors:staff_detail", args=[profile.pk])

    def add(n):
        for _ in range(n):
            propose(profile, status=Proposal.Status.DECLINED, school_response="declined", school_reason="Past niet")
            make_placement(ambassador=profile, status=Placement.Status.ENDED)

    add(1)
    with django_assert_max_num_queries(25) as one:
        assert client.get(url).status_code == 200
    add(9)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url).content.decode().count("De school wees af: Past niet") == 10


@pytest.mark.parametrize("role", ["school_leader", "teacher", "ambassador", "researcher"])
def test_only_staff_open_an_ambassadors_page(client, role):
    profile = ActiveAmbassadorFactory()
    client.force_login(UserFactory(role=role))
    assert client.get(reverse("ambassadors:staff_detail", args=[profile.pk])).status_code in (403, 404)


# --- The ambassador's own status ---------------------------------------------------------------------------------


def ready_ambassador():
    profile = ActiveAmbassadorFactory(start_date=timezone.localdate())
    AvailabilitySlot.objects.create(profile=profile, weekday=2, part="morning")
    return profile


def test_a_placed_ambassador_is_told_where_not_that_they_are_ready(client):
    profile = ready_ambassador()
    client.force_login(profile.user)
    assert "Je bent klaar om aan een school gekoppeld te worden." in client.get(reverse("ambassadors:dashboard")).content.decode()
    placement = make_placement(ambassador=profile, school=SchoolFactory(name="OBS De Klimop"))
    body = client.get(reverse("ambassadors:dashboard")).content.decode()
    assert "Je bent klaar om" not in body
    assert f"Je bent geplaatst bij OBS De Klimop: dinsdag (ochtend), vanaf {placement.start_date.day} " in body


def test_after_the_placement_ends_the_ambassador_is_ready_again(client):
    profile = ready_ambassador()
    make_placement(ambassador=profile, school=SchoolFactory(name="OBS De Klimop"), status=Placement.Status.ENDED)
    client.force_login(profile.user)
    body = client.get(reverse("ambassadors:dashboard")).content.decode()
    assert "Je bent geplaatst" not in body and "Je bent klaar om aan een school gekoppeld te worden." in body


# --- A school's page as staff read it ----------------------------------------------------------------------------


@pytest.fixture
def school_without_contact():
    return SchoolFactory(name="OBS De Klimop", contact_name="", contact_email="", contact_phone="")


def test_staff_read_the_school_page_written_for_staff(client, staff_user, school_without_contact):
    client.force_login(staff_user)
    body = client.get(reverse("schools:school_detail", args=[school_without_contact.pk])).content.decode()
    assert "Deze school heeft nog geen contactpersoon." in body and "Je school" not in body
    assert "Deze school heeft nog geen hulpvraag geplaatst." in body
    assert "Beschrijf wat een leraar" not in body
    assert "Er wacht geen goedgekeurd voorstel op antwoord van deze school" in body
    assert "zodra de stichting" not in body
    assert reverse("schools:contact_edit", args=[school_without_contact.pk]) not in body


def test_the_leader_still_reads_their_own_wording(client, school_without_contact):
    from schools.tests.factories import SchoolMembershipFactory

    leader = SchoolMembershipFactory(school=school_without_contact).user
    client.force_login(leader)
    body = client.get(reverse("schools:school_detail", args=[school_without_contact.pk])).content.decode()
    assert "Je school heeft nog geen contactpersoon." in body and "Deze school heeft nog geen contactpersoon" not in body
    assert reverse("schools:contact_edit", args=[school_without_contact.pk]) in body


def test_staff_see_an_open_check_in_but_no_button_to_answer_it(client, staff_user, leader_user, school):
    placement = make_placement(school=school)
    due = timezone.localdate() - datetime.timedelta(days=1)
    checkin = CheckIn.objects.create(placement=placement, side=CheckIn.Side.SCHOOL, due_on=due)
    answer_url = reverse("matching:checkin", args=[checkin.pk])
    client.force_login(staff_user)
    body = client.get(reverse("schools:school_detail", args=[school.pk])).content.decode()
    assert answer_url not in body and "Beantwoord de check-in" not in body
    assert f"De check-in van de school van {due.day} " in body and "staat nog open." in body
    assert reverse("ambassadors:staff_detail", args=[placement.ambassador_id]) in body
    client.force_login(leader_user)
    body = client.get(reverse("schools:school_detail", args=[school.pk])).content.decode()
    assert answer_url in body
    assert reverse("ambassadors:staff_detail", args=[placement.ambassador_id]) not in body  # not a page for the school


def test_staff_see_both_answers_of_a_proposal_waiting_at_the_school(client, staff_user, school):
    proposal = propose(ActiveAmbassadorFactory(), need=TeacherNeedFactory(school=school), status=Proposal.Status.APPROVED,
                       ambassador_response="accepted", respond_by=timezone.localdate() + datetime.timedelta(days=7))
    client.force_login(staff_user)
    body = client.get(reverse("schools:school_detail", args=[school.pk])).content.decode()
    assert "School: nog geen antwoord · Ambassadeur: Geaccepteerd" in body
    assert reverse("matching:proposal_answer", args=[proposal.pk]) not in body  # answering is the leader's


def test_the_school_page_for_staff_query_count_is_flat(client, staff_user, school, django_assert_max_num_queries):
    client.force_login(staff_user)
    url = reverse("schools:school_detail", args=[school.pk])

    def add(n):
        for _ in range(n):
            placement = make_placement(school=school)
            CheckIn.objects.create(placement=placement, side=CheckIn.Side.SCHOOL, due_on=timezone.localdate())
            propose(ActiveAmbassadorFactory(), need=TeacherNeedFactory(school=school), status=Proposal.Status.APPROVED)

    add(1)
    with django_assert_max_num_queries(20) as one:
        assert client.get(url).status_code == 200
    add(9)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url).content.decode().count("staat nog open.") == 10
