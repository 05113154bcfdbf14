"""No page a school can open shows the contact details of an ambassador who is not proposed to it or placed at it,
nor more of the one who is than the school needs to get in touch: the e-mail address, on the proposal's page.

Every URL of the permission table that a school leader or teacher may open is visited; a new school page that takes
arguments must be given them below, so that it is visited too."""

import datetime

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from accounts.models import Message, Role
from ambassadors.models import AvailabilitySlot
from ambassadors.tests.factories import ActiveAmbassadorFactory
from config.tests.test_permission_matrix import EXPECTED, may_open
from matching import services
from matching.models import CheckIn, MatchingRun, Placement, Proposal
from matching.tests.factories import make_placement
from schools.models import MembershipInvitation, School
from schools.tests.factories import SchoolFactory, TeacherNeedFactory

pytestmark = pytest.mark.django_db

SCHOOL_SIDE = [Role.SCHOOL_LEADER, Role.TEACHER]


def near(profile_fields, **user):
    profile = ActiveAmbassadorFactory(latitude=52.095, longitude=5.125, max_distance_km=10, preferred_tasks=["classroom"],
                                      school_types=["po"], **profile_fields, **{f"user__{k}": v for k, v in user.items()})
    AvailabilitySlot.objects.create(profile=profile, weekday=3, part="morning")
    return profile


def proposed(need, profile, weekday):
    proposal = Proposal.objects.create(run=MatchingRun.objects.create(), need=need, ambassador=profile, score=60,
                                       distance_km=1, weekday=weekday, day_part="morning",
                                       components={"task": 1.0, "distance": 0.9})
    services.proposal_decide(proposal_id=proposal.pk, actor=None, approve=True)
    return proposal


@pytest.fixture
def world(users_by_role, django_capture_on_commit_callbacks):
    school = users_by_role[Role.SCHOOL_LEADER].schools.get()
    School.objects.filter(pk=school.pk).update(latitude=52.0907, longitude=5.1214)
    start = timezone.localdate() + datetime.timedelta(days=14)
    need = {"school": school, "start_date": start, "end_date": start + datetime.timedelta(days=150),
            "task_types": ["classroom"], "day_part": "morning"}
    # Sanne: proposed to the school for one need, placed at it for another.
    sanne = users_by_role[Role.AMBASSADOR].ambassador_profile
    for field, value in {"status": "active", "vog_status": "received", "vog_issued_on": timezone.localdate(),
                         "phone": "06 10000001", "latitude": 52.1, "longitude": 5.13}.items():
        setattr(sanne, field, value)
    sanne.save()
    # Bram: proposed once, but he said no; placed at another school. Carla: near, never proposed here.
    bram = near({"phone": "06 20000002"}, first_name="Bram", email="bram@example.nl")
    carla = near({"phone": "06 30000003"}, first_name="Carla", email="carla@example.nl")
    with django_capture_on_commit_callbacks(execute=True):  # the e-mails land in the school's notifications
        open_one = proposed(TeacherNeedFactory(**need, weekdays=[2]), sanne, 2)
        placed = proposed(TeacherNeedFactory(**need, weekdays=[4]), sanne, 4)
        services.proposal_respond(proposal_id=placed.pk, actor=None, side="school", accept=True)
        services.proposal_respond(proposal_id=placed.pk, actor=None, side="ambassador", accept=True)
        unmatched = TeacherNeedFactory(**need, weekdays=[3], title="Leesclub")
        said_no = proposed(unmatched, bram, 3)
        services.proposal_respond(proposal_id=said_no.pk, actor=None, side="ambassador", accept=False,
                                  reason="Ik heb al een school.")
    make_placement(ambassador=bram)
    placement = Placement.objects.get(proposal=placed)
    return {"school": school, "sanne": sanne, "strangers": [bram, carla], "open": open_one, "placement": placement,
            "unmatched": unmatched}


def arguments(name, world, user):
    school, placement = world["school"], world["placement"]
    side = CheckIn.objects.filter(placement=placement, side=CheckIn.Side.SCHOOL).first()
    message = Message.objects.filter(recipient=user).first() or Message.objects.create(
        kind="other", occasion="privacy", recipient=user, to_email=user.email, language="nl", subject="Onderwerp",
        body_text="Tekst", state=Message.State.SENT)
    invitation = MembershipInvitation.objects.get_or_create(school=SchoolFactory(), user=user, email=user.email)[0]
    return {
        "accounts:invite_accept": {"uidb64": "MQ", "token": "not-a-token"},
        "accounts:notification_open": {"pk": message.pk},
        "accounts:notification_read": {"pk": message.pk},
        "matching:checkin": {"pk": side.pk},
        "matching:checkin_token": {"pk": side.pk, "token": "not-a-token"},
        "matching:placement_detail": {"pk": placement.pk},
        "matching:placement_welcome": {"pk": placement.pk},
        "matching:proposal_answer": {"pk": world["open"].pk},
        "schools:contact_edit": {"pk": school.pk},
        "schools:membership_answer": {"pk": invitation.pk},
        "schools:need_create": {"pk": school.pk},
        "schools:need_detail": {"pk": world["unmatched"].pk},
        "schools:need_edit": {"pk": world["unmatched"].pk},
        "schools:need_status": {"pk": world["unmatched"].pk, "action": "close"},
        "schools:participation_confirm": {"pk": school.pk},
        "schools:school_detail": {"pk": school.pk},
        "schools:school_edit": {"pk": school.pk},
        "schools:teacher_add": {"pk": school.pk},
    }.get(name)


def url_of(name, world, user):
    try:
        return reverse(name)
    except NoReverseMatch:
        kwargs = arguments(name, world, user)
        assert kwargs is not None, f"{name}: a school can open it; give it arguments above so it is checked"
        return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("role", SCHOOL_SIDE)
def test_no_page_shows_a_school_another_ambassadors_contact_details(client, users_by_role, world, role):
    user, sanne = users_by_role[role], world["sanne"]
    client.force_login(user)
    pages = {}
    for name in sorted(name for name, audience in EXPECTED.items() if may_open(audience, role)):
        body = client.get(url_of(name, world, user), follow=True).content.decode()
        for stranger in world["strangers"]:
            assert stranger.user.email not in body and stranger.phone not in body, (name, stranger.user.first_name)
        assert sanne.phone not in body, name  # never needed to get in touch: the e-mail is
        if name != "matching:proposal_answer":
            assert sanne.user.email not in body, name
        pages[name] = body
    # The pages were the real ones: the open proposal shows how to reach Sanne, the need without a match counts
    # Bram and Carla without naming them, and the school's notifications hold the e-mail that proposed Bram.
    if role == Role.SCHOOL_LEADER:
        assert sanne.user.email in pages["matching:proposal_answer"]
        assert "Bram" in pages["accounts:notification_list"]
    assert "Waarom nog geen match?" in pages["schools:need_detail"]
    assert "We keken naar de 3 ambassadeurs bij je school in de buurt." in pages["schools:need_detail"]
    assert "Leesclub" in pages["schools:school_detail"]
